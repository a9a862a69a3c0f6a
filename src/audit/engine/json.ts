/** A JSON object, as parsed from a manifest. */
export type JsonObject = { readonly [key: string]: unknown };

/** The value if it is a (non-array) object. */
export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as JsonObject : undefined;
}

/** The value if it is an array, else an empty array. */
export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The value if it is a string. */
export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The value if it is a finite number. */
export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Follows `keys` through nested objects. */
export function getIn(value: unknown, ...keys: string[]): unknown {
  let current = value;
  for (const key of keys) {
    const object = asObject(current);
    if (!object) {
      return undefined;
    }
    current = object[key];
  }
  return current;
}

/** The string entries of an object (labels, annotations, selectors). */
export function stringMap(value: unknown): Readonly<Record<string, string>> {
  const object = asObject(value);
  const result: Record<string, string> = {};
  if (object) {
    for (const [key, entry] of Object.entries(object)) {
      if (typeof entry === 'string') {
        result[key] = entry;
      } else if (typeof entry === 'number' || typeof entry === 'boolean') {
        result[key] = String(entry);
      }
    }
  }
  return result;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** Appends a key to a JSON path: `a.b`, or `a["x.y/z"]` when the key is not a plain identifier. */
export function joinPath(base: string, key: string | number): string {
  if (typeof key === 'number') {
    return `${base}[${key}]`;
  }
  if (IDENTIFIER.test(key)) {
    return base ? `${base}.${key}` : key;
  }
  return `${base}[${JSON.stringify(key)}]`;
}

/** Splits a path written by `joinPath` back into keys and indexes. */
export function splitPath(path: string): Array<string | number> {
  const parts: Array<string | number> = [];
  const pattern = /([A-Za-z_$][A-Za-z0-9_$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(path)) !== null) {
    if (match[1] !== undefined) {
      parts.push(match[1]);
    } else if (match[2] !== undefined) {
      parts.push(Number(match[2]));
    } else {
      parts.push(JSON.parse(match[3]) as string);
    }
  }
  return parts;
}

/** The value at a path written by `joinPath` (`spec.containers[0].image`, `metadata.annotations["a/b"]`), if there is one. */
export function valueAtPath(value: unknown, path: string): unknown {
  let current = value;
  for (const key of splitPath(path)) {
    current = current !== null && typeof current === 'object' ? (current as Record<string | number, unknown>)[key] : undefined;
  }
  return current;
}

/** Appends a dotted path of plain keys, e.g. `subPath('spec', 'template.spec')`. */
export function subPath(base: string, dotted: string): string {
  return dotted.split('.').reduce<string>((path, key) => joinPath(path, key), base);
}
