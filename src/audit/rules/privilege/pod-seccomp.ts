import { CONFINING_SECCOMP_TYPES } from './pss-constants';
import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule, Violation } from '../../engine/audit-rule';
import { checkPod, podSecurityContextPath, securityContextPath } from '../../engine/container-checks';
import { getIn, JsonObject } from '../../engine/json';
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
    const confining = (type: unknown) => CONFINING_SECCOMP_TYPES.has(String(type));
    const unset = (value: unknown) => value === undefined || value === null;
    // As Pod Security Admission reads it: a profile object without a valid type (`seccompProfile: {}`) is set, but
    // not to an allowed value (restricted and stricter); baseline only forbids a type other than the confining ones.
    const problem = (securityContext: JsonObject, who: string): string | undefined => {
      const profile = securityContext.seccompProfile;
      const type = getIn(profile, 'type');
      if (!unset(type) && !confining(type)) {
        return `${who} sets seccomp profile ${JSON.stringify(type)}`;
      }
      if (level !== 'baseline' && !unset(profile) && unset(type)) {
        return `${who} sets a seccompProfile without a type (expected RuntimeDefault or Localhost)`;
      }
      return undefined;
    };
    const podPath = podSecurityContextPath(pod, 'seccompProfile.type');
    const podProblem = problem(pod.securityContext, 'the pod');
    const podSet = confining(getIn(pod.securityContext, 'seccompProfile', 'type'));
    if (podProblem) {
      violations.push({ path: podPath, message: podProblem });
    } else if (level === 'hardened' && !podSet) {
      violations.push({ path: podPath, message: 'the pod sets no seccomp profile' });
    }
    for (const ref of pod.containers) {
      const path = securityContextPath(ref, 'seccompProfile.type');
      const containerProblem = problem(ref.securityContext, describeContainer(ref));
      const declared = !unset(ref.securityContext.seccompProfile);
      if (containerProblem) {
        violations.push({ path, message: containerProblem });
      } else if (!declared && (level === 'hardened' || (level === 'restricted' && !podSet))) {
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
