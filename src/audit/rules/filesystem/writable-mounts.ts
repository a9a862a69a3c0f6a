import { asArray, asObject, asString } from '../../engine/json';
import { ContainerRef, PodTemplate } from '../../engine/pod-template';

/** Volume types the kubelet projects read-only, whatever the mount says. */
export const PROJECTED_VOLUME_TYPES: ReadonlySet<string> = new Set(['configMap', 'downwardAPI', 'projected', 'secret']);

/** One volume mount of a container, with its volume's type. */
export interface MountRef {
  readonly path: string;
  readonly mountPath: string;
  readonly volume: string;
  readonly type?: string;
  readonly readOnly: boolean;
  /** JSON path of the mount's `mountPath`. */
  readonly jsonPath: string;
}

/** The volume types of the pod's volumes, by volume name. */
export function volumeTypes(pod: PodTemplate): ReadonlyMap<string, string | undefined> {
  const types = new Map<string, string | undefined>();
  for (const entry of asArray(pod.spec.volumes)) {
    const volume = asObject(entry);
    const name = asString(volume?.name);
    if (volume && name !== undefined) {
      types.set(name, Object.keys(volume).find(key => key !== 'name' && volume[key] !== undefined && volume[key] !== null));
    }
  }
  return types;
}

/** The container's volume mounts; `normalise` gives the comparable path (`undefined` keeps the mount out). */
export function mountsOf(
  ref: ContainerRef, types: ReadonlyMap<string, string | undefined>, normalise: (path: string) => string | undefined,
): MountRef[] {
  const mounts: MountRef[] = [];
  asArray(ref.container.volumeMounts).forEach((entry, i) => {
    const mount = asObject(entry);
    const mountPath = asString(mount?.mountPath);
    const path = mountPath === undefined ? undefined : normalise(mountPath);
    if (!mount || mountPath === undefined || path === undefined) {
      return;
    }
    const volume = asString(mount.name) ?? '';
    const type = types.get(volume);
    mounts.push({
      path,
      mountPath,
      volume,
      type,
      readOnly: mount.readOnly === true || (type !== undefined && PROJECTED_VOLUME_TYPES.has(type)),
      jsonPath: `${ref.path}.volumeMounts[${i}].mountPath`,
    });
  });
  return mounts;
}
