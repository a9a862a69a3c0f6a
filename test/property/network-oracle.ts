/*
 * An evaluator of Kubernetes NetworkPolicies, written from the API's documented semantics and
 * independent of the library: it reads only synthesized manifests.
 *
 * - A pod is isolated for ingress (egress) once any NetworkPolicy of its namespace whose podSelector
 *   selects it lists `Ingress` (`Egress`) in its policyTypes (default policyTypes: Ingress, plus
 *   Egress when the spec has egress rules). An isolated pod admits exactly the union of the rules of
 *   those policies; a non-isolated one admits everything.
 * - A connection is allowed iff the source's egress and the destination's ingress both allow it.
 * - A rule without `from`/`to` (or an empty list) matches every peer; without `ports` (or empty) every
 *   port. A peer with only a podSelector means pods of the policy's namespace; with a namespaceSelector,
 *   pods of the selected namespaces (all of them without a podSelector). ipBlock matches only
 *   endpoints outside the pod network (the model gives pods no address an ipBlock could match).
 * - Ports: protocol (default TCP), a number (with endPort: a range), a name (resolved against the
 *   destination pod's container ports), or no port (every port of the protocol).
 * - Selectors: matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist), ANDed; an
 *   empty selector matches everything.
 */

export type Labels = Record<string, string>;
export type Protocol = 'TCP' | 'UDP' | 'SCTP';

/** A pod (with its namespace's labels) or an address outside the pod network. */
export interface Endpoint {
  /** For messages. */
  readonly id: string;
  readonly kind: 'pod' | 'external';
  readonly namespace?: string;
  readonly labels?: Labels;
  readonly namespaceLabels?: Labels;
  /** Named container ports of the pod. */
  readonly containerPorts?: { name?: string; port: number; protocol: Protocol }[];
  /** IPv4 address of an external endpoint. */
  readonly ip?: string;
}

interface LabelSelector {
  matchLabels?: Labels;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

interface PolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}

interface PolicyPort {
  protocol?: Protocol;
  port?: number | string;
  endPort?: number;
}

interface PolicyRule {
  from?: PolicyPeer[];
  to?: PolicyPeer[];
  ports?: PolicyPort[];
}

export interface NetworkPolicyManifest {
  metadata: { name: string; namespace?: string };
  spec: {
    podSelector: LabelSelector;
    policyTypes?: string[];
    ingress?: PolicyRule[];
    egress?: PolicyRule[];
  };
}

export function selectorMatches(selector: LabelSelector | undefined, labels: Labels): boolean {
  if (selector === undefined || selector === null) {
    return true;
  }
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) {
      return false;
    }
  }
  for (const expression of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, expression.key);
    const values = expression.values ?? [];
    switch (expression.operator) {
      case 'In':
        if (!has || !values.includes(labels[expression.key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[expression.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        throw new Error(`unknown selector operator ${expression.operator}`);
    }
  }
  return true;
}

function ipv4ToNumber(address: string): number | undefined {
  const parts = address.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^[0-9]{1,3}$/.test(p) || Number(p) > 255)) {
    return undefined;
  }
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

/** Whether `ip` is inside the IPv4 `cidr`; IPv6 blocks contain no IPv4 address of the model. */
export function cidrContains(cidr: string, ip: string): boolean {
  const [base, prefixText] = cidr.split('/');
  const baseNumber = ipv4ToNumber(base);
  const ipNumber = ipv4ToNumber(ip);
  if (baseNumber === undefined || ipNumber === undefined) {
    return false;
  }
  const prefix = Number(prefixText);
  const size = 2 ** (32 - prefix);
  return Math.floor(baseNumber / size) === Math.floor(ipNumber / size);
}

function peerMatches(peer: PolicyPeer, other: Endpoint, policyNamespace: string): boolean {
  if (peer.ipBlock) {
    return other.kind === 'external' && other.ip !== undefined && cidrContains(peer.ipBlock.cidr, other.ip)
      && !(peer.ipBlock.except ?? []).some((block) => cidrContains(block, other.ip!));
  }
  if (other.kind !== 'pod') {
    return false;
  }
  if (peer.namespaceSelector !== undefined) {
    if (!selectorMatches(peer.namespaceSelector, other.namespaceLabels ?? {})) {
      return false;
    }
  } else if (other.namespace !== policyNamespace) {
    return false;
  }
  return selectorMatches(peer.podSelector, other.labels ?? {});
}

function portMatches(ports: PolicyPort[] | undefined, destination: Endpoint, protocol: Protocol, port: number): boolean {
  if (!ports || ports.length === 0) {
    return true;
  }
  return ports.some((p) => {
    if ((p.protocol ?? 'TCP') !== protocol) {
      return false;
    }
    if (p.port === undefined) {
      return true;
    }
    if (typeof p.port === 'string') {
      const named = (destination.containerPorts ?? []).find((c) => c.name === p.port && c.protocol === protocol);
      return named !== undefined && named.port === port;
    }
    return p.endPort === undefined ? p.port === port : p.port <= port && port <= p.endPort;
  });
}

function policyTypes(policy: NetworkPolicyManifest): string[] {
  return policy.spec.policyTypes ?? (policy.spec.egress ? ['Ingress', 'Egress'] : ['Ingress']);
}

/** Evaluates connections between endpoints under a set of NetworkPolicies. */
export class NetworkOracle {
  private readonly selected = new Map<Endpoint, Map<string, NetworkPolicyManifest[]>>();

  constructor(private readonly policies: NetworkPolicyManifest[]) {}

  private selecting(pod: Endpoint, type: 'Ingress' | 'Egress'): NetworkPolicyManifest[] {
    if (pod.kind !== 'pod') {
      return [];
    }
    const byType = this.selected.get(pod) ?? new Map<string, NetworkPolicyManifest[]>();
    this.selected.set(pod, byType);
    const cached = byType.get(type);
    if (cached) {
      return cached;
    }
    const found = this.policies.filter((policy) => (policy.metadata.namespace ?? 'default') === pod.namespace
      && policyTypes(policy).includes(type) && selectorMatches(policy.spec.podSelector, pod.labels ?? {}));
    byType.set(type, found);
    return found;
  }

  /** Whether the source's egress policies let it send to `destination` on the port. */
  public egressAllows(source: Endpoint, destination: Endpoint, protocol: Protocol, port: number): boolean {
    const policies = this.selecting(source, 'Egress');
    return policies.length === 0 || policies.some((policy) => (policy.spec.egress ?? []).some((rule) =>
      (!rule.to || rule.to.length === 0 || rule.to.some((peer) => peerMatches(peer, destination, policy.metadata.namespace ?? 'default')))
      && portMatches(rule.ports, destination, protocol, port)));
  }

  /** Whether the destination's ingress policies let it receive from `source` on the port. */
  public ingressAllows(source: Endpoint, destination: Endpoint, protocol: Protocol, port: number): boolean {
    const policies = this.selecting(destination, 'Ingress');
    return policies.length === 0 || policies.some((policy) => (policy.spec.ingress ?? []).some((rule) =>
      (!rule.from || rule.from.length === 0 || rule.from.some((peer) => peerMatches(peer, source, policy.metadata.namespace ?? 'default')))
      && portMatches(rule.ports, destination, protocol, port)));
  }

  /** Whether a connection from `source` to `destination` on the port is allowed. */
  public allows(source: Endpoint, destination: Endpoint, protocol: Protocol, port: number): boolean {
    return this.egressAllows(source, destination, protocol, port) && this.ingressAllows(source, destination, protocol, port);
  }
}
