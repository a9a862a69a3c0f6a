import { isEnabled } from './pss-constants';
import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule } from '../../engine/audit-rule';
import { checkPod } from '../../engine/container-checks';
import { joinPath } from '../../engine/json';
import { POD_BEARING_KINDS } from '../../engine/pod-template';
import { Severity } from '../../severity';

/** Pods must not share the node's network namespace. */
export const podNoHostNetwork: AuditRule = {
  id: RuleId.POD_NO_HOSTNETWORK,
  group: RuleGroup.PRIVILEGE_ISOLATION,
  title: 'Pods do not use the host network (`hostNetwork` unset or false)',
  explanation: 'A pod on the host network sees every interface of the node, can sniff traffic of other pods and reach '
    + 'services bound to localhost on the node, and bypasses NetworkPolicies.',
  fix: 'SecureDeployment never sets hostNetwork; remove `hostNetwork: true` (or the JSON patch that adds it).',
  severity: Severity.ERROR,
  kinds: POD_BEARING_KINDS,
  appliesTo: 'pod templates',
  pss: 'baseline',
  cis: ['5.2.5'],
  documentation: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
  check: object => checkPod(object, pod => isEnabled(pod.spec.hostNetwork)
    ? [{ path: joinPath(pod.specPath, 'hostNetwork'), message: 'the pod uses the host network namespace (hostNetwork: true)' }]
    : []),
};
