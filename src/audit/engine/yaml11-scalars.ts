import { GO_INT_PATTERN, goYamlInt } from './go-yaml-int';

/**
 * Plain scalars as Kubernetes reads them (YAML 1.1, go-yaml v2): the rules of the fast readers (js-yaml's schema in
 * fast-yaml.ts and the block reader in block-yaml.ts), in the order js-yaml tries its implicit types: null, bool,
 * int, float, else text. The same regular expressions, in the same order, as the full parser's YAML 1.1 schema.
 */

export interface ScalarRule {
  readonly test: RegExp;
  readonly resolve: (text: string) => unknown;
}

/** Base-60 numbers of YAML 1.1 (`190:20:30`), as the full parser reads them. */
function sexagesimal(text: string): number {
  const sign = text[0];
  const parts = (sign === '-' || sign === '+' ? text.substring(1) : text).replace(/_/g, '');
  const value = parts.split(':').reduce((total, part) => total * 60 + Number(part), 0);
  return sign === '-' ? -1 * value : value;
}

export const NULL_TEST = /^(?:~|[Nn]ull|NULL)?$/;
export const TRUE_TEST = /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/;
export const FALSE_TEST = /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/;

export const INT_RULES: readonly ScalarRule[] = [
  // Integers as kubectl reads them (go-yaml v2), in one pattern shared with the full parser: see go-yaml-int.ts.
  { test: GO_INT_PATTERN, resolve: goYamlInt },
  { test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/, resolve: sexagesimal },
];

export const FLOAT_RULES: readonly ScalarRule[] = [
  {
    test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
    resolve: text => text.slice(-3).toLowerCase() === 'nan' ? NaN : text[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY,
  },
  { test: /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/, resolve: text => parseFloat(text.replace(/_/g, '')) },
  { test: /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/, resolve: text => parseFloat(text.replace(/_/g, '')) },
  { test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/, resolve: sexagesimal },
];

/**
 * Whether `text` can be a number of any of the rules above: each of their patterns starts with a sign, a digit, a dot
 * or an exponent (`e5` is a float in YAML 1.1, not a number). Most plain scalars (names, images, ports' names) start
 * otherwise and are not tested against every pattern.
 */
export function mayBeNumber(text: string): boolean {
  const code = text.charCodeAt(0);
  return (code >= 0x30 && code <= 0x39) || code === 0x2d /* - */ || code === 0x2b /* + */ || code === 0x2e /* . */
    || code === 0x65 /* e */ || code === 0x45 /* E */;
}

const NULL_OR_BOOL_START = new Uint8Array(128);
for (const c of '~nNyYtToOfF') NULL_OR_BOOL_START[c.charCodeAt(0)] = 1;

/**
 * The value of a plain (unquoted, untagged) scalar, as js-yaml with the Kubernetes schema resolves it: `null` for
 * `~`/`null`, booleans for `yes`/`on`/`true`…, numbers for the integer and float rules, otherwise the text itself.
 */
export function resolvePlainScalar(text: string): unknown {
  // Null and boolean texts are empty or start with one of `~nNyYtToOfF`: others are not tested against their patterns.
  const first = text.charCodeAt(0);
  if (text.length === 0 || (first < 128 && NULL_OR_BOOL_START[first] === 1)) {
    if (NULL_TEST.test(text)) return null;
    if (TRUE_TEST.test(text)) return true;
    if (FALSE_TEST.test(text)) return false;
  }
  if (!mayBeNumber(text)) return text;
  for (const rule of INT_RULES) {
    if (rule.test.test(text)) return rule.resolve(text);
  }
  for (const rule of FLOAT_RULES) {
    if (rule.test.test(text)) return rule.resolve(text);
  }
  return text;
}
