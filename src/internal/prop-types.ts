import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { invalidProp, requireConstruct } from './errors';

/** What a prop must be, as plain JavaScript callers may pass anything. */
export type PropType =
  | 'string' | 'number' | 'boolean' | 'object' | 'array' | 'string[]' | 'stringMap' | 'stringOrNumberMap' | 'Duration'
  | { readonly instanceOf: { readonly prototype: unknown }; readonly name: string }
  | { readonly arrayOf: PropSchema }
  | { readonly objectOf: PropSchema }
  | { readonly valuesOf: PropType; readonly name: string }
  | { readonly listOf: PropType; readonly name: string }
  /** One of the values of a string enum, e.g. `Object.values(kplus.FsGroupChangePolicy)`; `name` names the enum. */
  | { readonly oneOf: readonly string[]; readonly name: string };

/** The expected type of each prop (top-level or nested); props not listed are not judged here. */
export interface PropSchema {
  readonly [prop: string]: PropType;
}

/** The JavaScript types of `metadata` (ApiObjectMetadata) fields the constructs read. */
export const METADATA_PROP_TYPES: PropSchema = { name: 'string', namespace: 'string', labels: 'stringMap', annotations: 'stringMap' };

/** Which props are required, and an example of the props for the error when none are given. */
export interface PropTypeOptions {
  /** Required props with an example value each. */
  readonly required?: Readonly<Record<string, string>>;
  /** The props of a typical call, e.g. `{ image: 'ghcr.io/acme/api:1.4.2' }`, when the construct needs props. */
  readonly example?: string;
}

/**
 * The library's standard error for the first prop of `props` whose JavaScript type is wrong, naming the construct
 * path (`scope`'s path plus `id`, as the construct does not exist yet), the prop, the value and the expected type,
 * so that a wrong type never surfaces as a raw TypeError deeper in the construct. `undefined` props are fine.
 */
export function checkPropTypes(
  scope: unknown, id: unknown, construct: string, props: unknown, schema: PropSchema, options: PropTypeOptions = {},
): void {
  requireConstruct(scope, `new ${construct}(scope, id, props)`);
  // The path is only needed for an error: built then.
  const at = { node: { get path() { return [(scope as IConstruct).node.path, typeof id === 'string' ? id : String(id)].filter(Boolean).join('/'); } } } as IConstruct;
  const required = options.required ?? {};
  if ((props === undefined && !options.example) || props === null || typeof props !== 'object' || Array.isArray(props)) {
    if (props === undefined && Object.keys(required).length === 0 && !options.example) {
      return;
    }
    throw invalidProp(at, 'props', props, 'is not an object of props',
      options.example ? `pass the props, e.g. new ${construct}(scope, id, ${options.example})` : 'pass an object of props, or none');
  }
  const given = props as Record<string, unknown>;
  for (const [prop, example] of Object.entries(required)) {
    if (given[prop] === undefined || given[prop] === null) {
      throw invalidProp(at, prop, given[prop], 'is required', `pass ${prop}, e.g. ${prop}: ${example}`);
    }
  }
  checkObject(at, '', given, schema);
}

/**
 * `props` with each prop read once: a copy whose values are what one read of each gave, so that a getter answering
 * differently on a later read cannot pass the checks with one value and build the object with another. Anything that is
 * not an object of props is returned as it is, for `checkPropTypes` to refuse.
 */
export function propsReadOnce<T>(props: T, schema: PropSchema): T {
  if (props === null || typeof props !== 'object' || Array.isArray(props)) {
    return props;
  }
  const given = props as Record<string, unknown>;
  const copy: Record<string, unknown> = { ...given };
  for (const [key] of schemaEntries(schema)) {
    if (!Object.prototype.hasOwnProperty.call(copy, key) && key in given) copy[key] = given[key];
  }
  return copy as T;
}

/** The entries of each schema (read-only), listed once: every construct checks its props against the same schema constants. */
const SCHEMA_ENTRIES = new WeakMap<PropSchema, ReadonlyArray<[string, PropType]>>();

function schemaEntries(schema: PropSchema): ReadonlyArray<[string, PropType]> {
  let entries = SCHEMA_ENTRIES.get(schema);
  if (!entries) {
    entries = Object.entries(schema);
    SCHEMA_ENTRIES.set(schema, entries);
  }
  return entries;
}

function checkObject(at: IConstruct, prefix: string, object: Record<string, unknown>, schema: PropSchema): void {
  for (const [prop, type] of schemaEntries(schema)) {
    const value = object[prop];
    if (value === undefined) {
      continue;
    }
    const name = `${prefix}${prop}`;
    const expected = mismatch(value, type);
    if (expected) {
      throw invalidProp(at, name, value, `is not ${expected}`, `pass ${expected}`);
    }
    if (typeof type === 'object' && 'arrayOf' in type) {
      (value as unknown[]).forEach((item, i) => {
        if (item === null || typeof item !== 'object' || Array.isArray(item)) {
          throw invalidProp(at, `${name}[${i}]`, item, 'is not an object', `pass an object such as { ${Object.keys(type.arrayOf).map((key) => `${key}: ...`).join(', ')} }`);
        }
        checkObject(at, `${name}[${i}].`, item as Record<string, unknown>, type.arrayOf);
      });
    } else if (typeof type === 'object' && 'objectOf' in type) {
      checkObject(at, `${name}.`, value as Record<string, unknown>, type.objectOf);
    } else if (typeof type === 'object' && 'listOf' in type) {
      checkObject(at, `${name}`, Object.fromEntries((value as unknown[]).map((item, i) => [`[${i}]`, item])),
        Object.fromEntries((value as unknown[]).map((_item, i) => [`[${i}]`, type.listOf])));
    } else if (typeof type === 'object' && 'valuesOf' in type) {
      checkObject(at, `${name}.`, value as Record<string, unknown>,
        Object.fromEntries(Object.keys(value as object).map((key) => [key, type.valuesOf])));
    }
  }
}

/** The expected type in words when `value` is not of `type`. */
function mismatch(value: unknown, type: PropType): string | undefined {
  const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
  switch (type) {
    case 'string':
      return typeof value === 'string' ? undefined : 'a string';
    case 'number':
      return typeof value === 'number' ? undefined : 'a number';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'true or false';
    case 'object':
      return isObject ? undefined : 'an object';
    case 'array':
      return Array.isArray(value) ? undefined : 'a list';
    case 'string[]':
      return Array.isArray(value) && value.every((item) => typeof item === 'string') ? undefined : 'a list of strings';
    case 'stringMap':
      return isObject && Object.values(value as object).every((item) => typeof item === 'string') ? undefined : 'an object of string values';
    case 'stringOrNumberMap':
      return isObject && Object.values(value as object).every((item) => typeof item === 'string' || typeof item === 'number')
        ? undefined : 'an object of quantities (strings such as "4" or "8Gi", or numbers of objects)';
    case 'Duration':
      return value instanceof Duration || (isObject && typeof (value as { toSeconds?: unknown }).toSeconds === 'function')
        ? undefined : 'a Duration (e.g. Duration.seconds(30) from cdk8s)';
    default:
      if ('oneOf' in type) {
        return typeof value === 'string' && type.oneOf.includes(value) ? undefined
          : `one of ${type.oneOf.map((member) => JSON.stringify(member)).join(', ')} (${type.name})`;
      }
      if ('instanceOf' in type) {
        return isObject && Object.prototype.isPrototypeOf.call(type.instanceOf.prototype, value as object) ? undefined : `${/^[AEIOU]/.test(type.name) ? 'an' : 'a'} ${type.name}`;
      }
      if ('listOf' in type) {
        return Array.isArray(value) ? undefined : `a list of ${type.name}`;
      }
      if ('valuesOf' in type) {
        return isObject ? undefined : `an object of ${type.name}`;
      }
      if ('arrayOf' in type) {
        return Array.isArray(value) ? undefined : 'a list of objects';
      }
      return isObject ? undefined : 'an object';
  }
}

/**
 * The library's standard error when a method argument from plain JavaScript has the wrong type (`undefined` is fine
 * unless `required`): `name` is the argument as the error shows it, e.g. `allowFrom(peer)`.
 */
export function checkArgument(scope: IConstruct, name: string, value: unknown, type: PropType, required = false): void {
  if (value === undefined) {
    if (required) {
      throw invalidProp(scope, name, value, 'is required', `pass ${mismatch(undefined, type) ?? 'a value'}`);
    }
    return;
  }
  checkObject(scope, '', { [name]: value }, { [name]: type });
}
