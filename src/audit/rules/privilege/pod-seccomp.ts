import { CONFINING_SECCOMP_TYPES } from './pss-constants';
import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule, Violation } from '../../engine/audit-rule';
import { checkPod, podSecurityContextPath, securityContextPath } from '../../engine/container-checks';
import { getIn } from '../../engine/json';
import { describeContainer, POD_BEARING_KINDS } from '../../engine/pod-template';
import { Severity } from '../../severity';

/**
 * Seccomp confines every container. Baseline: no profile is `Unconfined`. Restricted: each container's effective
 * profile (its own, else the pod's) is `RuntimeDefault` or `Localhost` (Windows pods: baseline only). Hardened: set at pod
 * level and on every container, for scanners that read only one of them.
 */
export const podSeccomp: AuditRule = {
  id: RuleId.POD_SECCOMP,
  group: RuleGroup.PRIVILEGE_ISOLATION,
  title: 'Seccomp profile is `RuntimeDefault` or `Localhost` (hardened: at pod level and on every container)',
  explanation: 'Without a seccomp profile a container may call every system call of the kernel, including the rarely '
    + 'used ones behind most container-escape vulnerabilities.',
  fix: 'SecureDeployment sets `seccompProfile: { type: RuntimeDefault }` on the pod and every container; do not '
    + 'override it with `Unconfined`.',
  severity: Severity.ERROR,
  kinds: POD_BEARING_KINDS,
  appliesTo: 'pod and container security contexts',
  pss: 'baseline',
  cis: ['5.7.2'],
  levelSensitive: true,
  documentation: 'https://kubernetes.io/docs/tutorials/security/seccomp/',
  check: (object, context) => checkPod(object, pod => {
    // Windows pods are exempt from the restricted control only; the baseline one (no Unconfined) still applies.
    const level = context.level === 'restricted' && pod.windows ? 'baseline' : context.level;
    const violations: Violation[] = [];
    const podType = getIn(pod.securityContext, 'seccompProfile', 'type');
    const podPath = podSecurityContextPath(pod, 'seccompProfile.type');
    const confining = (type: unknown) => CONFINING_SECCOMP_TYPES.has(String(type));
    const unset = (type: unknown) => type === undefined || type === null;
    if (!unset(podType) && !confining(podType)) {
      violations.push({ path: podPath, message: `the pod sets seccomp profile ${JSON.stringify(podType)}` });
    } else if (level === 'hardened' && unset(podType)) {
      violations.push({ path: podPath, message: 'the pod sets no seccomp profile' });
    }
    for (const ref of pod.containers) {
      const type = getIn(ref.securityContext, 'seccompProfile', 'type');
      const path = securityContextPath(ref, 'seccompProfile.type');
      if (!unset(type) && !confining(type)) {
        violations.push({ path, message: `${describeContainer(ref)} sets seccomp profile ${JSON.stringify(type)}` });
      } else if (unset(type) && (level === 'hardened' || (level === 'restricted' && unset(podType)))) {
        violations.push({
          path,
          message: level === 'hardened'
            ? `${describeContainer(ref)} sets no seccomp profile`
            : `${describeContainer(ref)} has no seccomp profile, and the pod sets none`,
        });
      }
    }
    return violations;
  }),
};
