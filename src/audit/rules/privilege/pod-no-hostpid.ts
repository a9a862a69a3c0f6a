import { isEnabled } from './pss-constants';
import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule } from '../../engine/audit-rule';
import { checkPod } from '../../engine/container-checks';
import { joinPath } from '../../engine/json';
import { POD_BEARING_KINDS } from '../../engine/pod-template';
import { Severity } from '../../severity';

/** Pods must not share the node's process namespace. */
export const podNoHostPid: AuditRule = {
  id: RuleId.POD_NO_HOSTPID,
  group: RuleGroup.PRIVILEGE_ISOLATION,
  title: 'Pods do not share the host PID namespace (`hostPID` unset or false)',
  explanation: 'With the host PID namespace a container sees and can signal every process of the node, and can read '
    + 'their environment and memory through /proc: a short path to node compromise.',
  fix: 'SecureDeployment never sets hostPID; remove `hostPID: true` (or the JSON patch that adds it).',
  severity: Severity.ERROR,
  kinds: POD_BEARING_KINDS,
  appliesTo: 'pod templates',
  pss: 'baseline',
  cis: ['5.2.3'],
  documentation: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
  check: object => checkPod(object, pod => isEnabled(pod.spec.hostPID)
    ? [{ path: joinPath(pod.specPath, 'hostPID'), message: 'the pod shares the host process ID namespace (hostPID: true)' }]
    : []),
};
