import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule, Violation } from '../../engine/audit-rule';
import { asObject, getIn, subPath } from '../../engine/json';
import { Severity } from '../../severity';

const WHEN: Readonly<Record<string, string>> = {
  whenDeleted: 'deleting the StatefulSet (a mistaken `kubectl delete`, a renamed construct) deletes every volume',
  whenScaled: 'scaling down deletes the volumes of the removed pods',
};

/** Deleting or scaling a StatefulSet does not delete its data unnoticed. */
export const stsPvcRetention: AuditRule = {
  id: RuleId.STS_PVC_RETENTION,
  group: RuleGroup.AVAILABILITY,
  title: 'StatefulSet `persistentVolumeClaimRetentionPolicy` keeps the data (`Delete` is reported)',
  explanation: 'The default (`Retain` for both) keeps the claims, and so the data, when the StatefulSet is deleted or scaled down. '
    + '`Delete` is sometimes right (caches, test environments), but it should be a reviewed choice: it is reported as info. '
    + 'Passes: no `spec.persistentVolumeClaimRetentionPolicy`, or `Retain` for `whenDeleted` and `whenScaled`.',
  fix: 'Keep the default Retain, or record a SecurityException (or Audit.suppress) with the reason the data may be deleted.',
  severity: Severity.INFO,
  kinds: ['StatefulSet'],
  appliesTo: 'StatefulSets',
  cis: [],
  documentation: 'https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#persistentvolumeclaim-retention',
  check: object => {
    const policy = asObject(getIn(object.json, 'spec', 'persistentVolumeClaimRetentionPolicy'));
    const violations: Violation[] = [];
    for (const [field, effect] of Object.entries(WHEN)) {
      if (policy?.[field] === 'Delete') {
        violations.push({ path: subPath('spec.persistentVolumeClaimRetentionPolicy', field), message: `${field}: Delete: ${effect}` });
      }
    }
    return violations;
  },
};
