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

interface IndexedSelector<T> {
  readonly selector: JsonObject;
  readonly item: T;
  /** Insertion order. */
  readonly seq: number;
  readonly pairs: ReadonlyArray<readonly [string, string]>;
}

/**
 * Selectors indexed by one of their `matchLabels` pairs, so that finding the selectors that may match a label set
 * costs one lookup per label instead of a scan of every selector. Each selector is filed under its least frequent
 * pair (among the selectors of the index), so that a pair many selectors share (`app: shop` beside
 * `component: cart`, a common Helm pattern) does not put them all in one bucket that every lookup scans.
 */
export class SelectorIndex<T> {
  private readonly entries: Array<IndexedSelector<T>> = [];
  private byPair: Map<string, Array<IndexedSelector<T>>> | undefined;
  private readonly unkeyed: Array<IndexedSelector<T>> = [];

  /** Adds an item selected by `selector`. */
  public add(selector: JsonObject, item: T): void {
    const pairs = Object.entries(stringMap(selector.matchLabels)).sort(([a], [b]) => a.localeCompare(b));
    const entry = { selector, item, seq: this.entries.length, pairs };
    this.entries.push(entry);
    if (pairs.length === 0) {
      this.unkeyed.push(entry);
    }
    this.byPair = undefined;
  }

  /**
   * The items whose selector selects `labels`: first those without `matchLabels` (in insertion order), then by the
   * position in `labels` of their alphabetically first `matchLabels` key, then in insertion order.
   */
  public matching(labels: Readonly<Record<string, string>>): T[] {
    const result: T[] = [];
    for (const entry of this.unkeyed) {
      if (selectorMatches(entry.selector, labels)) {
        result.push(entry.item);
      }
    }
    const buckets = this.buckets();
    const keyed: Array<IndexedSelector<T>> = [];
    for (const [key, value] of Object.entries(labels)) {
      for (const entry of buckets.get(pairKey(key, value)) ?? []) {
        if (selectorMatches(entry.selector, labels)) {
          keyed.push(entry);
        }
      }
    }
    if (keyed.length > 1) {
      const position = new Map(Object.keys(labels).map((key, i) => [key, i]));
      keyed.sort((a, b) => position.get(a.pairs[0][0])! - position.get(b.pairs[0][0])! || a.seq - b.seq);
    }
    for (const entry of keyed) {
      result.push(entry.item);
    }
    return result;
  }

  private buckets(): Map<string, Array<IndexedSelector<T>>> {
    if (this.byPair) {
      return this.byPair;
    }
    const frequency = new Map<string, number>();
    for (const entry of this.entries) {
      for (const [key, value] of entry.pairs) {
        const pair = pairKey(key, value);
        frequency.set(pair, (frequency.get(pair) ?? 0) + 1);
      }
    }
    const byPair = new Map<string, Array<IndexedSelector<T>>>();
    for (const entry of this.entries) {
      if (entry.pairs.length === 0) continue;
      // The least frequent pair; among equally frequent ones, the alphabetically first.
      let best = pairKey(entry.pairs[0][0], entry.pairs[0][1]);
      for (const [key, value] of entry.pairs) {
        const pair = pairKey(key, value);
        if (frequency.get(pair)! < frequency.get(best)!) {
          best = pair;
        }
      }
      const bucket = byPair.get(best);
      if (bucket) {
        bucket.push(entry);
      } else {
        byPair.set(best, [entry]);
      }
    }
    this.byPair = byPair;
    return byPair;
  }
}

function pairKey(key: string, value: string): string {
  return `${key}\u0000${value}`;
}
