import { RuleId } from '../../../profile/rule-id';
import { DEFAULT_RUN_AS_ID } from '../../../profile/workload-security-context';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule, Violation } from '../../engine/audit-rule';
import { checkPod, podSecurityContextPath, securityContextPath } from '../../engine/container-checks';
import { describeContainer, POD_BEARING_KINDS } from '../../engine/pod-template';
import { Severity } from '../../severity';

/** `runAsUser` is never 0. */
export const podRunAsUserNonZero: AuditRule = {
  id: RuleId.POD_RUNASUSER_NONZERO,
  group: RuleGroup.PRIVILEGE_ISOLATION,
  title: '`runAsUser` is never 0 (root), at pod or container level',
  explanation: 'User id 0 is root: a compromised process owns the container and is one kernel bug away from the node.',
  fix: `SecureDeployment runs as user ${DEFAULT_RUN_AS_ID}; remove \`runAsUser: 0\`.`,
  severity: Severity.ERROR,
  kinds: POD_BEARING_KINDS,
  appliesTo: 'pod and container security contexts',
  pss: 'restricted',
  cis: ['5.2.7'],
  documentation: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted',
  check: object => checkPod(object, pod => {
    const violations: Violation[] = [];
    if (pod.securityContext.runAsUser === 0) {
      violations.push({ path: podSecurityContextPath(pod, 'runAsUser'), message: 'the pod runs as user 0 (root)' });
    }
    for (const ref of pod.containers) {
      if (ref.securityContext.runAsUser === 0) {
        violations.push({ path: securityContextPath(ref, 'runAsUser'), message: `${describeContainer(ref)} runs as user 0 (root)` });
      }
    }
    return violations;
  }),
};
