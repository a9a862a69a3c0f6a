import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { checkConcurrencyPolicy, checkCronJobProps, checkJobProps, jobLimits } from './job-checks';
import { SECURE_CRON_JOB_PROP_TYPES } from './prop-schema';
import { SecurePeer } from './secure-peer';
import { AllowConnectionOptions, MountSecretOptions, SecureWorkloadOptions } from './secure-workload-options';
import { hardenedPodProps, WorkloadHardening, WorkloadKind } from './workload-hardening';
import { checkPropTypes, propsReadOnce } from '../internal/prop-types';
import { DEFAULT_CRON_TIME_ZONE, DEFAULT_STARTING_DEADLINE_SECONDS } from '../profile/workload-job';

/**
 * Props of a {@link SecureCronJob}: the cdk8s-plus `CronJobProps` (checked, never silently overridden) plus the main
 * container and the hardening options every secure workload takes.
 *
 * Defaults (each in docs/workloads.md with its reason): those of SecureJob for each run
 * (`backoffLimit` 3, `activeDeadline` 1 hour, `restartPolicy` Never), `concurrencyPolicy` Forbid,
 * `startingDeadline` 5 minutes, history 3 succeeded / 1 failed Jobs, `timeZone` Etc/UTC.
 */
export interface SecureCronJobProps extends kplus.CronJobProps, SecureWorkloadOptions {}

/** The differences of a CronJob for the hardening core. */
const CRON_JOB_KIND: WorkloadKind = Object.freeze<WorkloadKind>({
  constructName: 'SecureCronJob',
  noun: 'cron job',
  serving: false,
  spread: false,
  templateOf: (rendered) => rendered?.spec?.jobTemplate?.spec?.template,
  templatePath: 'spec.jobTemplate.spec.template',
  specToJson: kplus.k8s.toJson_CronJobSpec,
  hasSelector: false,
  namesakes: [],
  selectorUsers: 'NetworkPolicy',
});

/**
 * A CronJob (a scheduled run: a nightly backup, a report) hardened by default like SecureJob, auditing clean under
 * Pod Security Standards restricted and the library's hardened pack.
 *
 * Extends cdk8s-plus `CronJob`, so its API keeps working. Each run's pods get every pod and container control of
 * SecureDeployment, an own ServiceAccount (no token) and a NetworkPolicy that denies all but DNS and the peers
 * allowed. Runs never overlap (`concurrencyPolicy: Forbid`), a missed run starts within 5 minutes or is skipped, at
 * most 3 succeeded and 1 failed Jobs are kept, and the schedule is read in an explicit time zone (Etc/UTC unless
 * given). The schedule is validated at synth time.
 *
 * @example
 * new SecureCronJob(chart, 'backup', { image: 'ghcr.io/acme/backup:2.1.0', schedule: Cron.schedule({ minute: '0', hour: '2' }) });
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/
 */
export class SecureCronJob extends kplus.CronJob {
  /** The namespace of the cron job and of every object it emits. */
  public readonly namespace: string;

  /** The main container. */
  public readonly container: kplus.Container;

  /** The NetworkPolicy that selects the pods: deny all, except DNS and the peers allowed. */
  public readonly networkPolicy: kplus.NetworkPolicy;

  private readonly hardening: WorkloadHardening;

  constructor(scope: Construct, id: string, props: SecureCronJobProps) {
    // Read once: what the checks judge is what the workload is built from.
    props = propsReadOnce(props, SECURE_CRON_JOB_PROP_TYPES);
    checkPropTypes(scope, id, 'SecureCronJob', props, SECURE_CRON_JOB_PROP_TYPES, {
      required: { image: "'ghcr.io/acme/backup:2.1.0'", schedule: "Cron.schedule({ minute: '0', hour: '2' })" },
      example: "{ image: 'ghcr.io/acme/backup:2.1.0', schedule: Cron.daily() }",
    });
    checkCronJobProps(scope, id, props);
    super(scope, id, {
      ...props,
      // Containers are added below, once this construct can check them.
      containers: undefined,
      initContainers: undefined,
      select: props.select ?? true,
      ...jobLimits(props),
      timeZone: props.timeZone ?? DEFAULT_CRON_TIME_ZONE,
      startingDeadline: props.startingDeadline ?? Duration.seconds(DEFAULT_STARTING_DEADLINE_SECONDS),
      concurrencyPolicy: props.concurrencyPolicy ?? kplus.ConcurrencyPolicy.FORBID,
      ...hardenedPodProps(props),
    });
    this.hardening = new WorkloadHardening(this, props, CRON_JOB_KIND);
    this.namespace = this.hardening.namespace;
    checkJobProps(this, props, CRON_JOB_KIND);
    checkConcurrencyPolicy(this.hardening.exceptions, 'concurrencyPolicy', this.concurrencyPolicy);
    this.hardening.checkPodProps(props);
    this.container = this.hardening.addMainContainer(id, props);
    this.hardening.createNetworkPolicy(props);
    this.networkPolicy = this.hardening.policy;
    // The policy as emitted: a JSON patch may change it after construction.
    this.hardening.finish((rendered) => {
      try {
        checkConcurrencyPolicy(this.hardening.exceptions, 'spec.concurrencyPolicy', rendered?.spec?.concurrencyPolicy);
        return [];
      } catch (error) {
        return [(error as Error).message];
      }
    });
  }

  /**
   * Allows traffic from `peer` to this cron job's pods (they need a container port, or pass `options.ports`).
   *
   * @param peer who may connect
   * @param options ports (default: this cron job's container ports)
   */
  public allowFrom(peer: SecurePeer, options: AllowConnectionOptions = {}): void {
    this.hardening.allowFrom(peer, options);
  }

  /**
   * Allows traffic from this cron job's pods to `peer`: an egress rule on this cron job's NetworkPolicy and, when the peer is
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

  /** The cron job's ServiceAccount as a RoleBinding subject, with its namespace. */
  public toSubjectConfiguration(): kplus.SubjectConfiguration {
    return this.hardening.subjectConfiguration(super.toSubjectConfiguration());
  }

  /** @internal */
  public _toKube(): kplus.k8s.CronJobSpec {
    const spec = super._toKube();
    const jobSpec = spec.jobTemplate.spec!;
    return this.hardening.checkedSpec({
      ...spec, jobTemplate: { ...spec.jobTemplate, spec: { ...jobSpec, template: this.hardening.hardenTemplate(jobSpec.template) } },
    });
  }
}
