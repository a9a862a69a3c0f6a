import { isEnabled } from './pss-constants';
import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule, Violation } from '../../engine/audit-rule';
import { checkPod, podSecurityContextPath, securityContextPath } from '../../engine/container-checks';
import { getIn } from '../../engine/json';
import { describeContainer, POD_BEARING_KINDS } from '../../engine/pod-template';
import { Severity } from '../../severity';

/** No Windows HostProcess containers. */
export const podNoHostProcess: AuditRule = {
  id: RuleId.POD_NO_HOSTPROCESS,
  group: RuleGroup.PRIVILEGE_ISOLATION,
  title: 'No Windows HostProcess containers (`windowsOptions.hostProcess` unset or false)',
  explanation: 'A Windows HostProcess container runs directly on the node with the privileges of a node administrator.',
  fix: 'Remove `windowsOptions.hostProcess` (SecureDeployment never sets it).',
  severity: Severity.ERROR,
  kinds: POD_BEARING_KINDS,
  appliesTo: 'pod and container security contexts',
  pss: 'baseline',
  cis: ['5.2.11'],
  documentation: 'https://kubernetes.io/docs/tasks/configure-pod-container/create-hostprocess-pod/',
  check: object => checkPod(object, pod => {
    const violations: Violation[] = [];
    if (isEnabled(getIn(pod.securityContext, 'windowsOptions', 'hostProcess'))) {
      violations.push({ path: podSecurityContextPath(pod, 'windowsOptions.hostProcess'), message: 'the pod runs as a Windows HostProcess' });
    }
    for (const ref of pod.containers) {
      if (isEnabled(getIn(ref.securityContext, 'windowsOptions', 'hostProcess'))) {
        violations.push({ path: securityContextPath(ref, 'windowsOptions.hostProcess'), message: `${describeContainer(ref)} runs as a Windows HostProcess` });
      }
    }
    return violations;
  }),
};
