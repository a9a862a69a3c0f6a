import { PodSecurityLevel } from './namespace-pod-security-level';

/**
 * Pod Security Admission defaults for namespaces (control NS-PSA).
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-admission/
 */

/** Prefix of the Pod Security Admission namespace labels. */
export const POD_SECURITY_LABEL_PREFIX = 'pod-security.kubernetes.io/';

/**
 * The policy version every mode is pinned to unless configured: the Kubernetes minor version this
 * library targets (cdk8s-plus-28). A pinned version keeps admission stable across cluster upgrades.
 */
export const DEFAULT_POD_SECURITY_VERSION = 'v1.28';

/** The level enforced, audited and warned about unless a typed NS-PSA exception lowers enforcement. */
export const DEFAULT_POD_SECURITY_LEVEL = PodSecurityLevel.RESTRICTED;

/** The unpinned version keyword: it follows the cluster's own version, so its meaning changes on upgrade. */
export const UNPINNED_POD_SECURITY_VERSION = 'latest';

/** The three Pod Security Admission modes, in label order. */
export const POD_SECURITY_MODES = ['audit', 'enforce', 'warn'] as const;

/** The syntax Pod Security Admission accepts for a version: `v1.<minor>` without leading zeros. */
const VERSION = /^v1\.(0|[1-9][0-9]*)$/;

/**
 * The highest minor accepted as a pin. Admission evaluates a version newer than the cluster's own as the newest
 * policy it knows, that is as `latest`; no Kubernetes release is anywhere near v1.40, so a higher minor is a typo
 * or a way to write `latest` that looks pinned.
 */
export const MAX_PINNED_POD_SECURITY_MINOR = 40;

/**
 * Why `version` is not a Pod Security Admission policy version (`v1.<minor>` or `latest`), or
 * `undefined` when it is one.
 */
export function podSecurityVersionProblem(version: string): string | undefined {
  if (version === UNPINNED_POD_SECURITY_VERSION || VERSION.test(version)) {
    return undefined;
  }
  return 'is not a Pod Security Admission version; the format is "v1.<minor>" (for example "v1.28")';
}

/** The minor version of a pinned policy version (`v1.28` → 28), or `undefined` for `latest` and invalid text. */
export function podSecurityMinor(version: string): number | undefined {
  return VERSION.test(version) ? Number(version.slice(3)) : undefined;
}

/**
 * The newest pinned version of `versions` (others ignored), never older than the library's `DEFAULT_POD_SECURITY_VERSION`:
 * the oldest version a namespace may pin without an NS-PSA exception when each of `versions` is a minimum.
 */
export function newestPodSecurityVersion(versions: ReadonlyArray<string | undefined>): string {
  return versions.reduce<string>((newest, version) => version !== undefined && isPinnedPodSecurityVersion(version)
    && isOlderPodSecurityVersion(newest, version) ? version : newest, DEFAULT_POD_SECURITY_VERSION);
}

/** Whether the pinned `version` is older than the pinned `minimum`. */
export function isOlderPodSecurityVersion(version: string, minimum: string): boolean {
  const [have, want] = [podSecurityMinor(version), podSecurityMinor(minimum)];
  return have !== undefined && want !== undefined && have < want;
}

/**
 * Whether `version` pins a policy version: `v1.<minor>` up to `MAX_PINNED_POD_SECURITY_MINOR` (not `latest`, nor a
 * minor so high that admission evaluates it as latest).
 */
export function isPinnedPodSecurityVersion(version: string): boolean {
  const minor = podSecurityMinor(version);
  return minor !== undefined && minor <= MAX_PINNED_POD_SECURITY_MINOR;
}

/** What an older policy version admits, for messages of the construct and the audit. */
export const OLDER_VERSION_RISK = 'restricted:v1.0 allows privilege escalation, added capabilities and no seccomp profile';

/**
 * The six Pod Security Admission labels of a namespace: `enforce` at `enforceLevel`, `audit` and
 * `warn` always at `restricted` (so a lowered enforcement still reports every gap), each with its
 * `-version` label.
 */
export function podSecurityLabels(enforceLevel: PodSecurityLevel, version: string): Record<string, string> {
  const levels: Record<(typeof POD_SECURITY_MODES)[number], PodSecurityLevel> = {
    audit: PodSecurityLevel.RESTRICTED,
    enforce: enforceLevel,
    warn: PodSecurityLevel.RESTRICTED,
  };
  const labels: Record<string, string> = {};
  for (const mode of POD_SECURITY_MODES) {
    labels[`${POD_SECURITY_LABEL_PREFIX}${mode}`] = levels[mode];
    labels[`${POD_SECURITY_LABEL_PREFIX}${mode}-version`] = version;
  }
  return labels;
}
