/**
 * What a narrow NetworkPolicy peer is (control NETPOL-NARROW-PEERS): the one definition SecureDeployment,
 * SecureNamespace and SecureIngress check their policies with at synth time, and the audit checks every
 * NetworkPolicy with.
 *
 * A rule is too broad when it admits
 * - every source or destination: a rule without peers (`ingress: [{}]`, `from: []`), which also admits every
 *   address outside the cluster;
 * - every namespace: a `namespaceSelector` that names no namespace (`{}`, or only `Exists`/`NotIn`/`DoesNotExist`
 *   requirements, which every namespace, or every namespace but a few, meets);
 * - a large address block: an `ipBlock` shorter than /16 (IPv4) or /48 (IPv6), such as `0.0.0.0/0`, `::/0` or
 *   `10.0.0.0/8` (the latter usually holds the cluster's own pod and service ranges); `except` entries do not
 *   make a block narrow;
 * - for egress, a block that contains a cloud instance-metadata address (169.254.169.254, fd00:ec2::254) without
 *   excepting it: pods could read the node's cloud credentials.
 *
 * `podSelector: {}` without a `namespaceSelector` (every pod of the policy's own namespace) is narrow: it is the
 * namespace boundary, and `SecurePeer.namespace()` names it deliberately.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#behavior-of-to-and-from-selectors
 */

import { BlockList, isIPv4, isIPv6 } from 'net';

/** The shortest IPv4 prefix a narrow `ipBlock` may have. */
export const MIN_IPV4_PREFIX = 16;
/** The shortest IPv6 prefix a narrow `ipBlock` may have. */
export const MIN_IPV6_PREFIX = 48;

/** Cloud instance-metadata addresses that egress rules must not reach by accident. */
export const INSTANCE_METADATA_ADDRESSES: readonly string[] = ['169.254.169.254', 'fd00:ec2::254'];

/** One too-broad part of a NetworkPolicy spec. */
export interface BroadPeerProblem {
  /** JSON path from the object root, e.g. `spec.ingress[0].from[1].ipBlock.cidr`. */
  readonly path: string;
  /** What the rule admits, in words. */
  readonly message: string;
}

type Json = Record<string, unknown>;

/** The too-broad rules and peers of a NetworkPolicy `spec` (any JSON; malformed parts are ignored). */
export function broadPeerProblems(spec: unknown): BroadPeerProblem[] {
  const problems: BroadPeerProblem[] = [];
  const object = asObject(spec);
  if (!object) {
    return problems;
  }
  for (const direction of ['ingress', 'egress'] as const) {
    const peersKey = direction === 'ingress' ? 'from' : 'to';
    const everyone = direction === 'ingress' ? 'every source' : 'every destination';
    const rules = Array.isArray(object[direction]) ? object[direction] as unknown[] : [];
    rules.forEach((entry, i) => {
      const rule = asObject(entry) ?? {};
      const peers = rule[peersKey];
      if (!Array.isArray(peers) || peers.length === 0) {
        problems.push({
          path: `spec.${direction}[${i}]`,
          message: `${direction} rule ${i} has no '${peersKey}' peers, so it admits ${everyone}: every pod of every namespace and every address outside the cluster`,
        });
        return;
      }
      peers.forEach((peerEntry, j) => {
        const problem = peerProblem(asObject(peerEntry), direction === 'egress');
        if (problem) {
          problems.push({ path: `spec.${direction}[${i}].${peersKey}[${j}]${problem.subPath}`, message: `${direction} rule ${i}, peer ${j}: ${problem.message}` });
        }
      });
    });
  }
  return problems;
}

/** Whether `cidr` (e.g. `10.0.0.0/8`) is broader than a narrow ipBlock may be; malformed blocks are not judged here. */
export function isBroadCidr(cidr: string): boolean {
  const parsed = parseCidr(cidr);
  if (!parsed) {
    return false;
  }
  if (parsed.family === 'ipv4') {
    return parsed.prefix < MIN_IPV4_PREFIX;
  }
  // A block that holds IPv4 addresses embedded in IPv6 (::ffff:a.b.c.d, NAT64 64:ff9b::a.b.c.d) without being one
  // of them covers every IPv4 address.
  const block = new BlockList();
  block.addSubnet(parsed.address, parsed.prefix, 'ipv6');
  if (IPV4_IN_IPV6_PREFIXES.some((prefix) => block.check(`${prefix}0.0.0.0`, 'ipv6') || block.check(`${prefix}255.255.255.255`, 'ipv6'))) {
    return true;
  }
  return parsed.prefix < MIN_IPV6_PREFIX;
}

/** The instance-metadata address `cidr` contains and `except` does not leave out, if any. */
export function exposedMetadataAddress(cidr: string, except: readonly string[]): string | undefined {
  const block = parseCidr(cidr);
  if (!block) {
    return undefined;
  }
  const within = new BlockList();
  within.addSubnet(block.address, block.prefix, block.family);
  const excepted = new BlockList();
  for (const entry of except) {
    const parsed = parseCidr(entry);
    if (parsed) {
      excepted.addSubnet(parsed.address, parsed.prefix, parsed.family);
    }
  }
  return INSTANCE_METADATA_ADDRESSES.find((address) => {
    const family = isIPv4(address) ? 'ipv4' : 'ipv6';
    return family === block.family && within.check(address, family) && !excepted.check(address, family);
  });
}

/** IPv6 prefixes that embed an IPv4 address in their last 32 bits (IPv4-mapped, NAT64 well-known prefix). */
const IPV4_IN_IPV6_PREFIXES: readonly string[] = ['::ffff:', '64:ff9b::'];

function peerProblem(peer: Json | undefined, egress: boolean): { subPath: string; message: string } | undefined {
  if (!peer || Object.keys(peer).filter((key) => peer[key] !== undefined && peer[key] !== null).length === 0) {
    return { subPath: '', message: 'an empty peer names nobody (the API server rejects it); name pods with their namespace, a namespace, or an ipBlock' };
  }
  const ipBlock = asObject(peer.ipBlock);
  if (ipBlock) {
    const cidr = typeof ipBlock.cidr === 'string' ? ipBlock.cidr.trim() : '';
    const except = Array.isArray(ipBlock.except) ? ipBlock.except.filter((e): e is string => typeof e === 'string').map((e) => e.trim()) : [];
    if (parseCidr(cidr) === undefined) {
      return {
        subPath: '.ipBlock.cidr',
        message: `ipBlock ${JSON.stringify(ipBlock.cidr)} is not a CIDR that can be judged (an address with a prefix length, such as 203.0.113.0/24), so it may admit anything`,
      };
    }
    if (isBroadCidr(cidr)) {
      return {
        subPath: '.ipBlock.cidr',
        message: `ipBlock ${cidr} is broader than /${parseCidr(cidr)?.family === 'ipv4' ? MIN_IPV4_PREFIX : MIN_IPV6_PREFIX} `
          + '(a block this large admits the internet or the cluster\'s own address ranges; except entries do not narrow it)',
      };
    }
    const metadata = egress ? exposedMetadataAddress(cidr, except) : undefined;
    if (metadata) {
      return {
        subPath: '.ipBlock',
        message: `ipBlock ${cidr} contains the cloud instance-metadata address ${metadata}, which pods could use to read the node's cloud credentials`,
      };
    }
    return undefined;
  }
  if (peer.namespaceSelector !== undefined && peer.namespaceSelector !== null && !namesNamespaces(peer.namespaceSelector)) {
    return {
      subPath: '.namespaceSelector',
      message: 'the namespaceSelector names no namespace (empty, or only Exists/NotIn/DoesNotExist requirements), so it admits pods of every namespace, including ones created later',
    };
  }
  return undefined;
}

/** Whether a namespace selector narrows the namespaces by at least one label value (`matchLabels` or `In`). */
function namesNamespaces(selector: unknown): boolean {
  const object = asObject(selector);
  if (!object) {
    return false;
  }
  const labels = asObject(object.matchLabels) ?? {};
  if (Object.values(labels).some((value) => typeof value === 'string')) {
    return true;
  }
  const expressions = Array.isArray(object.matchExpressions) ? object.matchExpressions : [];
  return expressions.some((entry) => {
    const expression = asObject(entry);
    return expression?.operator === 'In' && Array.isArray(expression.values) && expression.values.length > 0;
  });
}

interface ParsedCidr {
  readonly address: string;
  readonly prefix: number;
  readonly family: 'ipv4' | 'ipv6';
}

/**
 * Parses a CIDR as the API server does: IPv4 octets may have leading zeros (Kubernetes 1.28 parses them "sloppily",
 * as decimal), and an IPv6 block of IPv4-embedding addresses (`::ffff:10.0.0.0/104`) is judged as the IPv4 block it
 * stands for.
 */
function parseCidr(cidr: string): ParsedCidr | undefined {
  const match = /^([^/\s]+)\/([0-9]{1,3})$/.exec(cidr.trim());
  if (!match) {
    return undefined;
  }
  const prefix = Number(match[2]);
  const ipv4 = sloppyIPv4(match[1]);
  if (ipv4 !== undefined) {
    return prefix <= 32 ? { address: ipv4, prefix, family: 'ipv4' } : undefined;
  }
  if (!isIPv6(match[1]) || prefix > 128) {
    return undefined;
  }
  if (prefix >= 96) {
    const block = new BlockList();
    block.addAddress(match[1], 'ipv6');
    for (const embedding of IPV4_IN_IPV6_PREFIXES) {
      const range = new BlockList();
      range.addSubnet(`${embedding}0.0.0.0`, 96, 'ipv6');
      if (range.check(match[1], 'ipv6')) {
        return { address: embeddedIPv4(match[1]), prefix: prefix - 96, family: 'ipv4' };
      }
    }
  }
  return { address: match[1], prefix, family: 'ipv6' };
}

/** `a.b.c.d` with octets of up to three decimal digits (leading zeros allowed), normalised; otherwise `undefined`. */
function sloppyIPv4(address: string): string | undefined {
  const octets = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(address);
  if (!octets) {
    return undefined;
  }
  const values = octets.slice(1).map(Number);
  return values.every((value) => value <= 255) ? values.join('.') : undefined;
}

/** The IPv4 address in the last 32 bits of an IPv6 address. */
function embeddedIPv4(address: string): string {
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (dotted) {
    return sloppyIPv4(dotted[1]) ?? '0.0.0.0';
  }
  const groups = expandIPv6(address);
  const high = parseInt(groups[6], 16);
  const low = parseInt(groups[7], 16);
  return [Math.floor(high / 256), high % 256, Math.floor(low / 256), low % 256].join('.');
}

function expandIPv6(address: string): string[] {
  const [head, tail] = address.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  return [...headGroups, ...Array(Math.max(missing, 0)).fill('0'), ...tailGroups];
}

function asObject(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value as Json : undefined;
}
