/** Words that mark a name as holding a secret (matched against the words of a name, case-insensitive). */
const SECRET_WORDS = new Set([
  'password', 'passwd', 'pwd', 'passphrase', 'secret', 'token', 'apikey', 'key', 'privatekey', 'credential', 'credentials',
]);

/** Last words of a name that say the value is a reference to a secret or a setting about it, not the secret. */
const REFERENCE_WORDS = new Set([
  'file', 'path', 'dir', 'ref', 'name', 'id', 'url', 'uri', 'endpoint', 'type', 'length', 'size', 'ttl', 'timeout',
  'expiry', 'expiration', 'header', 'algorithm', 'field', 'policy', 'enabled', 'required',
]);

/** Value patterns of well-known secret formats. */
const SECRET_VALUE_PATTERNS: readonly RegExp[] = [
  /-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----/,
  /\bAKIA[0-9A-Z]{16}\b/, // AWS access key id
  /\bgh[pousr]_[A-Za-z0-9]{36,}\b/, // GitHub token
  /\bxox[abpr]-[A-Za-z0-9-]{10,}\b/, // Slack token
  /\bsk_live_[A-Za-z0-9]{16,}\b/, // Stripe secret key
];

/** Splits `DB_PASSWORD`, `dbPassword`, `db.password` into lower-case words. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map(word => word.toLowerCase());
}

/** Whether `name` looks like it names a secret (`DB_PASSWORD`, `apiKey`), and not a reference to one (`PASSWORD_FILE`). */
export function isSecretLikeName(name: string): boolean {
  const parts = words(name);
  if (parts.length === 0 || REFERENCE_WORDS.has(parts[parts.length - 1])) {
    return false;
  }
  return parts.some(part => SECRET_WORDS.has(part)) || /(password|passwd|secret|token|apikey|credential|privatekey)/i.test(name.replace(/[^A-Za-z]/g, ''));
}

/** Whether a literal could be a secret at all: booleans, numbers and environment references are not. */
export function couldBeSecret(value: string): boolean {
  const trimmed = value.trim();
  return trimmed !== '' && !/^(true|false|yes|no|on|off|null|-?\d+(\.\d+)?)$/i.test(trimmed) && !/^\$\{?[A-Za-z_]/.test(trimmed);
}

/** Whether `value` contains a private key or a token of a well-known format. */
export function looksLikeSecretValue(value: string): boolean {
  return SECRET_VALUE_PATTERNS.some(pattern => pattern.test(value));
}

/** `key=value` / `key: value` lines of a config file whose key is secret-like and whose value is literal. */
export function secretLikeLines(text: string): string[] {
  const keys: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*["']?([A-Za-z0-9_.-]+)["']?\s*[:=]\s*["']?([^"'\s#]+)/.exec(line);
    if (match && isSecretLikeName(match[1]) && couldBeSecret(match[2])) {
      keys.push(match[1]);
    }
  }
  return keys;
}
