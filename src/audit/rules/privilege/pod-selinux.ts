import { ALLOWED_SELINUX_TYPES } from './pss-constants';
import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule, Violation } from '../../engine/audit-rule';
import { checkPod } from '../../engine/container-checks';
import { asObject, asString, JsonObject, subPath } from '../../engine/json';
import { describeContainer, POD_BEARING_KINDS } from '../../engine/pod-template';
import { Severity } from '../../severity';

function check(securityContext: JsonObject, basePath: string, subject: string): Violation[] {
  const options = asObject(securityContext.seLinuxOptions);
  if (!options) {
    return [];
  }
  const violations: Violation[] = [];
  const type = options.type;
  if (type !== undefined && type !== null && !ALLOWED_SELINUX_TYPES.has(String(type))) {
    violations.push({ path: subPath(basePath, 'securityContext.seLinuxOptions.type'), message: `${subject} sets SELinux type ${JSON.stringify(type)}` });
  }
  for (const field of ['user', 'role']) {
    const value = options[field];
    if (value !== undefined && value !== null && asString(value) !== '') {
      violations.push({ path: subPath(basePath, `securityContext.seLinuxOptions.${field}`), message: `${subject} sets SELinux ${field} ${JSON.stringify(value)}` });
    }
  }
  return violations;
}

/** SELinux options keep the container types and never set a custom user or role. */
export const podSeLinux: AuditRule = {
  id: RuleId.POD_SELINUX,
  group: RuleGroup.PRIVILEGE_ISOLATION,
  title: 'SELinux type is empty, `container_t`, `container_init_t` or `container_kvm_t`; no SELinux `user` or `role`',
  explanation: 'A custom SELinux type, user or role can lift the confinement that SELinux applies to containers, '
    + 'e.g. `spc_t` runs unconfined.',
  fix: 'Leave seLinuxOptions unset (SecureDeployment does) or use one of the container types.',
  severity: Severity.ERROR,
  kinds: POD_BEARING_KINDS,
  appliesTo: 'pod and container security contexts',
  pss: 'baseline',
  cis: ['5.7.3'],
  documentation: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
  check: object => checkPod(object, pod => [
    ...check(pod.securityContext, pod.specPath, 'the pod'),
    ...pod.containers.flatMap(ref => check(ref.securityContext, ref.path, describeContainer(ref))),
  ]),
};
