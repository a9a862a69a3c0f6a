import { checkPolicyRules, coversCoreGroup, coveringResources, grantedVerbs } from './rbac-rules';
import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule } from '../../engine/audit-rule';
import { Severity } from '../../severity';

/** Roles cannot mint tokens for ServiceAccounts. */
export const rbacSaToken: AuditRule = {
  id: RuleId.RBAC_SA_TOKEN,
  group: RuleGroup.SERVICE_ACCOUNTS_RBAC,
  title: 'No `create` on `serviceaccounts/token`',
  explanation: 'create on serviceaccounts/token issues a token for any ServiceAccount the rule covers, so the subject '
    + 'can act as the most privileged ServiceAccount of the namespace (or the cluster, in a ClusterRole).',
  fix: 'Remove the rule; workloads get their own token through a projected volume. If a controller must issue tokens, '
    + 'restrict it with resourceNames and accept the finding with Audit.suppress() and a reason.',
  severity: Severity.ERROR,
  kinds: ['Role', 'ClusterRole'],
  appliesTo: 'Roles and ClusterRoles',
  cis: [],
  documentation: 'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#token-request',
  check: (object, context) => checkPolicyRules(object, context, rule => {
    const resources = coveringResources(rule, 'serviceaccounts/token');
    const verbs = grantedVerbs(rule, ['create']);
    return coversCoreGroup(rule) && resources.length > 0 && verbs.length > 0
      ? { field: 'resources', grants: `allows ${verbs.join(', ')} on ${resources.join(', ')}` } : undefined;
  }),
};
