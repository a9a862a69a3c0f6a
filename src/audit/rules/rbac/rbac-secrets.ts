import { checkPolicyRules, coversCoreGroup, coveringResources, grantedVerbs } from './rbac-rules';
import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule } from '../../engine/audit-rule';
import { Severity } from '../../severity';

const READ_VERBS = ['get', 'list', 'watch'];

/** Roles read Secrets only by name. */
export const rbacSecrets: AuditRule = {
  id: RuleId.RBAC_SECRETS,
  group: RuleGroup.SERVICE_ACCOUNTS_RBAC,
  title: 'No get/list/watch on secrets unless restricted with `resourceNames`',
  explanation: 'Reading every Secret of a namespace (or the cluster) exposes every credential in it, including the '
    + 'tokens of more privileged ServiceAccounts. list and watch return Secret contents too.',
  fix: 'List the Secrets the app reads in resourceNames, with get only; better, mount them as files with SecureDeployment\'s secret-as-file API.',
  severity: Severity.WARNING,
  kinds: ['Role', 'ClusterRole'],
  appliesTo: 'Roles and ClusterRoles',
  cis: ['5.1.2'],
  documentation: 'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#listing-secrets',
  check: (object, context) => checkPolicyRules(object, context, rule => {
    const secrets = coversCoreGroup(rule)
      && (coveringResources(rule, 'secrets').length > 0 || rule.resources.some(resource => resource.trim().toLowerCase().startsWith('secrets/')));
    const verbs = grantedVerbs(rule, READ_VERBS);
    return secrets && verbs.length > 0 && rule.resourceNames.length === 0
      ? { field: 'resourceNames', grants: `allows ${verbs.join(', ')} on all secrets` } : undefined;
  }),
};
