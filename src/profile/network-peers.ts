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
      const rulePath = `spec.${direction}[${i}]`;
      const rule = asObject(entry) ?? {};
      const peers = rule[peersKey];
      if (!Array.isArray(peers) || peers.length === 0) {
        problems.push({
          path: rulePath,
          message: `${direction} rule ${i} has no '${peersKey}' peers, so it admits ${everyone}: every pod of every namespace and every address outside the cluster`,
        });
        return;
      }
      peers.forEach((peerEntry, j) => {
        const problem = peerProblem(asObject(peerEntry), direction === 'egress');
        if (problem) {
          problems.push({ path: `${rulePath}.${peersKey}[${j}]${problem.subPath}`, message: `${direction} rule ${i}, peer ${j}: ${problem.message}` });
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
  // IPv4-mapped addresses (::ffff:a.b.c.d) are judged by the IPv4 prefix they cover.
  const block = new BlockList();
  block.addSubnet(parsed.address, parsed.prefix, 'ipv6');
  if (block.check('::ffff:0.0.0.0', 'ipv6') || block.check('::ffff:255.255.255.255', 'ipv6')) {
    return Math.max(parsed.prefix - 96, 0) < MIN_IPV4_PREFIX;
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

function peerProblem(peer: Json | undefined, egress: boolean): { subPath: string; message: string } | undefined {
  if (!peer || Object.keys(peer).filter((key) => peer[key] !== undefined && peer[key] !== null).length === 0) {
    return { subPath: '', message: 'an empty peer names nobody (the API server rejects it); name pods with their namespace, a namespace, or an ipBlock' };
  }
  const ipBlock = asObject(peer.ipBlock);
  if (ipBlock) {
    const cidr = typeof ipBlock.cidr === 'string' ? ipBlock.cidr.trim() : '';
    const except = Array.isArray(ipBlock.except) ? ipBlock.except.filter((e): e is string => typeof e === 'string').map((e) => e.trim()) : [];
    if (isBroadCidr(cidr)) {
      return {
        subPath: '.ipBlock.cidr',
        message: `ipBlock ${cidr} is broader than /${isIPv4(cidr.split('/')[0]) ? MIN_IPV4_PREFIX : MIN_IPV6_PREFIX} `
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

function parseCidr(cidr: string): ParsedCidr | undefined {
  const match = /^([^/\s]+)\/([0-9]{1,3})$/.exec(cidr.trim());
  if (!match) {
    return undefined;
  }
  const prefix = Number(match[2]);
  if (isIPv4(match[1]) && prefix <= 32) {
    return { address: match[1], prefix, family: 'ipv4' };
  }
  if (isIPv6(match[1]) && prefix <= 128) {
    return { address: match[1], prefix, family: 'ipv6' };
  }
  return undefined;
}

function asObject(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value as Json : undefined;
}
