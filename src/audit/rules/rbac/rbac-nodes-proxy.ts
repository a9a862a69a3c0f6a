import { checkPolicyRules, coversCoreGroup, coveringResources } from './rbac-rules';
import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule } from '../../engine/audit-rule';
import { Severity } from '../../severity';

/** Roles do not reach the kubelet API. */
export const rbacNodesProxy: AuditRule = {
  id: RuleId.RBAC_NODES_PROXY,
  group: RuleGroup.SERVICE_ACCOUNTS_RBAC,
  title: 'No access to `nodes/proxy`',
  explanation: 'nodes/proxy reaches the kubelet API of every node, which runs commands in any pod on the node; those '
    + 'calls bypass admission control and are not recorded as pod exec in the API server\'s audit log. Any verb is enough.',
  fix: 'Remove nodes/proxy; monitoring agents read metrics from nodes/metrics or nodes/stats instead. A deliberate grant '
    + 'needs Audit.suppress() with a reason.',
  severity: Severity.ERROR,
  kinds: ['Role', 'ClusterRole'],
  appliesTo: 'Roles and ClusterRoles',
  cis: [],
  documentation: 'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#access-to-proxy-subresource-of-nodes',
  check: (object, context) => checkPolicyRules(object, context, rule => {
    const resources = coveringResources(rule, 'nodes/proxy');
    return coversCoreGroup(rule) && resources.length > 0 && rule.verbs.length > 0
      ? { field: 'resources', grants: `grants ${resources.join(', ')} (${rule.verbs.join(', ')})` } : undefined;
  }),
};
