import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule, Violation } from '../../engine/audit-rule';
import { checkPod, violationVolume } from '../../engine/container-checks';
import { asArray, asObject, asString, getIn, joinPath } from '../../engine/json';
import { POD_BEARING_KINDS } from '../../engine/pod-template';
import { Severity } from '../../severity';

/** Pods mount no directories of the node. */
export const podNoHostPath: AuditRule = {
  id: RuleId.POD_NO_HOSTPATH,
  group: RuleGroup.PRIVILEGE_ISOLATION,
  title: 'Pods mount no `hostPath` volumes',
  explanation: 'A hostPath volume exposes the node\'s filesystem: the container runtime socket, kubelet credentials or '
    + '/etc give a container control over the node.',
  fix: 'Use an emptyDir (SecureDeployment mounts one for each writable path), a ConfigMap/Secret volume or a '
    + 'PersistentVolumeClaim instead of a hostPath volume.',
  severity: Severity.ERROR,
  kinds: POD_BEARING_KINDS,
  appliesTo: 'pod templates',
  pss: 'baseline',
  cis: ['5.2.12'],
  documentation: 'https://kubernetes.io/docs/concepts/storage/volumes/#hostpath',
  check: object => checkPod(object, pod => {
    const violations: Violation[] = [];
    asArray(pod.spec.volumes).forEach((entry, i) => {
      const volume = asObject(entry);
      if (volume?.hostPath !== undefined && volume.hostPath !== null) {
        const hostPath = asString(getIn(volume, 'hostPath', 'path')) ?? '?';
        violations.push({
          path: joinPath(joinPath(joinPath(pod.specPath, 'volumes'), i), 'hostPath'),
          message: `volume '${asString(volume.name) ?? i}' mounts the node path ${hostPath}`,
          volume: violationVolume(pod, volume),
        });
      }
    });
    return violations;
  }),
};
