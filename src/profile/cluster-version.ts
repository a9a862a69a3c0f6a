import { MAX_PINNED_POD_SECURITY_MINOR } from './namespace-pod-security';
import { NodeAppArmor } from './node-apparmor';

/** The oldest Kubernetes minor version the library targets (its construct base is cdk8s-plus-28). */
export const MIN_KUBERNETES_MINOR = 28;

/** The first Kubernetes minor version with the `securityContext.appArmorProfile` field (AppArmor GA). */
export const APPARMOR_FIELD_MINOR = 30;

const KUBERNETES_VERSION = /^1\.(0|[1-9][0-9]*)$/;

/** Why `version` is not a supported Kubernetes version (`1.<minor>`, 1.28 or newer), or `undefined` when it is one. */
export function kubernetesVersionProblem(version: string): string | undefined {
  if (!KUBERNETES_VERSION.test(version)) {
    return 'is not a Kubernetes minor version; the format is "1.<minor>" (for example "1.30"), without a "v" or a patch number';
  }
  const minor = kubernetesMinor(version);
  if (minor < MIN_KUBERNETES_MINOR) {
    return `is older than 1.${MIN_KUBERNETES_MINOR}, the oldest version the library supports`;
  }
  if (minor > MAX_PINNED_POD_SECURITY_MINOR) {
    return `is newer than 1.${MAX_PINNED_POD_SECURITY_MINOR}; no such Kubernetes release exists`;
  }
  return undefined;
}

/** The minor of a valid Kubernetes version (`1.30` → 30). */
export function kubernetesMinor(version: string): number {
  return Number(version.slice(2));
}

/** The Pod Security Admission version label of a Kubernetes version (`1.30` → `v1.30`). */
export function podSecurityVersionOf(version: string): string {
  return `v${version}`;
}

/** Why `value` is not a NodeAppArmor member, or `undefined` when it is one. */
export function nodeAppArmorProblem(value: unknown): string | undefined {
  return Object.values(NodeAppArmor).includes(value as NodeAppArmor) ? undefined
    : `is not a NodeAppArmor member (${Object.values(NodeAppArmor).map((member) => JSON.stringify(member)).join(', ')})`;
}
