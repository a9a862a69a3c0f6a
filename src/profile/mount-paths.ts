import { boundedMemo } from './bounded-memo';
/**
 * Mount paths of a hardened workload: normalised before they are compared, and kept off the system
 * directories a writable volume would make writable again under a read-only root filesystem
 * (control CTR-READONLY-ROOTFS).
 *
 * @see https://kubernetes.io/docs/concepts/storage/volumes/
 */

/**
 * Directories a writable volume must not cover, nor any directory below them: binaries and libraries
 * (a process could plant or replace executables), the kernel's interfaces and the Kubernetes-projected
 * credentials.
 */
export const PROTECTED_TREES: readonly string[] = [
  '/bin', '/boot', '/lib', '/lib32', '/lib64', '/libx32', '/proc', '/run/secrets', '/sbin', '/sys', '/usr', '/var/run/secrets',
];

/**
 * Directories a writable volume must not replace, though directories below them may be writable:
 * `/etc` (a writable one lets a process rewrite passwd, group, hosts and resolv.conf) and `/dev`
 * (`/dev/shm` is the usual in-memory scratch space).
 */
export const PROTECTED_DIRECTORIES: readonly string[] = ['/', '/dev', '/etc'];

/**
 * The path with `//`, `.` and a trailing `/` removed, or `undefined` when it is not absolute or climbs
 * out with `..` (a mount path is an absolute directory).
 */
export function normaliseMountPath(path: string): string | undefined {
  return typeof path === 'string' ? NORMALISED(path) : normalisedMountPath(path);
}

/** Mount paths normalised so far (each workload's `/tmp` and the like, at construction and in each render); bounded. */
const NORMALISED = boundedMemo(normalisedMountPath, 10000);

function normalisedMountPath(path: string): string | undefined {
  if (!path.startsWith('/')) {
    return undefined;
  }
  const segments = path.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..')) {
    return undefined;
  }
  return `/${segments.join('/')}`;
}

/** Whether normalised `path` is `parent` or lies below it. */
export function isAtOrBelow(path: string, parent: string): boolean {
  return path === parent || parent === '/' || path.startsWith(`${parent}/`);
}

/**
 * Why a writable volume must not be mounted at the normalised `path`, or `undefined` when it may.
 */
export function writableSystemPathProblem(path: string): string | undefined {
  if (PROTECTED_DIRECTORIES.includes(path)) {
    return path === '/'
      ? 'a writable volume over "/" makes the whole root filesystem writable'
      : `a writable volume over ${path} defeats the read-only root filesystem (for /etc: a process could rewrite passwd, hosts and resolv.conf)`;
  }
  const tree = PROTECTED_TREES.find((protectedTree) => isAtOrBelow(path, protectedTree));
  return tree === undefined ? undefined
    : `${path} is ${path === tree ? '' : `below ${tree}, `}a system directory that must stay read-only (binaries, libraries, kernel interfaces `
      + 'or projected credentials); a writable volume there defeats the read-only root filesystem';
}

/**
 * Node directories a hostPath may not be, contain or lie inside, for the constructs (a read-only `HostAccess`) and
 * the audit (POD-HOSTPATH-READONLY) alike: a container runtime or kubelet socket is usable through a read-only
 * mount, and these hold node and cluster credentials (kubeconfigs, PKI, etcd data, CNI and runtime state, users'
 * home directories), kernel interfaces and other pods' data. Matched by whole path segments (`/var/runner` is not
 * `/var/run`), after {@link normaliseHostPath}; `/` itself contains every one of them.
 */
export const SENSITIVE_HOST_PATHS: readonly string[] = [
  // Runtime sockets first: an error about a directory that contains several names the socket directory.
  '/var/run', '/run', '/run/containerd', '/var/lib/kubelet', '/var/lib/docker', '/var/lib/containerd', '/var/lib/cri-o',
  '/etc', '/etc/kubernetes', '/srv/kubernetes', '/var/lib/etcd', '/var/lib/rancher', '/var/lib/cni', '/var/lib/calico',
  '/root', '/home', '/boot', '/dev', '/proc', '/sys',
];

/**
 * A node path as the kernel resolves it, for comparing hostPaths: absolute, without `//`, `.`, a trailing `/`, and
 * with each `..` taking away the segment before it (never above `/`); `undefined` when it is not absolute. Unlike
 * {@link normaliseMountPath} it does not refuse `..`: the audit reads manifests it did not write and must judge the
 * directory such a path names (`/var/log/../lib/kubelet` is `/var/lib/kubelet`).
 */
export function normaliseHostPath(path: string): string | undefined {
  if (!path.startsWith('/')) {
    return undefined;
  }
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '..') {
      segments.pop();
    } else if (segment !== '' && segment !== '.') {
      segments.push(segment);
    }
  }
  return `/${segments.join('/')}`;
}

/** Why a hostPath `path` is sensitive (after {@link normaliseHostPath}), or undefined. */
export function sensitiveHostPathProblem(path: string): string | undefined {
  const normalised = normaliseHostPath(path) ?? path;
  const hit = SENSITIVE_HOST_PATHS.find((sensitive) => isAtOrBelow(normalised, sensitive) || isAtOrBelow(sensitive, normalised));
  return hit && `the node directory ${normalised} ${isAtOrBelow(normalised, hit) ? 'is' : 'contains'} ${hit}, which holds node credentials, `
    + 'kernel interfaces or the container runtime socket (usable through a read-only mount)';
}
