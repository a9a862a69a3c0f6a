import { isEnabled } from './pss-constants';
import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule } from '../../engine/audit-rule';
import { checkPod } from '../../engine/container-checks';
import { joinPath } from '../../engine/json';
import { POD_BEARING_KINDS } from '../../engine/pod-template';
import { Severity } from '../../severity';

/** Pods must not share the node's IPC namespace. */
export const podNoHostIpc: AuditRule = {
  id: RuleId.POD_NO_HOSTIPC,
  group: RuleGroup.PRIVILEGE_ISOLATION,
  title: 'Pods do not share the host IPC namespace (`hostIPC` unset or false)',
  explanation: 'With the host IPC namespace a container can read and write the shared memory and message queues of '
    + 'every process on the node.',
  fix: 'SecureDeployment never sets hostIPC; remove `hostIPC: true` (or the JSON patch that adds it).',
  severity: Severity.ERROR,
  kinds: POD_BEARING_KINDS,
  appliesTo: 'pod templates',
  pss: 'baseline',
  cis: ['5.2.4'],
  documentation: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
  check: object => checkPod(object, pod => isEnabled(pod.spec.hostIPC)
    ? [{ path: joinPath(pod.specPath, 'hostIPC'), message: 'the pod shares the host IPC namespace (hostIPC: true)' }]
    : []),
};
