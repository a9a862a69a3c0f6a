/**
 * Plain integers as kubectl reads them. kubectl (sigs.k8s.io/yaml, go-yaml v2 `resolve.go`) takes a plain scalar
 * that starts with a sign or a digit, removes every `_` and reads the rest with Go's `strconv.ParseInt(text, 0, 64)`:
 * `0x`/`0X` hex, `0o`/`0O` and a leading `0` octal, `0b`/`0B` binary, an optional sign, and underscores anywhere
 * after the first character (`0_x10` is 16, `+_1` is 1). YAML 1.1 itself only knows the lower-case prefixes with
 * the underscores after them, so a reader that follows only the YAML 1.1 schema reads `runAsUser: 0X0` as text
 * while the cluster runs the pod as root. Both of the audit's readers resolve integers with this one pattern.
 * Text that does not match stays with the other rules (floats such as `1_000.5`, base-60 `190:20:30`) or is text.
 */
export const GO_INT_PATTERN = /^(?:[-+]_*)?(?:0_*[xX]_*[0-9a-fA-F][0-9a-fA-F_]*|0_*[oO]_*[0-7][0-7_]*|0_*[bB]_*[01][01_]*|[0-9][0-9_]*)$/;

/** The value of a text that matches `GO_INT_PATTERN`, as `strconv.ParseInt(text, 0, 64)` reads it without its `_`. */
export function goYamlInt(text: string): number {
  const plain = text.replace(/_/g, '');
  const negative = plain.startsWith('-');
  const body = plain.startsWith('-') || plain.startsWith('+') ? plain.substring(1) : plain;
  const prefix = body.substring(0, 2).toLowerCase();
  let value: number;
  if (prefix === '0x') value = parseInt(body.substring(2), 16);
  else if (prefix === '0o') value = parseInt(body.substring(2), 8);
  else if (prefix === '0b') value = parseInt(body.substring(2), 2);
  // A leading 0 is octal; `08` is no octal, and go-yaml then reads it as the float 8.
  else if (/^0[0-7]+$/.test(body)) value = parseInt(body, 8);
  else value = Number(body);
  return negative ? -1 * value : value;
}
