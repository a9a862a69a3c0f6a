/** Whether two JSON values are equal, keys in any order and a key whose value is undefined counted as absent. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) {
    return true;
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return false;
  }
  const array = Array.isArray(a);
  if (array !== Array.isArray(b)) {
    return false;
  }
  if (array) {
    const left = a as unknown[];
    const right = b as unknown[];
    if (left.length !== right.length) return false;
    for (let i = 0; i < left.length; i++) {
      if (!sameJson(left[i], right[i])) return false;
    }
    return true;
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  let defined = 0;
  for (const key of Object.keys(left)) {
    const value = left[key];
    if (value === undefined) continue;
    defined++;
    if (!Object.prototype.hasOwnProperty.call(right, key) || !sameJson(value, right[key])) return false;
  }
  let otherDefined = 0;
  for (const key of Object.keys(right)) {
    if (right[key] !== undefined) otherDefined++;
  }
  return defined === otherDefined;
}
