import { coversCoreGroup, policyRules } from './rbac-rules';
import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule, Violation } from '../../engine/audit-rule';
import { Severity } from '../../severity';

const EXEC_RESOURCES = ['pods/exec', 'pods/attach', 'pods/*'];

/** Roles grant no exec into or attach to pods. */
export const rbacExec: AuditRule = {
  id: RuleId.RBAC_EXEC,
  group: RuleGroup.SERVICE_ACCOUNTS_RBAC,
  title: 'No `pods/exec` or `pods/attach` permissions',
  explanation: 'exec and attach run commands inside other pods, with their identity, secrets and network access: a '
    + 'direct lateral-movement path.',
  fix: 'Remove pods/exec and pods/attach from the Role; debug with ephemeral containers under a separate, audited role. '
    + 'A deliberate grant needs Audit.suppress() with a reason.',
  severity: Severity.WARNING,
  kinds: ['Role', 'ClusterRole'],
  appliesTo: 'Roles and ClusterRoles',
  cis: [],
  documentation: 'https://kubernetes.io/docs/concepts/security/rbac-good-practices/',
  check: object => {
    const violations: Violation[] = [];
    for (const rule of policyRules(object)) {
      const granted = rule.resources.filter(resource => EXEC_RESOURCES.includes(resource));
      if (coversCoreGroup(rule) && granted.length > 0 && rule.verbs.length > 0) {
        violations.push({ path: `${rule.path}.resources`, message: `rule ${rule.index} grants ${granted.join(', ')}` });
      }
    }
    return violations;
  },
};
