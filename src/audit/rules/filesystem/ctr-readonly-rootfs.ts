import { mountsOf, volumeTypes } from './writable-mounts';
import { normaliseMountPath, writableSystemPathProblem } from '../../../profile/mount-paths';
import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule, Violation } from '../../engine/audit-rule';
import { checkContainers, securityContextPath } from '../../engine/container-checks';
import { describeContainer, POD_BEARING_KINDS } from '../../engine/pod-template';
import { Severity } from '../../severity';

/** Containers run with a read-only root filesystem, and no writable volume makes a system directory writable again. */
export const ctrReadOnlyRootFs: AuditRule = {
  id: RuleId.CTR_READONLY_ROOTFS,
  group: RuleGroup.READONLY_ROOTFS,
  title: '`readOnlyRootFilesystem: true` on every container (writable paths come from emptyDir mounts, never over system directories)',
  explanation: 'A writable root filesystem lets an attacker drop tools, modify binaries and persist inside the '
    + 'container; an immutable one limits writes to the volumes that are meant for it. A writable volume over /etc, /usr, '
    + '/bin, /lib* or the projected credentials gives that back (a writable /etc lets a process rewrite passwd and resolv.conf).',
  fix: 'SecureDeployment sets `readOnlyRootFilesystem: true` and mounts an emptyDir at /tmp; declare other writable '
    + 'paths (e.g. /var/cache/nginx) as its writable-path mounts instead of relaxing the control, and keep them off system directories.',
  severity: Severity.WARNING,
  kinds: POD_BEARING_KINDS,
  appliesTo: 'init, regular and ephemeral containers and their writable volume mounts',
  cis: ['5.7.3'],
  documentation: 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/',
  check: object => checkContainers(object, (ref, pod) => {
    const violations: Violation[] = [];
    if (ref.securityContext.readOnlyRootFilesystem !== true) {
      violations.push({ path: securityContextPath(ref, 'readOnlyRootFilesystem'), message: `${describeContainer(ref)} has a writable root filesystem` });
    }
    for (const mount of mountsOf(ref, volumeTypes(pod), normaliseMountPath)) {
      const problem = mount.readOnly ? undefined : writableSystemPathProblem(mount.path);
      if (problem) {
        violations.push({ path: mount.jsonPath, message: `${describeContainer(ref)} mounts the writable volume ${mount.volume} at ${mount.mountPath}: ${problem}` });
      }
    }
    return violations;
  }),
};
