import { isIPv4, isIPv6 } from 'net';
import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { PeerEndpoint, peerEndpointOf } from './peer-endpoint';
import { invalidProp } from '../internal/errors';
import { NAMESPACE_NAME_LABEL } from '../profile/ingress-controller-defaults';
import { dns1123LabelProblem } from '../profile/namespace-name';
import { DEFAULT_INGRESS_CONTROLLER_NAMESPACE, DEFAULT_INGRESS_CONTROLLER_POD_LABELS } from '../profile/workload-network';

/**
 * A hardened workload of this library (SecureDeployment, SecureStatefulSet, SecureJob, SecureCronJob,
 * SecureDaemonSet): its own NetworkPolicy takes the rules that `allowFrom()`/`allowTo()` of its peers mirror.
 */
export interface ISecureWorkload extends kplus.IPodSelector {
  /** The namespace of the workload and of every object it emits. */
  readonly namespace: string;
}

/** A SecurePeer made concrete for one NetworkPolicy rule (internal to the library). */
interface ResolvedPeer {
  /** How the peer is described in errors, e.g. `pods app=web in namespace shop`. */
  readonly description: string;
  /** The NetworkPolicy peer selecting it. */
  readonly peer: kplus.k8s.NetworkPolicyPeer;
  /** The secure workload behind the peer, whose own policy gets the mirror rule. */
  readonly endpoint?: PeerEndpoint;
}

/** Resolves a peer for the construct `scope`, naming `prop` in errors. */
type PeerResolver = (scope: IConstruct, prop: string) => ResolvedPeer;

/**
 * The other end of a connection a SecureDeployment allows with `allowFrom(peer)` or `allowTo(peer)`.
 *
 * Pods are always selected together with their namespace (`namespaceSelector` on
 * `kubernetes.io/metadata.name`), so a rule never matches look-alike pods of another namespace. A
 * peer whose namespace cannot be resolved is an error.
 *
 * @example
 * web.allowTo(SecurePeer.deployment(api));           // egress on web and ingress on api
 * api.allowFrom(SecurePeer.ingressController());     // ingress-nginx controller pods
 * api.allowTo(SecurePeer.ipBlock('203.0.113.0/24'), { ports: [NetworkPolicyPort.tcp(443)] });
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-resource
 */
export class SecurePeer {
  /**
   * The pods of another SecureDeployment (or any other secure workload: SecureStatefulSet, SecureJob,
   * SecureCronJob, SecureDaemonSet). Allowing traffic to or from it also opens the other end:
   * `web.allowTo(SecurePeer.deployment(api))` adds the egress rule to web's policy and the ingress rule to api's.
   *
   * @param deployment the other secure workload
   */
  public static deployment(deployment: ISecureWorkload): SecurePeer {
    return SecurePeer.secureWorkload(deployment);
  }

  /**
   * The pods of another secure workload of this library (SecureDeployment, SecureStatefulSet, SecureJob,
   * SecureCronJob, SecureDaemonSet). Allowing traffic to or from it also opens the other end: the mirror rule is
   * added to the other workload's own NetworkPolicy.
   *
   * @param workload the other secure workload
   */
  public static secureWorkload(workload: ISecureWorkload): SecurePeer {
    return new SecurePeer((scope, prop) => {
      const endpoint = peerEndpointOf(workload);
      if (!endpoint) {
        throw invalidProp(scope, prop, workload, 'SecurePeer.deployment() needs a SecureDeployment or another secure workload of this library',
          'pass the other SecureDeployment (or SecureStatefulSet, SecureJob, SecureCronJob, SecureDaemonSet), e.g. SecurePeer.deployment(api)');
      }
      return {
        description: `${endpoint.constructName} '${workload.node.path}'`,
        peer: podsPeer(endpoint.namespace, endpoint.podLabels),
        endpoint,
      };
    });
  }

  /**
   * The pods of a cdk8s-plus workload, pod or pod selection (`Pods.select(...)` with namespace names).
   * Its namespace is its `metadata.namespace` or its Chart's namespace; without one it cannot be resolved.
   *
   * @param selector the Deployment, StatefulSet, Pod, ... or pod selection
   */
  public static workload(selector: kplus.IPodSelector): SecurePeer {
    return new SecurePeer((scope, prop) => {
      if (selector === null || typeof selector !== 'object' || typeof (selector as { toPodSelectorConfig?: unknown }).toPodSelectorConfig !== 'function') {
        throw invalidProp(scope, prop, selector, 'SecurePeer.workload() needs a cdk8s-plus workload or pod selection',
          'pass a Deployment, StatefulSet, Pod or Pods.select(...) with namespace names, or use SecurePeer.pods(namespace, labels)');
      }
      const config = selector.toPodSelectorConfig();
      const names = config.namespaces?.names ?? [];
      const description = `'${selector.node.path}'`;
      if (names.length !== 1 || (config.namespaces?.labelSelector && !config.namespaces.labelSelector.isEmpty())) {
        throw invalidProp(scope, prop, description, `the namespace of the peer's pods cannot be resolved (${names.length === 0 ? 'it has none' : 'it is not one named namespace'})`,
          'give the workload metadata.namespace or put it in a Chart with a namespace, or use SecurePeer.pods(namespace, labels)');
      }
      return { description, peer: podsPeer(validNamespace(scope, prop, names[0]), config.labelSelector._toKube().matchLabels ?? {}) };
    });
  }

  /**
   * Every pod of a namespace.
   *
   * @param name the namespace's name
   */
  public static namespace(name: string): SecurePeer {
    return new SecurePeer((scope, prop) => ({
      description: `namespace ${name}`,
      peer: { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: validNamespace(scope, prop, name) } } },
    }));
  }

  /**
   * Pods with the given labels in the given namespace.
   *
   * @param namespace the pods' namespace
   * @param labels labels the pods carry (at least one; all must match)
   */
  public static pods(namespace: string, labels: { [key: string]: string }): SecurePeer {
    return new SecurePeer((scope, prop) => {
      if (labels === null || typeof labels !== 'object' || Array.isArray(labels) || Object.values(labels).some((value) => typeof value !== 'string')) {
        throw invalidProp(scope, prop, labels, 'the pods\' labels are not an object of string values', 'pass the labels, e.g. { "app.kubernetes.io/name": "api" }');
      }
      if (Object.keys(labels).length === 0) {
        throw invalidProp(scope, prop, labels, 'an empty label selector would match every pod of the namespace',
          `give the pods' labels, or use SecurePeer.namespace(${JSON.stringify(namespace)}) if every pod is meant`);
      }
      return { description: `pods ${JSON.stringify(labels)} in namespace ${namespace}`, peer: podsPeer(validNamespace(scope, prop, namespace), labels) };
    });
  }

  /**
   * The pods of an ingress controller.
   *
   * @param namespace the controller's namespace (default `ingress-nginx`)
   * @param podLabels the labels of the controller pods (default those of the ingress-nginx controller)
   */
  public static ingressController(namespace?: string, podLabels?: { [key: string]: string }): SecurePeer {
    return SecurePeer.pods(namespace ?? DEFAULT_INGRESS_CONTROLLER_NAMESPACE, { ...(podLabels ?? DEFAULT_INGRESS_CONTROLLER_POD_LABELS) });
  }

  /**
   * Addresses outside the cluster's pods, e.g. an external API or a managed database.
   *
   * The block must be narrow (control NETPOL-NARROW-PEERS): a prefix of /16 or longer for IPv4 and /48 or longer for
   * IPv6, and an egress block must except the cloud metadata address (`169.254.169.254/32`) when it contains it.
   * `0.0.0.0/0`, `::/0` or `10.0.0.0/8` need a NETPOL-NARROW-PEERS exception on the deployment.
   *
   * @param cidr an IPv4 or IPv6 CIDR such as `203.0.113.0/24`
   * @param except CIDRs inside `cidr` to leave out
   */
  public static ipBlock(cidr: string, except?: string[]): SecurePeer {
    return new SecurePeer((scope, prop) => {
      if (except !== undefined && !Array.isArray(except)) {
        throw invalidProp(scope, prop, except, 'the except blocks are not a list', 'pass a list of CIDRs, e.g. ["203.0.113.128/25"]');
      }
      for (const block of [cidr, ...(except ?? [])]) {
        if (typeof block !== 'string' || !isCidr(block)) {
          throw invalidProp(scope, prop, block, 'is not an IPv4 or IPv6 CIDR with a prefix length', 'write the block as "203.0.113.0/24" or "2001:db8:1::/48"');
        }
      }
      return { description: `ipBlock ${cidr}`, peer: { ipBlock: { cidr, except: except && [...except] } } };
    });
  }

  private constructor(private readonly resolver: PeerResolver) {}

  /**
   * Resolves the peer, throwing the standard error (naming `scope` and `prop`) when it cannot be.
   *
   * @internal
   */
  public _resolve(scope: IConstruct, prop: string): ResolvedPeer {
    return this.resolver(scope, prop);
  }
}

function podsPeer(namespace: string, labels: Record<string, string>): kplus.k8s.NetworkPolicyPeer {
  return {
    namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: namespace } },
    podSelector: { matchLabels: { ...labels } },
  };
}

function validNamespace(scope: IConstruct, prop: string, namespace: string | undefined): string {
  const problem = namespace === undefined ? 'is missing' : typeof namespace !== 'string' ? 'is not a string' : dns1123LabelProblem(namespace);
  if (namespace === undefined || problem) {
    throw invalidProp(scope, prop, namespace, `the peer's namespace cannot be resolved: it ${problem}`,
      'name the namespace of the peer (a DNS-1123 label such as "shop")');
  }
  return namespace;
}

const PREFIX_LENGTH = /^[0-9]{1,3}$/;

function isCidr(block: string): boolean {
  const slash = block.indexOf('/');
  if (slash === -1) {
    return false;
  }
  const address = block.slice(0, slash);
  const prefix = block.slice(slash + 1);
  if (!PREFIX_LENGTH.test(prefix)) {
    return false;
  }
  const length = Number(prefix);
  return (isIPv4(address) && length <= 32) || (isIPv6(address) && length <= 128);
}
