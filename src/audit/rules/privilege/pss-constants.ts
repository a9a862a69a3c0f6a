/**
 * Allowed values of the Pod Security Standards (Kubernetes 1.28).
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
import { APPARMOR_ANNOTATION_PREFIX, CONFINING_SECCOMP_TYPES, SAFE_SYSCTLS } from '../../../profile/workload-security-context';

// The values the hardening profile also applies have their single home there.
export { APPARMOR_ANNOTATION_PREFIX, CONFINING_SECCOMP_TYPES, SAFE_SYSCTLS };

/** Capabilities the baseline level lets containers add. */
export const BASELINE_ADDABLE_CAPABILITIES: ReadonlySet<string> = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE',
  'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);

/** The only capability the restricted level lets containers add. */
export const RESTRICTED_ADDABLE_CAPABILITIES: ReadonlySet<string> = new Set(['NET_BIND_SERVICE']);

/** Volume sources the restricted level allows. */
export const RESTRICTED_VOLUME_TYPES: readonly string[] = [
  'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret',
];


/** SELinux types the baseline level allows (besides the empty string). */
export const ALLOWED_SELINUX_TYPES: ReadonlySet<string> = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t']);


/** Whether a field that must be unset or false holds anything else. */
export function isEnabled(value: unknown): boolean {
  return value !== undefined && value !== null && value !== false;
}
