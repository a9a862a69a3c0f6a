import { parseQuantity } from '../../../profile/quantity';
import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule, Violation } from '../../engine/audit-rule';
import { checkPod } from '../../engine/container-checks';
import { asArray, asObject, asString, getIn } from '../../engine/json';
import { POD_BEARING_KINDS } from '../../engine/pod-template';
import { Severity } from '../../severity';

/**
 * emptyDir size limits are positive quantities, and the disk-backed ones together fit the pod's ephemeral-storage
 * limit (the sum of its regular containers' and sidecars' limits): beyond it the kubelet evicts the pod.
 */
export const podEmptyDirSize: AuditRule = {
  id: RuleId.POD_EMPTYDIR_SIZE,
  group: RuleGroup.RESOURCES,
  title: 'emptyDir `sizeLimit` positive; disk-backed emptyDirs together within the pod\'s ephemeral-storage limit',
  explanation: 'The kubelet evicts a pod whose emptyDir volumes, logs and writable layers use more than the sum of its containers\' '
    + 'ephemeral-storage limits, so size limits above it promise room the pod cannot use; a size limit of 0 evicts it on the first write.',
  fix: 'Give SecureDeployment writable paths a positive sizeLimit, and an ephemeral-storage limit at least their sum.',
  severity: Severity.WARNING,
  kinds: POD_BEARING_KINDS,
  appliesTo: 'emptyDir volumes of pod templates',
  cis: [],
  documentation: 'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#local-ephemeral-storage',
  check: object => checkPod(object, pod => {
    const violations: Violation[] = [];
    let total = 0;
    asArray(pod.spec.volumes).forEach((entry, i) => {
      const volume = asObject(entry);
      const emptyDir = asObject(volume?.emptyDir);
      const sizeLimit = emptyDir?.sizeLimit;
      if (sizeLimit === undefined || sizeLimit === null) {
        return;
      }
      const size = parseQuantity(String(sizeLimit));
      const path = `${pod.specPath}.volumes[${i}].emptyDir.sizeLimit`;
      if (size === undefined || size <= 0) {
        violations.push({
          path,
          message: `emptyDir ${asString(volume?.name) ?? `#${i}`} has the size limit ${JSON.stringify(sizeLimit)}, `
            + (size === undefined ? 'which is not a Kubernetes quantity' : 'which leaves no room: the first write evicts the pod'),
          severity: size === undefined || size < 0 ? Severity.ERROR : undefined,
        });
      } else if (emptyDir?.medium !== 'Memory') {
        total += size;
      }
    });
    if (total === 0) {
      return violations;
    }
    let limit = 0;
    for (const ref of pod.containers) {
      const counts = ref.type === 'containers' || (ref.type === 'initContainers' && ref.container.restartPolicy === 'Always');
      if (!counts) {
        continue;
      }
      const value = getIn(ref.container, 'resources', 'limits', 'ephemeral-storage');
      const amount = value === undefined || value === null ? undefined : parseQuantity(String(value));
      if (amount === undefined) {
        // Without a limit on every container the pod has none: CTR-EPHEMERAL-STORAGE reports it.
        return violations;
      }
      limit += amount;
    }
    if (total > limit) {
      violations.push({
        path: `${pod.specPath}.volumes`,
        message: `the disk-backed emptyDir size limits add up to ${total} bytes, more than the pod's ephemeral-storage limit of ${limit} bytes; `
          + 'filling them gets the pod evicted',
      });
    }
    return violations;
  }),
};
