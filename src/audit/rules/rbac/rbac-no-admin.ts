import { policyRules } from './rbac-rules';
import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule, Violation } from '../../engine/audit-rule';
import { asString, getIn } from '../../engine/json';
import { Severity } from '../../severity';

/**
 * The built-in user-facing ClusterRoles that grant everything or nearly everything in their scope: cluster-admin, and
 * admin and edit (Secrets, pods/exec, creating pods; admin also RoleBindings).
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles
 */
const BUILT_IN_ADMIN_ROLES: readonly string[] = ['cluster-admin', 'admin', 'edit'];

/** No bindings to cluster-admin, admin or edit, no wildcard verbs or resources. */
export const rbacNoAdmin: AuditRule = {
  id: RuleId.RBAC_NO_ADMIN,
  group: RuleGroup.SERVICE_ACCOUNTS_RBAC,
  title: 'No binding to the built-in cluster-admin, admin or edit ClusterRoles; no wildcard (`*`) verbs or resources in Roles and ClusterRoles',
  explanation: 'cluster-admin and wildcards grant everything, including permissions added to the API later: whoever '
    + 'holds the binding owns the cluster.',
  fix: 'Grant a namespaced Role that lists the verbs and resources the app calls (the typed exception to '
    + 'POD-NO-SA-TOKEN in SecureDeployment goes with such a Role).',
  severity: Severity.ERROR,
  kinds: ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'],
  appliesTo: 'Roles, ClusterRoles and their bindings',
  cis: ['5.1.1', '5.1.3'],
  documentation: 'https://kubernetes.io/docs/concepts/security/rbac-good-practices/',
  check: object => {
    if (object.kind.endsWith('Binding')) {
      const roleName = asString(getIn(object.json, 'roleRef', 'name'));
      return asString(getIn(object.json, 'roleRef', 'kind')) === 'ClusterRole' && roleName !== undefined && BUILT_IN_ADMIN_ROLES.includes(roleName)
        ? [{ path: 'roleRef.name', message: `the ${object.kind} grants the built-in ClusterRole ${roleName}${roleName === 'cluster-admin' ? '' : ' (Secrets, pods/exec, creating pods and, for admin, RoleBindings)'}` }]
        : [];
    }
    const violations: Violation[] = [];
    for (const rule of policyRules(object)) {
      if (rule.verbs.includes('*')) {
        violations.push({ path: `${rule.path}.verbs`, message: `rule ${rule.index} allows every verb (*)` });
      }
      if (rule.resources.includes('*')) {
        violations.push({ path: `${rule.path}.resources`, message: `rule ${rule.index} covers every resource (*)` });
      }
    }
    return violations;
  },
};
