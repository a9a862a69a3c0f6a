import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule } from '../../engine/audit-rule';
import { checkContainers, securityContextPath } from '../../engine/container-checks';
import { describeContainer, POD_BEARING_KINDS } from '../../engine/pod-template';
import { Severity } from '../../severity';

/** Every container sets `allowPrivilegeEscalation: false` explicitly (PSS restricted exempts Windows pods). */
export const ctrNoPrivEsc: AuditRule = {
  id: RuleId.CTR_NO_PRIV_ESC,
  group: RuleGroup.PRIVILEGE_ISOLATION,
  title: '`allowPrivilegeEscalation: false` is set explicitly on every container',
  explanation: 'Unless it is explicitly false, a process can gain more privileges than its parent (setuid binaries, '
    + 'file capabilities), e.g. become root inside the container.',
  fix: 'SecureDeployment sets `allowPrivilegeEscalation: false` on every container; do not override it.',
  severity: Severity.ERROR,
  kinds: POD_BEARING_KINDS,
  appliesTo: 'init, regular and ephemeral containers',
  pss: 'restricted',
  cis: ['5.2.6'],
  levelSensitive: true,
  documentation: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted',
  check: (object, context) => checkContainers(object, (ref, pod) => {
    if ((context.level === 'restricted' && pod.windows) || ref.securityContext.allowPrivilegeEscalation === false) {
      return undefined;
    }
    return {
      path: securityContextPath(ref, 'allowPrivilegeEscalation'),
      message: ref.securityContext.allowPrivilegeEscalation === undefined
        ? `${describeContainer(ref)} does not set allowPrivilegeEscalation: false`
        : `${describeContainer(ref)} allows privilege escalation`,
    };
  }),
};
