import { checkPolicyRules, coveringResources, coversGroup, grantedVerbs, normalised } from './rbac-rules';
import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule } from '../../engine/audit-rule';
import { Severity } from '../../severity';

const ESCALATION_VERBS = ['escalate', 'bind', 'impersonate'];

/** Roles cannot raise their own privileges or act as someone else. */
export const rbacEscalate: AuditRule = {
  id: RuleId.RBAC_ESCALATE,
  group: RuleGroup.SERVICE_ACCOUNTS_RBAC,
  title: 'No `escalate`, `bind` or `impersonate` verbs in Roles and ClusterRoles',
  explanation: 'escalate lets a subject write Roles with permissions it does not hold, bind lets it bind any Role to '
    + 'itself, and impersonate lets it act as any user, group or ServiceAccount: each is a way to any permission the '
    + 'cluster has. A `*` verb on roles, bindings, users, groups or ServiceAccounts includes them.',
  fix: 'Remove the verbs. Role management belongs to the platform team\'s own tooling; a deliberate grant needs '
    + 'Audit.suppress() with a reason.',
  severity: Severity.ERROR,
  kinds: ['Role', 'ClusterRole'],
  appliesTo: 'Roles and ClusterRoles',
  cis: ['5.1.8'],
  documentation: 'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#escalate-verb',
  check: (object, context) => checkPolicyRules(object, context, rule => {
    const explicit = rule.verbs.filter(verb => ESCALATION_VERBS.includes(normalised(verb)));
    if (explicit.length > 0) {
      return { field: 'verbs', grants: `allows ${explicit.join(', ')}` };
    }
    const wildcard = grantedVerbs(rule, []).length > 0 && (
      (coversGroup(rule, 'rbac.authorization.k8s.io') && ['roles', 'clusterroles'].some(r => coveringResources(rule, r).length > 0))
      || (coversGroup(rule, '') && ['users', 'groups', 'serviceaccounts'].some(r => coveringResources(rule, r).length > 0))
      || (coversGroup(rule, 'authentication.k8s.io') && ['userextras/*', 'uids'].some(r => coveringResources(rule, r).length > 0)));
    return wildcard ? { field: 'verbs', grants: `allows every verb (*), including ${ESCALATION_VERBS.join(', ')}, on ${rule.resources.join(', ')}` } : undefined;
  }),
};
