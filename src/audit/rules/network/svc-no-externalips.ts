import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule } from '../../engine/audit-rule';
import { asArray, getIn } from '../../engine/json';
import { Severity } from '../../severity';

/** Services set no externalIPs. */
export const svcNoExternalIps: AuditRule = {
  id: RuleId.SVC_NO_EXTERNALIPS,
  group: RuleGroup.NETWORK,
  title: 'Services set no `externalIPs`',
  explanation: 'externalIPs make every node accept traffic for any address the Service author chooses, which lets '
    + 'one tenant intercept traffic meant for other addresses (CVE-2020-8554).',
  fix: 'Remove externalIPs; expose the workload through SecureIngress.',
  severity: Severity.ERROR,
  kinds: ['Service'],
  appliesTo: 'Services',
  cis: [],
  documentation: 'https://kubernetes.io/docs/concepts/services-networking/service/#external-ips',
  check: object => asArray(getIn(object.json, 'spec', 'externalIPs')).length > 0
    ? [{ path: 'spec.externalIPs', message: `the Service claims external IPs ${asArray(getIn(object.json, 'spec', 'externalIPs')).join(', ')}` }]
    : [],
};
