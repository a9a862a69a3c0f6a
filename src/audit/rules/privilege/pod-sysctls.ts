import { SAFE_SYSCTLS } from './pss-constants';
import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule, Violation } from '../../engine/audit-rule';
import { checkPod } from '../../engine/container-checks';
import { asArray, asObject, joinPath, subPath } from '../../engine/json';
import { POD_BEARING_KINDS } from '../../engine/pod-template';
import { Severity } from '../../severity';

/** Pods set only namespaced, safe sysctls. */
export const podSysctls: AuditRule = {
  id: RuleId.POD_SYSCTLS,
  group: RuleGroup.PRIVILEGE_ISOLATION,
  title: `Pods set only safe sysctls (${[...SAFE_SYSCTLS].join(', ')})`,
  explanation: 'Other sysctls can change kernel behaviour for the whole node or other pods, or exhaust node resources.',
  fix: 'Remove the sysctl from `securityContext.sysctls` (SecureDeployment sets none), or tune it on the nodes.',
  severity: Severity.ERROR,
  kinds: POD_BEARING_KINDS,
  appliesTo: 'pod security contexts',
  pss: 'baseline',
  cis: [],
  documentation: 'https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/',
  check: object => checkPod(object, pod => {
    const violations: Violation[] = [];
    asArray(pod.securityContext.sysctls).forEach((entry, i) => {
      const name = asObject(entry)?.name;
      if (!SAFE_SYSCTLS.has(String(name))) {
        violations.push({
          path: joinPath(joinPath(subPath(pod.specPath, 'securityContext.sysctls'), i), 'name'),
          message: `the pod sets the unsafe sysctl ${JSON.stringify(name)}`,
        });
      }
    });
    return violations;
  }),
};
