/**
 * Plain integers as kubectl reads them. kubectl (sigs.k8s.io/yaml, go-yaml v2 `resolve.go`) takes a plain scalar
 * that starts with a sign or a digit, removes every `_` and reads the rest with Go's `strconv.ParseInt(text, 0, 64)`:
 * `0x`/`0X` hex, `0o`/`0O` and a leading `0` octal, `0b`/`0B` binary, an optional sign, and underscores anywhere
 * after the first character (`0_x10` is 16, `+_1` is 1). YAML 1.1 itself only knows the lower-case prefixes with
 * the underscores after them, so a reader that follows only the YAML 1.1 schema reads `runAsUser: 0X0` as text
 * while the cluster runs the pod as root. Both of the audit's readers resolve integers with this one pattern.
 * Text that does not match is a float (`goYamlFloat`, such as `1_000.5`) or text (base 60, `190:20:30`, among others).
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

/** go-yaml v2's own float syntax (`yamlStyleFloat` in resolve.go), tested after its `_` are removed. */
const GO_STYLE_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
/**
 * A float that starts with a dot, which go-yaml hands to Go's `ParseFloat` as written: its `_` only between digits
 * (`underscoreOK`), so `.5_5` is 0.55 and `._5` or `.5_` text.
 */
const DOT_FLOAT = /^\.[0-9]+(?:_[0-9]+)*(?:[eE][-+]?[0-9]+(?:_[0-9]+)*)?$/;
const INFINITIES: Readonly<Record<string, number>> = {
  '.inf': Infinity,
  '.Inf': Infinity,
  '.INF': Infinity,
  '+.inf': Infinity,
  '+.Inf': Infinity,
  '+.INF': Infinity,
  '-.inf': -Infinity,
  '-.Inf': -Infinity,
  '-.INF': -Infinity,
  '.nan': NaN,
  '.NaN': NaN,
  '.NAN': NaN,
};

/**
 * The float a plain scalar is as kubectl reads it (go-yaml v2 `resolve`), or `undefined` when it is no float there (the
 * caller tries integers first, with `GO_INT_PATTERN`): the spellings of infinity and NaN; text starting with a dot that
 * Go's `ParseFloat` reads (`.5`, `.5e3`); text starting with a digit or sign whose digits, without their `_`, have
 * go-yaml's float syntax (`1.5`, `1.`, `1e3`, `1_000.5`, `+.5`) and a finite value (`1e400` is out of range, so text).
 * Not floats, unlike YAML 1.1: base 60 (`1:30`, `190:20:30.15`), an exponent alone (`e5`), a lone dot; go-yaml reads
 * those as text.
 */
export function goYamlFloat(text: string): number | undefined {
  if (Object.prototype.hasOwnProperty.call(INFINITIES, text)) return INFINITIES[text];
  const first = text.charCodeAt(0);
  let value: number;
  if (first === 0x2e /* . */) {
    if (!DOT_FLOAT.test(text)) return undefined;
    value = Number(text.replace(/_/g, ''));
  } else if ((first >= 0x30 && first <= 0x39) || first === 0x2b /* + */ || first === 0x2d /* - */) {
    const plain = text.replace(/_/g, '');
    if (!GO_STYLE_FLOAT.test(plain)) return undefined;
    value = Number(plain);
  } else {
    return undefined;
  }
  return Number.isFinite(value) ? value : undefined;
}
