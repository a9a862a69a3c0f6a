import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { ClusterDns } from '../policy/cluster-dns';
import { SecurityException } from '../profile/security-exception';
import { WorkloadProbe } from '../profile/workload-probe';
import { WorkloadResources } from '../profile/workload-resources';

/**
 * A path the application writes to, mounted as an `emptyDir` because the root file system is read-only.
 *
 * @see https://kubernetes.io/docs/concepts/storage/volumes/#emptydir
 */
export interface WritablePath {
  /** Absolute path in the main container, e.g. `/var/cache/nginx`. */
  readonly path: string;

  /**
   * Most the directory may hold; it counts towards the container's ephemeral-storage.
   *
   * @default Size.mebibytes(64)
   */
  readonly sizeLimit?: Size;

  /**
   * Storage medium. `EmptyDirMedium.MEMORY` is a tmpfs that counts towards the memory limit.
   *
   * @default - the node's disk
   */
  readonly medium?: kplus.EmptyDirMedium;
}

/** Options for mounting a Secret as files. */
export interface MountSecretOptions {
  /**
   * Keys of the Secret to project, and the file each becomes.
   *
   * @default - every key, as a file named after it
   */
  readonly items?: { [key: string]: kplus.PathMapping };

  /**
   * Container to mount the files into.
   *
   * @default - the main container
   */
  readonly container?: kplus.Container;
}

/**
 * A Secret mounted as read-only files (mode 0400) in the main container.
 *
 * @see https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-files-from-a-pod
 */
export interface SecretFile {
  /** The Secret. */
  readonly secret: kplus.ISecret;

  /** Directory the Secret's keys appear in, one file per key. */
  readonly path: string;

  /**
   * Keys of the Secret to project, and the file each becomes.
   *
   * @default - every key, as a file named after it
   */
  readonly items?: { [key: string]: kplus.PathMapping };
}

/** Options of `allowFrom()` and `allowTo()`. */
export interface AllowConnectionOptions {
  /**
   * Ports (of the receiving pods) the connection may use.
   *
   * @default - the container ports of the receiving secure workload; every port for other peers of `allowTo()`
   */
  readonly ports?: kplus.NetworkPolicyPort[];
}

/**
 * The main container and hardening options every secure workload (SecureDeployment, SecureStatefulSet,
 * SecureJob, SecureCronJob, SecureDaemonSet) takes besides its cdk8s-plus props.
 */
export interface SecureWorkloadOptions {
  /**
   * Image of the main container: `registry/repository:tag` or, preferred, `registry/repository@sha256:<digest>`.
   * No tag and `latest` are rejected, and so is an image outside the SecurityPolicy's `allowedRegistries`
   * unless an IMG-REGISTRY exception is given.
   */
  readonly image: string;

  /**
   * Reject images that are not pinned by a `@sha256:` digest.
   *
   * @default - the SecurityPolicy's `requireDigest`, else false
   */
  readonly requireDigest?: boolean;

  /**
   * Name of the main container.
   *
   * @default "main"
   */
  readonly containerName?: string;

  /**
   * Entrypoint of the main container.
   *
   * @default - the image's ENTRYPOINT
   */
  readonly command?: string[];

  /**
   * Arguments of the main container.
   *
   * @default - the image's CMD
   */
  readonly args?: string[];

  /**
   * Working directory of the main container.
   *
   * @default - the image's WORKDIR
   */
  readonly workingDir?: string;

  /**
   * Environment variables of the main container. Literal values of secret-looking names are rejected:
   * mount the Secret with `secretFiles` instead.
   *
   * @default - none
   */
  readonly envVariables?: { [name: string]: kplus.EnvValue };

  /**
   * Environment variables of the main container copied from ConfigMaps (Secrets need an exception to
   * CTR-SECRETS-AS-FILES).
   *
   * @default - none
   */
  readonly envFrom?: kplus.EnvFrom[];

  /**
   * Lifecycle hooks of the main container.
   *
   * @default - none
   */
  readonly lifecycle?: kplus.ContainerLifecycle;

  /**
   * Security context of the main container. Unset fields take the hardened defaults; weakening any
   * needs the matching exception.
   *
   * @default - the hardened container security context
   */
  readonly containerSecurityContext?: kplus.ContainerSecurityContextProps;

  /**
   * Pull policy of the main container.
   *
   * @default - `Always`, for tagged and digest-pinned images (any other policy needs an exception to IMG-PULL-ALWAYS)
   */
  readonly imagePullPolicy?: kplus.ImagePullPolicy;

  /**
   * Requests and limits of the main container. Each field left out takes the default; containers added
   * with `addContainer()` / `addInitContainer()` that set no resources get the defaults.
   *
   * @default - the SecurityPolicy's `defaultResources`, else cpu 100m/500m, memory 128Mi/256Mi,
   * ephemeral-storage 64Mi/512Mi (request/limit)
   */
  readonly resources?: WorkloadResources;

  /**
   * Readiness probe of the main container.
   *
   * @default - a TCP probe of `port` when the workload has a port (Deployment, StatefulSet, DaemonSet)
   */
  readonly readiness?: WorkloadProbe;

  /**
   * Liveness probe of the main container.
   *
   * @default - a TCP probe of `port` (by name) with more tolerant timings when the workload has a port
   */
  readonly liveness?: WorkloadProbe;

  /**
   * Startup probe of the main container, for applications that start slowly.
   *
   * @default - none
   */
  readonly startup?: WorkloadProbe;

  /**
   * Paths the main container writes to besides `/tmp` (always writable), each an `emptyDir` with a size limit.
   *
   * @default - only /tmp
   */
  readonly writablePaths?: WritablePath[];

  /**
   * Secrets mounted as read-only files in the main container.
   *
   * @default - none
   */
  readonly secretFiles?: SecretFile[];

  /**
   * Deliberate deviations from the hardening profile, each with a reason (and the approval reference and
   * expiry the SecurityPolicy's exception policy may require). Each must relax something this workload
   * sets, or synthesis fails. The workload records them for the audit and documents them on its object as
   * annotations `exception.cdk8s-secure.io/<RULE-ID>`; exception annotations given any other way are rejected.
   *
   * @default - none: every control is enforced
   */
  readonly exceptions?: SecurityException[];

  /**
   * The PriorityClass of the pods. It must exist: a system class (`system-cluster-critical`,
   * `system-node-critical`), a `PriorityClass` object emitted by the same app, or one the platform
   * provides as listed in the `SecurityPolicy`'s `platformPriorityClasses`; a missing class makes the
   * pods unschedulable, so naming any other is an error at synth time.
   *
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/
   * @default - the SecurityPolicy's `defaultPriorityClassName`, else none (the audit reports POD-PRIORITY-CLASS as info)
   */
  readonly priorityClassName?: string;

  /**
   * Where the pods resolve names: the DNS egress their NetworkPolicy allows.
   *
   * @default - the SecurityPolicy's `clusterDns`, else ClusterDns.kubeDns()
   */
  readonly clusterDns?: ClusterDns;

  /**
   * `app.kubernetes.io/name`: the application's name.
   *
   * @default - the construct id
   */
  readonly appName?: string;

  /**
   * `app.kubernetes.io/part-of`: the higher-level application.
   *
   * @default - the id of the Chart
   */
  readonly partOf?: string;

  /**
   * `app.kubernetes.io/version`.
   *
   * @default - the image tag, or `sha256-<first 12 digest digits>` for an image pinned only by digest
   */
  readonly version?: string;
}
