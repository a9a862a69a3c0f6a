import { normaliseHostPath } from './mount-paths';
import { RuleId } from './rule-id';

/**
 * What a host access exception covers (internal to the library): the exceptions to POD-NO-HOSTPATH and
 * POD-VOLUME-TYPES that a SecureDaemonSet's `hostAccess` stands for open exactly the node directories it names, each
 * with its mode (and its POD-HOSTPATH-READONLY exception exactly the writable ones), and no other volume (an NFS, gitRepo or iSCSI volume, another hostPath, a writable mount of a
 * read-only one). The constructs record the grants with the exception; the exception's reason, and so its annotation,
 * names each one as `hostPath <path> <read-only|writable> at <mountPath>: <why>` (entries joined by `; `), which is
 * how an audit of manifests reads them back.
 */
export interface HostPathGrant {
  /** The node directory, normalised. */
  readonly path: string;
  /** Whether only read-only mounts of it are covered. */
  readonly readOnly: boolean;
}

/** The rules whose host access exceptions cover only the hostPaths they name. */
export const HOST_PATH_RULES: readonly RuleId[] = [RuleId.POD_NO_HOSTPATH, RuleId.POD_VOLUME_TYPES, RuleId.POD_HOSTPATH_READONLY];

/** One entry of a host access exception's reason. */
export function hostPathGrantReason(hostPath: string, readOnly: boolean, mountPath: string, why: string): string {
  return `hostPath ${hostPath} ${readOnly ? 'read-only' : 'writable'} at ${mountPath}: ${why}`;
}

const GRANT_ENTRY = /(?:^|; )hostPath (\/\S*) (read-only|writable) at \/\S*: /g;

/**
 * The grants a host access exception's reason names, or `undefined` when it names none (an exception that is not
 * about host access, which these grants do not limit).
 */
export function hostPathGrantsOfReason(reason: string): HostPathGrant[] | undefined {
  const grants: HostPathGrant[] = [];
  for (const match of reason.matchAll(GRANT_ENTRY)) {
    const path = normaliseHostPath(match[1]);
    if (path !== undefined) {
      grants.push({ path, readOnly: match[2] === 'read-only' });
    }
  }
  return grants.length > 0 ? grants : undefined;
}

/**
 * Whether `grants` cover a hostPath volume of node path `path` whose mounts are all read-only (`readOnly`): the same
 * directory (compared after {@link normaliseHostPath}), and a read-only grant only for read-only mounts.
 */
export function hostPathGranted(grants: readonly HostPathGrant[], path: string, readOnly: boolean): boolean {
  const normalised = normaliseHostPath(path);
  return normalised !== undefined && grants.some((grant) => grant.path === normalised && (readOnly || !grant.readOnly));
}

/** The grants as a reader sees them, e.g. `/var/log read-only, /var/lib/agent writable`. */
export function describeHostPathGrants(grants: readonly HostPathGrant[]): string {
  return grants.map((grant) => `${grant.path} ${grant.readOnly ? 'read-only' : 'writable'}`).join(', ');
}
