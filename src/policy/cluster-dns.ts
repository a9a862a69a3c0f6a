import { checkFactoryArguments } from '../internal/errors';
import { DNS_PORT, KUBE_DNS_NAMESPACE, KUBE_DNS_POD_LABELS, NODE_LOCAL_DNS_ADDRESS } from '../profile/namespace-dns';

/**
 * Options for `ClusterDns.pods()`.
 */
export interface ClusterDnsPodsOptions {
  /**
   * Namespace of the DNS server pods.
   *
   * @default 'kube-system'
   */
  readonly namespace?: string;

  /**
   * Labels that select the DNS server pods (for example `{ 'app.kubernetes.io/name': 'coredns' }`).
   * Must not be empty: an empty selector would open egress to every pod of that namespace.
   */
  readonly podLabels: { [key: string]: string };

  /**
   * Port the DNS server pods listen on (the container port, which is what a NetworkPolicy sees).
   *
   * @default 53
   */
  readonly port?: number;
}

/**
 * Options for `ClusterDns.nodeLocal()`.
 */
export interface NodeLocalDnsOptions {
  /**
   * The link-local address NodeLocal DNSCache listens on.
   *
   * @default '169.254.20.10'
   */
  readonly address?: string;
}

/**
 * Where the pods of a SecureNamespace resolve names: the one egress destination the namespace's
 * default-deny allows (control NS-DNS-EGRESS), on UDP and TCP.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/
 */
export class ClusterDns {
  /**
   * The cluster DNS of kubeadm, EKS, GKE and AKS clusters: pods labelled `k8s-app: kube-dns` in
   * `kube-system` (CoreDNS keeps that label), port 53.
   */
  public static kubeDns(): ClusterDns {
    return new ClusterDns([{ namespace: KUBE_DNS_NAMESPACE, podLabels: { ...KUBE_DNS_POD_LABELS } }], [], DNS_PORT);
  }

  /**
   * DNS server pods selected by labels, for clusters whose CoreDNS is labelled or placed differently.
   */
  public static pods(options: ClusterDnsPodsOptions): ClusterDns {
    checkFactoryArguments('ClusterDns.pods(options)', options, { namespace: options?.namespace }, ['namespace'], true);
    return new ClusterDns([{ namespace: options.namespace ?? KUBE_DNS_NAMESPACE, podLabels: { ...options.podLabels } }], [],
      options.port ?? DNS_PORT);
  }

  /**
   * NodeLocal DNSCache: its link-local address (a host-network listener that no pod selector can
   * match, hence an `ipBlock`), plus the kube-dns pods it forwards to and that pods fall back to.
   *
   * @see https://kubernetes.io/docs/tasks/administer-cluster/nodelocaldns/
   */
  public static nodeLocal(options: NodeLocalDnsOptions = {}): ClusterDns {
    checkFactoryArguments('ClusterDns.nodeLocal(options)', options, { address: options?.address }, ['address']);
    return new ClusterDns([{ namespace: KUBE_DNS_NAMESPACE, podLabels: { ...KUBE_DNS_POD_LABELS } }],
      [`${options.address ?? NODE_LOCAL_DNS_ADDRESS}/32`], DNS_PORT);
  }

  /**
   * No DNS egress at all: pods of the namespace can resolve nothing until a workload allows it.
   * Stricter than the default, so no exception is needed.
   */
  public static none(): ClusterDns {
    return new ClusterDns([], [], DNS_PORT);
  }

  /** The DNS port allowed, over UDP and TCP. */
  public readonly port: number;

  /** @internal */
  public readonly _pods: ReadonlyArray<{ readonly namespace: string; readonly podLabels: Readonly<Record<string, string>> }>;

  /** @internal */
  public readonly _cidrs: readonly string[];

  private constructor(
    pods: ReadonlyArray<{ readonly namespace: string; readonly podLabels: Readonly<Record<string, string>> }>,
    cidrs: readonly string[], port: number) {
    this._pods = pods;
    this._cidrs = cidrs;
    this.port = port;
  }

  /** Whether any DNS egress is allowed. */
  public get enabled(): boolean {
    return this._pods.length > 0 || this._cidrs.length > 0;
  }
}
