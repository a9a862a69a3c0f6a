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

function describeValue(value: unknown): string {
  if (value === undefined) {
    return 'nothing';
  }
  if (typeof value === 'string') {
    return JSON.stringify(value);
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
