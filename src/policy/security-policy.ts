import { Construct, IConstruct } from 'constructs';
import { ClusterDns } from './cluster-dns';
import { clusterDnsProblem } from './cluster-dns-check';
import { invalidProp, requireConstruct } from '../internal/errors';
import { APPARMOR_FIELD_MINOR, kubernetesMinor, kubernetesVersionProblem, nodeAppArmorProblem, podSecurityVersionOf } from '../profile/cluster-version';
import { ComplianceFramework } from '../profile/compliance-framework';
import { ALL_FRAMEWORKS, EMPTY_FRAMEWORKS_PROBLEM, emptyFrameworksFix, FRAMEWORK_FIX, frameworkProblem } from '../profile/compliance-framework-names';
import { ExceptionPolicy } from '../profile/exception-policy';
import { checkExceptionPolicy, isExceptionPolicyProblem, NamedExceptionPolicy } from '../profile/exception-policy-check';
import { dnsLabelProblem, dnsSubdomainProblem } from '../profile/ingress-host';
import { DEFAULT_POD_SECURITY_VERSION, isPinnedPodSecurityVersion, podSecurityVersionProblem } from '../profile/namespace-pod-security';
import { NodeAppArmor } from '../profile/node-apparmor';
import { registryPrefixProblem } from '../profile/workload-image';
import { labelKeyProblem, labelValueProblem } from '../profile/workload-labels';
import { DEFAULT_WORKLOAD_RESOURCES, isResourceProblem, workloadResourceDefaults } from '../profile/workload-resource-defaults';
import { WorkloadResources } from '../profile/workload-resources';

/**
 * What a platform team sets once for an app or a chart. Every field is optional; an unset field leaves the
 * library's default in place.
 */
export interface SecurityPolicyProps {
  /**
   * Registries, or registry path prefixes, images may come from, e.g. `registry.example.com` or
   * `ghcr.io/acme`. An image without a registry host is on Docker Hub (`nginx` is
   * `docker.io/library/nginx`, and so is `docker.io/nginx`), so allow `docker.io/library` for official images;
   * entries match by whole path segments (`ghcr.io/acme` never allows `ghcr.io/acme-evil`). `SecureDeployment`
   * rejects other images unless an IMG-REGISTRY exception is given, and `Audit.of()` judges IMG-REGISTRY
   * with this list when its options give none.
   *
   * @see https://kubernetes.io/docs/concepts/containers/images/#image-names
   * @default - images may come from any registry
   */
  readonly allowedRegistries?: string[];

  /**
   * Whether `SecureDeployment` rejects images that are not pinned by a `@sha256:` digest, when its own
   * `requireDigest` prop is not given.
   *
   * @default - the construct's default (false)
   */
  readonly requireDigest?: boolean;

  /**
   * The Pod Security Admission version (`v1.<minor>`) a `SecureNamespace` pins its labels to, when its own
   * `podSecurityVersion` prop is not given. `latest` is not accepted here: an unpinned version needs an
   * NS-PSA exception on each namespace.
   *
   * @see https://kubernetes.io/docs/tasks/configure-pod-container/enforce-standards-namespace-labels/
   * @default - `v<kubernetesVersion>` when `kubernetesVersion` is given, else the construct's default ('v1.28')
   */
  readonly podSecurityVersion?: string;

  /**
   * The Kubernetes minor version of the oldest target cluster, `1.<minor>` (1.28 or newer). It sets the Pod
   * Security Admission version a `SecureNamespace` pins (`v1.<minor>`) when neither the namespace's nor this
   * policy's `podSecurityVersion` is given, and from 1.30 on the secure workloads also set the pod's
   * `securityContext.appArmorProfile: { type: RuntimeDefault }` (the AppArmor field, GA in 1.30) beside the
   * per-container AppArmor annotations, which older API servers and the audit read.
   *
   * @see https://kubernetes.io/docs/tutorials/security/apparmor/
   * @default - 1.28: Pod Security version 'v1.28' and AppArmor by annotation only
   */
  readonly kubernetesVersion?: string;

  /**
   * Whether the nodes provide AppArmor. `NodeAppArmor.UNAVAILABLE` (clusters on SELinux-based distributions, whose
   * nodes reject pods that request an AppArmor profile) makes the secure workloads request none: no AppArmor
   * annotation and no `appArmorProfile` field. The choice is recorded on every workload, and `Audit.of()` reports
   * its POD-APPARMOR findings as suppressed by the platform policy, with this setting as the reason.
   *
   * @default NodeAppArmor.AVAILABLE
   */
  readonly nodeAppArmor?: NodeAppArmor;

  /**
   * The IngressClass a `SecureIngress` uses when its own `className` prop is not given; it takes
   * precedence over the controller profile's class.
   *
   * @see https://kubernetes.io/docs/concepts/services-networking/ingress/#ingress-class
   * @default - the controller profile's class (`nginx` for ingress-nginx)
   */
  readonly ingressClassName?: string;

  /**
   * PriorityClasses the platform provides in the cluster. `Audit.of()` uses them when its options give
   * no `platformPriorityClasses`.
   *
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/#priorityclass
   * @default - none besides the two system PriorityClasses
   */
  readonly platformPriorityClasses?: string[];

  /**
   * Label keys every workload must carry with a non-empty value, e.g. `team` or
   * `example.com/cost-center`. A `SecureDeployment` whose Deployment lacks one (from its
   * `metadata.labels`, `metadata.addLabel()` or the Chart's `labels`) fails synthesis, and `Audit.of()`
   * reports it under META-LABELS when its options give no `requiredLabels`.
   *
   * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set
   * @default - only the Kubernetes recommended labels, which the library sets itself
   */
  readonly requiredLabels?: string[];

  /**
   * Requests and limits of every `SecureDeployment` container that does not set its own: each field given
   * here replaces the library's default (a `SecureDeployment`'s `resources` prop still wins per field).
   * The requests and limits set here also become the LimitRange defaults of a `SecureNamespace` (for containers that
   * no `SecureDeployment` made), unless its `containerLimits` sets them.
   *
   * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
   * @default - the library's defaults (cpu 100m/500m, memory 128Mi/256Mi, ephemeral-storage 64Mi/512Mi)
   */
  readonly defaultResources?: WorkloadResources;

  /**
   * The frameworks the organisation reports against (its compliance profile): the Markdown and SARIF
   * reports of `Audit.of()` / `Audit.gate()` list the related controls of these frameworks only, when the
   * audit options give no `frameworks`. The findings do not depend on it.
   *
   * @default - every framework of the compliance mapping
   */
  readonly complianceFrameworks?: ComplianceFramework[];

  /**
   * Which controls app teams may relax with typed exceptions (`SecurityException`) and `Audit.suppress()`, which
   * nobody may, and whether each exception needs an approval reference and an expiry date. Constructs and
   * `Audit.suppress()` below the scope reject an exception the policy does not allow, naming the policy;
   * `Audit.of()` reports an expired exception's finding as active.
   *
   * @default - app teams may except every rule, with a reason and without approval or expiry
   */
  readonly exceptionPolicy?: ExceptionPolicy;

  /**
   * Whether the secure workloads write the scanners' own exemption annotations (Polaris
   * `polaris.fairwinds.com/<check>-exempt`, kube-score `kube-score/ignore`, kube-linter
   * `ignore-check.kube-linter.io/<check>`, checkov `checkov.io/skip<n>`) for their typed exceptions and the
   * library's documented decisions, with the reason. `false` writes none, so every scanner reports them.
   *
   * @default true
   */
  readonly scannerExemptions?: boolean;

  /**
   * The PriorityClass of every secure workload that gives none (Polaris `priorityClassNotSet`). It must be a
   * system class, one of `platformPriorityClasses`, or a PriorityClass the app emits.
   *
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/
   * @default - none: workloads without `priorityClassName` get the cluster's default priority
   */
  readonly defaultPriorityClassName?: string;

  /**
   * The cluster DNS (kube-dns pods, NodeLocal DNSCache, custom DNS pods, or none) that every `SecureNamespace`
   * (its `allow-cluster-dns` NetworkPolicy) and every secure workload (the DNS egress rule of its NetworkPolicy)
   * allows, when the construct's own prop (`dns` of a SecureNamespace, `clusterDns` of a workload) is not
   * given. A construct's own prop wins over the policy.
   *
   * @see https://kubernetes.io/docs/tasks/administer-cluster/nodelocaldns/
   * @default - the constructs' default, ClusterDns.kubeDns()
   */
  readonly clusterDns?: ClusterDns;

  /**
   * The namespace the ingress controller's pods run in: the NetworkPolicy of every `SecureIngress` admits the
   * controller from it. It replaces the default of a built-in controller profile (`ingress-nginx`, `traefik`),
   * including the one a SecureIngress without `controller` uses; a namespace given to the profile
   * (`IngressControllerProfile.nginx({ namespace })`, a generic or custom profile) wins over the policy.
   *
   * @default - the controller profile's namespace (`ingress-nginx` for ingress-nginx)
   */
  readonly ingressControllerNamespace?: string;

  /**
   * Labels that select the ingress controller's proxy pods, for the NetworkPolicy of every `SecureIngress`. Like
   * `ingressControllerNamespace`, it replaces a built-in profile's default labels only; labels given to the profile
   * (`podLabels` option, a generic or custom profile) win over the policy. Must not be empty.
   *
   * @default - the controller profile's labels (ingress-nginx: `app.kubernetes.io/name: ingress-nginx`,
   * `app.kubernetes.io/component: controller`)
   */
  readonly ingressControllerPodLabels?: { [key: string]: string };
}

/*
 * Policies by the scope they were applied to. The construct tree cannot remove or replace an entry: removing the
 * policy's child construct (node.tryRemoveChild) or adding a look-alike child changes nothing here.
 */
const POLICIES = new WeakMap<IConstruct, SecurityPolicy>();
const INSTANCES = new WeakSet<object>();

/**
 * The organisation's security policy for every construct below a scope (an App, a Chart or any construct):
 * allowed registries, digest pinning, the Pod Security Admission version, the IngressClass, the
 * PriorityClasses the platform provides, required labels, default resources, the cluster DNS and where the
 * ingress controller's pods run. The constructs read it when they are created, so apply it before adding them;
 * props given to a construct win over the policy, and the policy wins over the library's defaults. The nearest
 * policy up the tree applies and policies are not merged, except exception policies:
 * an exception must be allowed by every policy up the tree.
 *
 * @example
 * const app = new App();
 * SecurityPolicy.apply(app, { allowedRegistries: ['ghcr.io/acme'], requireDigest: true });
 */
export class SecurityPolicy extends Construct {
  /** The id of the policy's construct under the scope it is applied to. */
  public static readonly ID = 'SecurityPolicy';

  /**
   * Applies `props` to `scope` and everything below it. A scope holds at most one policy, and it must be
   * applied before constructs are added under the scope (they read it when they are created).
   *
   * @param scope the App, Chart or construct the policy covers
   * @param props the policy
   */
  public static apply(scope: IConstruct, props: SecurityPolicyProps): SecurityPolicy {
    requireConstruct(scope, 'SecurityPolicy.apply(scope)');
    if (POLICIES.has(scope) || scope.node.tryFindChild(SecurityPolicy.ID) !== undefined) {
      throw invalidProp(scope, 'SecurityPolicy', props, 'a security policy is already applied to this scope',
        'apply one policy per scope with every field set; a policy on a child scope replaces it there');
    }
    if (scope.node.children.length > 0) {
      throw invalidProp(scope, 'SecurityPolicy', props,
        `the scope already holds ${scope.node.children.map((child) => `"${child.node.id}"`).join(', ')}, created without the policy`,
        'apply the policy right after creating the scope, before adding constructs to it');
    }
    return new SecurityPolicy(scope, props);
  }

  /**
   * The policy that applies to `scope`: the one applied to `scope` itself or to its nearest parent.
   *
   * @returns the policy, or undefined when none is applied
   */
  public static of(scope: IConstruct): SecurityPolicy | undefined {
    return SecurityPolicy._allOf(scope)[0];
  }

  /**
   * Every policy that applies to `scope`, nearest first. Exception policies are cumulative: an exception must be
   * allowed by each of them, so a policy applied to a child scope can make exceptions stricter, never looser.
   *
   * @internal
   */
  public static _allOf(scope: IConstruct): SecurityPolicy[] {
    return [...scope.node.scopes].reverse().map((candidate) => POLICIES.get(candidate)).filter((policy): policy is SecurityPolicy => !!policy);
  }

  /**
   * The exception policies of every policy that applies to `scope`, nearest first, with their names.
   *
   * @internal
   */
  public static _exceptionPoliciesOf(scope: IConstruct): NamedExceptionPolicy[] {
    return SecurityPolicy._allOf(scope).flatMap((policy) => policy.exceptions ? [{ policy: policy.exceptions, name: policy._description() }] : []);
  }

  /** Whether `x` is a SecurityPolicy. */
  public static isSecurityPolicy(x: unknown): x is SecurityPolicy {
    return x !== null && typeof x === 'object' && INSTANCES.has(x);
  }

  /** Whether images must be pinned by digest, when given. */
  public readonly requireDigest?: boolean;

  /** The Pod Security Admission version namespaces pin, when given. */
  public readonly podSecurityVersion?: string;

  /** The IngressClass ingresses use, when given. */
  public readonly ingressClassName?: string;

  /** Whether the secure workloads write the scanners' exemption annotations (default true). */
  public readonly scannerExemptions: boolean;

  /** The PriorityClass of workloads that give none, when given. */
  public readonly defaultPriorityClassName?: string;

  /** The cluster DNS namespaces and workloads allow, when given. */
  public readonly clusterDns?: ClusterDns;

  /** The namespace of the ingress controller's pods, when given. */
  public readonly ingressControllerNamespace?: string;

  private readonly controllerPodLabels?: { [key: string]: string };

  /** The Kubernetes minor version of the oldest target cluster, when given. */
  public readonly kubernetesVersion?: string;

  /** Whether the nodes provide AppArmor (default `NodeAppArmor.AVAILABLE`). */
  public readonly nodeAppArmor: NodeAppArmor;

  private readonly registries?: string[];
  private readonly priorityClasses?: string[];
  private readonly labels?: string[];
  private readonly resources?: WorkloadResources;
  private readonly resolvedResources?: Required<WorkloadResources>;
  private readonly frameworks?: ComplianceFramework[];
  private readonly exceptions?: ExceptionPolicy;

  private constructor(scope: IConstruct, props: SecurityPolicyProps) {
    // `apply()` checks this too; plain JavaScript can call the constructor (or a subclass's) directly.
    if (POLICIES.has(scope)) {
      throw invalidProp(scope, 'SecurityPolicy', props, 'a security policy is already applied to this scope and cannot be replaced',
        'apply one policy per scope with every field set; a policy on a child scope can only make exceptions stricter');
    }
    super(scope as Construct, SecurityPolicy.ID);
    if (props === null || typeof props !== 'object') {
      throw invalidProp(this, 'props', props, 'is not a policy object', 'pass { allowedRegistries?, exceptionPolicy?, ... }');
    }
    this.registries = this.validRegistries(props.allowedRegistries);
    this.priorityClasses = this.validPriorityClasses(props.platformPriorityClasses);
    if (props.requireDigest !== undefined && typeof props.requireDigest !== 'boolean') {
      throw invalidProp(this, 'requireDigest', props.requireDigest, 'is not a boolean', 'pass true or false');
    }
    this.requireDigest = props.requireDigest;
    this.podSecurityVersion = this.validPodSecurityVersion(props.podSecurityVersion);
    this.ingressClassName = this.validIngressClassName(props.ingressClassName);
    this.labels = this.validRequiredLabels(props.requiredLabels);
    this.resolvedResources = this.validDefaultResources(props.defaultResources);
    this.resources = props.defaultResources === undefined ? undefined : { ...props.defaultResources };
    this.frameworks = this.validFrameworks(props.complianceFrameworks);
    this.exceptions = this.validExceptionPolicy(props.exceptionPolicy);
    if (props.scannerExemptions !== undefined && typeof props.scannerExemptions !== 'boolean') {
      throw invalidProp(this, 'scannerExemptions', props.scannerExemptions, 'is not a boolean',
        'pass false to write no scanner exemption annotations, or leave it unset (true)');
    }
    this.scannerExemptions = props.scannerExemptions ?? true;
    this.defaultPriorityClassName = this.validName('defaultPriorityClassName', props.defaultPriorityClassName, dnsSubdomainProblem,
      'a PriorityClass name', "give the name of a PriorityClass, e.g. 'business-critical' (emit it with the app or list it in platformPriorityClasses)");
    this.clusterDns = this.validClusterDns(props.clusterDns);
    this.ingressControllerNamespace = this.validName('ingressControllerNamespace', props.ingressControllerNamespace, dnsLabelProblem,
      'a namespace name', "give the namespace the ingress controller runs in, e.g. 'ingress-nginx'");
    this.controllerPodLabels = this.validIngressControllerPodLabels(props.ingressControllerPodLabels);
    this.kubernetesVersion = this.validKubernetesVersion(props.kubernetesVersion);
    const appArmorProblem = props.nodeAppArmor === undefined ? undefined : nodeAppArmorProblem(props.nodeAppArmor);
    if (appArmorProblem) {
      throw invalidProp(this, 'nodeAppArmor', props.nodeAppArmor, appArmorProblem,
        'pass NodeAppArmor.UNAVAILABLE for nodes without AppArmor, or leave it unset (NodeAppArmor.AVAILABLE)');
    }
    this.nodeAppArmor = props.nodeAppArmor ?? NodeAppArmor.AVAILABLE;
    INSTANCES.add(this);
    POLICIES.set(scope, this);
  }

  /**
   * How errors and reports name this policy, e.g. `the SecurityPolicy of 'shop'` (or `of the app`).
   *
   * @internal
   */
  public _description(): string {
    const scope = this.node.scope?.node.path;
    return `the SecurityPolicy of ${scope ? `'${scope}'` : 'the app'}`;
  }

  /**
   * The Pod Security Admission version a namespace pins when its own prop gives none: `podSecurityVersion`, else
   * the version of `kubernetesVersion`, else undefined (the construct's default).
   *
   * @internal
   */
  public _defaultPodSecurityVersion(): string | undefined {
    return this.podSecurityVersion ?? (this.kubernetesVersion === undefined ? undefined : podSecurityVersionOf(this.kubernetesVersion));
  }

  /**
   * Whether the workloads set the pod's `securityContext.appArmorProfile` (Kubernetes 1.30+, nodes with AppArmor).
   *
   * @internal
   */
  public _appArmorProfileField(): boolean {
    return this.nodeAppArmor === NodeAppArmor.AVAILABLE && this.kubernetesVersion !== undefined
      && kubernetesMinor(this.kubernetesVersion) >= APPARMOR_FIELD_MINOR;
  }

  /** The exception policy, when given (a copy). */
  public get exceptionPolicy(): ExceptionPolicy | undefined {
    return this.exceptions ? copyExceptionPolicy(this.exceptions) : undefined;
  }

  /** Registries or registry path prefixes images may come from, when given (a copy). */
  public get allowedRegistries(): string[] | undefined {
    return this.registries ? [...this.registries] : undefined;
  }

  /** PriorityClasses the platform provides, when given (a copy). */
  public get platformPriorityClasses(): string[] | undefined {
    return this.priorityClasses ? [...this.priorityClasses] : undefined;
  }

  /** Label keys every workload must carry, when given (a copy). */
  public get requiredLabels(): string[] | undefined {
    return this.labels ? [...this.labels] : undefined;
  }

  /** The frameworks the reports list related controls of, when given (a copy, in report order). */
  public get complianceFrameworks(): ComplianceFramework[] | undefined {
    return this.frameworks ? [...this.frameworks] : undefined;
  }

  /** Labels of the ingress controller's pods, when given (a copy). */
  public get ingressControllerPodLabels(): { [key: string]: string } | undefined {
    return this.controllerPodLabels ? { ...this.controllerPodLabels } : undefined;
  }

  /** The default resources as given, when given (a copy). */
  public get defaultResources(): WorkloadResources | undefined {
    return this.resources ? { ...this.resources } : undefined;
  }

  /**
   * The defaults a container gets: every field resolved from `defaultResources` and the library's defaults.
   *
   * @internal
   */
  public _workloadResourceDefaults(): Required<WorkloadResources> | undefined {
    return this.resolvedResources;
  }

  /**
   * Checks a list field: a list (non-empty when `emptyProblem` is given) whose entries are strings without a
   * problem; returns it without duplicates, sorted or in `order` when given.
   */
  private validList<T extends string>(prop: string, list: T[] | undefined, check: {
    /** What the list holds, e.g. `label keys`. */
    readonly items: string;
    /** How an entry's problem starts, e.g. `the label key`. */
    readonly entry?: string;
    readonly entryProblem: (entry: string) => string | undefined;
    readonly fix: string;
    readonly emptyProblem?: string;
    readonly emptyFix?: string;
    readonly order?: readonly string[];
  }): T[] | undefined {
    if (list === undefined) {
      return undefined;
    }
    if (!Array.isArray(list)) {
      throw invalidProp(this, prop, list, `is not a list of ${check.items}`, check.fix);
    }
    if (list.length === 0 && check.emptyProblem) {
      throw invalidProp(this, prop, list, check.emptyProblem, check.emptyFix ?? check.fix);
    }
    list.forEach((entry, i) => {
      const problem = typeof entry === 'string' ? check.entryProblem(entry) : 'is not a string';
      if (problem) {
        throw invalidProp(this, `${prop}[${i}]`, entry, check.entry ? `${check.entry} ${problem}` : problem, check.fix);
      }
    });
    const unique = [...new Set(list)];
    return check.order ? check.order.filter((entry) => unique.includes(entry as T)) as T[] : unique.sort();
  }

  private validExceptionPolicy(policy: ExceptionPolicy | undefined): ExceptionPolicy | undefined {
    if (policy === undefined) {
      return undefined;
    }
    const checked = checkExceptionPolicy(policy);
    if (isExceptionPolicyProblem(checked)) {
      throw invalidProp(this, checked.field ? `exceptionPolicy.${checked.field}` : 'exceptionPolicy', checked.value, checked.problem, checked.fix);
    }
    return checked;
  }

  private validFrameworks(frameworks: ComplianceFramework[] | undefined): ComplianceFramework[] | undefined {
    return this.validList('complianceFrameworks', frameworks, {
      items: 'ComplianceFramework members',
      entryProblem: frameworkProblem,
      fix: FRAMEWORK_FIX,
      emptyProblem: EMPTY_FRAMEWORKS_PROBLEM,
      emptyFix: emptyFrameworksFix('complianceFrameworks'),
      order: ALL_FRAMEWORKS,
    });
  }

  private validRequiredLabels(keys: string[] | undefined): string[] | undefined {
    return this.validList('requiredLabels', keys, {
      items: 'label keys',
      entry: 'the label key',
      entryProblem: labelKeyProblem,
      fix: 'give a label key such as "team" or "example.com/cost-center"',
    });
  }

  private validDefaultResources(resources: WorkloadResources | undefined): Required<WorkloadResources> | undefined {
    if (resources === undefined) {
      return undefined;
    }
    const fields = Object.keys(DEFAULT_WORKLOAD_RESOURCES);
    for (const [field, value] of Object.entries(resources)) {
      if (!fields.includes(field)) {
        throw invalidProp(this, `defaultResources.${field}`, value, 'is not a resources field', `use ${fields.join(', ')}`);
      }
      if (value !== undefined && typeof value !== 'string') {
        throw invalidProp(this, `defaultResources.${field}`, value, 'is not a quantity string', 'give a quantity such as "250m" or "256Mi"');
      }
    }
    const resolved = workloadResourceDefaults(resources);
    if (isResourceProblem(resolved)) {
      throw invalidProp(this, `defaultResources.${resolved.field}`, resolved.value, `the quantity ${resolved.problem}`,
        'give a valid quantity such as "250m" for cpu or "256Mi" for memory and ephemeral-storage, with each limit >= its request');
    }
    return resolved;
  }

  private validRegistries(registries: string[] | undefined): string[] | undefined {
    return this.validList('allowedRegistries', registries, {
      items: 'registries',
      entry: 'the entry',
      entryProblem: registryPrefixProblem,
      fix: 'give a registry host with an optional path prefix, e.g. "registry.example.com", "ghcr.io/acme" or "docker.io/library"',
      emptyProblem: 'an empty allowlist would reject every image',
      emptyFix: 'list at least one registry, e.g. [\'ghcr.io/acme\'], or leave allowedRegistries unset',
    });
  }

  private validPriorityClasses(classes: string[] | undefined): string[] | undefined {
    return this.validList('platformPriorityClasses', classes, {
      items: 'PriorityClass names',
      entry: 'a PriorityClass name',
      entryProblem: dnsSubdomainProblem,
      fix: 'give the name of a PriorityClass of the cluster, e.g. "business-critical" (kubectl get priorityclass lists them)',
    });
  }

  private validPodSecurityVersion(version: string | undefined): string | undefined {
    if (version === undefined) {
      return undefined;
    }
    const fix = `pin the Kubernetes minor version of your oldest cluster, e.g. "${DEFAULT_POD_SECURITY_VERSION}"`;
    const problem = typeof version === 'string' ? podSecurityVersionProblem(version) : 'is not a string';
    if (problem) {
      throw invalidProp(this, 'podSecurityVersion', version, problem, fix);
    }
    if (!isPinnedPodSecurityVersion(version)) {
      throw invalidProp(this, 'podSecurityVersion', version,
        'an organisation policy pins a version; "latest" changes what is admitted whenever the cluster is upgraded', fix);
    }
    return version;
  }

  private validKubernetesVersion(version: string | undefined): string | undefined {
    if (version === undefined) {
      return undefined;
    }
    const problem = typeof version === 'string' ? kubernetesVersionProblem(version) : 'is not a string';
    if (problem) {
      throw invalidProp(this, 'kubernetesVersion', version, problem,
        'give the Kubernetes minor version of your oldest cluster as a string, e.g. "1.30" (kubectl version shows it)');
    }
    return version;
  }

  /** `value` when it is unset or a valid name (`problemOf` says why not); the library's error naming `prop` otherwise. */
  private validName(prop: string, value: string | undefined, problemOf: (name: string) => string | undefined, what: string, fix: string):
  string | undefined {
    if (value === undefined) {
      return undefined;
    }
    const problem = typeof value === 'string' ? problemOf(value) : 'is not a string';
    if (problem) {
      throw invalidProp(this, prop, value, `${what} ${problem}`, fix);
    }
    return value;
  }

  private validClusterDns(dns: ClusterDns | undefined): ClusterDns | undefined {
    if (dns === undefined) {
      return undefined;
    }
    const fix = 'pass a ClusterDns, e.g. ClusterDns.kubeDns() or ClusterDns.nodeLocal()';
    if (!(dns instanceof ClusterDns)) {
      throw invalidProp(this, 'clusterDns', dns, 'is not a ClusterDns', fix);
    }
    const found = clusterDnsProblem(dns);
    if (found) {
      throw invalidProp(this, `clusterDns.${found.field}`, found.value, found.problem, found.fix);
    }
    return dns;
  }


  private validIngressControllerPodLabels(labels: { [key: string]: string } | undefined): { [key: string]: string } | undefined {
    if (labels === undefined) {
      return undefined;
    }
    const fix = "give the labels of the controller's proxy pods, e.g. { 'app.kubernetes.io/name': 'ingress-nginx' } "
      + '(kubectl get pods -n <controller namespace> --show-labels)';
    if (labels === null || typeof labels !== 'object' || Array.isArray(labels)) {
      throw invalidProp(this, 'ingressControllerPodLabels', labels, 'is not a map of label keys to values', fix);
    }
    const keys = Object.keys(labels).sort();
    if (keys.length === 0) {
      throw invalidProp(this, 'ingressControllerPodLabels', labels,
        'an empty selector would let every pod of the controller namespace reach the backends', fix);
    }
    for (const key of keys) {
      const value: unknown = labels[key];
      const keyProblem = labelKeyProblem(key);
      const problem = keyProblem ? `the label key ${keyProblem}`
        : typeof value !== 'string' ? 'is not a string'
          : value !== '' && labelValueProblem(value) ? `the label value ${labelValueProblem(value)}` : undefined;
      if (problem) {
        throw invalidProp(this, `ingressControllerPodLabels["${key}"]`, value, problem, fix);
      }
    }
    return Object.fromEntries(keys.map((key) => [key, labels[key]]));
  }

  private validIngressClassName(className: string | undefined): string | undefined {
    if (className === undefined) {
      return undefined;
    }
    const problem = typeof className === 'string' ? dnsSubdomainProblem(className) : 'is not a string';
    if (problem) {
      throw invalidProp(this, 'ingressClassName', className, `an IngressClass name ${problem}`,
        'give the name of an IngressClass, e.g. \'nginx\' (kubectl get ingressclass lists them)');
    }
    return className;
  }
}

function copyExceptionPolicy(policy: ExceptionPolicy): ExceptionPolicy {
  return {
    ...policy,
    allowedRules: policy.allowedRules ? [...policy.allowedRules] : undefined,
    neverExceptable: policy.neverExceptable ? [...policy.neverExceptable] : undefined,
  };
}
