import { RuleId } from '../../../profile/rule-id';
import { DEFAULT_RUN_AS_ID } from '../../../profile/workload-security-context';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule, Violation } from '../../engine/audit-rule';
import { checkPod, podSecurityContextPath, securityContextPath } from '../../engine/container-checks';
import { describeContainer, POD_BEARING_KINDS } from '../../engine/pod-template';
import { Severity } from '../../severity';

/**
 * Containers must run as non-root. Restricted: `runAsNonRoot: true` at pod level (containers may leave it unset),
 * or on every container; `false` anywhere is a violation. Hardened: at pod level and on every container.
 */
export const podRunAsNonRoot: AuditRule = {
  id: RuleId.POD_RUN_AS_NONROOT,
  group: RuleGroup.PRIVILEGE_ISOLATION,
  title: '`runAsNonRoot: true` (hardened: at pod level and on every container)',
  explanation: 'With `runAsNonRoot` the kubelet refuses to start a container whose user is root, so an image that '
    + 'defaults to root cannot run with root privileges by accident.',
  fix: `SecureDeployment sets \`runAsNonRoot: true\` with numeric \`runAsUser\`/\`runAsGroup\` ${DEFAULT_RUN_AS_ID} on the pod and every `
    + 'container; use an image that runs unprivileged (e.g. distroless :nonroot).',
  severity: Severity.ERROR,
  kinds: POD_BEARING_KINDS,
  appliesTo: 'pod and container security contexts',
  pss: 'restricted',
  cis: ['5.2.7'],
  levelSensitive: true,
  documentation: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted',
  check: (object, context) => checkPod(object, pod => {
    const violations: Violation[] = [];
    const podValue = pod.securityContext.runAsNonRoot;
    const podPath = podSecurityContextPath(pod, 'runAsNonRoot');
    if (podValue === false) {
      violations.push({ path: podPath, message: 'the pod sets runAsNonRoot: false' });
    } else if (context.level === 'hardened' && podValue !== true) {
      violations.push({ path: podPath, message: 'the pod does not set runAsNonRoot: true' });
    }
    for (const ref of pod.containers) {
      const value = ref.securityContext.runAsNonRoot;
      const path = securityContextPath(ref, 'runAsNonRoot');
      if (value === false) {
        violations.push({ path, message: `${describeContainer(ref)} sets runAsNonRoot: false` });
      } else if (value !== true && (context.level === 'hardened' || podValue !== true)) {
        violations.push({
          path,
          message: context.level === 'hardened'
            ? `${describeContainer(ref)} does not set runAsNonRoot: true`
            : `${describeContainer(ref)} may run as root: neither it nor the pod sets runAsNonRoot: true`,
        });
      }
    }
    return violations;
  }),
};
