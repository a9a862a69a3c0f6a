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
  'password', 'passwd', 'pwd', 'pass', 'passphrase',
  'secret', 'secrets',
  'token', 'tokens',
  'key', 'keys', 'apikey', 'privatekey',
  'credential', 'credentials', 'creds',
  'private',
  'auth', 'authorization',
  'cert', 'certificate',
]);

const WORD_BOUNDARY = /[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])/;

/** Values that hold a private key in PEM format, whatever the variable is called. */
const PRIVATE_KEY_VALUE = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;

/** Whether an environment variable called `name` looks like it holds a secret. */
export function isSecretLookingName(name: string): boolean {
  return name.split(WORD_BOUNDARY).some((word) => SECRET_NAME_WORDS.has(word.toLowerCase()));
}

/** Whether a literal environment value is a private key. */
export function isPrivateKeyValue(value: string): boolean {
  return PRIVATE_KEY_VALUE.test(value);
}
