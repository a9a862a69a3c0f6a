import { normaliseHostPath, SENSITIVE_HOST_PATHS, sensitiveHostPathProblem } from '../../../profile/mount-paths';
import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule, Violation } from '../../engine/audit-rule';
import { checkPod, violationVolume } from '../../engine/container-checks';
import { asArray, asObject, asString, getIn, joinPath, JsonObject } from '../../engine/json';
import { describeContainer, POD_BEARING_KINDS } from '../../engine/pod-template';
import { Severity } from '../../severity';

/** Whether a hostPath volume is (or may hold only) a Unix socket: a container runtime, kubelet or agent API. */
function isSocket(hostPath: Record<string, unknown>): boolean {
  const path = asString(hostPath.path);
  const normalised = path === undefined ? undefined : normaliseHostPath(path);
  return hostPath.type === 'Socket' || (normalised !== undefined && /\.sock$/.test(normalised));
}

function persistentVolumeViolations(json: JsonObject): Violation[] {
  const hostPath = asObject(getIn(json, 'spec', 'hostPath'));
  return hostPath ? [{
    path: 'spec.hostPath',
    message: `the PersistentVolume gives the node path ${asString(hostPath.path) ?? '?'} to every pod that claims it, writable, `
      + 'around POD-NO-HOSTPATH',
  }] : [];
}

/**
 * What a hostPath volume that is allowed at all (a node agent's approved POD-NO-HOSTPATH exception) may still not do:
 * be written, or be a socket.
 */
export const podHostPathReadOnly: AuditRule = {
  id: RuleId.POD_HOSTPATH_READONLY,
  group: RuleGroup.PRIVILEGE_ISOLATION,
  title: 'Every mount of a `hostPath` volume is `readOnly: true`; no node socket or sensitive node directory is mounted; no hostPath PersistentVolume',
  explanation: 'Node agents (log shippers, runtime monitors) are the legitimate case for hostPath, under an approved '
    + 'POD-NO-HOSTPATH exception; what the exception approves is reading. A writable hostPath lets the container plant files '
    + 'on the node (cron entries, kubelet manifests under /etc/kubernetes/manifests, binaries), which survive the pod. A socket '
    + '(docker.sock, containerd.sock, the kubelet\'s) accepts requests whatever the mount says: read-only does not stop '
    + 'starting a privileged container through it, and some node directories give the node or the cluster away even read-only '
    + `(${SENSITIVE_HOST_PATHS.join(', ')}, any directory inside one and any that contains one, such as / or /var: kubeconfigs, `
    + 'PKI, etcd data, other pods\' secrets, runtime state). Passes: every volumeMount of every container (init and ephemeral '
    + 'included) that names a hostPath volume sets `readOnly: true`, and no hostPath volume has `type: Socket`, a path '
    + 'ending in `.sock` or a sensitive path (compared by whole segments after resolving `//`, `.`, `..` and a trailing `/`). '
    + 'A PersistentVolume of type hostPath in the output gives every pod that claims it the node directory, '
    + 'writable, through a persistentVolumeClaim volume that POD-NO-HOSTPATH does not see: it is reported too (use `local` '
    + 'volumes or a CSI driver for node storage).',
  fix: 'Mount the hostPath with `readOnly: true` (e.g. /var/log for a log shipper); write to an emptyDir or a '
    + 'PersistentVolumeClaim instead; never mount a runtime socket or a sensitive node directory (mount the narrowest '
    + 'directory the agent reads, e.g. /var/log). A node agent that must write its node needs its own '
    + 'SecurityException for this rule, approved by the exception policy.',
  severity: Severity.ERROR,
  kinds: [...POD_BEARING_KINDS, 'PersistentVolume'],
  appliesTo: 'pod templates with hostPath volumes, PersistentVolumes',
  cis: ['5.2.12'],
  documentation: 'https://kubernetes.io/docs/concepts/storage/volumes/#hostpath',
  check: object => object.kind === 'PersistentVolume' ? persistentVolumeViolations(object.json) : checkPod(object, pod => {
    const violations: Violation[] = [];
    const hostPaths = new Map<string, string>();
    const rawPaths = new Map<string, string | undefined>();
    asArray(pod.spec.volumes).forEach((entry, i) => {
      const volume = asObject(entry);
      const hostPath = asObject(volume?.hostPath);
      const name = asString(volume?.name);
      if (!hostPath || name === undefined) {
        return;
      }
      const nodePath = asString(hostPath.path) ?? '?';
      hostPaths.set(name, nodePath);
      rawPaths.set(name, asString(hostPath.path));
      const volumeOf = violationVolume(pod, volume!);
      const sensitive = typeof hostPath.path === 'string' ? sensitiveHostPathProblem(hostPath.path) : undefined;
      if (isSocket(hostPath)) {
        violations.push({
          path: joinPath(joinPath(joinPath(pod.specPath, 'volumes'), i), 'hostPath'),
          message: `volume '${name}' mounts the node socket ${nodePath}, which accepts requests even when mounted read-only`,
          volume: volumeOf,
        });
      } else if (sensitive) {
        violations.push({
          path: joinPath(joinPath(joinPath(pod.specPath, 'volumes'), i), 'hostPath'),
          message: `volume '${name}' mounts ${nodePath}: ${sensitive}`,
          volume: volumeOf,
        });
      }
    });
    if (hostPaths.size === 0) {
      return violations;
    }
    for (const ref of pod.containers) {
      asArray(ref.container.volumeMounts).forEach((entry, i) => {
        const mount = asObject(entry);
        const volume = asString(mount?.name);
        if (volume === undefined || !hostPaths.has(volume) || mount?.readOnly === true) {
          return;
        }
        violations.push({
          path: `${ref.path}.volumeMounts[${i}].readOnly`,
          message: `${describeContainer(ref)} mounts the node path ${hostPaths.get(volume)} (volume '${volume}') writable`
            + (mount?.readOnly === undefined ? ' (readOnly is not set)' : ` (readOnly: ${JSON.stringify(mount?.readOnly)})`),
          volume: { hostPath: rawPaths.get(volume), readOnly: false },
        });
      });
    }
    return violations;
  }),
};
