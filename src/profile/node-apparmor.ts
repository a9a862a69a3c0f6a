/**
 * Whether the nodes of the target clusters provide AppArmor. Clusters on SELinux-based distributions have none, and
 * their nodes reject pods that request an AppArmor profile.
 */
export enum NodeAppArmor {
  /** The nodes provide AppArmor: every container is confined with `runtime/default`. */
  AVAILABLE = 'available',
  /**
   * The nodes have no AppArmor: the workloads request no profile (no annotation, no `appArmorProfile` field), and
   * `Audit.of()` reports their POD-APPARMOR findings as suppressed by the platform policy.
   */
  UNAVAILABLE = 'unavailable',
}
