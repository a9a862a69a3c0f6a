/**
 * Volumes of a hardened workload: writable scratch space under a read-only root filesystem
 * (control CTR-READONLY-ROOTFS) and Secrets mounted as read-only files (control CTR-SECRETS-AS-FILES).
 *
 * @see https://kubernetes.io/docs/concepts/storage/volumes/#emptydir
 * @see https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-files-from-a-pod
 */

import { Size } from 'cdk8s';

/** The path every container gets as a writable `emptyDir`: most software writes temporary files there. */
export const TMP_PATH = '/tmp';

/** Size limit of a writable `emptyDir` when none is given; it counts towards ephemeral-storage. */
export const DEFAULT_WRITABLE_SIZE_LIMIT = Size.mebibytes(64);

/**
 * File mode of mounted Secret files: readable by the owner only. With the pod's `fsGroup`, the kubelet
 * adds group read and gives the files to that group, so the (non-root) application can read them.
 */
export const SECRET_FILE_MODE = 0o400;

/**
 * Volume types Pod Security Standards restricted allows (control POD-VOLUME-TYPES).
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
export const ALLOWED_VOLUME_TYPES: ReadonlySet<string> = new Set([
  'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret',
]);

const NON_NAME = /[^a-z0-9]+/g;
const EDGE_DASHES = /^-+|-+$/g;

/** A volume name (DNS-1123 label) derived from a mount path: `/var/cache/nginx` becomes `var-cache-nginx`. */
export function volumeNameForPath(path: string): string {
  const name = path.toLowerCase().replace(NON_NAME, '-').replace(EDGE_DASHES, '');
  return (name || 'root').slice(0, 63).replace(EDGE_DASHES, '');
}
