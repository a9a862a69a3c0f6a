import { createHash } from 'crypto';
import { isIPv4, isIPv6 } from 'net';
import { ApiObject, Chart, Size, SizeRoundingBehavior } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import {
  checkContainer, checkImageReference, checkPodSecurityContext, checkPodTemplate, ContainerRole, PodTemplateCheckContext,
} from './check-pod-template';
import { checkPodVolumes } from './check-volumes';
import { DeploymentNetworkPolicy } from './deployment-network-policy';
import { SECURE_DEPLOYMENT_PROP_TYPES } from './prop-schema';
import { guardConstruction } from '../internal/construction-guard';
import { invalidProp } from '../internal/errors';
import { emittedPolicyErrors } from '../internal/network-policy-check';
import { ContainerProbes, patchContainer, patchPodTemplate, PodTemplatePatch } from '../internal/patch-pod-template';
import { appEmitsPriorityClass } from '../internal/priority-classes';
import { checkArgument, checkPropTypes, PropType } from '../internal/prop-types';
import { rejectExceptionAnnotations, SecurityExceptions } from '../internal/security-exceptions';
import { checkAppObjects } from '../namespace/app-checks';
import { ClusterDns } from '../namespace/cluster-dns';
import { SecurityPolicy } from '../policy/security-policy';
import { NAMESPACE_NAME_LABEL } from '../profile/ingress-controller-defaults';
import { dnsSubdomainProblem } from '../profile/ingress-host';
import { normaliseMountPath, writableSystemPathProblem } from '../profile/mount-paths';
import { dns1123LabelProblem, namespaceNameProblem } from '../profile/namespace-name';
import { broadPeerProblems } from '../profile/network-peers';
import { labelNameProblem, rfc1035LabelProblem } from '../profile/object-names';
import { SYSTEM_PRIORITY_CLASSES } from '../profile/priority-class';
import { RuleId } from '../profile/rule-id';
import { SecurityException } from '../profile/security-exception';
import {
  DEFAULT_CPU_UTILIZATION, DEFAULT_REPLICAS, MIN_AVAILABLE_REPLICAS, PDB_MAX_UNAVAILABLE, PDB_UNHEALTHY_POD_EVICTION_POLICY,
  ROLLING_MAX_SURGE_PERCENT, ROLLING_MAX_UNAVAILABLE,
  SPREAD_ANTI_AFFINITY_WEIGHT, spreadAcrossNodes,
} from '../profile/workload-availability';
import { ImageReference, parseImageReference, pullPolicyFor, TAG_PULL_POLICY } from '../profile/workload-image';
import { labelValueProblem, missingRequiredLabels, recommendedLabels, versionFromImage } from '../profile/workload-labels';
import { DEFAULT_INGRESS_CONTROLLER_NAMESPACE, DEFAULT_INGRESS_CONTROLLER_POD_LABELS } from '../profile/workload-network';
import { DEFAULT_PORT_NAME, isPortNumber, portNameProblem } from '../profile/workload-ports';
import { WorkloadProbe } from '../profile/workload-probe';
import { ProbeKind } from '../profile/workload-probe-defaults';
import {
  DEFAULT_WORKLOAD_RESOURCES, isResourceProblem, resolveWorkloadResources, ResourceQuantities,
} from '../profile/workload-resource-defaults';
import { WorkloadResources } from '../profile/workload-resources';
import { DEFAULT_RUN_AS_ID, RunAsIdentity } from '../profile/workload-security-context';
import { DEFAULT_WRITABLE_SIZE_LIMIT, SECRET_FILE_MODE, TMP_PATH, volumeNameForPath } from '../profile/workload-volumes';

/** Name of the main container when none is given (cdk8s-plus's own default). */
const DEFAULT_CONTAINER_NAME = 'main';

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

/**
 * Horizontal autoscaling of a SecureDeployment on CPU use.
 *
 * @see https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/
 */
export interface SecureAutoscalingOptions {
  /** Most replicas the autoscaler may run. */
  readonly maxReplicas: number;

  /**
   * Fewest replicas the autoscaler keeps. Below 2 needs an exception to AVAIL-REPLICAS, and then no
   * PodDisruptionBudget is created.
   *
   * @default 2
   */
  readonly minReplicas?: number;

  /**
   * Target average CPU use, in percent of the CPU request.
   *
   * @default 70
   */
  readonly cpuUtilization?: number;
}

/** Options of `allowFrom()` and `allowTo()`. */
export interface AllowConnectionOptions {
  /**
   * Ports (of the receiving pods) the connection may use.
   *
   * @default - the container ports of the receiving SecureDeployment; every port for other peers of `allowTo()`
   */
  readonly ports?: kplus.NetworkPolicyPort[];
}

/**
 * Props of a {@link SecureDeployment}: the cdk8s-plus `DeploymentProps` (checked, never silently
 * overridden) plus the main container and the hardening options.
 */
export interface SecureDeploymentProps extends kplus.DeploymentProps {
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
   * The port the main container listens on. Gives the deployment a ClusterIP Service and default
   * readiness and liveness probes. Ports below 1024 need an exception to POD-PRIVILEGED-PORT.
   *
   * @default - no port, no Service; probes (or an exception to CTR-PROBES) are then required
   */
  readonly port?: number;

  /**
   * The port of the Service, which forwards to `port` (e.g. 80 -> 8080).
   *
   * @default - the same as `port`
   */
  readonly servicePort?: number;

  /**
   * Name of the container port and the Service port.
   *
   * @default "http"
   */
  readonly portName?: string;

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
   * @default - `Always` for tagged images, `IfNotPresent` for digest-pinned images
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
   * @default - a TCP probe of `port` when a port is given
   */
  readonly readiness?: WorkloadProbe;

  /**
   * Liveness probe of the main container.
   *
   * @default - a TCP probe of `port` (by name) with more tolerant timings when a port is given
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
   * expiry the SecurityPolicy's exception policy may require). Each must relax something this deployment
   * sets, or synthesis fails. The deployment records them for the audit and documents them on the Deployment as
   * annotations `exception.cdk8s-secure.io/<RULE-ID>`; exception annotations given any other way are rejected.
   *
   * @default - none: every control is enforced
   */
  readonly exceptions?: SecurityException[];

  /**
   * Scale on CPU use with a HorizontalPodAutoscaler instead of fixed `replicas`.
   *
   * @default - fixed `replicas`
   */
  readonly autoscaling?: SecureAutoscalingOptions;

  /**
   * The PriorityClass of the pods. It must exist: a system class (`system-cluster-critical`,
   * `system-node-critical`), a `PriorityClass` object emitted by the same app, or one the platform
   * provides as listed in the `SecurityPolicy`'s `platformPriorityClasses`; a missing class makes the
   * pods unschedulable, so naming any other is an error at synth time.
   *
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/
   * @default - none (the audit reports POD-PRIORITY-CLASS as info)
   */
  readonly priorityClassName?: string;

  /**
   * Where the pods resolve names: the DNS egress their NetworkPolicy allows.
   *
   * @default ClusterDns.kubeDns()
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

/**
 * A Deployment that is hardened by default and audits clean under Pod Security Standards restricted
 * and the library's hardened pack.
 *
 * Extends cdk8s-plus `Deployment`, so `connections`, `scheduling`, `exposeViaService()`, HPA targets
 * and the rest of its API keep working. Every container, including those added later with
 * `addContainer()`/`addInitContainer()`, runs as a numeric non-root UID with a read-only root file
 * system, no capabilities, no privilege escalation, seccomp and AppArmor `runtime/default`, and cpu,
 * memory and ephemeral-storage requests and limits. The deployment also gets its own ServiceAccount
 * (no token), a NetworkPolicy (deny all but DNS and the peers allowed with `allowFrom()`/`allowTo()`),
 * a ClusterIP Service and probes when it has a port, a PodDisruptionBudget and spreading across nodes.
 *
 * Weakening a control needs a typed exception with a reason (`exceptions`); without it the attempt is
 * an error, never silently overridden.
 *
 * @example
 * new SecureDeployment(chart, 'api', { image: 'ghcr.io/acme/api:1.4.2', port: 8080 });
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/
 */
export class SecureDeployment extends kplus.Deployment {
  /** The namespace of the deployment and of every object it emits. */
  public readonly namespace: string;

  /** The main container. */
  public readonly container: kplus.Container;

  /** The ClusterIP Service in front of the pods, when a port is given. */
  public readonly service?: kplus.Service;

  /** The Service port, when a port is given. */
  public readonly port?: number;

  /** The main container's port, when one is given. */
  public readonly containerPort?: number;

  /** The NetworkPolicy that selects the pods: deny all, except DNS and the peers allowed. */
  public readonly networkPolicy: kplus.NetworkPolicy;

  /** The PodDisruptionBudget, when at least 2 replicas run. */
  public readonly podDisruptionBudget?: ApiObject;

  /** The HorizontalPodAutoscaler, when `autoscaling` is given. */
  public readonly autoscaler?: kplus.HorizontalPodAutoscaler;

  private readonly exceptions: SecurityExceptions;
  private readonly policy: DeploymentNetworkPolicy;
  private readonly identity: RunAsIdentity;
  private readonly requireDigest: boolean;
  private readonly allowedRegistries?: readonly string[];
  private readonly priorityClassName?: string;
  private readonly resourcesByContainer = new Map<string, ResourceQuantities>();
  private readonly defaultResources: ResourceQuantities;
  private readonly probesByContainer = new Map<string, ContainerProbes>();
  private readonly secretVolumes = new Map<string, kplus.Volume>();
  /** The prop each volume of the props came from, for error messages. */
  private readonly volumeProps = new Map<string, string>();

  constructor(scope: Construct, id: string, props: SecureDeploymentProps) {
    checkPropTypes(scope, id, 'SecureDeployment', props, SECURE_DEPLOYMENT_PROP_TYPES, {
      required: { image: "'ghcr.io/acme/api:1.4.2'" }, example: "{ image: 'ghcr.io/acme/api:1.4.2', port: 8080 }",
    });
    // Plain JavaScript callers may pass anything as exceptions; SecurityExceptions names the problem below.
    const tokenExcepted = Array.isArray(props.exceptions) && props.exceptions.some((exception) => exception?.rule === RuleId.POD_NO_SA_TOKEN);
    const user = props.securityContext?.user ?? DEFAULT_RUN_AS_ID;
    const group = props.securityContext?.group ?? DEFAULT_RUN_AS_ID;
    super(scope, id, {
      ...props,
      // Containers are added below, once this construct can check them.
      containers: undefined,
      initContainers: undefined,
      replicas: props.autoscaling ? undefined : props.replicas ?? DEFAULT_REPLICAS,
      strategy: props.strategy ?? kplus.DeploymentStrategy.rollingUpdate({
        maxSurge: kplus.PercentOrAbsolute.percent(ROLLING_MAX_SURGE_PERCENT),
        maxUnavailable: kplus.PercentOrAbsolute.absolute(ROLLING_MAX_UNAVAILABLE),
      }),
      securityContext: {
        ...props.securityContext,
        ensureNonRoot: props.securityContext?.ensureNonRoot ?? true,
        user,
        group,
        fsGroup: props.securityContext?.fsGroup ?? group,
      },
      automountServiceAccountToken: props.automountServiceAccountToken ?? tokenExcepted,
    });
    const construction = guardConstruction(this);
    const securityPolicy = SecurityPolicy.of(this);
    this.exceptions = new SecurityExceptions(this, 'exceptions', props.exceptions, SecurityPolicy._exceptionPoliciesOf(this));
    rejectExceptionAnnotations(this, 'metadata.annotations', props.metadata?.annotations, 'exceptions');
    this.identity = { user, group, fsGroup: props.securityContext?.fsGroup ?? group };
    this.requireDigest = props.requireDigest ?? securityPolicy?.requireDigest ?? false;
    this.allowedRegistries = securityPolicy?.allowedRegistries;
    this.priorityClassName = this.validPriorityClassName(props.priorityClassName, securityPolicy);
    this.namespace = this.resolveNamespace(props);
    this.checkOwnName(props);
    this.requireLabels(securityPolicy?.requiredLabels);

    const image = checkImageReference(props.image, 'image', this.checkContext());
    checkPodSecurityContext(this.securityContext._toKube(), this.checkContext());
    this.checkProps(props);
    const defaults = securityPolicy?._workloadResourceDefaults() ?? DEFAULT_WORKLOAD_RESOURCES;
    // The policy's defaults were checked when it was applied.
    this.defaultResources = resolveWorkloadResources({}, defaults) as ResourceQuantities;
    const resources = resolveWorkloadResources(props.resources, defaults);
    if (isResourceProblem(resources)) {
      throw invalidProp(this, `resources.${resources.field}`, resources.value, `the quantity ${resources.problem}`,
        'give a valid quantity such as "250m" for cpu or "256Mi" for memory and ephemeral-storage, with each limit >= its request'
        + (securityPolicy?.defaultResources ? ' (unset fields take the SecurityPolicy\'s defaultResources)' : ''));
    }

    // Polaris reads topologySpreadConstraints (added when rendering), kube-score and kube-linter podAntiAffinity.
    this.scheduling.spread({ topology: kplus.Topology.HOSTNAME, weight: SPREAD_ANTI_AFFINITY_WEIGHT });

    const labels = this.labelsFor(id, props, image);
    for (const [key, value] of Object.entries(labels)) {
      this.metadata.addLabel(key, value);
      this.podMetadata.addLabel(key, value);
    }
    const childMetadata = { name: this.name, namespace: this.namespace, labels };

    this.useServiceAccount(props, childMetadata);

    const containerName = props.containerName ?? DEFAULT_CONTAINER_NAME;
    this.resourcesByContainer.set(containerName, resources);
    this.probesByContainer.set(containerName, this.mainProbes(props));
    this.container = this.addContainer({
      name: containerName,
      image: props.image,
      imagePullPolicy: props.imagePullPolicy,
      ports: props.port === undefined ? undefined : [{ number: props.port, name: props.portName ?? DEFAULT_PORT_NAME, protocol: kplus.Protocol.TCP }],
      command: props.command,
      args: props.args,
      workingDir: props.workingDir,
      envVariables: props.envVariables,
      envFrom: props.envFrom,
      lifecycle: props.lifecycle,
      securityContext: props.containerSecurityContext,
      volumeMounts: this.writableMounts(props.writablePaths),
    });
    for (const [i, secretFile] of checkedList(this, 'secretFiles', props.secretFiles).entries()) {
      this.mountSecretAt(secretFile?.secret, secretFile?.path, { items: secretFile?.items }, `secretFiles[${i}].path`);
    }
    for (const container of props.containers ?? []) {
      this.addContainer(container);
    }
    for (const container of props.initContainers ?? []) {
      this.addInitContainer(container);
    }

    if (props.port !== undefined) {
      this.containerPort = props.port;
      this.port = props.servicePort ?? props.port;
      this.service = new kplus.Service(this, 'Service', {
        metadata: childMetadata,
        selector: this,
        type: kplus.ServiceType.CLUSTER_IP,
        ports: [{ port: this.port, targetPort: props.port, name: props.portName ?? DEFAULT_PORT_NAME, protocol: kplus.Protocol.TCP }],
      });
    }

    this.policy = new DeploymentNetworkPolicy(this, 'NetworkPolicy', {
      selector: this,
      metadata: childMetadata,
      baseEgress: dnsEgress(props.clusterDns ?? ClusterDns.kubeDns()),
      fallbackIngress: () => ({ from: [{ podSelector: { matchLabels: this.matchLabels } }], ports: this.ownPorts() }),
    });
    this.networkPolicy = this.policy;

    const minReplicas = props.autoscaling ? props.autoscaling.minReplicas ?? MIN_AVAILABLE_REPLICAS : props.replicas ?? DEFAULT_REPLICAS;
    if (minReplicas >= MIN_AVAILABLE_REPLICAS) {
      this.podDisruptionBudget = new kplus.k8s.KubePodDisruptionBudget(this, 'PodDisruptionBudget', {
        metadata: childMetadata,
        spec: {
          maxUnavailable: kplus.k8s.IntOrString.fromNumber(PDB_MAX_UNAVAILABLE),
          unhealthyPodEvictionPolicy: PDB_UNHEALTHY_POD_EVICTION_POLICY,
          selector: { matchLabels: this.matchLabels },
        },
      });
    }
    if (props.autoscaling) {
      this.autoscaler = new kplus.HorizontalPodAutoscaler(this, 'Autoscaler', {
        metadata: childMetadata,
        target: this,
        minReplicas,
        maxReplicas: props.autoscaling.maxReplicas,
        metrics: [kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(props.autoscaling.cpuUtilization ?? DEFAULT_CPU_UTILIZATION))],
      });
    }
    this.exceptions.annotate(this.apiObject);
    this.exceptions.annotate(ApiObject.of(this.policy), [RuleId.NETPOL_NARROW_PEERS]);
    this.exceptions.checkAtSynth(() => {
      const rendered = this.apiObject.toJson();
      return [...this.changedSelectorErrors(rendered), ...emittedPolicyErrors(this, ApiObject.of(this.policy), {
        prop: 'networkPolicy',
        namespace: this.namespace,
        podLabels: this.matchLabels,
        policyTypes: ['Ingress', 'Egress'],
        exceptions: this.exceptions,
        fix: NARROW_PEERS_FIX,
      })];
    });
    checkAppObjects(this, { scope: this, apiObject: this.apiObject, namespace: this.namespace, mainContainer: containerName });
    construction.done();
  }

  /**
   * Allows traffic from `peer` to this deployment's pods: an ingress rule on this deployment's
   * NetworkPolicy and, when the peer is another SecureDeployment, the matching egress rule on its policy.
   *
   * @param peer who may connect
   * @param options ports (default: this deployment's container ports)
   */
  public allowFrom(peer: SecurePeer, options: AllowConnectionOptions = {}): void {
    const prop = 'allowFrom(peer)';
    this.checkConnectionArguments('allowFrom', peer, options);
    const from = peer._resolve(this, prop);
    this.checkPeerBreadth(prop, from.description, { ingress: [{ from: [from.peer] }] });
    const ports = options.ports ? renderPorts(options.ports) : this.portsToReceive(prop);
    this.policy.allowIngress({ from: [from.peer], ports });
    from.deployment?.policy.allowEgress({ to: [this.asPeer()], ports });
  }

  /**
   * Allows traffic from this deployment's pods to `peer`: an egress rule on this deployment's
   * NetworkPolicy and, when the peer is another SecureDeployment, the matching ingress rule on its policy.
   *
   * @param peer where the pods may connect to
   * @param options ports (default: the container ports of a SecureDeployment peer; every port otherwise)
   */
  public allowTo(peer: SecurePeer, options: AllowConnectionOptions = {}): void {
    const prop = 'allowTo(peer)';
    this.checkConnectionArguments('allowTo', peer, options);
    const to = peer._resolve(this, prop);
    this.checkPeerBreadth(prop, to.description, { egress: [{ to: [to.peer] }] });
    const ports = options.ports ? renderPorts(options.ports) : to.deployment?.portsToReceive(prop);
    this.policy.allowEgress({ to: [to.peer], ports });
    to.deployment?.policy.allowIngress({ from: [this.asPeer()], ports });
  }

  /**
   * Mounts `secret` as read-only files (mode 0400, group-readable through the pod's fsGroup) at `path`.
   *
   * @param secret the Secret
   * @param path directory the Secret's keys appear in
   * @param options keys to project and the container (default: the main container)
   */
  public mountSecret(secret: kplus.ISecret, path: string, options: MountSecretOptions = {}): void {
    checkArgument(this, 'mountSecret(options)', options, { objectOf: { items: 'object', container: CONTAINER_TYPE } });
    this.mountSecretAt(secret, path, options, 'mountSecret(path)');
  }

  /**
   * Adds a container that gets the hardened security context, resources, a writable `/tmp` and the
   * image pull policy of its image reference; weakened settings need an exception.
   */
  public addContainer(cont: kplus.ContainerProps): kplus.Container {
    checkArgument(this, 'addContainer(container)', cont, CONTAINER_PROPS_TYPE, true);
    return super.addContainer(this.secureContainerProps(cont));
  }

  /**
   * Attaches a container and checks it against the hardening profile; missing hardened fields are
   * filled in when the manifest is synthesized.
   */
  public attachContainer(cont: kplus.Container): void {
    checkArgument(this, 'attachContainer(container)', cont, CONTAINER_TYPE, true);
    this.giveWritableTmp(cont);
    super.attachContainer(cont);
    this.checkContainerNow(cont, ContainerRole.REGULAR);
  }

  /**
   * Adds an init container (or a sidecar, with `restartPolicy: Always`) hardened like every other container.
   */
  public addInitContainer(cont: kplus.ContainerProps): kplus.Container {
    checkArgument(this, 'addInitContainer(container)', cont, CONTAINER_PROPS_TYPE, true);
    const container = super.addInitContainer(this.secureContainerProps(cont));
    this.giveWritableTmp(container);
    this.checkContainerNow(container, ContainerRole.INIT);
    return container;
  }

  /**
   * Exposes the pods through another Service (the deployment's own ClusterIP Service, made when `port` is
   * given, is `service`). A NodePort or LoadBalancer Service opens the pods outside the cluster: it needs
   * the exception SVC-TYPE, whose reason is also written on that Service.
   *
   * @param options the Service's ports, type and name (a name is required when the deployment has a port)
   * @see https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types
   */
  public exposeViaService(options: kplus.DeploymentExposeViaServiceOptions = {}): kplus.Service {
    checkArgument(this, 'exposeViaService(options)', options, { objectOf: { name: 'string', serviceType: 'string', ports: 'array' } });
    const type = options.serviceType ?? kplus.ServiceType.CLUSTER_IP;
    const exposed = type === kplus.ServiceType.NODE_PORT || type === kplus.ServiceType.LOAD_BALANCER;
    if (exposed) {
      this.exceptions.assertAllowed(RuleId.SVC_TYPE, 'exposeViaService(options.serviceType)', type,
        'the Service would be reachable from outside the cluster, past the Ingress and its TLS; expose HTTP with SecureIngress');
    }
    if (this.service && options.name === undefined) {
      throw invalidProp(this, 'exposeViaService(options.name)', undefined, 'the deployment already has its ClusterIP Service (port is given)',
        'use the deployment\'s service, or give the second Service a name');
    }
    const service = super.exposeViaService(options);
    if (exposed) {
      this.exceptions.markUsed(RuleId.SVC_TYPE);
      this.exceptions.annotate(ApiObject.of(service), [RuleId.SVC_TYPE]);
    }
    return service;
  }

  /**
   * Not supported: a cdk8s-plus Ingress has no TLS, no ingress class and no HSTS. Route to this deployment
   * with `SecureIngress` and `SecureIngressBackend.fromDeployment(deployment)` instead.
   *
   * @param path the path that would have been routed
   */
  public exposeViaIngress(path: string, _options?: kplus.ExposeDeploymentViaIngressOptions): kplus.Ingress {
    throw invalidProp(this, 'exposeViaIngress(path)', path,
      'a cdk8s-plus Ingress has no TLS, no ingress class and no HSTS (controls ING-TLS, ING-CLASS, ING-REDIRECT-HSTS)',
      'use new SecureIngress(chart, id, { tls, rules: [{ host, backend: SecureIngressBackend.fromDeployment(deployment) }] })');
  }

  /**
   * The deployment's ServiceAccount as a RoleBinding subject, with its namespace (which cdk8s-plus leaves
   * out for pods, making the binding invalid).
   */
  public toSubjectConfiguration(): kplus.SubjectConfiguration {
    return { ...super.toSubjectConfiguration(), namespace: this.namespace };
  }

  /** @internal */
  public _toKube(): kplus.k8s.DeploymentSpec {
    const spec = super._toKube();
    const template = patchPodTemplate(spec.template, this.templatePatch());
    checkPodTemplate(template, this.checkContext());
    checkPodVolumes(template.spec!, { scope: this, exceptions: this.exceptions, propOfVolume: (volume) => this.volumeProps.get(volume) });
    return { ...spec, template };
  }

  private resolveNamespace(props: SecureDeploymentProps): string {
    const namespace = props.metadata?.namespace ?? Chart.of(this).namespace;
    const prop = props.metadata?.namespace !== undefined ? 'metadata.namespace' : 'metadata.namespace (or the Chart\'s namespace)';
    const problem = namespace === undefined ? 'every object needs an explicit namespace (control WL-NAMESPACE)' : namespaceNameProblem(namespace);
    if (namespace === undefined || problem) {
      throw invalidProp(this, prop, namespace, namespace === undefined ? problem! : `the namespace ${problem}`,
        'pass metadata: { namespace: \'shop\' } or create the Chart with { namespace: \'shop\' } (e.g. the name of a SecureNamespace)');
    }
    return namespace;
  }

  private checkProps(props: SecureDeploymentProps): void {
    if (props.select === false) {
      throw invalidProp(this, 'select', false, 'the Service, NetworkPolicy and PodDisruptionBudget select the pods by the deployment\'s selector',
        'leave select unset (true)');
    }
    for (const [prop, port] of [['port', props.port], ['servicePort', props.servicePort]] as const) {
      if (port !== undefined && !isPortNumber(port)) {
        throw invalidProp(this, prop, port, 'a port is a whole number from 1 to 65535', 'use a port from 1024 to 65535 for the container, e.g. 8080');
      }
    }
    const portNameIssue = props.portName === undefined ? undefined : portNameProblem(props.portName);
    if (portNameIssue) {
      throw invalidProp(this, 'portName', props.portName, `the name ${portNameIssue}`, 'use a name such as "http" or "grpc-api"');
    }
    if (props.servicePort !== undefined && props.port === undefined) {
      throw invalidProp(this, 'servicePort', props.servicePort, 'a Service port forwards to the container port, and none is given', 'also give port');
    }
    if (props.replicas !== undefined) {
      if (!Number.isInteger(props.replicas) || props.replicas < 0) {
        throw invalidProp(this, 'replicas', props.replicas, 'replicas is a whole number, 0 or more', `use ${DEFAULT_REPLICAS} or more`);
      }
      if (props.autoscaling) {
        throw invalidProp(this, 'replicas', props.replicas, 'the HorizontalPodAutoscaler sets the replicas when autoscaling is given',
          'leave replicas unset and give autoscaling.minReplicas');
      }
      if (props.replicas < MIN_AVAILABLE_REPLICAS) {
        this.exceptions.require(RuleId.AVAIL_REPLICAS, 'replicas', props.replicas,
          `fewer than ${MIN_AVAILABLE_REPLICAS} replicas make every node drain or crash an outage`);
      }
    }
    if (props.autoscaling) {
      this.checkAutoscaling(props.autoscaling);
    }
    this.checkStrategy();
    if (props.hostNetwork === true) {
      this.exceptions.require(RuleId.POD_NO_HOSTNETWORK, 'hostNetwork', true, 'the pod would share the node\'s network namespace');
    }
    if (props.automountServiceAccountToken === true) {
      this.exceptions.require(RuleId.POD_NO_SA_TOKEN, 'automountServiceAccountToken', true,
        'a Kubernetes API token would be mounted into every container');
    }
    const probes = [[ProbeKind.READINESS, props.readiness], [ProbeKind.LIVENESS, props.liveness], [ProbeKind.STARTUP, props.startup]] as const;
    for (const [kind, probe] of probes) {
      if (probe !== undefined && !(probe instanceof WorkloadProbe)) {
        throw invalidProp(this, kind, probe, 'is not a WorkloadProbe', 'build the probe with WorkloadProbe.httpGet(\'/healthz\'), tcpSocket(), grpc() or exec([...])');
      }
      const problem = probe?._problem(kind);
      if (problem) {
        throw invalidProp(this, `${kind}.${problem.field}`, problem.value, problem.problem, problem.fix);
      }
      if (probe?._needsDefaultPort() && props.port === undefined) {
        throw invalidProp(this, kind, undefined, `the ${kind} probe needs a port and the deployment has none`, 'give the probe a port, or the deployment a port');
      }
    }
    if (props.port === undefined && (!props.readiness || !props.liveness)) {
      this.exceptions.require(RuleId.CTR_PROBES, props.readiness ? 'liveness' : 'readiness', undefined,
        'without a port no default probes can be added, so Kubernetes could not tell whether the container works; '
        + 'set readiness and liveness (e.g. WorkloadProbe.exec([...]) for a worker)');
    }
  }

  private checkAutoscaling(autoscaling: SecureAutoscalingOptions): void {
    const min = autoscaling.minReplicas ?? MIN_AVAILABLE_REPLICAS;
    if (!Number.isInteger(min) || min < 1) {
      throw invalidProp(this, 'autoscaling.minReplicas', min, 'the autoscaler keeps at least 1 replica', `use ${MIN_AVAILABLE_REPLICAS} or more`);
    }
    if (!Number.isInteger(autoscaling.maxReplicas) || autoscaling.maxReplicas < min) {
      throw invalidProp(this, 'autoscaling.maxReplicas', autoscaling.maxReplicas, `must be a whole number >= minReplicas (${min})`,
        `use ${Math.max(min, MIN_AVAILABLE_REPLICAS) * 2} or another number >= ${min}`);
    }
    const cpu = autoscaling.cpuUtilization;
    if (cpu !== undefined && (!Number.isInteger(cpu) || cpu < 1)) {
      throw invalidProp(this, 'autoscaling.cpuUtilization', cpu, 'the target is a whole percentage of the CPU request, 1 or more',
        `use e.g. ${DEFAULT_CPU_UTILIZATION}`);
    }
    if (min < MIN_AVAILABLE_REPLICAS) {
      this.exceptions.require(RuleId.AVAIL_REPLICAS, 'autoscaling.minReplicas', min,
        `fewer than ${MIN_AVAILABLE_REPLICAS} replicas make every node drain or crash an outage`);
    }
  }

  private checkStrategy(): void {
    const strategy = this.strategy._toKube();
    const maxUnavailable = strategy.rollingUpdate?.maxUnavailable?.value;
    if (strategy.type !== 'RollingUpdate' || (maxUnavailable !== 0 && maxUnavailable !== '0%')) {
      this.exceptions.require(RuleId.WL_ROLLING, 'strategy', strategy.type === 'RollingUpdate' ? `maxUnavailable ${maxUnavailable}` : strategy.type,
        'a rollout would take serving pods away before their replacements are ready');
    }
  }

  private labelsFor(id: string, props: SecureDeploymentProps, image: ImageReference): Record<string, string> {
    const checked = (prop: string, value: string, fix: string): string => {
      const problem = labelValueProblem(value);
      if (problem) {
        throw invalidProp(this, prop, value, `the value becomes a recommended label and ${problem}`, fix);
      }
      return value;
    };
    return recommendedLabels({
      name: checked(props.appName === undefined ? 'appName (default: the construct id)' : 'appName', props.appName ?? id,
        'pass appName: \'<label value>\''),
      instance: checked('metadata.name', this.name, 'pass a metadata.name of at most 63 characters'),
      partOf: checked(props.partOf === undefined ? 'partOf (default: the Chart id)' : 'partOf', props.partOf ?? Chart.of(this).node.id,
        'pass partOf: \'<label value>\''),
      version: checked(props.version === undefined ? 'version (default: from the image)' : 'version',
        props.version ?? versionFromImage(image.tag, image.digest), 'pass version: \'<label value>\''),
    });
  }

  private useServiceAccount(props: SecureDeploymentProps, metadata: { name: string; namespace: string; labels: Record<string, string> }): void {
    const given = props.serviceAccount;
    if (given === undefined) {
      const serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', { metadata, automountToken: false });
      // cdk8s-plus reads the service account when rendering the pod; it can only be created once this construct exists.
      const pod: { serviceAccount?: kplus.IServiceAccount } = this;
      pod.serviceAccount = serviceAccount;
      return;
    }
    if (given.name === 'default') {
      this.exceptions.require(RuleId.POD_OWN_SA, 'serviceAccount', given.name, 'the pod would share the namespace\'s default ServiceAccount');
    }
    if (given instanceof kplus.ServiceAccount) {
      if (given.metadata.namespace !== this.namespace) {
        throw invalidProp(this, 'serviceAccount', given.node.path, `the ServiceAccount is in namespace ${given.metadata.namespace}, not ${this.namespace}`,
          'use a ServiceAccount of the deployment\'s namespace');
      }
      if (given.automountToken) {
        this.exceptions.require(RuleId.POD_NO_SA_TOKEN, 'serviceAccount', given.node.path,
          'the ServiceAccount mounts its token by default (automountToken: true)');
      }
    } else {
      this.exceptions.require(RuleId.POD_OWN_SA, 'serviceAccount', given.name,
        'the ServiceAccount is not part of the output, so neither its existence nor its token setting can be checked');
    }
  }

  private mainProbes(props: SecureDeploymentProps): ContainerProbes {
    const port = props.port === undefined ? undefined : { number: props.port, name: props.portName ?? DEFAULT_PORT_NAME };
    const readiness = props.readiness ?? (port && WorkloadProbe.tcpSocket());
    // The default liveness probe names the port, the readiness probe numbers it: same socket, different
    // timings; scanners that compare handlers literally (kube-score) do not flag them as identical.
    const liveness = props.liveness ?? (port && WorkloadProbe.tcpSocket());
    return {
      readiness: readiness?._toKube(ProbeKind.READINESS, port),
      liveness: liveness?._toKube(ProbeKind.LIVENESS, port && { ...port, byName: props.liveness === undefined }),
      startup: props.startup?._toKube(ProbeKind.STARTUP, port),
    };
  }

  private writableMounts(given: WritablePath[] | undefined): kplus.VolumeMount[] {
    const paths = checkedList(this, 'writablePaths', given).map((writable, i) => {
      if (writable === null || typeof writable !== 'object') {
        throw invalidProp(this, `writablePaths[${i}]`, writable, 'is not a writable path', "pass { path: '/var/cache/nginx' }");
      }
      return { ...writable, path: this.checkMountPath('writablePaths', writable.path), index: i };
    });
    const all = paths.some((p) => p.path === TMP_PATH) ? paths : [{ path: TMP_PATH, index: -1 }, ...paths];
    const seen = new Set<string>();
    return all.map((writable: WritablePath & { index: number }) => {
      const prop = writable.index < 0 ? 'writablePaths' : `writablePaths[${writable.index}]`;
      const name = volumeNameForPath(writable.path);
      if (seen.has(writable.path) || seen.has(name)) {
        throw invalidProp(this, `${prop}.path`, writable.path, 'the path is declared twice (or maps to the same volume name as another)',
          'declare each writable path once');
      }
      seen.add(writable.path);
      seen.add(name);
      const problem = writableSystemPathProblem(writable.path);
      if (problem) {
        this.exceptions.require(RuleId.CTR_READONLY_ROOTFS, `${prop}.path`, writable.path, problem);
      }
      const volume = kplus.Volume.fromEmptyDir(this, `Writable${name}`, name, {
        sizeLimit: this.checkSizeLimit(`${prop}.sizeLimit`, writable.sizeLimit),
        medium: writable.medium,
      });
      this.volumeProps.set(name, 'writablePaths');
      return { path: writable.path, volume, readOnly: false };
    });
  }

  /** The size limit (default 64Mi), checked: a positive whole number of mebibytes. */
  private checkSizeLimit(prop: string, sizeLimit: Size | undefined): Size {
    if (sizeLimit === undefined) {
      return DEFAULT_WRITABLE_SIZE_LIMIT;
    }
    let mebibytes: number | undefined;
    try {
      mebibytes = sizeLimit instanceof Size ? sizeLimit.toMebibytes() : undefined;
    } catch {
      mebibytes = undefined;
    }
    if (mebibytes === undefined || !Number.isFinite(mebibytes) || mebibytes <= 0) {
      throw invalidProp(this, prop, sizeLimit instanceof Size ? `${sizeLimit.toKibibytes({ rounding: SizeRoundingBehavior.NONE })}Ki` : sizeLimit,
        mebibytes === 0 ? 'a size limit of 0 leaves no room: the first write gets the pod evicted'
          : 'the size limit must be a Size of a positive whole number of mebibytes',
        'give a size such as Size.mebibytes(64)');
    }
    return sizeLimit;
  }

  /** The normalised mount path (no `//`, `.` or trailing `/`); an error for a relative path, `..` or `/`. */
  private checkMountPath(prop: string, path: unknown): string {
    const normalised = typeof path === 'string' ? normaliseMountPath(path) : undefined;
    if (normalised === undefined || normalised === '/') {
      throw invalidProp(this, prop, path, 'a mount path is an absolute directory other than "/" without ".."', 'use a path such as "/var/cache/nginx"');
    }
    return normalised;
  }

  private mountSecretAt(secret: kplus.ISecret, path: string, options: MountSecretOptions, prop: string): void {
    const mountPath = this.checkMountPath(prop, path);
    if (secret === null || typeof secret !== 'object' || typeof secret.name !== 'string') {
      throw invalidProp(this, prop === 'mountSecret(path)' ? 'mountSecret(secret)' : prop.replace(/\.path$/, '.secret'), secret,
        'is not a Secret', 'pass a kplus.Secret, or kplus.Secret.fromSecretName(scope, id, name)');
    }
    const key = JSON.stringify([secret.name, options.items ?? null]);
    let volume = this.secretVolumes.get(key);
    if (!volume) {
      const name = secretVolumeName(secret.name, this.secretVolumes.size);
      volume = kplus.Volume.fromSecret(this, `SecretVolume${this.secretVolumes.size}`, secret, {
        name,
        defaultMode: SECRET_FILE_MODE,
        items: options.items,
      });
      this.secretVolumes.set(key, volume);
      this.volumeProps.set(name, prop.startsWith('secretFiles') ? 'secretFiles' : 'mountSecret(path)');
    }
    (options.container ?? this.container).mount(mountPath, volume, { readOnly: true });
  }

  /**
   * The deployment's own name becomes the name of its ServiceAccount, NetworkPolicy, PodDisruptionBudget,
   * autoscaler and Service and its `app.kubernetes.io/instance` label: a DNS-1123 label, and an RFC 1035 one
   * (starting with a letter) when the Service is created.
   */
  private checkOwnName(props: SecureDeploymentProps): void {
    const problem = props.port === undefined ? labelNameProblem(this.name) : rfc1035LabelProblem(this.name);
    if (problem) {
      const prop = props.metadata?.name === undefined ? 'metadata.name (default: generated from the construct id)' : 'metadata.name';
      throw invalidProp(this, prop, this.name, `the name ${problem}; the deployment's ServiceAccount, NetworkPolicy, `
        + `PodDisruptionBudget${props.port === undefined ? '' : ' and Service'} share it, and the API server would reject it`,
      'use a lower-case name such as "api" or "shop-api" (letters, digits and "-", at most 63 characters)');
    }
  }

  private secureContainerProps(cont: kplus.ContainerProps): kplus.ContainerProps {
    const reference = parseImageReference(cont.image);
    return {
      ...cont,
      // An empty object stops cdk8s-plus from applying its own defaults; the profile's are filled in at synthesis.
      resources: cont.resources ?? {},
      imagePullPolicy: cont.imagePullPolicy ?? (typeof reference === 'string' ? TAG_PULL_POLICY : pullPolicyFor(reference)) as kplus.ImagePullPolicy,
    };
  }

  private giveWritableTmp(container: kplus.Container): void {
    if (container.mounts.some((mount) => mount.path === TMP_PATH)) {
      return;
    }
    const name = volumeNameForPath(`${container.name}-tmp`);
    container.mount(TMP_PATH, kplus.Volume.fromEmptyDir(this, `Writable${name}`, name, { sizeLimit: DEFAULT_WRITABLE_SIZE_LIMIT }));
  }

  private checkContainerNow(container: kplus.Container, role: ContainerRole): void {
    const patched = patchContainer(container._toKube(), this.templatePatch(), role === ContainerRole.REGULAR);
    checkContainer(patched, role, this.checkContext());
  }

  private templatePatch(): PodTemplatePatch {
    return {
      identity: this.identity,
      defaultResources: this.defaultResources,
      resourcesByContainer: this.resourcesByContainer,
      probesByContainer: this.probesByContainer,
      topologySpreadConstraints: [spreadAcrossNodes(this.matchLabels)],
      priorityClassName: this.priorityClassName,
    };
  }

  /**
   * Checks the PriorityClass name now, and at synth time (when the whole app is known) that the class
   * exists: a system class, one the policy lists, or a PriorityClass object of the app.
   */
  private validPriorityClassName(name: string | undefined, securityPolicy: SecurityPolicy | undefined): string | undefined {
    if (name === undefined) {
      return undefined;
    }
    const problem = dnsSubdomainProblem(name);
    if (problem) {
      throw invalidProp(this, 'priorityClassName', name, `a PriorityClass name ${problem}`, "pass the name of a PriorityClass, e.g. 'business-critical'");
    }
    const known = [...SYSTEM_PRIORITY_CLASSES, ...(securityPolicy?.platformPriorityClasses ?? [])];
    this.node.addValidation({
      validate: () => {
        const emitted = appEmitsPriorityClass(this, name);
        return known.includes(name) || emitted ? [] : [invalidProp(this, 'priorityClassName', name,
          'no such PriorityClass: the app emits none of that name and the SecurityPolicy does not list it as a platform class, '
          + 'so the pods would never be scheduled',
          "emit the PriorityClass with the app (new kplus.k8s.KubePriorityClass(...)), or list the platform's class in "
          + 'SecurityPolicy.apply(app, { platformPriorityClasses: [...] })').message];
      },
    });
    return name;
  }

  /**
   * At synth time (labels can still be added after construction), checks that the emitted Deployment carries
   * every label key the SecurityPolicy requires, with a non-empty value.
   */
  private requireLabels(required: string[] | undefined): void {
    if (!required || required.length === 0) {
      return;
    }
    this.node.addValidation({
      validate: () => {
        // The emitted labels, as the audit sees them: the Chart's, the metadata's and any JSON patch's.
        const labels: Record<string, string> = this.apiObject.toJson().metadata?.labels ?? {};
        const missing = missingRequiredLabels(labels, required);
        const empty = missing.filter((key) => key in labels);
        return missing.length === 0 ? [] : [invalidProp(this, 'metadata.labels', labels,
          `the SecurityPolicy requires the label${missing.length > 1 ? 's' : ''} ${missing.map((key) => `"${key}"`).join(', ')} on every workload`
          + (empty.length > 0 ? ` (${empty.map((key) => `"${key}"`).join(', ')} ${empty.length > 1 ? 'are' : 'is'} empty)` : ''),
          `pass metadata: { labels: { ${missing.map((key) => `'${key}': '<value>'`).join(', ')} } }, call metadata.addLabel(), `
          + 'or set them on the Chart with { labels: {...} }').message];
      },
    });
  }

  private checkContext(): PodTemplateCheckContext {
    return { scope: this, exceptions: this.exceptions, requireDigest: this.requireDigest, allowedRegistries: this.allowedRegistries };
  }

  /**
   * The Service, NetworkPolicy, PodDisruptionBudget and the exceptions recorded on them belong to the pods with the
   * deployment's `matchLabels`: a selector or pod label changed afterwards (a JSON patch) would hand them, and the
   * exceptions, to other pods (e.g. another deployment's pods copying this one's labels).
   */
  private changedSelectorErrors(rendered: any): string[] {
    const errors: string[] = [];
    const selector = rendered?.spec?.selector;
    const podLabels: Record<string, unknown> = rendered?.spec?.template?.metadata?.labels ?? {};
    const selected: Record<string, unknown> = selector?.matchLabels ?? {};
    const expected = this.matchLabels;
    const sameSelector = Object.keys(selected).length === Object.keys(expected).length
      && Object.entries(expected).every(([key, value]) => selected[key] === value)
      && (selector?.matchExpressions ?? []).length === 0;
    if (!sameSelector) {
      errors.push(invalidProp(this, 'spec.selector', selector, `the selector must stay the deployment's own (${JSON.stringify({ matchLabels: expected })})`,
        'remove the JSON patch that changes the selector; the Service, NetworkPolicy and PodDisruptionBudget select the pods by it').message);
    }
    for (const [key, value] of Object.entries(expected)) {
      if (podLabels[key] !== value) {
        errors.push(invalidProp(this, `spec.template.metadata.labels["${key}"]`, podLabels[key],
          `the pod label that ties the pods to this deployment must stay ${JSON.stringify(value)}`,
          'remove the JSON patch that changes it (to give pods other labels, use podMetadata)').message);
      }
    }
    return errors;
  }

  /** The library's error for wrong types from plain JavaScript in allowFrom()/allowTo(). */
  private checkConnectionArguments(method: string, peer: unknown, options: unknown): void {
    checkArgument(this, `${method}(peer)`, peer, { instanceOf: SecurePeer, name: 'SecurePeer (e.g. SecurePeer.deployment(api))' }, true);
    checkArgument(this, `${method}(options)`, options, {
      objectOf: { ports: { listOf: { instanceOf: kplus.NetworkPolicyPort, name: 'NetworkPolicyPort (e.g. NetworkPolicyPort.tcp(8080))' }, name: 'NetworkPolicyPorts' } },
    });
  }

  /** Rejects a peer that admits too much (control NETPOL-NARROW-PEERS) unless the deployment has an exception to it. */
  private checkPeerBreadth(prop: string, description: string, spec: kplus.k8s.NetworkPolicySpec | Record<string, unknown>): void {
    const problem = broadPeerProblems(spec)[0];
    if (problem) {
      this.exceptions.require(RuleId.NETPOL_NARROW_PEERS, prop, description, problem.message.replace(/^\w+ rule 0, peer 0: /, ''));
    }
  }

  private asPeer(): kplus.k8s.NetworkPolicyPeer {
    return SecurePeer.deployment(this)._resolve(this, 'peer').peer;
  }

  /** The container ports as NetworkPolicy ports, sorted and without duplicates. */
  private ownPorts(): kplus.k8s.NetworkPolicyPort[] | undefined {
    const ports = new Map<string, kplus.k8s.NetworkPolicyPort>();
    for (const port of this.containers.flatMap((container) => container.ports)) {
      const protocol = port.protocol ?? kplus.Protocol.TCP;
      ports.set(`${protocol}/${String(port.number).padStart(5, '0')}`, { port: kplus.k8s.IntOrString.fromNumber(port.number), protocol });
    }
    return ports.size === 0 ? undefined : [...ports.keys()].sort().map((key) => ports.get(key)!);
  }

  /** The ports other pods may connect to, for `prop`; an error when there are none. */
  private portsToReceive(prop: string): kplus.k8s.NetworkPolicyPort[] {
    const ports = this.ownPorts();
    if (!ports) {
      throw invalidProp(this, prop, this.node.path, 'the receiving deployment declares no container port, so there is nothing to allow',
        'give it a port, or pass options.ports');
    }
    return ports;
  }
}

const CONTAINER_TYPE: PropType = { instanceOf: kplus.Container, name: 'Container' };
const CONTAINER_PROPS_TYPE: PropType = { objectOf: { image: 'string', name: 'string' } };

const NARROW_PEERS_FIX = 'allow named peers with allowFrom()/allowTo() (SecurePeer.deployment(), pods(), namespace() or an ipBlock of /16 or '
  + 'narrower that excepts 169.254.169.254/32), or add SecurityException.of(RuleId.NETPOL_NARROW_PEERS, \'<why>\') to \'exceptions\' for a '
  + 'deliberately public workload';
/** `list` when it is an array (or unset: empty); the library's error for anything else from plain JavaScript. */
function checkedList<T>(scope: Construct, prop: string, list: readonly T[] | undefined): readonly T[] {
  if (list !== undefined && !Array.isArray(list)) {
    throw invalidProp(scope, prop, list, 'is not a list', `pass an array, e.g. ${prop}: [{ path: '/var/cache/app' ... }]`);
  }
  return list ?? [];
}

/** `secret-<secret name>` (with a counter after the first), shortened and made a DNS-1123 label as volume names must be. */
function secretVolumeName(secretName: string, index: number): string {
  const suffix = index === 0 ? '' : `-${index}`;
  const name = `secret-${secretName}${suffix}`;
  if (labelNameProblem(name) === undefined) {
    return name;
  }
  const base = volumeNameForPath(`secret-${secretName}`).slice(0, 63 - suffix.length - 9).replace(/-+$/, '');
  return `${base}-${hashOf(secretName)}${suffix}`;
}

function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}

function renderPorts(ports: kplus.NetworkPolicyPort[]): kplus.k8s.NetworkPolicyPort[] {
  return ports.map((port) => {
    const rendered = port._toKube();
    // cdk8s-plus renders allTcp()/allUdp() as the range 0-65535, and the API server refuses port 0:
    // a port without a number is the Kubernetes way to say every port of the protocol.
    return rendered.port?.value === 0 && rendered.endPort === MAX_PORT ? { protocol: rendered.protocol } : rendered;
  });
}

const MAX_PORT = 65535;

function dnsEgress(dns: ClusterDns): kplus.k8s.NetworkPolicyEgressRule[] {
  if (!dns.enabled) {
    return [];
  }
  const to: kplus.k8s.NetworkPolicyPeer[] = [
    ...dns._pods.map((pods) => ({
      namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: pods.namespace } },
      podSelector: { matchLabels: { ...pods.podLabels } },
    })),
    ...dns._cidrs.map((cidr) => ({ ipBlock: { cidr } })),
  ];
  const port = kplus.k8s.IntOrString.fromNumber(dns.port);
  return [{ to, ports: [{ port, protocol: 'UDP' }, { port, protocol: 'TCP' }] }];
}

// SecurePeer lives beside SecureDeployment: each names the other in its public API (SecurePeer.deployment(d),
// d.allowFrom(peer)), so two files would import each other.

/** A SecurePeer made concrete for one NetworkPolicy rule (internal to the library). */
interface ResolvedPeer {
  /** How the peer is described in errors, e.g. `pods app=web in namespace shop`. */
  readonly description: string;
  /** The NetworkPolicy peer selecting it. */
  readonly peer: kplus.k8s.NetworkPolicyPeer;
  /** The SecureDeployment behind the peer, whose own policy gets the mirror rule. */
  readonly deployment?: SecureDeployment;
}

/** Resolves a peer for the construct `scope`, naming `prop` in errors. */
type PeerResolver = (scope: IConstruct, prop: string) => ResolvedPeer;

/**
 * The other end of a connection a SecureDeployment allows with `allowFrom(peer)` or `allowTo(peer)`.
 *
 * Pods are always selected together with their namespace (`namespaceSelector` on
 * `kubernetes.io/metadata.name`), so a rule never matches look-alike pods of another namespace. A
 * peer whose namespace cannot be resolved is an error.
 *
 * @example
 * web.allowTo(SecurePeer.deployment(api));           // egress on web and ingress on api
 * api.allowFrom(SecurePeer.ingressController());     // ingress-nginx controller pods
 * api.allowTo(SecurePeer.ipBlock('203.0.113.0/24'), { ports: [NetworkPolicyPort.tcp(443)] });
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-resource
 */
export class SecurePeer {
  /**
   * The pods of another SecureDeployment. Allowing traffic to or from it also opens the other end:
   * `web.allowTo(SecurePeer.deployment(api))` adds the egress rule to web's policy and the ingress rule to api's.
   *
   * @param deployment the other deployment
   */
  public static deployment(deployment: SecureDeployment): SecurePeer {
    return new SecurePeer((scope, prop) => {
      const given = deployment as unknown as { node?: { path?: unknown }; matchLabels?: unknown; namespace?: unknown } | null;
      if (given === null || typeof given !== 'object' || typeof given.node?.path !== 'string' || typeof given.matchLabels !== 'object'
        || typeof (given as { allowFrom?: unknown }).allowFrom !== 'function') {
        throw invalidProp(scope, prop, deployment, 'SecurePeer.deployment() needs a SecureDeployment', 'pass the other SecureDeployment, e.g. SecurePeer.deployment(api)');
      }
      return {
        description: `SecureDeployment '${deployment.node.path}'`,
        peer: podsPeer(deployment.namespace, deployment.matchLabels),
        deployment,
      };
    });
  }

  /**
   * The pods of a cdk8s-plus workload, pod or pod selection (`Pods.select(...)` with namespace names).
   * Its namespace is its `metadata.namespace` or its Chart's namespace; without one it cannot be resolved.
   *
   * @param selector the Deployment, StatefulSet, Pod, ... or pod selection
   */
  public static workload(selector: kplus.IPodSelector): SecurePeer {
    return new SecurePeer((scope, prop) => {
      if (selector === null || typeof selector !== 'object' || typeof (selector as { toPodSelectorConfig?: unknown }).toPodSelectorConfig !== 'function') {
        throw invalidProp(scope, prop, selector, 'SecurePeer.workload() needs a cdk8s-plus workload or pod selection',
          'pass a Deployment, StatefulSet, Pod or Pods.select(...) with namespace names, or use SecurePeer.pods(namespace, labels)');
      }
      const config = selector.toPodSelectorConfig();
      const names = config.namespaces?.names ?? [];
      const description = `'${selector.node.path}'`;
      if (names.length !== 1 || (config.namespaces?.labelSelector && !config.namespaces.labelSelector.isEmpty())) {
        throw invalidProp(scope, prop, description, `the namespace of the peer's pods cannot be resolved (${names.length === 0 ? 'it has none' : 'it is not one named namespace'})`,
          'give the workload metadata.namespace or put it in a Chart with a namespace, or use SecurePeer.pods(namespace, labels)');
      }
      return { description, peer: podsPeer(validNamespace(scope, prop, names[0]), config.labelSelector._toKube().matchLabels ?? {}) };
    });
  }

  /**
   * Every pod of a namespace.
   *
   * @param name the namespace's name
   */
  public static namespace(name: string): SecurePeer {
    return new SecurePeer((scope, prop) => ({
      description: `namespace ${name}`,
      peer: { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: validNamespace(scope, prop, name) } } },
    }));
  }

  /**
   * Pods with the given labels in the given namespace.
   *
   * @param namespace the pods' namespace
   * @param labels labels the pods carry (at least one; all must match)
   */
  public static pods(namespace: string, labels: { [key: string]: string }): SecurePeer {
    return new SecurePeer((scope, prop) => {
      if (labels === null || typeof labels !== 'object' || Array.isArray(labels) || Object.values(labels).some((value) => typeof value !== 'string')) {
        throw invalidProp(scope, prop, labels, 'the pods\' labels are not an object of string values', 'pass the labels, e.g. { "app.kubernetes.io/name": "api" }');
      }
      if (Object.keys(labels).length === 0) {
        throw invalidProp(scope, prop, labels, 'an empty label selector would match every pod of the namespace',
          `give the pods' labels, or use SecurePeer.namespace(${JSON.stringify(namespace)}) if every pod is meant`);
      }
      return { description: `pods ${JSON.stringify(labels)} in namespace ${namespace}`, peer: podsPeer(validNamespace(scope, prop, namespace), labels) };
    });
  }

  /**
   * The pods of an ingress controller.
   *
   * @param namespace the controller's namespace (default `ingress-nginx`)
   * @param podLabels the labels of the controller pods (default those of the ingress-nginx controller)
   */
  public static ingressController(namespace?: string, podLabels?: { [key: string]: string }): SecurePeer {
    return SecurePeer.pods(namespace ?? DEFAULT_INGRESS_CONTROLLER_NAMESPACE, { ...(podLabels ?? DEFAULT_INGRESS_CONTROLLER_POD_LABELS) });
  }

  /**
   * Addresses outside the cluster's pods, e.g. an external API or a managed database.
   *
   * The block must be narrow (control NETPOL-NARROW-PEERS): a prefix of /16 or longer for IPv4 and /48 or longer for
   * IPv6, and an egress block must except the cloud metadata address (`169.254.169.254/32`) when it contains it.
   * `0.0.0.0/0`, `::/0` or `10.0.0.0/8` need a NETPOL-NARROW-PEERS exception on the deployment.
   *
   * @param cidr an IPv4 or IPv6 CIDR such as `203.0.113.0/24`
   * @param except CIDRs inside `cidr` to leave out
   */
  public static ipBlock(cidr: string, except?: string[]): SecurePeer {
    return new SecurePeer((scope, prop) => {
      if (except !== undefined && !Array.isArray(except)) {
        throw invalidProp(scope, prop, except, 'the except blocks are not a list', 'pass a list of CIDRs, e.g. ["203.0.113.128/25"]');
      }
      for (const block of [cidr, ...(except ?? [])]) {
        if (typeof block !== 'string' || !isCidr(block)) {
          throw invalidProp(scope, prop, block, 'is not an IPv4 or IPv6 CIDR with a prefix length', 'write the block as "203.0.113.0/24" or "2001:db8:1::/48"');
        }
      }
      return { description: `ipBlock ${cidr}`, peer: { ipBlock: { cidr, except: except && [...except] } } };
    });
  }

  private constructor(private readonly resolver: PeerResolver) {}

  /**
   * Resolves the peer, throwing the standard error (naming `scope` and `prop`) when it cannot be.
   *
   * @internal
   */
  public _resolve(scope: IConstruct, prop: string): ResolvedPeer {
    return this.resolver(scope, prop);
  }
}

function podsPeer(namespace: string, labels: Record<string, string>): kplus.k8s.NetworkPolicyPeer {
  return {
    namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: namespace } },
    podSelector: { matchLabels: { ...labels } },
  };
}

function validNamespace(scope: IConstruct, prop: string, namespace: string | undefined): string {
  const problem = namespace === undefined ? 'is missing' : typeof namespace !== 'string' ? 'is not a string' : dns1123LabelProblem(namespace);
  if (namespace === undefined || problem) {
    throw invalidProp(scope, prop, namespace, `the peer's namespace cannot be resolved: it ${problem}`,
      'name the namespace of the peer (a DNS-1123 label such as "shop")');
  }
  return namespace;
}

const PREFIX_LENGTH = /^[0-9]{1,3}$/;

function isCidr(block: string): boolean {
  const slash = block.indexOf('/');
  if (slash === -1) {
    return false;
  }
  const address = block.slice(0, slash);
  const prefix = block.slice(slash + 1);
  if (!PREFIX_LENGTH.test(prefix)) {
    return false;
  }
  const length = Number(prefix);
  return (isIPv4(address) && length <= 32) || (isIPv6(address) && length <= 128);
}
