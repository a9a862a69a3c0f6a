import { RESTRICTED_VOLUME_TYPES } from './pss-constants';
import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule, Violation } from '../../engine/audit-rule';
import { checkPod, violationVolume } from '../../engine/container-checks';
import { asArray, asObject, asString, joinPath } from '../../engine/json';
import { POD_BEARING_KINDS } from '../../engine/pod-template';
import { Severity } from '../../severity';

/** Pods use only the volume types of the restricted level. */
export const podVolumeTypes: AuditRule = {
  id: RuleId.POD_VOLUME_TYPES,
  group: RuleGroup.PRIVILEGE_ISOLATION,
  title: `Pods use only the volume types ${RESTRICTED_VOLUME_TYPES.join(', ')}`,
  explanation: 'Other volume types (hostPath, nfs, iscsi, gitRepo, flexVolume, cloud disks…) attach storage directly '
    + 'from the node or the network, outside the control of PersistentVolumeClaims and storage classes.',
  fix: 'Use emptyDir, configMap, secret, projected or a persistentVolumeClaim (SecureDeployment mounts writable paths '
    + 'as emptyDir volumes).',
  severity: Severity.ERROR,
  kinds: POD_BEARING_KINDS,
  appliesTo: 'pod templates',
  pss: 'restricted',
  cis: [],
  documentation: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted',
  check: object => checkPod(object, pod => {
    const violations: Violation[] = [];
    asArray(pod.spec.volumes).forEach((entry, i) => {
      const volume = asObject(entry) ?? {};
      for (const key of Object.keys(volume).sort()) {
        if (key !== 'name' && !RESTRICTED_VOLUME_TYPES.includes(key) && volume[key] !== null && volume[key] !== undefined) {
          violations.push({
            path: joinPath(joinPath(joinPath(pod.specPath, 'volumes'), i), key),
            message: `volume '${asString(volume.name) ?? i}' has type ${key}, which the restricted level does not allow`,
            volume: key === 'hostPath' ? violationVolume(pod, volume) : { readOnly: violationVolume(pod, volume).readOnly },
          });
        }
      }
    });
    return violations;
  }),
};
