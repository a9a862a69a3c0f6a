/**
 * `compute` remembered by its string argument: the constructs and their render-time checks call the profile's pure
 * parsers with the same few values (`100m`, `/tmp`, an image, a schedule) for every container of every workload.
 * At most `max` results are kept; the memo is cleared when full. Results must not be changed by callers (freeze
 * objects before returning them from `compute`).
 */
export function boundedMemo<T>(compute: (key: string) => T, max: number): (key: string) => T {
  const remembered = new Map<string, T>();
  return (key) => {
    if (remembered.has(key)) {
      return remembered.get(key) as T;
    }
    const value = compute(key);
    if (remembered.size >= max) {
      remembered.clear();
    }
    remembered.set(key, value);
    return value;
  };
}
