import { policyDirections } from './network-policy-coverage';
import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule, Violation } from '../../engine/audit-rule';
import { asArray, asObject, asString, getIn, JsonObject, stringMap } from '../../engine/json';
import { Severity } from '../../severity';

const DNS_PORT_NAMES = new Set(['dns', 'dns-tcp', 'dns-udp']);

function isDnsPort(port: unknown): boolean {
  return port === 53 || port === '53' || DNS_PORT_NAMES.has(String(port));
}

/** Whether a peer names specific pods of a specific namespace (e.g. a service-mesh control plane). */
function isNarrowPeer(peer: JsonObject): boolean {
  const namespaces = asObject(peer.namespaceSelector);
  const pods = asObject(peer.podSelector);
  const narrow = (selector: JsonObject | undefined) => !!selector
    && (Object.keys(stringMap(selector.matchLabels)).length > 0 || asArray(selector.matchExpressions).length > 0);
  return narrow(namespaces) && narrow(pods);
}

/**
 * The namespace-wide (empty podSelector) egress policies of each Namespace in the output allow DNS — port 53
 * over UDP and TCP to named destinations — and nothing broader: other namespace-wide egress must name both the
 * namespace and the pods it goes to (e.g. a service-mesh control plane). A namespace that allows no DNS at all is
 * reported as INFO (more restrictive, but workloads must then allow DNS themselves).
 */
export const nsDnsEgress: AuditRule = {
  id: RuleId.NS_DNS_EGRESS,
  group: RuleGroup.NETWORK,
  title: 'Pods of each Namespace may reach cluster DNS (port 53, UDP and TCP) and nothing else by default',
  explanation: 'With default-deny egress, pods cannot even resolve names unless DNS is allowed; allowing more than DNS '
    + 'by default (or DNS to any destination) reopens the egress path that default-deny closes.',
  fix: 'SecureNamespace allows egress to the cluster DNS (kube-system/kube-dns, 53 UDP+TCP) only; open other '
    + 'destinations per workload with SecureDeployment.allowTo().',
  severity: Severity.WARNING,
  kinds: ['Namespace'],
  appliesTo: 'Namespace objects in the output',
  cis: [],
  documentation: 'https://kubernetes.io/docs/concepts/services-networking/network-policies/',
  check: (namespace, context) => {
    const defaults = context.index.inNamespace('NetworkPolicy', namespace.name).map(policyDirections).filter(p => p.selectsAll && p.egress);
    const violations: Violation[] = [];
    const protocols = new Set<string>();
    for (const { policy } of defaults) {
      asArray(getIn(policy.json, 'spec', 'egress')).forEach((entry, i) => {
        const rule = asObject(entry) ?? {};
        const ports = asArray(rule.ports).map(port => asObject(port) ?? {});
        const peers = asArray(rule.to).map(peer => asObject(peer) ?? {});
        const where = `NetworkPolicy ${policy.name} spec.egress[${i}]`;
        if (ports.length === 0) {
          violations.push({ path: '', message: `${where} allows every port to ${peers.length === 0 ? 'any destination' : 'its peers'} for every pod of the namespace` });
          return;
        }
        if (peers.length === 0) {
          violations.push({ path: '', message: `${where} allows ports ${ports.map(p => JSON.stringify(p.port)).join(', ')} to any destination for every pod of the namespace` });
          return;
        }
        if (ports.every(port => isDnsPort(port.port))) {
          ports.forEach(port => protocols.add(asString(port.protocol) ?? 'TCP'));
        } else if (!peers.every(isNarrowPeer)) {
          violations.push({ path: '', message: `${where} allows ports other than DNS to destinations broader than named pods of a named namespace, for every pod of the namespace` });
        }
      });
    }
    const missing = ['UDP', 'TCP'].filter(protocol => !protocols.has(protocol));
    if (missing.length > 0) {
      violations.push({
        path: '',
        severity: Severity.INFO,
        message: `no namespace-wide egress NetworkPolicy of namespace ${namespace.name} allows DNS over ${missing.join(' and ')} (port 53); `
          + 'each workload has to allow DNS itself',
      });
    }
    return violations;
  },
};
