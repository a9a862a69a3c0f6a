import { GO_INT_PATTERN, goYamlFloat, goYamlInt } from './go-yaml-int';

/**
 * Plain scalars as Kubernetes reads them (YAML 1.1, go-yaml v2): the rules of the fast readers (js-yaml's schema in
 * fast-yaml.ts and the block reader in block-yaml.ts), in the order js-yaml tries its implicit types: null, bool,
 * int, float, else text. Integers and floats as go-yaml v2 resolves them (go-yaml-int.ts), with the full parser.
 */

export const NULL_TEST = /^(?:~|[Nn]ull|NULL)?$/;
export const TRUE_TEST = /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/;
export const FALSE_TEST = /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/;

/**
 * Whether `text` can be a number: integers and floats start with a sign, a digit or a dot. Most plain scalars (names,
 * images, ports' names) start otherwise and are not tested further.
 */
export function mayBeNumber(text: string): boolean {
  const code = text.charCodeAt(0);
  return (code >= 0x30 && code <= 0x39) || code === 0x2d /* - */ || code === 0x2b /* + */ || code === 0x2e /* . */;
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
  // Integers and floats as kubectl reads them (go-yaml v2), shared with the full parser: see go-yaml-int.ts.
  if (GO_INT_PATTERN.test(text)) return goYamlInt(text);
  return goYamlFloat(text) ?? text;
}
