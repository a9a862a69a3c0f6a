import { policyDirections } from './network-policy-coverage';
import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule, Violation } from '../../engine/audit-rule';
import { asArray, asObject, asString, getIn } from '../../engine/json';
import { Severity } from '../../severity';

const DNS_PORT_NAMES = new Set(['dns', 'dns-tcp', 'dns-udp']);

function isDnsPort(port: unknown): boolean {
  return port === 53 || port === '53' || DNS_PORT_NAMES.has(String(port));
}

/**
 * The namespace-wide (empty podSelector) egress policies of each Namespace in the output allow DNS — port 53
 * over UDP and TCP to named destinations — and nothing else.
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
    if (defaults.length === 0) {
      return [{ path: '', message: `namespace ${namespace.name} has no namespace-wide egress NetworkPolicy allowing DNS` }];
    }
    const violations: Violation[] = [];
    const protocols = new Set<string>();
    for (const { policy } of defaults) {
      asArray(getIn(policy.json, 'spec', 'egress')).forEach((entry, i) => {
        const rule = asObject(entry) ?? {};
        const ports = asArray(rule.ports).map(port => asObject(port) ?? {});
        const where = `NetworkPolicy ${policy.name} spec.egress[${i}]`;
        if (ports.length === 0) {
          violations.push({ path: '', message: `${where} allows every port to every pod of the namespace` });
          return;
        }
        const other = ports.filter(port => !isDnsPort(port.port));
        if (other.length > 0) {
          violations.push({ path: '', message: `${where} allows ports other than DNS (${other.map(port => JSON.stringify(port.port ?? 'all')).join(', ')}) to every pod of the namespace` });
          return;
        }
        if (asArray(rule.to).length === 0) {
          violations.push({ path: '', message: `${where} allows DNS to any destination, not only the cluster DNS` });
          return;
        }
        ports.forEach(port => protocols.add(asString(port.protocol) ?? 'TCP'));
      });
    }
    for (const protocol of ['UDP', 'TCP']) {
      if (!protocols.has(protocol)) {
        violations.push({ path: '', message: `no namespace-wide egress NetworkPolicy of namespace ${namespace.name} allows DNS over ${protocol} (port 53)` });
      }
    }
    return violations;
  },
};
