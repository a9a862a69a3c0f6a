/**
 * The bounds a LimitRange of type `Container` puts on every container of its namespace: the API server
 * rejects a pod whose container asks for more than `max` or less than `min`.
 *
 * @see https://kubernetes.io/docs/concepts/policy/limit-range/
 */

import { parseQuantity } from './quantity';

/** One resource of one container outside a LimitRange bound. */
export interface LimitRangeBreach {
  /** `requests` or `limits`. */
  readonly section: 'requests' | 'limits';
  /** The resource name, e.g. `memory`. */
  readonly resource: string;
  /** The container's quantity. */
  readonly value: string;
  /** `max` or `min`. */
  readonly bound: 'max' | 'min';
  /** The LimitRange's quantity. */
  readonly limit: string;
}

type Quantities = Readonly<Record<string, unknown>>;

/**
 * The container's requests and limits that break the LimitRange item's `max` (judged on the limit, else the
 * request) or `min` (judged on the request, else the limit). Unparsable quantities are left to other checks.
 */
export function limitRangeBreaches(
  requests: Quantities | undefined, limits: Quantities | undefined, max: Quantities | undefined, min: Quantities | undefined,
): LimitRangeBreach[] {
  const breaches: LimitRangeBreach[] = [];
  const judge = (bound: 'max' | 'min', bounds: Quantities | undefined, first: 'requests' | 'limits') => {
    for (const [resource, boundValue] of Object.entries(bounds ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
      const second = first === 'limits' ? 'requests' : 'limits';
      const section = (first === 'limits' ? limits : requests)?.[resource] !== undefined ? first : second;
      const value = (section === 'limits' ? limits : requests)?.[resource];
      const amount = value === undefined ? undefined : parseQuantity(String(value));
      const limit = parseQuantity(String(boundValue));
      if (amount === undefined || limit === undefined) {
        continue;
      }
      if (bound === 'max' ? amount > limit : amount < limit) {
        breaches.push({ section, resource, value: String(value), bound, limit: String(boundValue) });
      }
    }
  };
  judge('max', max, 'limits');
  judge('min', min, 'requests');
  return breaches;
}
