import { policiesSelecting, policyDirections } from './network-policy-coverage';
import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule } from '../../engine/audit-rule';
import { checkPod } from '../../engine/container-checks';
import { POD_BEARING_KINDS } from '../../engine/pod-template';
import { Severity } from '../../severity';

/**
 * Network traffic is denied by default. Each Namespace in the output has a NetworkPolicy with an empty
 * podSelector isolating Ingress and Egress; each pod-bearing workload is selected by NetworkPolicies of its
 * namespace that isolate both directions (its own, or the namespace default-deny).
 */
export const nsDefaultDeny: AuditRule = {
  id: RuleId.NS_DEFAULT_DENY,
  group: RuleGroup.NETWORK,
  title: 'Default-deny NetworkPolicy (empty podSelector, Ingress and Egress) per Namespace; every workload isolated in both directions',
  explanation: 'Pods that no NetworkPolicy selects accept connections from, and open connections to, anything in the '
    + 'cluster and beyond (including cloud metadata endpoints): one compromised pod reaches every other.',
  fix: 'SecureNamespace creates a default-deny policy; SecureDeployment creates its own NetworkPolicy (open it with '
    + 'allowFrom()/allowTo()); SecureIngress allows its controller in.',
  severity: Severity.WARNING,
  kinds: ['Namespace', ...POD_BEARING_KINDS],
  appliesTo: 'Namespace objects in the output, and every pod-bearing workload',
  cis: ['5.3.2'],
  documentation: 'https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies',
  check: (object, context) => {
    if (object.kind === 'Namespace') {
      const defaults = context.index.inNamespace('NetworkPolicy', object.name).map(policyDirections).filter(p => p.selectsAll);
      // Policies are additive: one namespace-wide rule without peers opens the direction for every pod.
      const ingress = defaults.some(p => p.ingress) && !defaults.some(p => p.ingress && p.ingressOpen);
      const egress = defaults.some(p => p.egress) && !defaults.some(p => p.egress && p.egressOpen);
      if (ingress && egress) {
        return [];
      }
      const missing = [!ingress ? 'Ingress' : undefined, !egress ? 'Egress' : undefined].filter(Boolean).join(' and ');
      const opened = defaults.filter(p => (!ingress && p.ingress && p.ingressOpen) || (!egress && p.egress && p.egressOpen)).map(p => p.policy.name);
      return [{
        path: '',
        message: `namespace ${object.name} has no default-deny NetworkPolicy (empty podSelector) for ${missing}`
          + (opened.length > 0 ? ` (${opened.join(', ')} select every pod but have a rule without peers, which admits everything)` : ''),
      }];
    }
    return checkPod(object, pod => {
      const policies = policiesSelecting(context.index, object.namespace, pod.labels);
      const ingress = policies.some(p => p.ingress);
      const egress = policies.some(p => p.egress);
      if (ingress && egress) {
        return [];
      }
      const missing = [!ingress ? 'Ingress' : undefined, !egress ? 'Egress' : undefined].filter(Boolean).join(' and ');
      return [{
        path: `${pod.metadataPath}.labels`,
        message: policies.length === 0
          ? 'no NetworkPolicy in the namespace selects the pods'
          : `the NetworkPolicies selecting the pods (${policies.map(p => p.policy.name).join(', ')}) do not isolate ${missing}`,
      }];
    });
  },
};
