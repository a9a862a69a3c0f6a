import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule, Violation } from '../../engine/audit-rule';
import { checkContainers } from '../../engine/container-checks';
import { getIn, joinPath, subPath } from '../../engine/json';
import { describeContainer, POD_BEARING_KINDS } from '../../engine/pod-template';
import { Severity } from '../../severity';

const REQUIRED: ReadonlyArray<[string, string]> = [
  ['requests', 'cpu'], ['requests', 'memory'], ['limits', 'cpu'], ['limits', 'memory'],
];

/** Every init and regular container requests and limits cpu and memory. */
export const ctrResources: AuditRule = {
  id: RuleId.CTR_RESOURCES,
  group: RuleGroup.RESOURCES,
  title: 'cpu and memory requests and limits on every container',
  explanation: 'Without requests the scheduler overcommits nodes; without limits one container can starve every '
    + 'other pod of the node (a denial of service, accidental or not).',
  fix: 'SecureDeployment sets default requests and limits; size them with its resources prop.',
  severity: Severity.WARNING,
  kinds: POD_BEARING_KINDS,
  appliesTo: 'init and regular containers',
  cis: [],
  documentation: 'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/',
  check: object => checkContainers(object, ref => {
    const violations: Violation[] = [];
    for (const [section, resource] of REQUIRED) {
      const value = getIn(ref.container, 'resources', section, resource);
      if (value === undefined || value === null || value === '') {
        violations.push({
          path: joinPath(subPath(ref.path, `resources.${section}`), resource),
          message: `${describeContainer(ref)} sets no ${resource} ${section === 'requests' ? 'request' : 'limit'}`,
        });
      }
    }
    return violations;
  }, ref => ref.type !== 'ephemeralContainers'),
};
