import { MountRef, mountsOf, PROJECTED_VOLUME_TYPES, volumeTypes } from './writable-mounts';
import { isAtOrBelow, normaliseMountPath } from '../../../profile/mount-paths';
import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule, Violation } from '../../engine/audit-rule';
import { checkContainers } from '../../engine/container-checks';
import { describeContainer, POD_BEARING_KINDS } from '../../engine/pod-template';
import { Severity } from '../../severity';

/** Each container mounts one volume per (normalised) path, and nothing inside a read-only projected volume. */
export const ctrMountPaths: AuditRule = {
  id: RuleId.CTR_MOUNT_PATHS,
  group: RuleGroup.READONLY_ROOTFS,
  title: 'Volume mount paths absolute and unique per container; nothing mounted inside a Secret, ConfigMap or projected mount',
  explanation: 'The API server rejects a pod whose container mounts two volumes at one mountPath; paths that differ only by '
    + '`//`, `.` or a trailing `/` name the same directory, so one mount hides the other. A mount inside a Secret or ConfigMap '
    + 'mount needs a mount point in a read-only volume: the container does not start.',
  fix: 'Give each writable path, secret-file directory and volume of SecureDeployment its own directory, side by side.',
  severity: Severity.ERROR,
  kinds: POD_BEARING_KINDS,
  appliesTo: 'volume mounts of init, regular and ephemeral containers',
  cis: [],
  documentation: 'https://kubernetes.io/docs/concepts/storage/volumes/',
  check: object => checkContainers(object, (ref, pod) => {
    const violations: Violation[] = [];
    const relative = mountsOf(ref, volumeTypes(pod), path => normaliseMountPath(path) === undefined ? path : undefined);
    for (const mount of relative) {
      violations.push({
        path: mount.jsonPath,
        message: `${describeContainer(ref)} mounts ${mount.volume} at ${JSON.stringify(mount.mountPath)}, `
        + 'which is not an absolute path without ".."',
      });
    }
    const mounts = mountsOf(ref, volumeTypes(pod), normaliseMountPath);
    const seen = new Map<string, MountRef>();
    for (const mount of mounts) {
      const twin = seen.get(mount.path);
      if (twin) {
        violations.push({
          path: mount.jsonPath,
          message: `${describeContainer(ref)} mounts ${mount.volume} at ${mount.mountPath}, where it already `
          + `mounts ${twin.volume} (${twin.mountPath})`,
        });
        continue;
      }
      seen.set(mount.path, mount);
      const outer = mounts.find(other => other !== mount && other.path !== mount.path && other.path !== '/'
        && other.type !== undefined && PROJECTED_VOLUME_TYPES.has(other.type) && isAtOrBelow(mount.path, other.path));
      if (outer) {
        violations.push({
          path: mount.jsonPath,
          message: `${describeContainer(ref)} mounts ${mount.volume} at ${mount.mountPath}, inside the `
          + `read-only ${outer.type} volume ${outer.volume} at ${outer.mountPath}`,
        });
      }
    }
    return violations;
  }),
};
