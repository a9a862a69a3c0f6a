import { asArray, asObject, asString, JsonObject, stringMap } from './json';

/**
 * Whether a Kubernetes label selector (`matchLabels` and `matchExpressions`) selects `labels`.
 * An empty selector selects everything; a missing one (`undefined`) selects nothing.
 *
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
 */
export function selectorMatches(selector: JsonObject | undefined, labels: Readonly<Record<string, string>>): boolean {
  if (!selector) {
    return false;
  }
  for (const [key, value] of Object.entries(stringMap(selector.matchLabels))) {
    if (labels[key] !== value) {
      return false;
    }
  }
  for (const entry of asArray(selector.matchExpressions)) {
    const expression = asObject(entry);
    const key = asString(expression?.key);
    if (!expression || key === undefined) {
      return false;
    }
    const values = asArray(expression.values).map(String);
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    switch (expression.operator) {
      case 'In':
        if (!has || !values.includes(labels[key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** Whether a selector is present and empty (selects every pod of its namespace). */
export function isEmptySelector(selector: JsonObject | undefined): boolean {
  return !!selector && Object.keys(stringMap(selector.matchLabels)).length === 0 && asArray(selector.matchExpressions).length === 0;
}

/**
 * Selectors indexed by one of their `matchLabels` pairs, so that finding the selectors that may match a
 * label set costs one lookup per label instead of a scan of every selector.
 */
export class SelectorIndex<T> {
  private readonly byPair = new Map<string, Array<{ selector: JsonObject; item: T }>>();
  private readonly unkeyed: Array<{ selector: JsonObject; item: T }> = [];

  /** Adds an item selected by `selector`. */
  public add(selector: JsonObject, item: T): void {
    const pairs = Object.entries(stringMap(selector.matchLabels)).sort(([a], [b]) => a.localeCompare(b));
    if (pairs.length === 0) {
      this.unkeyed.push({ selector, item });
      return;
    }
    const key = pairKey(pairs[0][0], pairs[0][1]);
    const bucket = this.byPair.get(key) ?? [];
    bucket.push({ selector, item });
    this.byPair.set(key, bucket);
  }

  /** The items whose selector selects `labels`, in insertion order of each bucket. */
  public matching(labels: Readonly<Record<string, string>>): T[] {
    const result: T[] = [];
    for (const entry of this.unkeyed) {
      if (selectorMatches(entry.selector, labels)) {
        result.push(entry.item);
      }
    }
    for (const [key, value] of Object.entries(labels)) {
      for (const entry of this.byPair.get(pairKey(key, value)) ?? []) {
        if (selectorMatches(entry.selector, labels)) {
          result.push(entry.item);
        }
      }
    }
    return result;
  }
}

function pairKey(key: string, value: string): string {
  return `${key}\u0000${value}`;
}
