import { isEnabled } from './pss-constants';
import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule } from '../../engine/audit-rule';
import { checkContainers, securityContextPath } from '../../engine/container-checks';
import { describeContainer, POD_BEARING_KINDS } from '../../engine/pod-template';
import { Severity } from '../../severity';

/** Containers must not run privileged. */
export const ctrNotPrivileged: AuditRule = {
  id: RuleId.CTR_NOT_PRIVILEGED,
  group: RuleGroup.PRIVILEGE_ISOLATION,
  title: 'Containers are not privileged (`privileged` unset or false)',
  explanation: 'A privileged container has every capability and every device of the node, and runs without '
    + 'seccomp and AppArmor confinement: it is effectively root on the node.',
  fix: 'SecureDeployment sets `privileged: false` on every container; remove the override.',
  severity: Severity.ERROR,
  kinds: POD_BEARING_KINDS,
  appliesTo: 'init, regular and ephemeral containers',
  pss: 'baseline',
  cis: ['5.2.2'],
  documentation: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
  check: object => checkContainers(object, ref => isEnabled(ref.securityContext.privileged)
    ? { path: securityContextPath(ref, 'privileged'), message: `${describeContainer(ref)} runs privileged` }
    : undefined),
};
