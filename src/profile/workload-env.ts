/**
 * Environment variables that must not carry secrets in plain text (controls CTR-NO-SECRET-ENV and
 * CTR-SECRETS-AS-FILES).
 *
 * @see https://kubernetes.io/docs/concepts/security/secrets-good-practices/
 */

/**
 * Words that mark a variable name as secret-looking, matched against the name's words (split at
 * `_`, `-`, `.` and lower-to-upper case changes), so `DB_PASSWORD`, `apiKey` and `GITHUB_TOKEN`
 * match while `KEYCLOAK_URL` and `MONKEY` do not.
 */
export const SECRET_NAME_WORDS: ReadonlySet<string> = new Set([
  'password', 'passwd', 'pwd', 'passphrase',
  'secret', 'secrets',
  'token', 'tokens',
  'key', 'keys', 'apikey', 'privatekey',
  'credential', 'credentials', 'creds',
  'auth', 'authorization',
]);

/**
 * Endings of run-together names that still mark them as secret-looking (`DBPASSWORD`, `GITHUBTOKEN`),
 * matched as the end of a word so that `SECRETARY` and `TOKENIZER` do not.
 */
const SECRET_WORD_ENDING = /(password|passwd|secrets?|tokens?|apikey|credentials?|privatekey)$/;

/**
 * Last words that make a name point to a secret or describe it rather than hold it: `DB_PASSWORD_FILE`
 * (the file a mounted Secret provides, as official images read it), `TOKEN_URL`, `API_KEY_ID`.
 */
export const SECRET_REFERENCE_WORDS: ReadonlySet<string> = new Set([
  'file', 'path', 'dir', 'ref', 'name', 'id', 'url', 'uri', 'endpoint', 'type', 'length', 'size', 'ttl', 'timeout',
  'expiry', 'expiration', 'header', 'algorithm', 'field', 'policy', 'enabled', 'disabled', 'required',
  'limit', 'count', 'max', 'min', 'mode', 'method', 'scheme', 'version', 'port', 'host',
]);

const WORD_BOUNDARY = /[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])/;

/**
 * Literal values that are secrets whatever the variable is called: PEM private keys and tokens of
 * well-known formats.
 */
export const SECRET_VALUE_PATTERNS: readonly RegExp[] = [
  /-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----/,
  /\bAKIA[0-9A-Z]{16}\b/, // AWS access key id
  /\bgh[pousr]_[A-Za-z0-9]{36,}\b/, // GitHub token
  /\bxox[abpr]-[A-Za-z0-9-]{10,}\b/, // Slack token
  /\bsk_live_[A-Za-z0-9]{16,}\b/, // Stripe secret key
  // Credentials in a URL (postgres://admin:pw@db); a password taken from another variable ($(DB_PASSWORD)) is not literal.
  /\b[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/\s:@]+:(?!\$[({])[^/\s@]+@/,
];

/** Whether an environment variable called `name` looks like it holds a secret (and not where one is). */
export function isSecretLookingName(name: string): boolean {
  const words = name.split(WORD_BOUNDARY).filter((word) => word !== '').map((word) => word.toLowerCase());
  if (words.length === 0 || SECRET_REFERENCE_WORDS.has(words[words.length - 1])) {
    return false;
  }
  return words.some((word) => SECRET_NAME_WORDS.has(word) || SECRET_WORD_ENDING.test(word));
}

/**
 * Whether a literal could be a secret at all: empty values and references to other variables (`$(HOME)`,
 * `${TOKEN}`) are not. Numbers and words are: `MYSQL_ROOT_PASSWORD=123456` and `API_TOKEN=true` hold the secret
 * itself; names that only describe a secret (`TOKEN_LIMIT=100`, `KEYS_ENABLED=true`) end in a reference word.
 */
export function couldBeSecret(value: string): boolean {
  const trimmed = value.trim();
  return trimmed !== '' && !/^\$[({]?[A-Za-z_]/.test(trimmed);
}

/** Whether a literal environment value is a secret by its format (a private key or a well-known token). */
export function isSecretValue(value: string): boolean {
  return SECRET_VALUE_PATTERNS.some((pattern) => pattern.test(value));
}
