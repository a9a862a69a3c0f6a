import { couldBeSecret, isSecretLookingName, isSecretValue } from '../../../profile/workload-env';

/**
 * The audit judges secret-looking names and values exactly as SecureDeployment does, so the
 * construct never emits what the audit flags, and the audit flags what the construct rejects.
 */
export { couldBeSecret, isSecretLookingName as isSecretLikeName, isSecretValue as looksLikeSecretValue };

/** `key=value` / `key: value` lines of a config file whose key is secret-like and whose value is literal. */
export function secretLikeLines(text: string): string[] {
  const keys: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*["']?([A-Za-z0-9_.-]+)["']?\s*[:=]\s*["']?([^"'\s#]+)/.exec(line);
    if (match && isSecretLookingName(match[1]) && couldBeSecret(match[2])) {
      keys.push(match[1]);
    }
  }
  return keys;
}
