import { broadSubjectProblem } from '../../../profile/namespace-access-rules';
import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule, Violation } from '../../engine/audit-rule';
import { asArray, asObject, asString } from '../../engine/json';
import { Severity } from '../../severity';

/** Bindings name people and workloads, never groups of identities the team does not own. */
export const rbacBroadSubject: AuditRule = {
  id: RuleId.RBAC_BROAD_SUBJECT,
  group: RuleGroup.SERVICE_ACCOUNTS_RBAC,
  title: 'No RoleBinding or ClusterRoleBinding to `system:authenticated`, `system:unauthenticated`, `system:serviceaccounts`, '
    + '`system:masters` or another `system:` group, or to `system:anonymous`',
  explanation: 'These subjects stand for identities nobody on the team controls: every user, every anonymous request, '
    + 'every ServiceAccount of the cluster or of a namespace (so every pod that mounts a token), every node. A binding '
    + 'to one of them grants the role to all of them, whoever made the binding.',
  fix: 'Bind the group of the team that owns the namespace, or the app\'s own ServiceAccount '
    + '(SecureNamespace.grantReadOnly/grantDeployer with kplus.Group.fromName or a kplus.ServiceAccount).',
  severity: Severity.ERROR,
  kinds: ['RoleBinding', 'ClusterRoleBinding'],
  appliesTo: 'RoleBindings and ClusterRoleBindings',
  cis: [],
  documentation: 'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-subjects',
  check: object => {
    const violations: Violation[] = [];
    asArray(object.json.subjects).forEach((entry, i) => {
      const subject = asObject(entry) ?? {};
      const kind = asString(subject.kind) ?? '';
      const name = asString(subject.name) ?? '';
      const problem = broadSubjectProblem(kind, name);
      if (problem) {
        violations.push({ path: `subjects[${i}].name`, message: `the ${kind} subject ${JSON.stringify(name)} ${problem}` });
      }
    });
    return violations;
  },
};
