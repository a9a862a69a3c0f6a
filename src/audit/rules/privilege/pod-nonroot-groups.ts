import { RuleId } from '../../../profile/rule-id';
import { DEFAULT_RUN_AS_ID } from '../../../profile/workload-security-context';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule, Violation } from '../../engine/audit-rule';
import { checkPod, podSecurityContextPath, securityContextPath } from '../../engine/container-checks';
import { asArray, joinPath } from '../../engine/json';
import { describeContainer, POD_BEARING_KINDS } from '../../engine/pod-template';
import { Severity } from '../../severity';

/** Processes run with a non-root primary group, and no root group is granted through fsGroup or supplementalGroups. */
export const podNonRootGroups: AuditRule = {
  id: RuleId.POD_NONROOT_GROUPS,
  group: RuleGroup.PRIVILEGE_ISOLATION,
  title: '`runAsGroup` set and not 0, `fsGroup` not 0, no 0 in `supplementalGroups`',
  explanation: 'Without runAsGroup a process keeps the image\'s group, often root (0); files owned by group root '
    + '(much of the image) then stay writable or readable to it.',
  fix: `SecureDeployment sets \`runAsGroup\` and \`fsGroup\` ${DEFAULT_RUN_AS_ID} on the pod and \`runAsGroup\` on every container.`,
  severity: Severity.WARNING,
  kinds: POD_BEARING_KINDS,
  appliesTo: 'pod and container security contexts',
  cis: ['5.7.3'],
  documentation: 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/',
  check: object => checkPod(object, pod => {
    const violations: Violation[] = [];
    const podGroup = pod.securityContext.runAsGroup;
    if (podGroup === 0) {
      violations.push({ path: podSecurityContextPath(pod, 'runAsGroup'), message: 'the pod runs with group 0 (root)' });
    }
    if (pod.securityContext.fsGroup === 0) {
      violations.push({ path: podSecurityContextPath(pod, 'fsGroup'), message: 'the pod sets fsGroup 0 (root)' });
    }
    asArray(pod.securityContext.supplementalGroups).forEach((group, i) => {
      if (group === 0) {
        violations.push({ path: joinPath(podSecurityContextPath(pod, 'supplementalGroups'), i), message: 'the pod adds supplemental group 0 (root)' });
      }
    });
    for (const ref of pod.containers) {
      const group = ref.securityContext.runAsGroup;
      const path = securityContextPath(ref, 'runAsGroup');
      if (group === 0) {
        violations.push({ path, message: `${describeContainer(ref)} runs with group 0 (root)` });
      } else if ((group === undefined || group === null) && (podGroup === undefined || podGroup === null)) {
        violations.push({ path, message: `${describeContainer(ref)} sets no runAsGroup, and the pod sets none` });
      }
    }
    return violations;
  }),
};
