import { RuleId } from '../../../profile/rule-id';
import { DEFAULT_RUN_AS_ID } from '../../../profile/workload-security-context';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule, Violation } from '../../engine/audit-rule';
import { checkPod, podSecurityContextPath } from '../../engine/container-checks';
import { asArray, asObject, asString, getIn, JsonObject } from '../../engine/json';
import { POD_BEARING_KINDS } from '../../engine/pod-template';
import { Severity } from '../../severity';

/** The persistent volumes of a pod: its StatefulSet's claim templates, persistentVolumeClaim and ephemeral volumes. */
function persistentVolumes(json: JsonObject, kind: string, volumes: readonly unknown[]): string[] {
  const names: string[] = [];
  if (kind === 'StatefulSet') {
    for (const entry of asArray(getIn(json, 'spec', 'volumeClaimTemplates'))) {
      names.push(asString(getIn(entry, 'metadata', 'name')) ?? '?');
    }
  }
  for (const entry of volumes) {
    const volume = asObject(entry);
    if (volume && (asObject(volume.persistentVolumeClaim) || asObject(volume.ephemeral))) {
      names.push(asString(volume.name) ?? '?');
    }
  }
  return names;
}

/** Non-root pods can write the persistent volumes they mount, without a slow recursive chown at every start. */
export const podVolumeFsGroup: AuditRule = {
  id: RuleId.POD_VOLUME_FSGROUP,
  group: RuleGroup.PRIVILEGE_ISOLATION,
  title: 'Pods with persistent volumes set `fsGroup` and `fsGroupChangePolicy: OnRootMismatch`',
  explanation: 'A new volume is usually owned by root; a pod that runs as non-root, as it should, cannot write it unless '
    + '`fsGroup` makes the kubelet give the volume to that group. The usual workaround, an init container running as root '
    + 'to chown the data, undoes the hardening. Without `fsGroupChangePolicy: OnRootMismatch` the kubelet changes the '
    + 'ownership of every file at every start, which for a large database volume delays each restart by minutes (reported '
    + 'as info). Passes: a pod that mounts a persistent volume (a StatefulSet volumeClaimTemplate, a persistentVolumeClaim '
    + 'or an ephemeral volume) sets `securityContext.fsGroup` (non-zero, see POD-NONROOT-GROUPS) and '
    + '`securityContext.fsGroupChangePolicy: OnRootMismatch`. Windows pods are not judged (no fsGroup there).',
  fix: `SecureDeployment sets the pod's \`fsGroup\` to its group (${DEFAULT_RUN_AS_ID}); set \`fsGroupChangePolicy: OnRootMismatch\` beside it `
    + '(cdk8s-plus `securityContext.fsGroupChangePolicy`), or in YAML both in the pod\'s `securityContext`.',
  severity: Severity.WARNING,
  kinds: POD_BEARING_KINDS,
  appliesTo: 'pod templates that mount persistent volumes',
  cis: ['5.7.3'],
  documentation: 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#configure-volume-permission-and-ownership-change-policy-for-pods',
  check: object => checkPod(object, pod => {
    const volumes = persistentVolumes(object.json, object.kind, asArray(pod.spec.volumes));
    if (volumes.length === 0 || pod.windows) {
      return [];
    }
    const violations: Violation[] = [];
    const fsGroup = pod.securityContext.fsGroup;
    const which = `the persistent volume(s) ${volumes.map(name => `'${name}'`).join(', ')}`;
    if (fsGroup === undefined || fsGroup === null) {
      violations.push({ path: podSecurityContextPath(pod, 'fsGroup'), message: `the pod sets no fsGroup: a non-root process cannot write ${which}` });
    } else if (typeof fsGroup !== 'number' || !Number.isInteger(fsGroup)) {
      violations.push({ path: podSecurityContextPath(pod, 'fsGroup'), message: `fsGroup ${JSON.stringify(fsGroup)} is not an integer group id` });
    }
    const policy = pod.securityContext.fsGroupChangePolicy;
    if (policy !== 'OnRootMismatch') {
      violations.push({
        path: podSecurityContextPath(pod, 'fsGroupChangePolicy'),
        message: `fsGroupChangePolicy is ${policy === undefined ? 'not set (Always)' : JSON.stringify(policy)}: the kubelet changes the ownership `
          + `of every file of ${which} at every start`,
        severity: Severity.INFO,
      });
    }
    return violations;
  }),
};
