import { Chart, Size, SizeRoundingBehavior } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { SECURE_STATEFUL_SET_PROP_TYPES } from './prop-schema';
import { SecurePeer } from './secure-peer';
import { AllowConnectionOptions, MountSecretOptions, SecureWorkloadOptions } from './secure-workload-options';
import { checkedList, hardenedPodProps, WorkloadHardening, WorkloadKind } from './workload-hardening';
import { invalidProp } from '../internal/errors';
import { checkPropTypes, propsReadOnce } from '../internal/prop-types';
import { ClaimRetention } from '../profile/claim-retention';
import { NO_PDB_DECISION } from '../profile/library-decisions';
import { labelNameProblem } from '../profile/object-names';
import { RuleId } from '../profile/rule-id';
import { DEFAULT_REPLICAS, MIN_AVAILABLE_REPLICAS } from '../profile/workload-availability';
import { DEFAULT_PORT_NAME, isPortNumber, portNameProblem } from '../profile/workload-ports';
import { MAX_CLAIM_MEBIBYTES, STATEFUL_FS_GROUP_CHANGE_POLICY } from '../profile/workload-storage';
import { volumeNameForPath } from '../profile/workload-volumes';

/**
 * A persistent volume of each pod of a SecureStatefulSet: a `volumeClaimTemplates` entry, mounted writable in the
 * main container.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#volume-claim-templates
 */
export interface StatefulStorage {
  /** Absolute path in the main container, e.g. `/var/lib/postgresql/data`. */
  readonly path: string;

  /** The storage each pod's claim requests, e.g. `Size.gibibytes(20)`. */
  readonly size: Size;

  /**
   * Name of the claim template (and of the volume in the pod).
   *
   * @default - derived from the path, e.g. `var-lib-postgresql-data`
   */
  readonly name?: string;

  /**
   * The StorageClass of the claims.
   *
   * @default - the cluster's default StorageClass
   */
  readonly storageClassName?: string;

  /**
   * Access mode of the claims.
   *
   * @default PersistentVolumeAccessMode.READ_WRITE_ONCE
   */
  readonly accessMode?: kplus.PersistentVolumeAccessMode;
}

/**
 * Props of a {@link SecureStatefulSet}: the cdk8s-plus `StatefulSetProps` (checked, never silently overridden) plus
 * the main container, its port, its storage and the hardening options every secure workload takes.
 */
export interface SecureStatefulSetProps extends kplus.StatefulSetProps, SecureWorkloadOptions {
  /**
   * The port the main container listens on: the headless governing Service and the default readiness and liveness
   * probes use it. Ports below 1024 need an exception to POD-PRIVILEGED-PORT.
   */
  readonly port: number;

  /**
   * Name of the container port and the Service port.
   *
   * @default "http"
   */
  readonly portName?: string;

  /**
   * The persistent volumes of each pod (`volumeClaimTemplates`), each with an explicit size and access mode.
   *
   * @default - none
   */
  readonly storage?: StatefulStorage[];

  /**
   * What happens to the claims when the StatefulSet is deleted (`persistentVolumeClaimRetentionPolicy.whenDeleted`).
   *
   * @default ClaimRetention.RETAIN
   */
  readonly claimsWhenDeleted?: ClaimRetention;

  /**
   * What happens to the claims of pods removed by scaling down (`persistentVolumeClaimRetentionPolicy.whenScaled`).
   *
   * @default ClaimRetention.RETAIN
   */
  readonly claimsWhenScaled?: ClaimRetention;
}

const STATEFUL_SET_KIND: WorkloadKind = Object.freeze<WorkloadKind>({
  constructName: 'SecureStatefulSet',
  noun: 'stateful set',
  serving: true,
  spread: true,
  templateOf: (rendered) => rendered?.spec?.template,
  templatePath: 'spec.template',
  specToJson: kplus.k8s.toJson_StatefulSetSpec,
  hasSelector: true,
  namesakes: ['PodDisruptionBudget'],
  selectorUsers: 'governing Service, NetworkPolicy and PodDisruptionBudget',
});

interface Claim {
  readonly name: string;
  readonly path: string;
  readonly storage: string;
  readonly accessMode: string;
  readonly storageClassName?: string;
}

/**
 * A StatefulSet (a database, a queue) hardened by default like SecureDeployment, auditing clean under Pod Security
 * Standards restricted and the library's hardened pack.
 *
 * Extends cdk8s-plus `StatefulSet`, so its API keeps working. Every container, including those added later, gets
 * every pod and container control of SecureDeployment; the stateful set also gets its own ServiceAccount (no token),
 * a NetworkPolicy (deny all but DNS and the peers allowed), a headless governing Service on its port, readiness and
 * liveness probes, a PodDisruptionBudget, spreading across nodes and RollingUpdate. Each pod's persistent volumes
 * (`storage`) have an explicit size and access mode, are writable by the non-root pod through `fsGroup` with
 * `fsGroupChangePolicy: OnRootMismatch`, and are kept when the stateful set is deleted or scaled down unless chosen
 * otherwise (`claimsWhenDeleted`, `claimsWhenScaled`).
 *
 * @example
 * new SecureStatefulSet(chart, 'db', {
 *   image: 'registry.example.com/postgres:16.4', port: 5432,
 *   storage: [{ path: '/var/lib/postgresql/data', size: Size.gibibytes(20) }],
 * });
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/
 */
export class SecureStatefulSet extends kplus.StatefulSet {
  /** The namespace of the stateful set and of every object it emits. */
  public readonly namespace: string;

  /** The main container. */
  public readonly container: kplus.Container;

  /** The main container's port (also the governing Service's). */
  public readonly port: number;

  /** The NetworkPolicy that selects the pods: deny all, except DNS and the peers allowed. */
  public readonly networkPolicy: kplus.NetworkPolicy;

  /** The PodDisruptionBudget, when at least 2 replicas run. */
  public readonly podDisruptionBudget?: kplus.k8s.KubePodDisruptionBudget;

  private readonly hardening: WorkloadHardening;
  private readonly claims: Claim[];
  private readonly retention: kplus.k8s.StatefulSetPersistentVolumeClaimRetentionPolicy;

  constructor(scope: Construct, id: string, props: SecureStatefulSetProps) {
    // Read once: what the checks judge is what the workload is built from.
    props = propsReadOnce(props, SECURE_STATEFUL_SET_PROP_TYPES);
    checkPropTypes(scope, id, 'SecureStatefulSet', props, SECURE_STATEFUL_SET_PROP_TYPES, {
      required: { image: "'registry.example.com/postgres:16.4'", port: '5432' },
      example: "{ image: 'registry.example.com/postgres:16.4', port: 5432, storage: [{ path: '/var/lib/postgresql/data', size: Size.gibibytes(20) }] }",
    });
    const pod = hardenedPodProps(props);
    super(scope, id, {
      ...props,
      // Containers are added below, once this construct can check them.
      containers: undefined,
      initContainers: undefined,
      service: undefined,
      replicas: props.replicas ?? DEFAULT_REPLICAS,
      ...pod,
      securityContext: {
        ...pod.securityContext,
        fsGroupChangePolicy: props.securityContext?.fsGroupChangePolicy ?? STATEFUL_FS_GROUP_CHANGE_POLICY as kplus.FsGroupChangePolicy,
      },
    });
    this.hardening = new WorkloadHardening(this, props, STATEFUL_SET_KIND);
    this.namespace = this.hardening.namespace;
    this.checkProps(props);
    this.hardening.checkPodProps(props);
    this.container = this.hardening.addMainContainer(id, props);
    this.port = props.port;
    this.claims = this.claimsOf(props.storage);
    this.retention = {
      whenDeleted: props.claimsWhenDeleted ?? ClaimRetention.RETAIN,
      whenScaled: props.claimsWhenScaled ?? ClaimRetention.RETAIN,
    };

    const childMetadata = this.hardening.childMetadata();
    for (const [key, value] of Object.entries(childMetadata.labels)) {
      this.service.metadata.addLabel(key, value);
    }
    this.service.bind(props.port, { name: props.portName ?? DEFAULT_PORT_NAME, targetPort: props.port, protocol: kplus.Protocol.TCP });

    this.hardening.createNetworkPolicy(props);
    this.networkPolicy = this.hardening.policy;
    const replicated = (props.replicas ?? DEFAULT_REPLICAS) >= MIN_AVAILABLE_REPLICAS;
    if (replicated) {
      this.podDisruptionBudget = this.hardening.addDisruptionBudget() as kplus.k8s.KubePodDisruptionBudget;
    }
    this.hardening.finish(undefined, replicated ? [] : [NO_PDB_DECISION]);
  }

  /**
   * Allows traffic from `peer` to this stateful set's pods: an ingress rule on its NetworkPolicy and, when the peer
   * is another secure workload, the matching egress rule on that one's policy.
   *
   * @param peer who may connect
   * @param options ports (default: this stateful set's container ports)
   */
  public allowFrom(peer: SecurePeer, options: AllowConnectionOptions = {}): void {
    this.hardening.allowFrom(peer, options);
  }

  /**
   * Allows traffic from this stateful set's pods to `peer`: an egress rule on its NetworkPolicy and, when the peer is
   * another secure workload, the matching ingress rule on that one's policy.
   *
   * @param peer where the pods may connect to
   * @param options ports (default: the container ports of a secure workload peer; every port otherwise)
   */
  public allowTo(peer: SecurePeer, options: AllowConnectionOptions = {}): void {
    this.hardening.allowTo(peer, options);
  }

  /**
   * Mounts `secret` as read-only files (mode 0400, group-readable through the pod's fsGroup) at `path`.
   *
   * @param secret the Secret
   * @param path directory the Secret's keys appear in
   * @param options keys to project and the container (default: the main container)
   */
  public mountSecret(secret: kplus.ISecret, path: string, options: MountSecretOptions = {}): void {
    this.hardening.mountSecret(secret, path, options, this.container);
  }

  /** Adds a container hardened like the main one; weakened settings need an exception. */
  public addContainer(cont: kplus.ContainerProps): kplus.Container {
    return super.addContainer(this.hardening.containerProps(cont));
  }

  /** Attaches a container and checks it against the hardening profile. */
  public attachContainer(cont: kplus.Container): void {
    this.hardening.beforeAttach(cont);
    super.attachContainer(cont);
    this.hardening.afterAttach(cont);
  }

  /** Adds an init container (or a sidecar, with `restartPolicy: Always`) hardened like every other container. */
  public addInitContainer(cont: kplus.ContainerProps): kplus.Container {
    const container = super.addInitContainer(this.hardening.initContainerProps(cont));
    this.hardening.initContainerAdded(container);
    return container;
  }

  /** The stateful set's ServiceAccount as a RoleBinding subject, with its namespace. */
  public toSubjectConfiguration(): kplus.SubjectConfiguration {
    return this.hardening.subjectConfiguration(super.toSubjectConfiguration());
  }

  /** @internal */
  public _toKube(): kplus.k8s.StatefulSetSpec {
    const spec = super._toKube();
    const podSpec = spec.template.spec!;
    const taken = new Set((podSpec.volumes ?? []).map((volume) => volume.name));
    for (const claim of this.claims) {
      if (taken.has(claim.name)) {
        throw invalidProp(this, 'storage', claim.name, 'a volume of the pod already has the claim\'s name, and the claim would replace it',
          'give the storage another name');
      }
    }
    const mainName = this.container.name;
    const containers = podSpec.containers.map((container) => container.name !== mainName ? container : {
      ...container,
      volumeMounts: [...(container.volumeMounts ?? []), ...this.claims.map((claim) => ({ name: claim.name, mountPath: claim.path }))],
    });
    const template = this.hardening.hardenTemplate({ ...spec.template, spec: { ...podSpec, containers } });
    return this.hardening.checkedSpec({
      ...spec,
      template,
      volumeClaimTemplates: this.claims.length === 0 ? undefined : this.claims.map((claim) => ({
        metadata: { name: claim.name },
        spec: {
          accessModes: [claim.accessMode],
          storageClassName: claim.storageClassName,
          resources: { requests: { storage: kplus.k8s.Quantity.fromString(claim.storage) } },
        },
      })),
      persistentVolumeClaimRetentionPolicy: this.retention,
    });
  }

  private checkProps(props: SecureStatefulSetProps): void {
    if (props.select === false) {
      throw invalidProp(this, 'select', false, 'the governing Service, NetworkPolicy and PodDisruptionBudget select the pods by the stateful set\'s selector',
        'leave select unset (true)');
    }
    if (!isPortNumber(props.port)) {
      throw invalidProp(this, 'port', props.port, 'a port is a whole number from 1 to 65535', 'use a port from 1024 to 65535 for the container, e.g. 5432');
    }
    const portNameIssue = props.portName === undefined ? undefined : portNameProblem(props.portName);
    if (portNameIssue) {
      throw invalidProp(this, 'portName', props.portName, `the name ${portNameIssue}`, 'use a name such as "postgres" or "amqp"');
    }
    if (props.service !== undefined) {
      throw invalidProp(this, 'service', props.service.node.path, 'the stateful set makes its own headless governing Service on its port',
        'leave service unset and use the stateful set\'s service');
    }
    if (props.replicas !== undefined) {
      if (!Number.isInteger(props.replicas) || props.replicas < 0) {
        throw invalidProp(this, 'replicas', props.replicas, 'replicas is a whole number, 0 or more', `use ${DEFAULT_REPLICAS} or more`);
      }
      if (props.replicas < MIN_AVAILABLE_REPLICAS) {
        this.hardening.exceptions.require(RuleId.AVAIL_REPLICAS, 'replicas', props.replicas,
          `fewer than ${MIN_AVAILABLE_REPLICAS} replicas make every node drain or crash an outage`);
      }
    }
    const strategy = this.strategy._toKube();
    if (strategy.type !== 'RollingUpdate') {
      this.hardening.exceptions.require(RuleId.WL_ROLLING, 'strategy', strategy.type,
        'with OnDelete a new version reaches the pods only when someone deletes them, so a fix may never roll out');
    }
    for (const [prop, value] of [['claimsWhenDeleted', props.claimsWhenDeleted], ['claimsWhenScaled', props.claimsWhenScaled]] as const) {
      if (value !== undefined && value !== ClaimRetention.RETAIN && value !== ClaimRetention.DELETE) {
        throw invalidProp(this, prop, value, 'is not a ClaimRetention', 'use ClaimRetention.RETAIN (keeps the data) or ClaimRetention.DELETE');
      }
    }
  }

  private claimsOf(storage: StatefulStorage[] | undefined): Claim[] {
    const names = new Set<string>();
    return checkedList(this, 'storage', storage).map((given, i) => {
      const prop = `storage[${i}]`;
      if (given === null || typeof given !== 'object') {
        throw invalidProp(this, prop, given, 'is not a storage volume', "pass { path: '/var/lib/postgresql/data', size: Size.gibibytes(20) }");
      }
      const path = this.hardening.checkMountPath(`${prop}.path`, given.path);
      const name = given.name ?? volumeNameForPath(path);
      const nameProblem = labelNameProblem(name);
      if (nameProblem) {
        throw invalidProp(this, `${prop}.name`, name, `a claim name ${nameProblem}`, 'use a name such as "data"');
      }
      if (names.has(name)) {
        throw invalidProp(this, `${prop}.name`, name, 'two storage volumes have the same name', 'give each storage volume its own name or path');
      }
      names.add(name);
      this.hardening.recordVolumeProp(name, 'storage');
      const mode = given.accessMode ?? kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE;
      if (!Object.values(kplus.PersistentVolumeAccessMode).includes(mode)) {
        throw invalidProp(this, `${prop}.accessMode`, mode, 'is not a PersistentVolumeAccessMode', 'use PersistentVolumeAccessMode.READ_WRITE_ONCE');
      }
      if (mode === kplus.PersistentVolumeAccessMode.READ_WRITE_MANY) {
        this.hardening.exceptions.require(RuleId.STS_VOLUME_CLAIMS, `${prop}.accessMode`, mode,
          'each replica gets its own claim, so ReadWriteMany adds nothing but lets pods of any other workload, on any node, mount and write it');
      }
      if (given.storageClassName !== undefined && (typeof given.storageClassName !== 'string' || labelNameProblem(given.storageClassName.split('.')[0]))) {
        throw invalidProp(this, `${prop}.storageClassName`, given.storageClassName, 'is not a StorageClass name', 'pass the name of a StorageClass, e.g. "fast-ssd"');
      }
      return { name, path, storage: this.claimSize(`${prop}.size`, given.size), accessMode: mode, storageClassName: given.storageClassName };
    });
  }

  /** The claim size as a quantity (`20Gi`, `512Mi`); an error when it is missing, not a Size, or not a positive whole number of mebibytes. */
  private claimSize(prop: string, size: Size | undefined): string {
    let mebibytes: number | undefined;
    try {
      mebibytes = size instanceof Size ? size.toMebibytes({ rounding: SizeRoundingBehavior.NONE }) : undefined;
    } catch {
      mebibytes = undefined;
    }
    if (mebibytes === undefined || !Number.isInteger(mebibytes) || mebibytes <= 0 || mebibytes > MAX_CLAIM_MEBIBYTES) {
      throw invalidProp(this, prop, size instanceof Size ? `${size.toKibibytes({ rounding: SizeRoundingBehavior.NONE })}Ki` : size,
        size === undefined ? 'every storage volume needs an explicit size, which its claim requests'
          : `the size must be a Size of a whole number of mebibytes, from 1Mi to ${MAX_CLAIM_MEBIBYTES / 1024 / 1024}Ti`,
        'give a size such as Size.gibibytes(20)');
    }
    return mebibytes % 1024 === 0 ? `${mebibytes / 1024}Gi` : `${mebibytes}Mi`;
  }
}

// cdk8s-plus creates the governing Service in its constructor from the container ports, before this construct
// could add its (checked) containers; the secure stateful set makes the headless Service without ports there, names
// it after itself and binds its port once the main container exists.
Object.defineProperty(SecureStatefulSet.prototype, '_createHeadlessService', {
  value: function createHeadlessService(this: SecureStatefulSet): kplus.Service {
    return new kplus.Service(this, 'Service', {
      selector: this,
      metadata: { name: this.name, namespace: this.metadata.namespace ?? Chart.of(this).namespace },
      clusterIP: 'None',
      type: kplus.ServiceType.CLUSTER_IP,
    });
  },
});
