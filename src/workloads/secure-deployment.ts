import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { SECURE_DEPLOYMENT_PROP_TYPES } from './prop-schema';
import { SecurePeer } from './secure-peer';
import { AllowConnectionOptions, MountSecretOptions, SecureWorkloadOptions } from './secure-workload-options';
import { hardenedPodProps, WorkloadHardening, WorkloadKind } from './workload-hardening';
import { invalidProp } from '../internal/errors';
import { recordMadeObject } from '../internal/made-objects';
import { checkArgument, checkPropTypes, propsReadOnce } from '../internal/prop-types';
import { AUTOSCALED_DECISION, LibraryDecision, NO_PDB_DECISION } from '../profile/library-decisions';
import { RuleId } from '../profile/rule-id';
import {
  DEFAULT_CPU_UTILIZATION, DEFAULT_REPLICAS, MIN_AVAILABLE_REPLICAS,
  ROLLING_MAX_SURGE_PERCENT, ROLLING_MAX_UNAVAILABLE,
} from '../profile/workload-availability';
import { DEFAULT_PORT_NAME, isPortNumber, portNameProblem } from '../profile/workload-ports';


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

/**
 * Props of a {@link SecureDeployment}: the cdk8s-plus `DeploymentProps` (checked, never silently
 * overridden) plus the main container and the hardening options.
 */
export interface SecureDeploymentProps extends kplus.DeploymentProps, SecureWorkloadOptions {
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
   * Scale on CPU use with a HorizontalPodAutoscaler instead of fixed `replicas`.
   *
   * @default - fixed `replicas`
   */
  readonly autoscaling?: SecureAutoscalingOptions;
}

const DEPLOYMENT_KIND: WorkloadKind = Object.freeze<WorkloadKind>({
  constructName: 'SecureDeployment',
  noun: 'deployment',
  serving: true,
  spread: true,
  templateOf: (rendered) => rendered?.spec?.template,
  templatePath: 'spec.template',
  specToJson: kplus.k8s.toJson_DeploymentSpec,
  hasSelector: true,
  namesakes: ['PodDisruptionBudget'],
  selectorUsers: 'Service, NetworkPolicy and PodDisruptionBudget',
});

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

  private readonly hardening: WorkloadHardening;

  constructor(scope: Construct, id: string, props: SecureDeploymentProps) {
    // Read once: what the checks judge is what the workload is built from.
    props = propsReadOnce(props, SECURE_DEPLOYMENT_PROP_TYPES);
    checkPropTypes(scope, id, 'SecureDeployment', props, SECURE_DEPLOYMENT_PROP_TYPES, {
      required: { image: "'ghcr.io/acme/api:1.4.2'" }, example: "{ image: 'ghcr.io/acme/api:1.4.2', port: 8080 }",
    });
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
      ...hardenedPodProps(props),
    });
    this.hardening = new WorkloadHardening(this, props, DEPLOYMENT_KIND);
    this.namespace = this.hardening.namespace;
    this.checkProps(props);
    this.hardening.checkPodProps(props);
    this.container = this.hardening.addMainContainer(id, props);
    const childMetadata = this.hardening.childMetadata();

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

    this.hardening.createNetworkPolicy(props);
    this.networkPolicy = this.hardening.policy;

    const minReplicas = props.autoscaling ? props.autoscaling.minReplicas ?? MIN_AVAILABLE_REPLICAS : props.replicas ?? DEFAULT_REPLICAS;
    const decisions: LibraryDecision[] = [];
    if (minReplicas >= MIN_AVAILABLE_REPLICAS) {
      this.podDisruptionBudget = this.hardening.addDisruptionBudget();
    } else {
      decisions.push(NO_PDB_DECISION);
    }
    if (props.autoscaling) {
      this.autoscaler = new kplus.HorizontalPodAutoscaler(this, 'Autoscaler', {
        metadata: childMetadata,
        target: this,
        minReplicas,
        maxReplicas: props.autoscaling.maxReplicas,
        metrics: [kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(props.autoscaling.cpuUtilization ?? DEFAULT_CPU_UTILIZATION))],
      });
      decisions.push(AUTOSCALED_DECISION);
      this.hardening.writeRelatedScannerExemptions(ApiObject.of(this.autoscaler), 'HorizontalPodAutoscaler');
    }
    this.hardening.finish(undefined, decisions);
  }

  /**
   * Allows traffic from `peer` to this deployment's pods: an ingress rule on this deployment's
   * NetworkPolicy and, when the peer is another secure workload, the matching egress rule on its policy.
   *
   * @param peer who may connect
   * @param options ports (default: this deployment's container ports)
   */
  public allowFrom(peer: SecurePeer, options: AllowConnectionOptions = {}): void {
    this.hardening.allowFrom(peer, options);
  }

  /**
   * Allows traffic from this deployment's pods to `peer`: an egress rule on this deployment's
   * NetworkPolicy and, when the peer is another secure workload, the matching ingress rule on its policy.
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

  /**
   * Adds a container that gets the hardened security context, resources, a writable `/tmp` and the
   * image pull policy of its image reference; weakened settings need an exception.
   */
  public addContainer(cont: kplus.ContainerProps): kplus.Container {
    return super.addContainer(this.hardening.containerProps(cont));
  }

  /**
   * Attaches a container and checks it against the hardening profile; missing hardened fields are
   * filled in when the manifest is synthesized.
   */
  public attachContainer(cont: kplus.Container): void {
    this.hardening.beforeAttach(cont);
    super.attachContainer(cont);
    this.hardening.afterAttach(cont);
  }

  /**
   * Adds an init container (or a sidecar, with `restartPolicy: Always`) hardened like every other container.
   */
  public addInitContainer(cont: kplus.ContainerProps): kplus.Container {
    const container = super.addInitContainer(this.hardening.initContainerProps(cont));
    this.hardening.initContainerAdded(container);
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
    // Read once: options whose getters answer differently on a later read cannot pass the check with one type and make another.
    const type = options.serviceType ?? kplus.ServiceType.CLUSTER_IP;
    const given: kplus.DeploymentExposeViaServiceOptions = {
      name: options.name, serviceType: type, ports: options.ports?.map((port) => ({ ...port })),
    };
    const exceptions = this.hardening.exceptions;
    const exposed = type === kplus.ServiceType.NODE_PORT || type === kplus.ServiceType.LOAD_BALANCER;
    if (exposed) {
      exceptions.assertAllowed(RuleId.SVC_TYPE, 'exposeViaService(options.serviceType)', type,
        'the Service would be reachable from outside the cluster, past the Ingress and its TLS; expose HTTP with SecureIngress');
    }
    if (this.service && given.name === undefined) {
      throw invalidProp(this, 'exposeViaService(options.name)', undefined, 'the deployment already has its ClusterIP Service (port is given)',
        'use the deployment\'s service, or give the second Service a name');
    }
    const service = super.exposeViaService(given);
    if (exposed) {
      exceptions.markUsed(RuleId.SVC_TYPE);
      exceptions.annotate(ApiObject.of(service), [RuleId.SVC_TYPE]);
    }
    recordMadeObject(ApiObject.of(service));
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
    return this.hardening.subjectConfiguration(super.toSubjectConfiguration());
  }

  /** @internal */
  public _toKube(): kplus.k8s.DeploymentSpec {
    const spec = super._toKube();
    return this.hardening.checkedSpec({ ...spec, template: this.hardening.hardenTemplate(spec.template) });
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
    const exceptions = this.hardening.exceptions;
    if (props.replicas !== undefined) {
      if (!Number.isInteger(props.replicas) || props.replicas < 0) {
        throw invalidProp(this, 'replicas', props.replicas, 'replicas is a whole number, 0 or more', `use ${DEFAULT_REPLICAS} or more`);
      }
      if (props.autoscaling) {
        throw invalidProp(this, 'replicas', props.replicas, 'the HorizontalPodAutoscaler sets the replicas when autoscaling is given',
          'leave replicas unset and give autoscaling.minReplicas');
      }
      if (props.replicas < MIN_AVAILABLE_REPLICAS) {
        exceptions.require(RuleId.AVAIL_REPLICAS, 'replicas', props.replicas,
          `fewer than ${MIN_AVAILABLE_REPLICAS} replicas make every node drain or crash an outage`);
      }
    }
    if (props.autoscaling) {
      this.checkAutoscaling(props.autoscaling);
    }
    this.checkStrategy();
  }

  private checkAutoscaling(autoscaling: SecureAutoscalingOptions): void {
    const min = autoscaling.minReplicas ?? MIN_AVAILABLE_REPLICAS;
    if (!Number.isInteger(min) || min < 1) {
      throw invalidProp(this, 'autoscaling.minReplicas', min, 'the autoscaler keeps at least 1 replica', `use ${MIN_AVAILABLE_REPLICAS} or more`);
    }
    if (!Number.isInteger(autoscaling.maxReplicas) || autoscaling.maxReplicas < min) {
      throw invalidProp(this, 'autoscaling.maxReplicas', autoscaling.maxReplicas, `must be a whole number >= minReplicas (${min})`,
        `use ${Math.max(min, MIN_AVAILABLE_REPLICAS) * 2} or another number > ${min}`);
    }
    if (autoscaling.maxReplicas === min) {
      // Polaris hpaMaxAvailability: an autoscaler that cannot scale is a fixed replica count in disguise.
      throw invalidProp(this, 'autoscaling.maxReplicas', autoscaling.maxReplicas, `equals minReplicas (${min}), so the autoscaler could never scale`,
        `use a maxReplicas above ${min} (e.g. ${min * 2}), or leave autoscaling unset and give replicas: ${min}`);
    }
    const cpu = autoscaling.cpuUtilization;
    if (cpu !== undefined && (!Number.isInteger(cpu) || cpu < 1)) {
      throw invalidProp(this, 'autoscaling.cpuUtilization', cpu, 'the target is a whole percentage of the CPU request, 1 or more',
        `use e.g. ${DEFAULT_CPU_UTILIZATION}`);
    }
    if (min < MIN_AVAILABLE_REPLICAS) {
      this.hardening.exceptions.require(RuleId.AVAIL_REPLICAS, 'autoscaling.minReplicas', min,
        `fewer than ${MIN_AVAILABLE_REPLICAS} replicas make every node drain or crash an outage`);
    }
  }

  private checkStrategy(): void {
    const strategy = this.strategy._toKube();
    const maxUnavailable = strategy.rollingUpdate?.maxUnavailable?.value;
    if (strategy.type !== 'RollingUpdate' || (maxUnavailable !== 0 && maxUnavailable !== '0%')) {
      this.hardening.exceptions.require(RuleId.WL_ROLLING, 'strategy', strategy.type === 'RollingUpdate' ? `maxUnavailable ${maxUnavailable}` : strategy.type,
        'a rollout would take serving pods away before their replacements are ready');
    }
  }
}
