/**
 * A named selection of rules with a severity for each, e.g. the Pod Security Standards `restricted` level.
 *
 * A finding's id is `<pack>/<RULE-ID>`, e.g. `pss-restricted/POD-RUN-AS-NONROOT`.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
export class Pack {
  /**
   * The Pod Security Standards `baseline` level (Kubernetes 1.28), exactly: it prevents known privilege
   * escalations (privileged containers, host namespaces, hostPath, host ports, added capabilities beyond the
   * baseline list, AppArmor/SELinux/seccomp overrides, `/proc` mounts, unsafe sysctls, Windows HostProcess).
   */
  public static readonly PSS_BASELINE = new Pack('pss-baseline',
    'Pod Security Standards baseline (Kubernetes 1.28): prevents known privilege escalations');

  /**
   * The Pod Security Standards `restricted` level (Kubernetes 1.28), exactly: baseline plus restricted volume
   * types, no privilege escalation, non-root, `runAsUser` not 0, seccomp `RuntimeDefault`/`Localhost` and
   * capabilities dropped to at most `NET_BIND_SERVICE`.
   */
  public static readonly PSS_RESTRICTED = new Pack('pss-restricted',
    'Pod Security Standards restricted (Kubernetes 1.28): baseline plus current pod hardening best practices');

  /**
   * Every control of this library's hardening catalog: the restricted checks at their strictest (set at pod
   * and container level), plus resources, probes, images, secrets, namespaces, network policies, services,
   * ingresses, availability, labels and RBAC.
   */
  public static readonly HARDENED = new Pack('hardened',
    'Every control of the cdk8s-secure hardening catalog, at its strictest');

  /** All packs, in the order reports list them. */
  public static all(): Pack[] {
    return [Pack.PSS_BASELINE, Pack.PSS_RESTRICTED, Pack.HARDENED];
  }

  /**
   * The pack named `name` (`pss-baseline`, `pss-restricted` or `hardened`).
   *
   * @throws when no pack has that name
   */
  public static fromName(name: string): Pack {
    const pack = Pack.all().find(p => p.name === name);
    if (!pack) {
      throw new Error(`unknown audit pack ${JSON.stringify(name)}; use one of ${Pack.all().map(p => p.name).join(', ')}`);
    }
    return pack;
  }

  /**
   * @param name the pack's stable name, the first part of every finding id
   * @param description one line describing what the pack checks
   */
  private constructor(public readonly name: string, public readonly description: string) {}

  /** The pack's name. */
  public toString(): string {
    return this.name;
  }
}
