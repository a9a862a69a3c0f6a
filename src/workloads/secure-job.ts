import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { checkJobProps, jobLimits } from './job-checks';
import { SECURE_JOB_PROP_TYPES } from './prop-schema';
import { SecurePeer } from './secure-peer';
import { AllowConnectionOptions, MountSecretOptions, SecureWorkloadOptions } from './secure-workload-options';
import { hardenedPodProps, WorkloadHardening, WorkloadKind } from './workload-hardening';
import { checkPropTypes, propsReadOnce } from '../internal/prop-types';
import { DEFAULT_TTL_AFTER_FINISHED_SECONDS } from '../profile/workload-job';

/**
 * Props of a {@link SecureJob}: the cdk8s-plus `JobProps` (checked, never silently overridden) plus the main
 * container and the hardening options every secure workload takes.
 *
 * Defaults (each in docs/workloads.md with its reason): `backoffLimit` 3, `activeDeadline` 1 hour,
 * `ttlAfterFinished` 1 day, `restartPolicy` Never; no Service and no default probes.
 */
export interface SecureJobProps extends kplus.JobProps, SecureWorkloadOptions {}

/** The differences of a Job for the hardening core. */
const JOB_KIND: WorkloadKind = Object.freeze<WorkloadKind>({
  constructName: 'SecureJob',
  noun: 'job',
  serving: false,
  spread: false,
  templateOf: (rendered) => rendered?.spec?.template,
  templatePath: 'spec.template',
  specToJson: kplus.k8s.toJson_JobSpec,
  hasSelector: false,
  namesakes: [],
  selectorUsers: 'NetworkPolicy',
});

/**
 * A Job (a run to completion: a migration, a one-off task) hardened by default like SecureDeployment, auditing
 * clean under Pod Security Standards restricted and the library's hardened pack.
 *
 * Extends cdk8s-plus `Job`, so its API keeps working. Every container, including those added later, runs as a
 * numeric non-root UID with a read-only root file system, no capabilities, no privilege escalation, seccomp and
 * AppArmor `runtime/default`, and cpu, memory and ephemeral-storage requests and limits. The job gets its own
 * ServiceAccount (no token) and a NetworkPolicy that denies all traffic but DNS and the peers allowed with
 * `allowTo()`/`allowFrom()`. Its runs are bounded: 3 retries, a 1-hour deadline, cleanup a day after it finished.
 * It gets no Service and no default probes (it serves nothing).
 *
 * @example
 * const migrate = new SecureJob(chart, 'migrate', { image: 'ghcr.io/acme/migrate:1.4.2' });
 * migrate.allowTo(SecurePeer.deployment(db), { ports: [NetworkPolicyPort.tcp(5432)] });
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/job/
 */
export class SecureJob extends kplus.Job {
  /** The namespace of the job and of every object it emits. */
  public readonly namespace: string;

  /** The main container. */
  public readonly container: kplus.Container;

  /** The NetworkPolicy that selects the pods: deny all, except DNS and the peers allowed. */
  public readonly networkPolicy: kplus.NetworkPolicy;

  private readonly hardening: WorkloadHardening;

  constructor(scope: Construct, id: string, props: SecureJobProps) {
    // Read once: what the checks judge is what the workload is built from.
    props = propsReadOnce(props, SECURE_JOB_PROP_TYPES);
    checkPropTypes(scope, id, 'SecureJob', props, SECURE_JOB_PROP_TYPES, {
      required: { image: "'ghcr.io/acme/migrate:1.4.2'" }, example: "{ image: 'ghcr.io/acme/migrate:1.4.2' }",
    });
    super(scope, id, {
      ...props,
      // Containers are added below, once this construct can check them.
      containers: undefined,
      initContainers: undefined,
      select: props.select ?? true,
      ...jobLimits(props),
      ttlAfterFinished: props.ttlAfterFinished ?? Duration.seconds(DEFAULT_TTL_AFTER_FINISHED_SECONDS),
      ...hardenedPodProps(props),
    });
    this.hardening = new WorkloadHardening(this, props, JOB_KIND);
    this.namespace = this.hardening.namespace;
    checkJobProps(this, props, JOB_KIND);
    this.hardening.checkPodProps(props);
    this.container = this.hardening.addMainContainer(id, props);
    this.hardening.createNetworkPolicy(props);
    this.networkPolicy = this.hardening.policy;
    this.hardening.finish();
  }

  /**
   * Allows traffic from `peer` to this job's pods (they need a container port, or pass `options.ports`).
   *
   * @param peer who may connect
   * @param options ports (default: this job's container ports)
   */
  public allowFrom(peer: SecurePeer, options: AllowConnectionOptions = {}): void {
    this.hardening.allowFrom(peer, options);
  }

  /**
   * Allows traffic from this job's pods to `peer`: an egress rule on this job's NetworkPolicy and, when the peer is
   * another secure workload, the matching ingress rule on its policy.
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

  /** Adds an init container hardened like every other container. */
  public addInitContainer(cont: kplus.ContainerProps): kplus.Container {
    const container = super.addInitContainer(this.hardening.initContainerProps(cont));
    this.hardening.initContainerAdded(container);
    return container;
  }

  /** The job's ServiceAccount as a RoleBinding subject, with its namespace. */
  public toSubjectConfiguration(): kplus.SubjectConfiguration {
    return this.hardening.subjectConfiguration(super.toSubjectConfiguration());
  }

  /** @internal */
  public _toKube(): kplus.k8s.JobSpec {
    const spec = super._toKube();
    return this.hardening.checkedSpec({ ...spec, template: this.hardening.hardenTemplate(spec.template) });
  }
}
