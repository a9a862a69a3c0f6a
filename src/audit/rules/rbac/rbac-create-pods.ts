import { checkPolicyRules, coversCoreGroup, coveringResources, grantedVerbs } from './rbac-rules';
import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule } from '../../engine/audit-rule';
import { Severity } from '../../severity';

/** Roles do not create pods directly. */
export const rbacCreatePods: AuditRule = {
  id: RuleId.RBAC_CREATE_PODS,
  group: RuleGroup.SERVICE_ACCOUNTS_RBAC,
  title: 'No `create` on `pods`',
  explanation: 'Whoever creates pods in a namespace can run them as any ServiceAccount of it and mount any of its '
    + 'Secrets and ConfigMaps, so the permission is worth every credential in the namespace. Pod controllers '
    + '(Deployments, Jobs, ...) are not flagged: deploying them is what a deployer does, and the same Pod Security '
    + 'Admission level judges their pods.',
  fix: 'Create workloads through controllers (Deployment, Job, ...) and drop create on pods; a deliberate grant needs '
    + 'Audit.suppress() with a reason.',
  severity: Severity.WARNING,
  kinds: ['Role', 'ClusterRole'],
  appliesTo: 'Roles and ClusterRoles',
  cis: ['5.1.4'],
  documentation: 'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#workload-creation',
  check: (object, context) => checkPolicyRules(object, context, rule => {
    const resources = coveringResources(rule, 'pods');
    const verbs = grantedVerbs(rule, ['create']);
    return coversCoreGroup(rule) && resources.length > 0 && verbs.length > 0
      ? { field: 'verbs', grants: `allows ${verbs.join(', ')} on ${resources.join(', ')}` } : undefined;
  }),
};
