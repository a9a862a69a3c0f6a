/**
 * A Pod Security Standards level, as used by the Pod Security Admission labels of a namespace.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
export enum PodSecurityLevel {
  /** Heavily restricted pods: current pod hardening best practice. The default of every SecureNamespace. */
  RESTRICTED = 'restricted',
  /** Minimally restrictive: prevents known privilege escalations only. */
  BASELINE = 'baseline',
  /** Unrestricted: allows known privilege escalations. */
  PRIVILEGED = 'privileged',
}
