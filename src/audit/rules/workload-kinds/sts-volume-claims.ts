import { parseQuantity } from '../../../profile/quantity';
import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule, Violation } from '../../engine/audit-rule';
import { asArray, asObject, asString, getIn, joinPath, subPath } from '../../engine/json';
import { Severity } from '../../severity';

/** The access modes of a PersistentVolumeClaim in Kubernetes 1.28. */
const ACCESS_MODES: readonly string[] = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];

/** StatefulSet claim templates say how much storage, and how it is shared. */
export const stsVolumeClaims: AuditRule = {
  id: RuleId.STS_VOLUME_CLAIMS,
  group: RuleGroup.RESOURCES,
  title: 'StatefulSet volumeClaimTemplates request a positive `storage` size and name their access modes',
  explanation: 'The StatefulSet controller creates one PersistentVolumeClaim per pod from each template, after the manifest was '
    + 'applied: a template without a storage request or without access modes gives a claim that cannot be created or '
    + 'provisioned, and the pods wait in Pending with no error at deploy time. An explicit size is also what capacity '
    + 'planning and quotas count. Passes: every `spec.volumeClaimTemplates[]` has a `metadata.name`, a non-empty '
    + '`spec.accessModes` of ReadWriteOnce, ReadOnlyMany, ReadWriteMany or ReadWriteOncePod, and '
    + '`spec.resources.requests.storage` a positive quantity (e.g. "10Gi"). Also reported (warning): `ReadWriteMany` (each '
    + 'replica gets its own claim, so it adds nothing but lets pods of any other workload, on any node, mount and write the '
    + 'replica\'s data), and a `dataSource` or `dataSourceRef` naming a PersistentVolumeClaim (every replica starts as a clone '
    + 'of that claim: a copy of another workload\'s data; restoring from a VolumeSnapshot is fine).',
  fix: 'Give each volume claim template `accessModes: [ReadWriteOnce]` (or ReadWriteOncePod) and '
    + '`resources: { requests: { storage: 10Gi } }` with the size the data needs (no SecurityException makes such a claim bind).',
  severity: Severity.ERROR,
  kinds: ['StatefulSet'],
  appliesTo: 'StatefulSets',
  cis: [],
  documentation: 'https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#volume-claim-templates',
  check: object => {
    const violations: Violation[] = [];
    asArray(getIn(object.json, 'spec', 'volumeClaimTemplates')).forEach((entry, i) => {
      const path = joinPath(subPath('', 'spec.volumeClaimTemplates'), i);
      const template = asObject(entry);
      const name = asString(getIn(template, 'metadata', 'name'));
      const label = name !== undefined ? `volume claim template '${name}'` : `volume claim template #${i}`;
      if (!template) {
        violations.push({ path, message: `${label} is not an object` });
        return;
      }
      if (name === undefined || name === '') {
        violations.push({ path: subPath(path, 'metadata.name'), message: `${label} has no name, so no container can mount it` });
      }
      const modes = getIn(template, 'spec', 'accessModes');
      const unknown = asArray(modes).filter(mode => typeof mode !== 'string' || !ACCESS_MODES.includes(mode));
      if (asArray(modes).length === 0) {
        violations.push({ path: subPath(path, 'spec.accessModes'), message: `${label} names no access mode` });
      } else if (unknown.length > 0) {
        violations.push({
          path: subPath(path, 'spec.accessModes'),
          message: `${label} names the unknown access mode(s) ${unknown.map(mode => JSON.stringify(mode)).join(', ')}; use ${ACCESS_MODES.join(', ')}`,
        });
      }
      if (asArray(modes).includes('ReadWriteMany')) {
        violations.push({
          path: subPath(path, 'spec.accessModes'),
          message: `${label} is ReadWriteMany: each replica gets its own claim, so other workloads' pods could mount and write it on any node`,
          severity: Severity.WARNING,
        });
      }
      for (const field of ['dataSource', 'dataSourceRef']) {
        const source = asObject(getIn(template, 'spec', field));
        const apiGroup = asString(source?.apiGroup) ?? '';
        if (source && source.kind === 'PersistentVolumeClaim' && apiGroup === '') {
          violations.push({
            path: subPath(path, `spec.${field}`),
            message: `${label} clones the claim ${asString(source.name) ?? '?'} (${field}): every replica starts with a copy of its data`,
            severity: Severity.WARNING,
          });
        }
      }
      const storagePath = subPath(path, 'spec.resources.requests.storage');
      const storage = getIn(template, 'spec', 'resources', 'requests', 'storage');
      const size = typeof storage === 'string' ? parseQuantity(storage) : typeof storage === 'number' ? storage : undefined;
      if (storage === undefined || storage === null) {
        violations.push({ path: storagePath, message: `${label} requests no storage size` });
      } else if (size === undefined || size <= 0) {
        violations.push({ path: storagePath, message: `${label} requests storage ${JSON.stringify(storage)}, which is not a positive quantity` });
      }
    });
    return violations;
  },
};
