import { Cron, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { invalidProp } from './errors';

/*
 * The fields of a Secure* construct as its constructor left them. A workload's replicas, update strategy, Job deadlines and
 * CronJob policies, a SecureNamespace's policies and Pod Security level, a SecureIngress's controller settings are fields
 * the construct sets from its checked props; they are readonly in TypeScript, but plain JavaScript (or a cast) can assign
 * them afterwards, and the render then carries the new value (or the checks read it) with no JSON patch to see. The
 * synth-time check compares each field with this snapshot.
 */

/** One field as the construct left it: its property descriptor, and its JSON when it holds data (not other constructs). */
interface Field {
  readonly descriptor: PropertyDescriptor;
  readonly json?: string;
}

/** The own fields of an object when its construct finished making it. */
export interface FieldSnapshot {
  readonly fields: ReadonlyMap<string, Field>;
  /** Fields the construct itself sets later (a render cached when it renders): not compared. */
  readonly ignored: ReadonlySet<string>;
}

/**
 * The own fields of `target` now. `collections` are fields the construct's methods and cdk8s-plus add to in place (the
 * containers, volumes, selector labels): they keep their identity, and their contents are judged at synth by the
 * checks of the rendered object.
 */
export function snapshotFields(target: object, collections: ReadonlySet<string>, ignored: ReadonlySet<string> = new Set(),
  dataOnly?: ReadonlySet<string>): FieldSnapshot {
  const fields = new Map<string, Field>();
  for (const key of Object.keys(target)) {
    if (ignored.has(key)) continue;
    const descriptor = Object.getOwnPropertyDescriptor(target, key)!;
    // A primitive is judged by identity alone; an object of plain data by its JSON too (it may be changed in place), where
    // `dataOnly` (when given) lists it.
    const value: unknown = descriptor.value;
    const isObject = value !== null && typeof value === 'object';
    const judgedAsData = isObject && !collections.has(key) && (dataOnly === undefined || dataOnly.has(key));
    fields.set(key, { descriptor, json: judgedAsData ? dataJson(descriptor) : undefined });
  }
  return { fields, ignored };
}

/** The fields of `target` that differ from the snapshot: reassigned, redefined (a getter), deleted, added, or with other data. */
export function changedFields(target: object, snapshot: FieldSnapshot): string[] {
  // A field added afterwards (an own `has()` over a method of the class, say) is a change too.
  const changed: string[] = Object.keys(target).filter((key) => !snapshot.fields.has(key) && !snapshot.ignored.has(key));
  for (const [key, field] of snapshot.fields) {
    const now = Object.getOwnPropertyDescriptor(target, key);
    const same = now !== undefined && now.value === field.descriptor.value && now.get === field.descriptor.get && now.set === field.descriptor.set
      && (field.json === undefined || currentJson(now.value) === field.json);
    if (!same) changed.push(key);
  }
  return changed;
}

/** The JSON of a field's value now (it held plain data when the snapshot was taken); undefined when it cannot be written. */
function currentJson(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

/** A field's value as the error names it: its JSON, or the kind of object it is. */
export function describeField(target: object, key: string): unknown {
  const descriptor = Object.getOwnPropertyDescriptor(target, key);
  if (descriptor === undefined) return undefined;
  if (descriptor.get !== undefined || descriptor.set !== undefined) return '<a getter or setter>';
  const json = dataJson(descriptor);
  if (json === 'undefined') return undefined;
  if (json !== undefined) return JSON.parse(json);
  const value: unknown = descriptor.value;
  return value !== null && typeof value === 'object' ? `<${value.constructor?.name ?? 'object'}>` : value;
}

/**
 * The classes of the values that hold a workload's settings as data: durations, the schedule, the update strategies and
 * the pod's security context. Other class instances (containers, schedulers, the construct's helpers) keep their identity.
 */
const DATA_PROTOTYPES: readonly object[] = [
  Duration.prototype, Cron.prototype, kplus.DeploymentStrategy.prototype, kplus.StatefulSetUpdateStrategy.prototype,
  kplus.PodSecurityContext.prototype,
];

/** Whether `value` holds data: a plain object or array, or an instance of one of the data classes. */
function isData(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null || Array.isArray(value) || DATA_PROTOTYPES.includes(prototype as object);
}

/** The most values a field's data may have to be snapshotted as JSON (the strategies and durations have a few). */
const MAX_DATA_VALUES = 64;

/**
 * The JSON of a data field whose value is a primitive or an object of plain data (a Duration, a DeploymentStrategy), or
 * undefined for constructs, objects that refer to constructs or cannot be written as JSON, and accessors.
 */
function dataJson(descriptor: PropertyDescriptor): string | undefined {
  if (descriptor.get !== undefined || descriptor.set !== undefined) return undefined;
  const value: unknown = descriptor.value;
  if (value === undefined) return 'undefined';
  if (value === null || typeof value !== 'object') return typeof value === 'function' ? undefined : JSON.stringify(value);
  if (!isData(value)) return undefined;
  // Plain data is small (a Duration, a strategy); a larger graph keeps its identity.
  let values = 0;
  try {
    return JSON.stringify(value, (_key, inner: unknown) => {
      if (++values > MAX_DATA_VALUES || Construct.isConstruct(inner)) throw new Error('not plain data');
      return inner;
    });
  } catch {
    return undefined;
  }
}

/** The fields of each Secure* construct as it left them when it finished (kept out of reach of the construct's own fields). */
const constructFields = new WeakMap<IConstruct, FieldSnapshot>();

/**
 * Records the fields of `construct` now, as its constructor's last step: `collections` are fields its methods add to in
 * place (see `snapshotFields`).
 */
export function recordConstructFields(construct: IConstruct, collections: ReadonlySet<string> = new Set(),
  helpers: readonly FieldHelper[] = []): void {
  constructFields.set(construct, snapshotFields(construct, collections));
  helperFields.set(construct, helpers.map(({ target, name, collections: kept, ignored, data }) => ({
    target, name, snapshot: snapshotFields(target, kept, ignored, data),
  })));
}

/** A helper object of a construct whose fields the construct's checks read (a workload's hardening and its exceptions). */
export interface FieldHelper {
  readonly target: object;
  /** How errors name it, e.g. `hardening`. */
  readonly name: string;
  readonly collections: ReadonlySet<string>;
  readonly ignored?: ReadonlySet<string>;
  /** The fields whose data (not only identity) is compared; default: every field of plain data. */
  readonly data?: ReadonlySet<string>;
}

/** The construct's helper objects, with their fields as recorded. */
const helperFields = new WeakMap<IConstruct, readonly { readonly target: object; readonly name: string; readonly snapshot: FieldSnapshot }[]>();

/**
 * Errors for the fields of `construct` that other code reassigned after the construct was made (`deployment.replicas = 1`,
 * a Recreate strategy, a SecureNamespace's default-deny policy swapped for another): readonly in TypeScript, but assignable
 * from plain JavaScript, and rendered (or checked) with no JSON patch to see.
 */
export function reassignedFieldErrors(construct: IConstruct): string[] {
  const snapshot = constructFields.get(construct);
  if (snapshot === undefined) return [];
  const changed = [
    ...changedFields(construct, snapshot).map((key) => ({ target: construct as object, key, name: key })),
    ...(helperFields.get(construct) ?? []).flatMap(({ target, name, snapshot: kept }) => changedFields(target, kept)
      .map((key) => ({ target, key, name: `${name}.${key}` }))),
  ];
  return changed.map(({ target, key, name }) => invalidProp(construct, name, describeField(target, key),
    'the construct set this field from its checked props when it was made, and other code changed it afterwards (the field is '
    + 'readonly in TypeScript; plain JavaScript or a cast can still assign it), so the checks no longer hold',
    'set it through the construct\'s props, with a typed exception where the control allows one').message);
}
