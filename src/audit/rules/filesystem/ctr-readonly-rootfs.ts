import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule } from '../../engine/audit-rule';
import { checkContainers, securityContextPath } from '../../engine/container-checks';
import { describeContainer, POD_BEARING_KINDS } from '../../engine/pod-template';
import { Severity } from '../../severity';

/** Containers run with a read-only root filesystem. */
export const ctrReadOnlyRootFs: AuditRule = {
  id: RuleId.CTR_READONLY_ROOTFS,
  group: RuleGroup.READONLY_ROOTFS,
  title: '`readOnlyRootFilesystem: true` on every container (writable paths come from emptyDir mounts)',
  explanation: 'A writable root filesystem lets an attacker drop tools, modify binaries and persist inside the '
    + 'container; an immutable one limits writes to the volumes that are meant for it.',
  fix: 'SecureDeployment sets `readOnlyRootFilesystem: true` and mounts an emptyDir at /tmp; declare other writable '
    + 'paths (e.g. /var/cache/nginx) as its writable-path mounts instead of relaxing the control.',
  severity: Severity.WARNING,
  kinds: POD_BEARING_KINDS,
  appliesTo: 'init, regular and ephemeral containers',
  cis: ['5.7.3'],
  documentation: 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/',
  check: object => checkContainers(object, ref => ref.securityContext.readOnlyRootFilesystem === true ? undefined : {
    path: securityContextPath(ref, 'readOnlyRootFilesystem'),
    message: `${describeContainer(ref)} has a writable root filesystem`,
  }),
};
