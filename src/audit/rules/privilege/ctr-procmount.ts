import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule } from '../../engine/audit-rule';
import { checkContainers, securityContextPath } from '../../engine/container-checks';
import { describeContainer, POD_BEARING_KINDS } from '../../engine/pod-template';
import { Severity } from '../../severity';

/** Containers keep the default masking of /proc. */
export const ctrProcMount: AuditRule = {
  id: RuleId.CTR_PROCMOUNT,
  group: RuleGroup.PRIVILEGE_ISOLATION,
  title: 'Containers keep the default `/proc` mount (`procMount` unset or `Default`)',
  explanation: '`procMount: Unmasked` exposes the kernel interfaces under /proc that the runtime masks by default, '
    + 'which leak host information and allow kernel tuning.',
  fix: 'Remove `procMount` (SecureDeployment never sets it).',
  severity: Severity.ERROR,
  kinds: POD_BEARING_KINDS,
  appliesTo: 'init, regular and ephemeral containers',
  pss: 'baseline',
  cis: [],
  documentation: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
  check: object => checkContainers(object, ref => {
    const procMount = ref.securityContext.procMount;
    return procMount !== undefined && procMount !== null && procMount !== 'Default'
      ? { path: securityContextPath(ref, 'procMount'), message: `${describeContainer(ref)} uses procMount ${JSON.stringify(procMount)}` }
      : undefined;
  }),
};
