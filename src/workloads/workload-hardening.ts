import { createHash } from 'crypto';
import { ApiObject, Chart, Size, SizeRoundingBehavior } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import {
  checkContainer, checkImageReference, checkPodSecurityContext, checkPodTemplate, ContainerRole, PodTemplateCheckContext, renderedEnvErrors,
} from './check-pod-template';
import { checkPodVolumes } from './check-volumes';
import { DeploymentNetworkPolicy } from './deployment-network-policy';
import { PeerEndpoint, registerPeerEndpoint } from './peer-endpoint';
import { SecurePeer } from './secure-peer';
import { AllowConnectionOptions, MountSecretOptions, SecureWorkloadOptions, WritablePath } from './secure-workload-options';
import { weakenedObjectErrors } from '../audit/engine/synthesized-objects-check';
import { guardConstruction } from '../internal/construction-guard';
import { invalidProp } from '../internal/errors';
import { reassignedFieldErrors, recordConstructFields } from '../internal/field-snapshot';
import { recordMadeObjects } from '../internal/made-objects';
import { emittedPolicyErrors } from '../internal/network-policy-check';
import { addAppArmorProfileField, ContainerProbes, patchContainer, patchPodTemplate, PodTemplatePatch } from '../internal/patch-pod-template';
import { appEmitsPriorityClass } from '../internal/priority-classes';
import { checkArgument, PropType } from '../internal/prop-types';
import { renderedJson, sharedCheck } from '../internal/rendered-json';
import {
  handWrittenScannerExemption, rejectExceptionAnnotations, SecurityExceptions, writeScannerExemptionAnnotations,
} from '../internal/security-exceptions';
import { checkAppObjects } from '../namespace/app-checks';
import { ClusterDns } from '../policy/cluster-dns';
import { clusterDnsProblem } from '../policy/cluster-dns-check';
import { SecurityPolicy } from '../policy/security-policy';
import { NAMESPACE_NAME_LABEL } from '../profile/ingress-controller-defaults';
import { dnsSubdomainProblem } from '../profile/ingress-host';
import { DENY_ALL_DIRECTION_DECISION, LibraryDecision, SECRET_FILE_ENV_DECISION } from '../profile/library-decisions';
import { normaliseMountPath, writableSystemPathProblem } from '../profile/mount-paths';
import { namespaceNameProblem } from '../profile/namespace-name';
import { broadPeerProblems } from '../profile/network-peers';
import { NodeAppArmor } from '../profile/node-apparmor';
import { labelNameProblem, rfc1035LabelProblem } from '../profile/object-names';
import { polarisFlaggedEnvVars } from '../profile/polaris-env';
import { SYSTEM_PRIORITY_CLASSES } from '../profile/priority-class';
import { RuleId } from '../profile/rule-id';
import { checksForKind, checksNamingKind, SCANNER_CHECKS } from '../profile/scanner-checks';
import {
  decisionExemptions, exceptionExemptionReason, exemptionsFor, isScannerExemptionKey, ScannerExemption, scannerExemptionAnnotations,
} from '../profile/scanner-exemptions';
import {
  PDB_MAX_UNAVAILABLE, PDB_UNHEALTHY_POD_EVICTION_POLICY, SPREAD_ANTI_AFFINITY_WEIGHT, spreadAcrossNodes,
} from '../profile/workload-availability';
import { ImageReference, parseImageReference, pullPolicyFor, TAG_PULL_POLICY } from '../profile/workload-image';
import { labelValueProblem, missingRequiredLabels, recommendedLabels, versionFromImage } from '../profile/workload-labels';
import { DEFAULT_PORT_NAME } from '../profile/workload-ports';
import { WorkloadProbe } from '../profile/workload-probe';
import { ProbeKind } from '../profile/workload-probe-defaults';
import {
  DEFAULT_WORKLOAD_RESOURCES, isResourceProblem, resolveWorkloadResources, ResourceQuantities,
} from '../profile/workload-resource-defaults';
import { DEFAULT_RUN_AS_ID, RunAsIdentity } from '../profile/workload-security-context';
import { ALLOWED_VOLUME_TYPES, DEFAULT_WRITABLE_SIZE_LIMIT, SECRET_FILE_MODE, TMP_PATH, volumeNameForPath } from '../profile/workload-volumes';

/** Name of the main container when none is given (cdk8s-plus's own default). */
const DEFAULT_CONTAINER_NAME = 'main';

/** What differs between the workload kinds that share the hardening (internal to the library). */
export interface WorkloadKind {
  /** The construct class, named in errors (e.g. `SecureDeployment`). */
  readonly constructName: string;
  /** The kind in prose, named in errors (e.g. `deployment`). */
  readonly noun: string;
  /**
   * Whether the pods serve: regular containers need readiness and liveness probes (CTR-PROBES). Jobs and
   * CronJobs run to completion and get no default probes.
   */
  readonly serving: boolean;
  /** Whether the pods are spread across nodes (topology spread constraints and pod anti-affinity). */
  readonly spread: boolean;
  /** The pod template in the workload's rendered object (e.g. `spec.template`), for the synth-time checks. */
  readonly templateOf: (rendered: any) => any;
  /** The path of the pod template in the rendered object, for error messages (e.g. `spec.template`). */
  readonly templatePath: string;
  /** The kind's spec as JSON (cdk8s-plus-28's `toJson_<Kind>Spec`), for telling what a later change weakened. */
  readonly specToJson: (spec: any) => unknown;
  /** Whether the rendered object carries `spec.selector` (Deployment, StatefulSet, DaemonSet). */
  readonly hasSelector: boolean;
  /** The child objects besides the ServiceAccount and NetworkPolicy that share the workload's name (e.g. `PodDisruptionBudget`). */
  readonly namesakes: readonly string[];
  /** The objects that select the pods by the workload's selector, named in errors (e.g. `Service, NetworkPolicy and PodDisruptionBudget`). */
  readonly selectorUsers: string;
}

/** The props the core reads: the shared options, the cdk8s-plus workload props and the optional port. */
export interface HardenedWorkloadProps extends SecureWorkloadOptions, kplus.WorkloadProps {
  /** The port of the main container, for kinds that take one. */
  readonly port?: number;
  /** The name of that port. */
  readonly portName?: string;
}

/** The metadata every object the workload emits shares with it. */
export interface ChildMetadata {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
}

/** The pod-level props a secure workload hands to its cdk8s-plus super constructor. */
export interface HardenedPodProps {
  readonly securityContext: kplus.PodSecurityContextProps;
  readonly automountServiceAccountToken: boolean;
}

/**
 * The hardened pod security context and token setting for the super constructor of a secure workload (cdk8s-plus
 * renders both): UID/GID 10001 (or the ones given), `runAsNonRoot`, `fsGroup` = the group, no token unless
 * POD-NO-SA-TOKEN is excepted.
 */
export function hardenedPodProps(props: HardenedWorkloadProps): HardenedPodProps {
  // Plain JavaScript callers may pass anything as exceptions; SecurityExceptions names the problem later.
  const tokenExcepted = Array.isArray(props.exceptions) && props.exceptions.some((exception) => exception?.rule === RuleId.POD_NO_SA_TOKEN);
  const user = props.securityContext?.user ?? DEFAULT_RUN_AS_ID;
  const group = props.securityContext?.group ?? DEFAULT_RUN_AS_ID;
  return {
    securityContext: {
      ...props.securityContext,
      ensureNonRoot: props.securityContext?.ensureNonRoot ?? true,
      user,
      group,
      fsGroup: props.securityContext?.fsGroup ?? group,
    },
    automountServiceAccountToken: props.automountServiceAccountToken ?? tokenExcepted,
  };
}

const CONTAINER_TYPE: PropType = { instanceOf: kplus.Container, name: 'Container' };
const CONTAINER_PROPS_TYPE: PropType = { objectOf: { image: 'string', name: 'string' } };

/**
 * The workload's fields that the construct's methods and cdk8s-plus add to in place (containers, volumes, host aliases,
 * selector labels, pod metadata, DNS settings with `dns.addNameserver()`): their identity is kept, and what they hold is
 * judged in the rendered object.
 */
/** The fields of the hardening helper that its methods add to in place (what each container was given, the labels). */
const HARDENING_COLLECTIONS: ReadonlySet<string> = new Set(['labels']);
/** The hardening helper's field that its render check sets (the spec it checked). */
const HARDENING_IGNORED: ReadonlySet<string> = new Set(['checkedSpecJson']);
/** The hardening helper's fields of plain data that its checks read: compared by their data too (the rest by identity). */
const HARDENING_DATA: ReadonlySet<string> = new Set(['allowedRegistries', 'identity']);

const WORKLOAD_COLLECTIONS: ReadonlySet<string> = new Set([
  '_containers', '_initContainers', '_hostAliases', '_volumes', '_matchLabels', '_matchExpressions', '_podMetadata', '_props', 'dns',
]);

const NARROW_PEERS_FIX = 'allow named peers with allowFrom()/allowTo() (SecurePeer.deployment(), pods(), namespace() or an ipBlock of /16 or '
  + 'narrower that excepts 169.254.169.254/32), or add SecurityException.of(RuleId.NETPOL_NARROW_PEERS, \'<why>\') to \'exceptions\' for a '
  + 'deliberately public workload';

/**
 * The one hardening core of every secure workload (internal to the library). SecureDeployment, SecureStatefulSet,
 * SecureJob, SecureCronJob and SecureDaemonSet each extend their cdk8s-plus counterpart and hand their pod template
 * to this object, so a pod- or container-level control (security contexts, UID/GID, read-only root with writable
 * paths, resources, image policy, own ServiceAccount without token, secrets as files, env checks, the
 * NetworkPolicy, exceptions and the SecurityPolicy) is decided in one place for all kinds.
 *
 * The construct calls, in order: the constructor (right after `super()`), `checkPodProps()` after its own kind's
 * checks, `addMainContainer()`, its own child objects, then `finish()`; and delegates `addContainer()`,
 * `attachContainer()`, `addInitContainer()`, `mountSecret()`, `allowFrom()`, `allowTo()` and the rendering of its
 * pod template (`hardenTemplate()`).
 */
export class WorkloadHardening implements PeerEndpoint {
  public readonly constructName: string;
  /** The namespace of the workload and of every object it emits. */
  public readonly namespace: string;
  /** The exceptions given to the workload. */
  public readonly exceptions: SecurityExceptions;
  /** The SecurityPolicy that applies to the workload, when there is one. */
  public readonly securityPolicy?: SecurityPolicy;
  /** The main container's image, parsed. */
  public readonly image: ImageReference;
  /** The workload's NetworkPolicy, once `finish()` ran. */
  public policy!: DeploymentNetworkPolicy;
  /** The name of the main container. */
  public readonly mainContainerName: string;
  /** The recommended labels of the workload, its pods and its child objects. */
  public labels: Record<string, string> = {};

  private readonly construction: { done(): void };
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
  /** The spec the checks last passed, as JSON, to tell what a later change (a JSON patch) weakened. */
  private checkedSpecJson?: unknown;

  /**
   * Checks what the workload was given at pod level (namespace, name, labels the policy requires, the image, the pod
   * security context, the PriorityClass) and validates the exceptions against the SecurityPolicy.
   *
   * @param workload the secure workload, right after its cdk8s-plus super constructor
   * @param props its props
   * @param kind what differs for its kind
   */
  constructor(private readonly workload: kplus.Workload, props: HardenedWorkloadProps, private readonly kind: WorkloadKind) {
    this.construction = guardConstruction(workload);
    this.constructName = kind.constructName;
    this.securityPolicy = SecurityPolicy.of(workload);
    this.exceptions = new SecurityExceptions(workload, 'exceptions', props.exceptions, SecurityPolicy._exceptionPoliciesOf(workload));
    rejectExceptionAnnotations(workload, 'metadata.annotations', props.metadata?.annotations, 'exceptions');
    for (const [key, value] of Object.entries(props.metadata?.annotations ?? {})) {
      if (isScannerExemptionKey(key)) {
        throw handWrittenScannerExemption(workload, `metadata.annotations["${key}"]`, value);
      }
    }
    const group = props.securityContext?.group ?? DEFAULT_RUN_AS_ID;
    this.identity = { user: props.securityContext?.user ?? DEFAULT_RUN_AS_ID, group, fsGroup: props.securityContext?.fsGroup ?? group };
    this.requireDigest = props.requireDigest ?? this.securityPolicy?.requireDigest ?? false;
    this.allowedRegistries = this.securityPolicy?.allowedRegistries;
    this.priorityClassName = this.validPriorityClassName(props.priorityClassName ?? this.securityPolicy?.defaultPriorityClassName,
      props.priorityClassName === undefined ? 'priorityClassName (default: the SecurityPolicy\'s defaultPriorityClassName)' : 'priorityClassName');
    this.namespace = this.resolveNamespace(props);
    this.checkOwnName(props);
    this.requireLabels(this.securityPolicy?.requiredLabels);
    this.image = checkImageReference(props.image, 'image', this.checkContext());
    checkPodSecurityContext(workload.securityContext._toKube(), this.checkContext());
    const defaults = this.securityPolicy?._workloadResourceDefaults() ?? DEFAULT_WORKLOAD_RESOURCES;
    // The policy's defaults were checked when it was applied.
    this.defaultResources = resolveWorkloadResources({}, defaults) as ResourceQuantities;
    this.mainContainerName = props.containerName ?? DEFAULT_CONTAINER_NAME;
    registerPeerEndpoint(workload, this);
  }

  /** The labels that select the workload's pods. */
  public get podLabels(): Record<string, string> {
    return this.workload.matchLabels;
  }

  /**
   * The pod-level checks every kind shares, after the kind's own: host network, token, probes.
   *
   * @param props the workload's props
   */
  public checkPodProps(props: HardenedWorkloadProps): void {
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
        throw invalidProp(this.workload, kind, probe, 'is not a WorkloadProbe', 'build the probe with WorkloadProbe.httpGet(\'/healthz\'), tcpSocket(), grpc() or exec([...])');
      }
      const problem = probe?._problem(kind);
      if (problem) {
        throw invalidProp(this.workload, `${kind}.${problem.field}`, problem.value, problem.problem, problem.fix);
      }
      if (probe?._needsDefaultPort() && props.port === undefined) {
        throw invalidProp(this.workload, kind, undefined, `the ${kind} probe needs a port and the ${this.kind.noun} has none`,
          'give the probe a port, or the ' + this.kind.noun + ' a port');
      }
    }
    if (this.kind.serving && props.port === undefined && (!props.readiness || !props.liveness)) {
      this.exceptions.require(RuleId.CTR_PROBES, props.readiness ? 'liveness' : 'readiness', undefined,
        'without a port no default probes can be added, so Kubernetes could not tell whether the container works; '
        + 'set readiness and liveness (e.g. WorkloadProbe.exec([...]) for a worker)');
    }
  }

  /**
   * Labels the workload and its pods, gives it its own ServiceAccount (or checks the one given), and adds the main
   * container, its secret files and the containers and init containers of the props.
   *
   * @param id the construct id (default app name)
   * @param props the workload's props
   * @returns the main container
   */
  public addMainContainer(id: string, props: HardenedWorkloadProps): kplus.Container {
    const resources = resolveWorkloadResources(props.resources, this.securityPolicy?._workloadResourceDefaults() ?? DEFAULT_WORKLOAD_RESOURCES);
    if (isResourceProblem(resources)) {
      throw invalidProp(this.workload, `resources.${resources.field}`, resources.value, `the quantity ${resources.problem}`,
        'give a valid quantity such as "250m" for cpu or "256Mi" for memory and ephemeral-storage, with each limit >= its request'
        + (this.securityPolicy?.defaultResources ? ' (unset fields take the SecurityPolicy\'s defaultResources)' : ''));
    }
    if (this.kind.spread) {
      // Polaris reads topologySpreadConstraints (added when rendering), kube-score and kube-linter podAntiAffinity.
      this.workload.scheduling.spread({ topology: kplus.Topology.HOSTNAME, weight: SPREAD_ANTI_AFFINITY_WEIGHT });
    }
    this.labels = this.labelsFor(id, props);
    for (const [key, value] of Object.entries(this.labels)) {
      this.workload.metadata.addLabel(key, value);
      this.workload.podMetadata.addLabel(key, value);
    }
    this.useServiceAccount(props);

    this.resourcesByContainer.set(this.mainContainerName, resources);
    this.probesByContainer.set(this.mainContainerName, this.mainProbes(props));
    const main = this.workload.addContainer({
      name: this.mainContainerName,
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
    for (const [i, secretFile] of checkedList(this.workload, 'secretFiles', props.secretFiles).entries()) {
      this.mountSecretAt(secretFile?.secret, secretFile?.path, { items: secretFile?.items }, `secretFiles[${i}].path`, main);
    }
    for (const container of props.containers ?? []) {
      this.workload.addContainer(container);
    }
    for (const container of props.initContainers ?? []) {
      this.workload.addInitContainer(container);
    }
    return main;
  }

  /** The metadata of the objects the workload emits besides itself (ServiceAccount, NetworkPolicy, Service, ...). */
  public childMetadata(): ChildMetadata {
    return { name: this.workload.name, namespace: this.namespace, labels: this.labels };
  }

  /**
   * Creates the workload's NetworkPolicy: it selects the pods and denies all traffic except DNS, the peers allowed
   * with `allowFrom()`/`allowTo()` and (to keep the ingress list non-empty) the workload's own pods.
   *
   * @param props the workload's props
   */
  public createNetworkPolicy(props: HardenedWorkloadProps): void {
    // The SecurityPolicy checks its clusterDns when it is applied; the workload's own prop is checked here.
    const found = props.clusterDns === undefined ? undefined : clusterDnsProblem(props.clusterDns);
    if (found) {
      throw invalidProp(this.workload, `clusterDns.${found.field}`, found.value, found.problem, found.fix);
    }
    this.policy = new DeploymentNetworkPolicy(this.workload, 'NetworkPolicy', {
      selector: this.workload,
      metadata: this.childMetadata(),
      baseEgress: dnsEgress(props.clusterDns ?? this.securityPolicy?.clusterDns ?? ClusterDns.kubeDns()),
      fallbackIngress: () => ({ from: [{ podSelector: { matchLabels: this.workload.matchLabels } }], ports: this.ownPorts() }),
    });
  }

  /**
   * Documents the exceptions on the workload and the policy, and registers the synth-time checks of the emitted
   * objects (selector and pod labels unchanged, the policy still isolating the pods, app-wide identity and
   * LimitRange checks). The last call of the workload's constructor.
   *
   * @param kindChecks the kind's own checks of the rendered object (JSON patches included), as error messages
   * @param decisions the kind's documented decisions that scanners flag
   */
  public finish(kindChecks?: (rendered: any) => string[], decisions: readonly LibraryDecision[] = []): void {
    const apiObject = ApiObject.of(this.workload);
    this.exceptions.annotate(apiObject);
    this.applyNodeAppArmor(apiObject);
    this.writeScannerExemptions(apiObject, decisions);
    this.exceptions.annotate(ApiObject.of(this.policy), [RuleId.NETPOL_NARROW_PEERS]);
    // The workload's fields as the construct set them (replicas, strategy, deadlines): taken last, once every prop is applied.
    // And those of the helpers its checks read: this object (the digest and registry settings, the kind) and the exceptions.
    recordConstructFields(this.workload, WORKLOAD_COLLECTIONS, [
      { target: this, name: 'hardening', collections: HARDENING_COLLECTIONS, ignored: HARDENING_IGNORED, data: HARDENING_DATA },
      { target: this.exceptions, name: 'hardening.exceptions', collections: new Set(), data: new Set() },
    ]);
    this.exceptions.checkAtSynth(() => {
      const rendered = renderedJson(apiObject);
      const kindErrors = kindChecks?.(rendered) ?? [];
      const ownErrors = [...this.changedSelectorErrors(rendered), ...this.renderedVolumeErrors(rendered),
        ...renderedEnvErrors(this.kind.templateOf(rendered)?.spec, this.exceptions)];
      // Anything else a later change weakened (the checks above name their own controls first).
      const weakened = ownErrors.length + kindErrors.length > 0 ? [] : weakenedObjectErrors({
        scope: this.workload,
        workload: {
          apiObject,
          rendered,
          checkedSpec: this.checkedSpecJson,
          templatePath: this.kind.templatePath,
          appArmorProfileField: this.securityPolicy?._appArmorProfileField() ?? false,
        },
        checkedElsewhere: [ApiObject.of(this.policy)],
        requireDigest: this.requireDigest,
      });
      return [...ownErrors, ...kindErrors, ...weakened, ...reassignedFieldErrors(this.workload),
        ...emittedPolicyErrors(this.workload, ApiObject.of(this.policy), {
          prop: 'networkPolicy',
          namespace: this.namespace,
          podLabels: this.workload.matchLabels,
          policyTypes: ['Ingress', 'Egress'],
          exceptions: this.exceptions,
          fix: NARROW_PEERS_FIX,
        })];
    });
    checkAppObjects(this.workload, { scope: this.workload, apiObject, namespace: this.namespace, mainContainer: this.mainContainerName });
    // What the construct made, as it made it: a later change through an object's typed API counts like a JSON patch.
    recordMadeObjects(this.workload, [apiObject, ApiObject.of(this.policy)]);
    this.construction.done();
  }

  /**
   * The PodDisruptionBudget of a replicated workload (Deployment, StatefulSet): at most one pod evicted at a time,
   * and unhealthy pods may always be evicted (controls AVAIL-PDB).
   */
  public addDisruptionBudget(): ApiObject {
    return new kplus.k8s.KubePodDisruptionBudget(this.workload, 'PodDisruptionBudget', {
      metadata: this.childMetadata(),
      spec: {
        maxUnavailable: kplus.k8s.IntOrString.fromNumber(PDB_MAX_UNAVAILABLE),
        unhealthyPodEvictionPolicy: PDB_UNHEALTHY_POD_EVICTION_POLICY,
        selector: { matchLabels: this.workload.matchLabels },
      },
    });
  }

  /** Records that the pod volume `volume` came from `prop`, for the synth-time volume errors. */
  public recordVolumeProp(volume: string, prop: string): void {
    this.volumeProps.set(volume, prop);
  }

  /**
   * The spec the workload's `_toKube()` returns, recorded (as JSON, now) as the one its checks passed: the synth-time
   * check compares the synthesized object with it.
   */
  public checkedSpec<T>(spec: T): T {
    this.checkedSpecJson = this.kind.specToJson(spec);
    return spec;
  }

  /** Fills in and checks a pod template rendered by cdk8s-plus (the workload's `_toKube()`). */
  public hardenTemplate(template: kplus.k8s.PodTemplateSpec): kplus.k8s.PodTemplateSpec {
    const patched = patchPodTemplate(template, this.templatePatch());
    checkPodTemplate(patched, this.checkContext());
    checkPodVolumes(patched.spec!, { scope: this.workload, exceptions: this.exceptions, propOfVolume: (volume) => this.volumeProps.get(volume) });
    return patched;
  }

  /** `addContainer()`: the props, hardened (resources filled at synthesis, the pull policy of the image reference). */
  public containerProps(cont: kplus.ContainerProps): kplus.ContainerProps {
    checkArgument(this.workload, 'addContainer(container)', cont, CONTAINER_PROPS_TYPE, true);
    return this.secureContainerProps(cont);
  }

  /** `addInitContainer()`: the props, hardened. */
  public initContainerProps(cont: kplus.ContainerProps): kplus.ContainerProps {
    checkArgument(this.workload, 'addInitContainer(container)', cont, CONTAINER_PROPS_TYPE, true);
    return this.secureContainerProps(cont);
  }

  /** After `addInitContainer()`: a writable /tmp, and the checks now. */
  public initContainerAdded(container: kplus.Container): void {
    this.giveWritableTmp(container);
    this.checkContainerNow(container, ContainerRole.INIT);
  }

  /** `attachContainer()`: the argument checked, before the container is attached. */
  public beforeAttach(cont: kplus.Container): void {
    checkArgument(this.workload, 'attachContainer(container)', cont, CONTAINER_TYPE, true);
    this.giveWritableTmp(cont);
  }

  /** `attachContainer()`: the checks, after the container is attached. */
  public afterAttach(cont: kplus.Container): void {
    this.checkContainerNow(cont, ContainerRole.REGULAR);
  }

  /** `mountSecret()`. */
  public mountSecret(secret: kplus.ISecret, path: string, options: MountSecretOptions, main: kplus.Container): void {
    checkArgument(this.workload, 'mountSecret(options)', options, { objectOf: { items: 'object', container: CONTAINER_TYPE } });
    this.mountSecretAt(secret, path, options, 'mountSecret(path)', main);
  }

  /** `allowFrom()`. */
  public allowFrom(peer: SecurePeer, options: AllowConnectionOptions = {}): void {
    const prop = 'allowFrom(peer)';
    this.checkConnectionArguments('allowFrom', peer, options);
    const from = peer._resolve(this.workload, prop);
    this.checkPeerBreadth(prop, from.description, { ingress: [{ from: [from.peer] }] });
    const ports = options.ports ? renderPorts(options.ports) : this.portsToReceive(prop);
    this.policy.allowIngress({ from: [from.peer], ports });
    from.endpoint?.allowEgress({ to: [this.asPeer()], ports });
  }

  /** `allowTo()`. */
  public allowTo(peer: SecurePeer, options: AllowConnectionOptions = {}): void {
    const prop = 'allowTo(peer)';
    this.checkConnectionArguments('allowTo', peer, options);
    const to = peer._resolve(this.workload, prop);
    this.checkPeerBreadth(prop, to.description, { egress: [{ to: [to.peer] }] });
    const ports = options.ports ? renderPorts(options.ports) : to.endpoint?.portsToReceive(prop);
    this.policy.allowEgress({ to: [to.peer], ports });
    to.endpoint?.allowIngress({ from: [this.asPeer()], ports });
  }

  public allowIngress(rule: kplus.k8s.NetworkPolicyIngressRule): void {
    this.policy.allowIngress(rule);
  }

  public allowEgress(rule: kplus.k8s.NetworkPolicyEgressRule): void {
    this.policy.allowEgress(rule);
  }

  /** The ports other pods may connect to, for `prop`; an error when there are none. */
  public portsToReceive(prop: string): kplus.k8s.NetworkPolicyPort[] {
    const ports = this.ownPorts();
    if (!ports) {
      throw invalidProp(this.workload, prop, this.workload.node.path, `the receiving ${this.kind.noun} declares no container port, so there is nothing to allow`,
        'give it a port, or pass options.ports');
    }
    return ports;
  }

  /** The workload's ServiceAccount as a RoleBinding subject, with its namespace. */
  public subjectConfiguration(subject: kplus.SubjectConfiguration): kplus.SubjectConfiguration {
    return { ...subject, namespace: this.namespace };
  }

  private resolveNamespace(props: HardenedWorkloadProps): string {
    const namespace = props.metadata?.namespace ?? Chart.of(this.workload).namespace;
    const prop = props.metadata?.namespace !== undefined ? 'metadata.namespace' : 'metadata.namespace (or the Chart\'s namespace)';
    const problem = namespace === undefined ? 'every object needs an explicit namespace (control WL-NAMESPACE)' : namespaceNameProblem(namespace);
    if (namespace === undefined || problem) {
      throw invalidProp(this.workload, prop, namespace, namespace === undefined ? problem! : `the namespace ${problem}`,
        'pass metadata: { namespace: \'shop\' } or create the Chart with { namespace: \'shop\' } (e.g. the name of a SecureNamespace)');
    }
    return namespace;
  }

  private labelsFor(id: string, props: HardenedWorkloadProps): Record<string, string> {
    const checked = (prop: string, value: string, fix: string): string => {
      const problem = labelValueProblem(value);
      if (problem) {
        throw invalidProp(this.workload, prop, value, `the value becomes a recommended label and ${problem}`, fix);
      }
      return value;
    };
    return recommendedLabels({
      name: checked(props.appName === undefined ? 'appName (default: the construct id)' : 'appName', props.appName ?? id,
        'pass appName: \'<label value>\''),
      instance: checked('metadata.name', this.workload.name, 'pass a metadata.name of at most 63 characters'),
      partOf: checked(props.partOf === undefined ? 'partOf (default: the Chart id)' : 'partOf', props.partOf ?? Chart.of(this.workload).node.id,
        'pass partOf: \'<label value>\''),
      version: checked(props.version === undefined ? 'version (default: from the image)' : 'version',
        props.version ?? versionFromImage(this.image.tag, this.image.digest), 'pass version: \'<label value>\''),
    });
  }

  private useServiceAccount(props: HardenedWorkloadProps): void {
    const given = props.serviceAccount;
    if (given === undefined) {
      const serviceAccount = new kplus.ServiceAccount(this.workload, 'ServiceAccount', { metadata: this.childMetadata(), automountToken: false });
      // cdk8s-plus reads the service account when rendering the pod; it can only be created once the workload exists.
      const pod: { serviceAccount?: kplus.IServiceAccount } = this.workload;
      pod.serviceAccount = serviceAccount;
      return;
    }
    if (given.name === 'default') {
      this.exceptions.require(RuleId.POD_OWN_SA, 'serviceAccount', given.name, 'the pod would share the namespace\'s default ServiceAccount');
    }
    if (given instanceof kplus.ServiceAccount) {
      if (given.metadata.namespace !== this.namespace) {
        throw invalidProp(this.workload, 'serviceAccount', given.node.path, `the ServiceAccount is in namespace ${given.metadata.namespace}, not ${this.namespace}`,
          `use a ServiceAccount of the ${this.kind.noun}'s namespace`);
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

  private mainProbes(props: HardenedWorkloadProps): ContainerProbes {
    const port = props.port === undefined ? undefined : { number: props.port, name: props.portName ?? DEFAULT_PORT_NAME };
    const readiness = props.readiness ?? (this.kind.serving ? port && WorkloadProbe.tcpSocket() : undefined);
    // The default liveness probe names the port, the readiness probe numbers it: same socket, different
    // timings; scanners that compare handlers literally (kube-score) do not flag them as identical.
    const liveness = props.liveness ?? (this.kind.serving ? port && WorkloadProbe.tcpSocket() : undefined);
    return {
      readiness: readiness?._toKube(ProbeKind.READINESS, port),
      liveness: liveness?._toKube(ProbeKind.LIVENESS, port && { ...port, byName: props.liveness === undefined }),
      startup: props.startup?._toKube(ProbeKind.STARTUP, port),
    };
  }

  private writableMounts(given: WritablePath[] | undefined): kplus.VolumeMount[] {
    const paths = checkedList(this.workload, 'writablePaths', given).map((writable, i) => {
      if (writable === null || typeof writable !== 'object') {
        throw invalidProp(this.workload, `writablePaths[${i}]`, writable, 'is not a writable path', "pass { path: '/var/cache/nginx' }");
      }
      return { ...writable, path: this.checkMountPath('writablePaths', writable.path), index: i };
    });
    const all = paths.some((p) => p.path === TMP_PATH) ? paths : [{ path: TMP_PATH, index: -1 }, ...paths];
    const seen = new Set<string>();
    return all.map((writable: WritablePath & { index: number }) => {
      const prop = writable.index < 0 ? 'writablePaths' : `writablePaths[${writable.index}]`;
      const name = volumeNameForPath(writable.path);
      if (seen.has(writable.path) || seen.has(name)) {
        throw invalidProp(this.workload, `${prop}.path`, writable.path, 'the path is declared twice (or maps to the same volume name as another)',
          'declare each writable path once');
      }
      seen.add(writable.path);
      seen.add(name);
      const problem = writableSystemPathProblem(writable.path);
      if (problem) {
        this.exceptions.require(RuleId.CTR_READONLY_ROOTFS, `${prop}.path`, writable.path, problem);
      }
      const volume = kplus.Volume.fromEmptyDir(this.workload, `Writable${name}`, name, {
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
      throw invalidProp(this.workload, prop, sizeLimit instanceof Size ? `${sizeLimit.toKibibytes({ rounding: SizeRoundingBehavior.NONE })}Ki` : sizeLimit,
        mebibytes === 0 ? 'a size limit of 0 leaves no room: the first write gets the pod evicted'
          : 'the size limit must be a Size of a positive whole number of mebibytes',
        'give a size such as Size.mebibytes(64)');
    }
    return sizeLimit;
  }

  /**
   * Throws unless a weakening that needs the platform team's approval has it: an exception to `rule` with an approval
   * reference, and `rule` listed in the `allowedRules` of every exception policy above the workload. Exception
   * policies are cumulative, so the approval is the strictest of them all: a policy on a child scope (which an app
   * team can apply) can withhold an approval, never give one the app's policy does not.
   *
   * @param rule the rule whose exception needs approval
   * @param prop the prop that asks for the weakening
   * @param value the value received
   * @param problem what the weakening opens
   * @param fix how to get the approval, or what to do instead
   */
  public requireApproval(rule: RuleId, prop: string, value: unknown, problem: string, fix: string): void {
    const exception = this.exceptions.entries().find((entry) => entry.rule === rule);
    const policies = SecurityPolicy._exceptionPoliciesOf(this.workload);
    const unlisted = policies.find((named) => !(named.policy.allowedRules ?? []).includes(rule));
    const missing = !exception ? `an exception to ${rule}`
      : !exception.approvalReference ? 'an approval reference on the exception'
        : policies.length === 0 ? `a SecurityPolicy whose exception policy lists ${rule} in allowedRules`
          : unlisted ? `${rule} in the allowedRules of every SecurityPolicy above it (${unlisted.name} does not list it)` : undefined;
    if (missing) {
      throw invalidProp(this.workload, prop, value, `${problem}; it needs the platform team's approval: ${missing}`, fix);
    }
    this.exceptions.markUsed(rule);
  }

  /** The normalised mount path (no `//`, `.` or trailing `/`); an error for a relative path, `..` or `/`. */
  public checkMountPath(prop: string, path: unknown): string {
    const normalised = typeof path === 'string' ? normaliseMountPath(path) : undefined;
    if (normalised === undefined || normalised === '/') {
      throw invalidProp(this.workload, prop, path, 'a mount path is an absolute directory other than "/" without ".."', 'use a path such as "/var/cache/nginx"');
    }
    return normalised;
  }

  private mountSecretAt(secret: kplus.ISecret, path: string, options: MountSecretOptions, prop: string, main: kplus.Container): void {
    const mountPath = this.checkMountPath(prop, path);
    if (secret === null || typeof secret !== 'object' || typeof secret.name !== 'string') {
      throw invalidProp(this.workload, prop === 'mountSecret(path)' ? 'mountSecret(secret)' : prop.replace(/\.path$/, '.secret'), secret,
        'is not a Secret', 'pass a kplus.Secret, or kplus.Secret.fromSecretName(scope, id, name)');
    }
    if (isServiceAccountTokenSecret(secret)) {
      this.exceptions.require(RuleId.POD_NO_SA_TOKEN, prop, secret.name,
        `the Secret is a ServiceAccount token (type ${SERVICE_ACCOUNT_TOKEN_SECRET_TYPE}): mounting it gives the pod the Kubernetes API `
        + 'credentials of the ServiceAccount it names, whatever automountServiceAccountToken says');
    }
    const key = JSON.stringify([secret.name, options.items ?? null]);
    let volume = this.secretVolumes.get(key);
    if (!volume) {
      const name = secretVolumeName(secret.name, this.secretVolumes.size);
      volume = kplus.Volume.fromSecret(this.workload, `SecretVolume${this.secretVolumes.size}`, secret, {
        name,
        defaultMode: SECRET_FILE_MODE,
        items: options.items,
      });
      this.secretVolumes.set(key, volume);
      this.volumeProps.set(name, prop.startsWith('secretFiles') ? 'secretFiles' : 'mountSecret(path)');
    }
    (options.container ?? main).mount(mountPath, volume, { readOnly: true });
  }

  /**
   * The workload's own name becomes the name of its ServiceAccount, NetworkPolicy and other child objects and its
   * `app.kubernetes.io/instance` label: a DNS-1123 label, and an RFC 1035 one (starting with a letter) when a Service
   * is created.
   */
  private checkOwnName(props: HardenedWorkloadProps): void {
    const withService = props.port !== undefined;
    const name = this.workload.name;
    const problem = withService ? rfc1035LabelProblem(name) : labelNameProblem(name);
    if (problem) {
      const prop = props.metadata?.name === undefined ? 'metadata.name (default: generated from the construct id)' : 'metadata.name';
      throw invalidProp(this.workload, prop, name, `the name ${problem}; the ${this.kind.noun}'s `
        + `${['ServiceAccount', 'NetworkPolicy', ...this.kind.namesakes].join(', ')}${withService ? ' and Service' : ''} share it, and the API server would reject it`,
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
    container.mount(TMP_PATH, kplus.Volume.fromEmptyDir(this.workload, `Writable${name}`, name, { sizeLimit: DEFAULT_WRITABLE_SIZE_LIMIT }));
  }

  private checkContainerNow(container: kplus.Container, role: ContainerRole): void {
    const patched = patchContainer(container._toKube(), this.templatePatch(), role === ContainerRole.REGULAR);
    checkContainer(patched, role, this.checkContext());
  }

  /**
   * The SecurityPolicy's cluster assumptions about AppArmor: from Kubernetes 1.30 the pod's `appArmorProfile` field
   * (a JSON patch, as cdk8s-plus-28 has no such field); on nodes without AppArmor, the platform's decision recorded
   * for the audit, which reports the POD-APPARMOR findings as suppressed by it.
   */
  private applyNodeAppArmor(apiObject: ApiObject): void {
    const policy = this.securityPolicy;
    if (policy?._appArmorProfileField()) {
      addAppArmorProfileField(apiObject, this.kind.templatePath);
    }
    if (policy?.nodeAppArmor === NodeAppArmor.UNAVAILABLE) {
      this.exceptions.annotatePlatformDecision(apiObject, RuleId.POD_APPARMOR,
        `platform policy: the nodes have no AppArmor (${policy._description()} sets nodeAppArmor: NodeAppArmor.UNAVAILABLE), `
          + 'so the containers request no AppArmor profile', policy.node.path);
    }
  }

  private templatePatch(): PodTemplatePatch {
    return {
      identity: this.identity,
      defaultResources: this.defaultResources,
      resourcesByContainer: this.resourcesByContainer,
      probesByContainer: this.probesByContainer,
      topologySpreadConstraints: this.kind.spread ? [spreadAcrossNodes(this.workload.matchLabels)] : [],
      priorityClassName: this.priorityClassName,
      appArmorAnnotations: this.securityPolicy?.nodeAppArmor !== NodeAppArmor.UNAVAILABLE,
    };
  }

  /**
   * Checks the PriorityClass name now, and at synth time (when the whole app is known) that the class
   * exists: a system class, one the policy lists, or a PriorityClass object of the app.
   */
  private validPriorityClassName(name: string | undefined, prop: string): string | undefined {
    if (name === undefined) {
      return undefined;
    }
    const problem = dnsSubdomainProblem(name);
    if (problem) {
      throw invalidProp(this.workload, prop, name, `a PriorityClass name ${problem}`, "pass the name of a PriorityClass, e.g. 'business-critical'");
    }
    const known = [...SYSTEM_PRIORITY_CLASSES, ...(this.securityPolicy?.platformPriorityClasses ?? [])];
    this.workload.node.addValidation({
      validate: () => {
        const emitted = appEmitsPriorityClass(this.workload, name);
        return known.includes(name) || emitted ? [] : [invalidProp(this.workload, prop, name,
          'no such PriorityClass: the app emits none of that name and the SecurityPolicy does not list it as a platform class, '
          + 'so the pods would never be scheduled',
          "emit the PriorityClass with the app (new kplus.k8s.KubePriorityClass(...)), or list the platform's class in "
          + 'SecurityPolicy.apply(app, { platformPriorityClasses: [...] })').message];
      },
    });
    return name;
  }

  /**
   * At synth time (labels can still be added after construction), checks that the emitted workload object carries
   * every label key the SecurityPolicy requires, with a non-empty value.
   */
  private requireLabels(required: string[] | undefined): void {
    if (!required || required.length === 0) {
      return;
    }
    this.workload.node.addValidation({
      validate: () => {
        // The emitted labels, as the audit sees them: the Chart's, the metadata's and any JSON patch's.
        const labels: Record<string, string> = renderedJson(ApiObject.of(this.workload)).metadata?.labels ?? {};
        const missing = missingRequiredLabels(labels, required);
        const empty = missing.filter((key) => key in labels);
        return missing.length === 0 ? [] : [invalidProp(this.workload, 'metadata.labels', labels,
          `the SecurityPolicy requires the label${missing.length > 1 ? 's' : ''} ${missing.map((key) => `"${key}"`).join(', ')} on every workload`
          + (empty.length > 0 ? ` (${empty.map((key) => `"${key}"`).join(', ')} ${empty.length > 1 ? 'are' : 'is'} empty)` : ''),
          `pass metadata: { labels: { ${missing.map((key) => `'${key}': '<value>'`).join(', ')} } }, call metadata.addLabel(), `
          + 'or set them on the Chart with { labels: {...} }').message];
      },
    });
  }

  private checkContext(): PodTemplateCheckContext {
    return {
      scope: this.workload,
      exceptions: this.exceptions,
      requireDigest: this.requireDigest,
      allowedRegistries: this.allowedRegistries,
      requireProbes: this.kind.serving,
    };
  }

  /**
   * The Service, NetworkPolicy, PodDisruptionBudget and the exceptions recorded on them belong to the pods with the
   * workload's `matchLabels`: a selector or pod label changed afterwards (a JSON patch) would hand them, and the
   * exceptions, to other pods (e.g. another workload's pods copying this one's labels).
   */
  private changedSelectorErrors(rendered: any): string[] {
    const errors: string[] = [];
    const podLabels: Record<string, unknown> = this.kind.templateOf(rendered)?.metadata?.labels ?? {};
    const expected = this.workload.matchLabels;
    if (this.kind.hasSelector) {
      const selector = rendered?.spec?.selector;
      const selected: Record<string, unknown> = selector?.matchLabels ?? {};
      const sameSelector = Object.keys(selected).length === Object.keys(expected).length
        && Object.entries(expected).every(([key, value]) => selected[key] === value)
        && (selector?.matchExpressions ?? []).length === 0;
      if (!sameSelector) {
        errors.push(invalidProp(this.workload, 'spec.selector', selector,
          `the selector must stay the ${this.kind.noun}'s own (${JSON.stringify({ matchLabels: expected })})`,
          `remove the JSON patch that changes the selector; the ${this.kind.selectorUsers} select the pods by it`).message);
      }
    }
    for (const [key, value] of Object.entries(expected)) {
      if (podLabels[key] !== value) {
        errors.push(invalidProp(this.workload, `${this.kind.templatePath}.metadata.labels["${key}"]`, podLabels[key],
          `the pod label that ties the pods to this ${this.kind.noun} must stay ${JSON.stringify(value)}`,
          'remove the JSON patch that changes it (to give pods other labels, use podMetadata)').message);
      }
    }
    return errors;
  }

  /**
   * The volumes of the rendered pod template (JSON patches included) that need an exception they do not have: a
   * hostPath (POD-NO-HOSTPATH) or a volume type outside the restricted list (POD-VOLUME-TYPES), where an exception that
   * stands for host access covers only the hostPath volumes it names.
   */
  private renderedVolumeErrors(rendered: any): string[] {
    const errors: string[] = [];
    for (const volume of this.kind.templateOf(rendered)?.spec?.volumes ?? []) {
      const type = Object.keys(volume ?? {}).find((key) => key !== 'name' && volume[key] !== undefined && volume[key] !== null);
      const excepted = { hostPath: type === 'hostPath' && typeof volume.hostPath?.path === 'string' ? volume.hostPath.path : undefined };
      try {
        if ((volume?.projected?.sources ?? []).some((source: any) => source?.serviceAccountToken)) {
          this.exceptions.require(RuleId.POD_NO_SA_TOKEN, `volumes.${volume.name}`, 'projected.serviceAccountToken',
            'a projected ServiceAccount token gives the pod Kubernetes API credentials, whatever automountServiceAccountToken says');
        }
        if (type === 'hostPath') {
          this.exceptions.require(RuleId.POD_NO_HOSTPATH, `volumes.${volume.name}`, volume.hostPath?.path, 'a hostPath volume exposes the node\'s file system',
            excepted);
        }
        if (type !== undefined && !ALLOWED_VOLUME_TYPES.has(type)) {
          this.exceptions.require(RuleId.POD_VOLUME_TYPES, `volumes.${volume.name}`, type,
            `Pod Security Standards restricted allows only ${[...ALLOWED_VOLUME_TYPES].join(', ')} volumes`, excepted);
        }
      } catch (error) {
        errors.push((error as Error).message);
      }
    }
    return errors;
  }

  /**
   * Writes on `apiObject`, an object the construct emits beside the workload (its HorizontalPodAutoscaler), the
   * scanners' own exemptions for the typed exceptions whose mapped checks read `kind` (Polaris hpaMinAvailability for
   * an AVAIL-REPLICAS exception with minReplicas 1), with the exceptions' reasons. Typed exceptions are given at
   * construction, so the annotations are written now. Nothing with `SecurityPolicy` `scannerExemptions: false`.
   */
  public writeRelatedScannerExemptions(apiObject: ApiObject, kind: string): void {
    if (this.securityPolicy?.scannerExemptions === false) {
      return;
    }
    const exemptions = this.exceptions.entries().flatMap((exception) =>
      exemptionsFor(checksNamingKind(SCANNER_CHECKS[exception.rule], kind), exceptionExemptionReason(exception.rule, exception.reason)));
    writeScannerExemptionAnnotations(apiObject, scannerExemptionAnnotations(exemptions));
  }

  /**
   * At synth time (containers, mounts and env vars can still be added after construction), writes the scanners' own
   * exemption annotations on the workload object for its typed exceptions and the library's documented decisions (the
   * exceptions' synth-time check then rejects any other scanner exemption annotation on the construct's objects).
   */
  private writeScannerExemptions(apiObject: ApiObject, decisions: readonly LibraryDecision[]): void {
    const owner = {};
    this.workload.node.addValidation({
      // Once for the validation passes of one synthesis (they see the same objects): see shareRendersInValidation.
      validate: () => sharedCheck(owner, () => {
        if (this.securityPolicy?.scannerExemptions !== false) {
          writeScannerExemptionAnnotations(apiObject, scannerExemptionAnnotations(this.scannerExemptions(renderedJson(apiObject), decisions)));
        }
        return [];
      }),
    });
  }

  /** The exemptions for the typed exceptions and decisions, limited to the checks that read this kind. */
  private scannerExemptions(rendered: any, decisions: readonly LibraryDecision[]): ScannerExemption[] {
    const kind = String(rendered?.kind ?? '');
    const exemptions = this.exceptions.entries().flatMap((exception) =>
      exemptionsFor(checksForKind(SCANNER_CHECKS[exception.rule], kind), exceptionExemptionReason(exception.rule, exception.reason)));
    const applying = [...decisions];
    const policySpec = renderedJson(ApiObject.of(this.policy))?.spec ?? {};
    if ((policySpec.egress ?? []).length === 0 || (policySpec.ingress ?? []).length === 0) {
      // Polaris missingNetworkPolicy wants rules in both directions; an empty list is the stricter deny-all.
      applying.push(DENY_ALL_DIRECTION_DECISION);
    }
    if (onlySecretFileEnvVars(this.kind.templateOf(rendered)?.spec)) {
      applying.push(SECRET_FILE_ENV_DECISION);
    }
    return [...exemptions, ...applying.flatMap((decision) => decisionExemptions(decision, kind))];
  }

  /** The library's error for wrong types from plain JavaScript in allowFrom()/allowTo(). */
  private checkConnectionArguments(method: string, peer: unknown, options: unknown): void {
    checkArgument(this.workload, `${method}(peer)`, peer, { instanceOf: SecurePeer, name: 'SecurePeer (e.g. SecurePeer.deployment(api))' }, true);
    checkArgument(this.workload, `${method}(options)`, options, {
      objectOf: { ports: { listOf: { instanceOf: kplus.NetworkPolicyPort, name: 'NetworkPolicyPort (e.g. NetworkPolicyPort.tcp(8080))' }, name: 'NetworkPolicyPorts' } },
    });
  }

  /** Rejects a peer that admits too much (control NETPOL-NARROW-PEERS) unless the workload has an exception to it. */
  private checkPeerBreadth(prop: string, description: string, spec: kplus.k8s.NetworkPolicySpec | Record<string, unknown>): void {
    const problem = broadPeerProblems(spec)[0];
    if (problem) {
      this.exceptions.require(RuleId.NETPOL_NARROW_PEERS, prop, description, problem.message.replace(/^\w+ rule 0, peer 0: /, ''));
    }
  }

  private asPeer(): kplus.k8s.NetworkPolicyPeer {
    return SecurePeer.secureWorkload(this.workload as unknown as kplus.IPodSelector & { namespace: string })._resolve(this.workload, 'peer').peer;
  }

  /** The container ports as NetworkPolicy ports, sorted and without duplicates. */
  private ownPorts(): kplus.k8s.NetworkPolicyPort[] | undefined {
    const ports = new Map<string, kplus.k8s.NetworkPolicyPort>();
    for (const port of this.workload.containers.flatMap((container) => container.ports)) {
      const protocol = port.protocol ?? kplus.Protocol.TCP;
      ports.set(`${protocol}/${String(port.number).padStart(5, '0')}`, { port: kplus.k8s.IntOrString.fromNumber(port.number), protocol });
    }
    return ports.size === 0 ? undefined : [...ports.keys()].sort().map((key) => ports.get(key)!);
  }
}

/**
 * Whether every env var of the pod that Polaris `sensitiveContainerEnvVar` flags is a `*_FILE` variable naming a file
 * of a Secret mounted into the same container (and there is at least one).
 */
function onlySecretFileEnvVars(spec: any): boolean {
  const flagged = polarisFlaggedEnvVars(spec);
  return flagged.length > 0 && flagged.every((variable) => variable.secretFile);
}

/** `list` when it is an array (or unset: empty); the library's error for anything else from plain JavaScript. */
export function checkedList<T>(scope: IConstruct, prop: string, list: readonly T[] | undefined): readonly T[] {
  if (list !== undefined && !Array.isArray(list)) {
    throw invalidProp(scope, prop, list, 'is not a list', `pass an array, e.g. ${prop}: [{ path: '/var/cache/app' ... }]`);
  }
  return list ?? [];
}

const SERVICE_ACCOUNT_TOKEN_SECRET_TYPE = 'kubernetes.io/service-account-token';

/** Whether `secret` is a Secret of the app holding a ServiceAccount token (an imported Secret's type is unknown: the audit judges it). */
function isServiceAccountTokenSecret(secret: kplus.ISecret): boolean {
  if (secret instanceof kplus.ServiceAccountTokenSecret) {
    return true;
  }
  if (!(secret instanceof kplus.Secret)) {
    return false;
  }
  try {
    return ApiObject.of(secret).toJson()?.type === SERVICE_ACCOUNT_TOKEN_SECRET_TYPE;
  } catch {
    return false;
  }
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
