import { ClusterDns } from './cluster-dns';
import { dns1123LabelProblem } from '../profile/namespace-name';

/** What is wrong with a ClusterDns, relative to the prop that holds it. */
export interface ClusterDnsProblem {
  /** The field below the prop, e.g. `port`. */
  readonly field: string;
  readonly value: unknown;
  readonly problem: string;
  readonly fix: string;
}

/**
 * Checks the values a ClusterDns factory was given (the factories accept any value from plain JavaScript): the
 * port, the DNS pods' namespace and labels, and the NodeLocal DNSCache address.
 */
export function clusterDnsProblem(dns: ClusterDns): ClusterDnsProblem | undefined {
  if (!Number.isInteger(dns.port) || dns.port < 1 || dns.port > 65535) {
    return { field: 'port', value: dns.port, problem: 'is not a port number (1-65535)', fix: 'pass the port the DNS pods listen on, usually 53' };
  }
  for (const pods of dns._pods) {
    const problem = dns1123LabelProblem(pods.namespace);
    if (problem) {
      return { field: 'namespace', value: pods.namespace, problem, fix: 'pass the namespace of the DNS pods, usually "kube-system"' };
    }
    if (Object.keys(pods.podLabels).length === 0) {
      return {
        field: 'podLabels',
        value: pods.podLabels,
        problem: `an empty selector would allow egress to every pod of "${pods.namespace}"`,
        fix: 'pass the labels of the DNS pods, e.g. { "k8s-app": "kube-dns" }',
      };
    }
  }
  for (const cidr of dns._cidrs) {
    if (!isIpv4Cidr(cidr)) {
      return { field: 'address', value: cidr.replace(/\/32$/, ''), problem: 'is not an IPv4 address', fix: 'pass the NodeLocal DNSCache address, usually "169.254.20.10"' };
    }
  }
  return undefined;
}

function isIpv4Cidr(cidr: string): boolean {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  return match !== null && match.slice(1, 5).every((octet) => Number(octet) <= 255) && Number(match[5]) <= 32;
}
