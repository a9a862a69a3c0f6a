import { boundedMemo } from './bounded-memo';
/**
 * Kubernetes resource quantities (`500m`, `256Mi`, `1.5`, `2e3`), parsed so that values can be
 * validated and compared at synth time instead of being rejected by the API server at deploy time.
 *
 * @see https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
 */

const QUANTITY = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$/;

const SUFFIX_FACTORS: Record<string, number> = {
  'n': 1e-9,
  'u': 1e-6,
  'm': 1e-3,
  '': 1,
  'k': 1e3,
  'M': 1e6,
  'G': 1e9,
  'T': 1e12,
  'P': 1e15,
  'E': 1e18,
  'Ki': 2 ** 10,
  'Mi': 2 ** 20,
  'Gi': 2 ** 30,
  'Ti': 2 ** 40,
  'Pi': 2 ** 50,
  'Ei': 2 ** 60,
};

/**
 * The numeric value of a quantity in base units (cores for cpu, bytes for memory and storage),
 * or `undefined` when `text` is not a valid Kubernetes quantity.
 */
export function parseQuantity(text: string): number | undefined {
  return typeof text === 'string' ? PARSED(text) : parseQuantityText(text);
}

/**
 * Quantities parsed so far: the same few (`100m`, `256Mi`, ...) are read for every container of every workload, at
 * construction and in each render. Bounded; cleared when full.
 */
const PARSED = boundedMemo(parseQuantityText, 10000);

function parseQuantityText(text: string): number | undefined {
  const match = QUANTITY.exec(text.trim());
  if (!match || text.trim() !== text) {
    return undefined;
  }
  const [, number, suffix = ''] = match;
  const factor = /^[eE]/.test(suffix) ? 10 ** Number(suffix.slice(1)) : SUFFIX_FACTORS[suffix];
  const value = Number(number) * factor;
  return Number.isFinite(value) ? value : undefined;
}

/** Why `text` is not a usable, non-negative quantity, or `undefined` when it is one. */
export function quantityProblem(text: string): string | undefined {
  const value = parseQuantity(text);
  if (value === undefined) {
    return 'is not a Kubernetes quantity (examples: "500m", "2", "256Mi", "1Gi")';
  }
  if (value < 0) {
    return 'is negative; resource quantities must be 0 or more';
  }
  return undefined;
}
