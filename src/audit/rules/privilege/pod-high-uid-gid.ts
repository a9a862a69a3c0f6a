import { RuleId } from '../../../profile/rule-id';
import { DEFAULT_RUN_AS_ID } from '../../../profile/workload-security-context';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule, Violation } from '../../engine/audit-rule';
import { checkContainers, securityContextPath } from '../../engine/container-checks';
import { asNumber } from '../../engine/json';
import { describeContainer, POD_BEARING_KINDS } from '../../engine/pod-template';
import { Severity } from '../../severity';

const MINIMUM_EXCLUSIVE = 10000;

/** Containers run with a user and group id above 10000, set on the container itself. */
export const podHighUidGid: AuditRule = {
  id: RuleId.POD_HIGH_UID_GID,
  group: RuleGroup.PRIVILEGE_ISOLATION,
  title: '`runAsUser` and `runAsGroup` > 10000, set on each container itself',
  explanation: 'Low ids collide with users of the node (system accounts, the first human users): if a container '
    + 'escapes, it acts as that user. Scanners read these fields on the container only, so set them there.',
  fix: `SecureDeployment sets \`runAsUser\` and \`runAsGroup\` ${DEFAULT_RUN_AS_ID} on every container.`,
  severity: Severity.WARNING,
  kinds: POD_BEARING_KINDS,
  appliesTo: 'init, regular and ephemeral containers',
  cis: [],
  documentation: 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/',
  check: object => checkContainers(object, ref => {
    const violations: Violation[] = [];
    for (const field of ['runAsUser', 'runAsGroup']) {
      const id = asNumber(ref.securityContext[field]);
      if (id === undefined || id <= MINIMUM_EXCLUSIVE) {
        violations.push({
          path: securityContextPath(ref, field),
          message: id === undefined
            ? `${describeContainer(ref)} does not set ${field} on the container`
            : `${describeContainer(ref)} sets ${field} ${id}, not above ${MINIMUM_EXCLUSIVE}`,
        });
      }
    }
    return violations;
  }),
};
