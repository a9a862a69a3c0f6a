import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule, Violation } from '../../engine/audit-rule';
import { checkContainers } from '../../engine/container-checks';
import { asArray, asObject, joinPath } from '../../engine/json';
import { describeContainer, POD_BEARING_KINDS } from '../../engine/pod-template';
import { Severity } from '../../severity';

/** Containers bind no ports of the node. */
export const ctrNoHostPort: AuditRule = {
  id: RuleId.CTR_NO_HOSTPORT,
  group: RuleGroup.PRIVILEGE_ISOLATION,
  title: 'Containers use no host ports (`hostPort` unset or 0)',
  explanation: 'A host port opens the container on every address of the node, bypassing Services and NetworkPolicies, '
    + 'and limits scheduling to one such pod per node.',
  fix: 'Expose the workload through a Service (SecureDeployment creates a ClusterIP Service for its port) or a '
    + 'SecureIngress instead of a hostPort.',
  severity: Severity.ERROR,
  kinds: POD_BEARING_KINDS,
  appliesTo: 'init, regular and ephemeral containers',
  pss: 'baseline',
  cis: ['5.2.13'],
  documentation: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
  check: object => checkContainers(object, ref => {
    const violations: Violation[] = [];
    asArray(ref.container.ports).forEach((entry, i) => {
      const hostPort = asObject(entry)?.hostPort;
      if (hostPort !== undefined && hostPort !== null && hostPort !== 0) {
        violations.push({
          path: joinPath(joinPath(joinPath(ref.path, 'ports'), i), 'hostPort'),
          message: `${describeContainer(ref)} binds host port ${String(hostPort)}`,
        });
      }
    });
    return violations;
  }),
};
