import { k8s } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { invalidProp } from '../internal/errors';
import { SecurityExceptions } from '../internal/security-exceptions';
import { isAtOrBelow, normaliseMountPath, writableSystemPathProblem } from '../profile/mount-paths';
import { parseQuantity } from '../profile/quantity';
import { RuleId } from '../profile/rule-id';

/** What the volume checks need besides the pod spec. */
export interface VolumeCheckContext {
  /** The construct named in errors. */
  readonly scope: IConstruct;
  /** The exceptions given to it. */
  readonly exceptions: SecurityExceptions;
  /** The prop a volume came from (e.g. `writablePaths`), when it came from one. */
  readonly propOfVolume: (volume: string) => string | undefined;
}

/** Volume types whose mounts are read-only whatever the mount says: the kubelet projects them. */
const PROJECTED_TYPES: ReadonlySet<string> = new Set(['configMap', 'downwardAPI', 'projected', 'secret']);

interface Mount {
  readonly path: string;
  readonly volume: string;
  readonly type?: string;
  readonly readOnly: boolean;
}

/**
 * Checks the volumes and mounts of a completed pod spec: every mount path absolute and used once per
 * container, none inside a read-only projected (Secret, ConfigMap) mount, no writable volume over a system
 * directory (unless excepted from CTR-READONLY-ROOTFS), every emptyDir `sizeLimit` positive, and the disk-backed
 * ones together within the pod's ephemeral-storage limit.
 */
export function checkPodVolumes(spec: k8s.PodSpec, ctx: VolumeCheckContext): void {
  const types = new Map<string, string | undefined>();
  for (const volume of spec.volumes ?? []) {
    types.set(volume.name, Object.keys(volume).find((key) => key !== 'name' && (volume as unknown as Record<string, unknown>)[key] !== undefined));
  }
  const containers: Array<[string, k8s.Container]> = [
    ...(spec.initContainers ?? []).map((container) => ['initContainers', container] as [string, k8s.Container]),
    ...spec.containers.map((container) => ['containers', container] as [string, k8s.Container]),
  ];
  for (const [role, container] of containers) {
    checkMounts(role, container, types, ctx);
  }
  checkSizeLimits(spec, ctx);
}

function checkMounts(role: string, container: k8s.Container, types: ReadonlyMap<string, string | undefined>, ctx: VolumeCheckContext): void {
  const propOf = (volume: string) => ctx.propOfVolume(volume) ?? `${role}[${container.name}].volumeMounts`;
  const mounts: Mount[] = [];
  for (const mount of container.volumeMounts ?? []) {
    const path = normaliseMountPath(mount.mountPath);
    if (path === undefined) {
      throw invalidProp(ctx.scope, propOf(mount.name), mount.mountPath, 'a mount path is an absolute directory without ".."',
        'use a path such as "/var/cache/nginx"');
    }
    const type = types.get(mount.name);
    const twin = mounts.find((other) => other.path === path);
    if (twin) {
      throw invalidProp(ctx.scope, propOf(mount.name), mount.mountPath,
        `container ${container.name} already mounts volume ${twin.volume} (${ctx.propOfVolume(twin.volume) ?? 'a volume mount'}) at ${path}; `
        + 'the API server rejects two mounts at one path', 'give each writable path, secret file directory and volume its own mount path');
    }
    mounts.push({ path, volume: mount.name, type, readOnly: mount.readOnly === true || (type !== undefined && PROJECTED_TYPES.has(type)) });
  }
  for (const mount of mounts) {
    const outer = mounts.find((other) => other !== mount && other.type !== undefined && PROJECTED_TYPES.has(other.type)
      && other.path !== '/' && isAtOrBelow(mount.path, other.path));
    if (outer) {
      throw invalidProp(ctx.scope, propOf(mount.volume), mount.path,
        `the path is inside ${outer.path}, where container ${container.name} mounts the read-only ${outer.type} volume ${outer.volume}; `
        + 'the kubelet cannot create a mount point there and the container would not start', 'mount it beside the directory, not inside it');
    }
    const problem = mount.readOnly ? undefined : writableSystemPathProblem(mount.path);
    if (problem) {
      ctx.exceptions.require(RuleId.CTR_READONLY_ROOTFS, propOf(mount.volume), mount.path, problem);
    }
  }
}

function checkSizeLimits(spec: k8s.PodSpec, ctx: VolumeCheckContext): void {
  let total = 0;
  const disk: string[] = [];
  for (const volume of spec.volumes ?? []) {
    const sizeLimit = volume.emptyDir?.sizeLimit;
    if (sizeLimit === undefined) {
      continue;
    }
    const text = String(sizeLimit.value);
    const size = parseQuantity(text);
    if (size === undefined || size <= 0) {
      throw invalidProp(ctx.scope, ctx.propOfVolume(volume.name) ?? `volumes[${volume.name}].emptyDir.sizeLimit`, text,
        size === undefined ? 'the emptyDir size limit is not a Kubernetes quantity'
          : 'an emptyDir size limit of 0 or less leaves no room: the first write gets the pod evicted',
        'give a positive size such as Size.mebibytes(64)');
    }
    if (volume.emptyDir?.medium !== 'Memory') {
      total += size;
      disk.push(`${volume.name} ${text}`);
    }
  }
  const sidecars = (spec.initContainers ?? []).filter((container) => container.restartPolicy === 'Always');
  let limit = 0;
  for (const container of [...spec.containers, ...sidecars]) {
    const value = container.resources?.limits?.['ephemeral-storage'];
    const amount = value === undefined ? undefined : parseQuantity(String(value.value));
    if (amount === undefined) {
      return;
    }
    limit += amount;
  }
  if (total > limit) {
    const prop = disk.map((entry) => ctx.propOfVolume(entry.split(' ')[0])).find((p) => p !== undefined) ?? 'volumes';
    throw invalidProp(ctx.scope, prop, disk.join(', '),
      `the disk-backed emptyDir size limits add up to ${formatBytes(total)}, more than the pod's ephemeral-storage limit of ${formatBytes(limit)} `
      + '(the sum of its containers\' limits); filling them gets the pod evicted by the kubelet',
      'lower the writable paths\' sizeLimit, or raise resources.limits.ephemeral-storage');
  }
}

function formatBytes(bytes: number): string {
  const mebibytes = bytes / 2 ** 20;
  return Number.isInteger(mebibytes) ? `${mebibytes}Mi` : `${bytes} bytes`;
}
