import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule, Violation } from '../../engine/audit-rule';
import { checkContainers } from '../../engine/container-checks';
import { getIn, joinPath, subPath } from '../../engine/json';
import { describeContainer, POD_BEARING_KINDS } from '../../engine/pod-template';
import { Severity } from '../../severity';

/** Every init and regular container requests and limits ephemeral storage. */
export const ctrEphemeralStorage: AuditRule = {
  id: RuleId.CTR_EPHEMERAL_STORAGE,
  group: RuleGroup.RESOURCES,
  title: '`ephemeral-storage` request and limit on every container',
  explanation: 'Logs, emptyDir volumes and writable layers use the node\'s disk. Without a limit one container can '
    + 'fill it, and the kubelet then evicts other pods.',
  fix: 'SecureDeployment sets an ephemeral-storage request and limit; size them with its resources prop.',
  severity: Severity.WARNING,
  kinds: POD_BEARING_KINDS,
  appliesTo: 'init and regular containers',
  cis: [],
  documentation: 'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#local-ephemeral-storage',
  check: object => checkContainers(object, ref => {
    const violations: Violation[] = [];
    for (const section of ['requests', 'limits']) {
      const value = getIn(ref.container, 'resources', section, 'ephemeral-storage');
      if (value === undefined || value === null || value === '') {
        violations.push({
          path: joinPath(subPath(ref.path, `resources.${section}`), 'ephemeral-storage'),
          message: `${describeContainer(ref)} sets no ephemeral-storage ${section === 'requests' ? 'request' : 'limit'}`,
        });
      }
    }
    return violations;
  }, ref => ref.type !== 'ephemeralContainers'),
};
