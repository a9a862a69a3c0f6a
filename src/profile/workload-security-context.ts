/**
 * The hardened security contexts of a workload's pod and containers (controls POD-RUN-AS-NONROOT,
 * POD-RUNASUSER-NONZERO, POD-NONROOT-GROUPS, POD-HIGH-UID-GID, POD-SECCOMP, CTR-NOT-PRIVILEGED,
 * CTR-NO-PRIV-ESC, CTR-READONLY-ROOTFS, CTR-DROP-ALL, POD-APPARMOR, POD-SYSCTLS).
 *
 * Fields are set at pod level and again on every container, because some scanners read only one
 * of the two levels.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
 */

import { k8s } from 'cdk8s-plus-28';

/**
 * Default UID and GID. Numeric, because the kubelet refuses `runAsNonRoot` with a non-numeric image
 * USER; above 10000, because Trivy (KSV020/KSV021) wants > 10000 and kube-score wants >= 10000.
 */
export const DEFAULT_RUN_AS_ID = 10001;

/** Lowest UID/GID accepted without an exception to POD-HIGH-UID-GID (ids <= 10000 may clash with host users). */
export const MIN_HIGH_ID = 10001;

/** The seccomp profile type applied to pods and containers. */
export const SECCOMP_PROFILE_TYPE = 'RuntimeDefault';

/** Seccomp profile types that confine the process (control POD-SECCOMP). */
export const CONFINING_SECCOMP_TYPES: ReadonlySet<string> = new Set(['RuntimeDefault', 'Localhost']);

/** The capability set dropped from every container. */
export const DROPPED_CAPABILITY = 'ALL';

/** Annotation key prefix of the per-container AppArmor profile (Kubernetes 1.28). */
export const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

/** The AppArmor profile applied to every container. */
export const APPARMOR_PROFILE = 'runtime/default';

/** The AppArmor annotation key for `containerName`. */
export function appArmorAnnotationKey(containerName: string): string {
  return `${APPARMOR_ANNOTATION_PREFIX}${containerName}`;
}

/** Whether an AppArmor annotation value confines the container (`runtime/default` or `localhost/<profile>`). */
export function isConfiningAppArmorProfile(value: string): boolean {
  return value === APPARMOR_PROFILE || (value.startsWith('localhost/') && value.length > 'localhost/'.length);
}

/**
 * Sysctls that Pod Security Standards baseline allows (Kubernetes 1.28); any other needs an
 * exception to POD-SYSCTLS.
 *
 * @see https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/#safe-and-unsafe-sysctls
 */
export const SAFE_SYSCTLS: ReadonlySet<string> = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.ip_local_reserved_ports',
]);

/** UID and GID a workload runs as. */
export interface RunAsIdentity {
  /** UID of every process. */
  readonly user: number;
  /** Primary GID of every process. */
  readonly group: number;
  /** GID that owns mounted volumes. */
  readonly fsGroup: number;
}

/** The hardened pod-level security context fields for `identity`. */
export function hardenedPodSecurityContext(identity: RunAsIdentity): k8s.PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: identity.user,
    runAsGroup: identity.group,
    fsGroup: identity.fsGroup,
    seccompProfile: { type: SECCOMP_PROFILE_TYPE },
  };
}

/** The hardened container-level security context for `identity`. */
export function hardenedContainerSecurityContext(identity: RunAsIdentity): k8s.SecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: identity.user,
    runAsGroup: identity.group,
    privileged: false,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: [DROPPED_CAPABILITY] },
    seccompProfile: { type: SECCOMP_PROFILE_TYPE },
  };
}
