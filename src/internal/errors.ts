import { IConstruct } from 'constructs';

/**
 * The one shape of every input error this library throws at synth time: it names the construct
 * path, the prop, the value received, what is wrong with it and how to fix it.
 *
 * @example
 * throw invalidProp(this, 'replicas', -1, 'must be 0 or more', 'pass a whole number such as 2');
 * // => "app/api: invalid 'replicas': received -1; must be 0 or more. Fix: pass a whole number such as 2."
 */
export function invalidProp(scope: IConstruct, prop: string, value: unknown, problem: string, fix: string): Error {
  return new Error(`${scope.node.path || 'the app'}: invalid '${prop}': received ${describeValue(value)}; ${problem}. Fix: ${fix}.`);
}

/**
 * The same shape for settings that belong to no construct (audit options, the validation plugin's properties):
 * `subject` names them, e.g. `audit options`, and `setting` the field, e.g. `'failOn'` or `property 'failOn'`.
 */
export function invalidSetting(subject: string, setting: string, value: unknown, problem: string, fix: string): Error {
  return new Error(`${subject}: invalid ${setting}: received ${describeValue(value)}; ${problem}. Fix: ${fix}.`);
}

/**
 * Throws the library's error when `scope` is not a construct, e.g. `null` from plain JavaScript; `where` names the
 * call and the argument, e.g. `Audit.of(scope)`.
 */
export function requireConstruct(scope: unknown, where: string): void {
  const node = (scope !== null && typeof scope === 'object' ? (scope as { node?: unknown }).node : undefined) as { path?: unknown } | undefined;
  if (node === undefined || node === null || typeof node.path !== 'string') {
    throw new Error(`${where}: received ${describeValue(scope)}; is not a construct. Fix: pass the App, a Chart or another construct.`);
  }
}

function describeValue(value: unknown): string {
  if (value === undefined) {
    return 'nothing';
  }
  if (typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (typeof value === 'number' || typeof value === 'bigint') {
    // JSON.stringify gives "null" for NaN and Infinity and throws for BigInt.
    return String(value);
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Throws the library's error when a factory argument from plain JavaScript has the wrong type (factories run before
 * any construct exists, so the error names the call): `options` must be an object or absent, each `strings` entry a
 * string (or absent when listed in `optional`).
 *
 * @example
 * checkFactoryArguments('ClusterDns.pods(options)', options, { namespace: options?.namespace }, ['namespace']);
 */
export function checkFactoryArguments(
  where: string, options: unknown, strings: Readonly<Record<string, unknown>> = {}, optional: readonly string[] = [], optionsRequired = false,
): void {
  if ((options === undefined && optionsRequired) || (options !== undefined && (options === null || typeof options !== 'object' || Array.isArray(options)))) {
    throw new Error(`${where}: received ${describeValue(options)}; the options are not an object. Fix: pass an object of options${optionsRequired ? '' : ', or none'}.`);
  }
  for (const [name, value] of Object.entries(strings)) {
    if (!(value === undefined && optional.includes(name)) && typeof value !== 'string') {
      throw new Error(`${where}: invalid '${name}': received ${describeValue(value)}; is not a string. Fix: pass ${name} as a string.`);
    }
  }
}
