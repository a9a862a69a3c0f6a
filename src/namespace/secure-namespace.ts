import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { checkAppObjects } from './app-checks';
import { MeshMtls, ServiceMesh } from './mesh-mtls';
import { weakenedObjectErrors } from '../audit/engine/synthesized-objects-check';
import { guardConstruction } from '../internal/construction-guard';
import { invalidProp } from '../internal/errors';
import { reassignedFieldErrors, recordConstructFields } from '../internal/field-snapshot';
import { changeMadeObject, madeRender, recordMadeObject, recordMadeObjects } from '../internal/made-objects';
import { emittedPolicyErrors } from '../internal/network-policy-check';
import { checkPropTypes, METADATA_PROP_TYPES } from '../internal/prop-types';
import { renderedJson } from '../internal/rendered-json';
import { rejectExceptionAnnotations, SecurityExceptions, writeScannerExemptionAnnotations } from '../internal/security-exceptions';
import { ClusterDns } from '../policy/cluster-dns';
import { clusterDnsProblem } from '../policy/cluster-dns-check';
import { SecurityPolicy } from '../policy/security-policy';
import { BASELINE_POLICY_DECISION } from '../profile/library-decisions';
import {
  AccessRule, DEPLOYER_ROLE_NAME, DEPLOYER_RULES, READ_ONLY_ROLE_NAME, READ_ONLY_RULES,
} from '../profile/namespace-access-rules';
import { NAMESPACE_OBJECT_LABELS } from '../profile/namespace-labels';
import {
  ISTIO_INJECTION_LABEL, ISTIO_PEER_AUTHENTICATION_API_VERSION, ISTIO_PEER_AUTHENTICATION_NAME, ISTIO_REVISION_LABEL,
  LINKERD_DEFAULT_INBOUND_POLICY_ANNOTATION, LINKERD_INJECT_ANNOTATION, LINKERD_STRICT_INBOUND_POLICY,
} from '../profile/namespace-mesh';
import { dns1123LabelProblem, namespaceNameProblem } from '../profile/namespace-name';
import { NAMESPACE_OBJECT_NAMES } from '../profile/namespace-object-names';
import {
  DEFAULT_POD_SECURITY_LEVEL, DEFAULT_POD_SECURITY_VERSION, isOlderPodSecurityVersion, isPinnedPodSecurityVersion, MAX_PINNED_POD_SECURITY_MINOR,
  newestPodSecurityVersion, OLDER_VERSION_RISK, POD_SECURITY_LABEL_PREFIX, podSecurityLabels, podSecurityVersionProblem,
} from '../profile/namespace-pod-security';
import { PodSecurityLevel } from '../profile/namespace-pod-security-level';
import {
  limitRangeContainerItem, namespaceResourceProblems, resolveContainerLimits, resolveNamespaceQuota, resourceQuotaHard, withPolicyResourceDefaults,
} from '../profile/namespace-resource-defaults';
import { ContainerLimits, NamespaceQuota } from '../profile/namespace-resources';
import { subjectProblem } from '../profile/namespace-subjects';
import { RuleId } from '../profile/rule-id';
import { decisionExemptions, scannerExemptionAnnotations } from '../profile/scanner-exemptions';
import { SecurityException } from '../profile/security-exception';

/**
 * Properties of a `SecureNamespace`.
 */
export interface SecureNamespaceProps extends kplus.NamespaceProps {
  /**
   * The Pod Security Standard the namespace enforces (label `pod-security.kubernetes.io/enforce`).
   * `audit` and `warn` stay at `restricted` whatever is enforced, so every gap keeps showing.
   * Anything below `restricted` needs `SecurityException.of(RuleId.NS_PSA, reason)` in `exceptions`.
   *
   * @default PodSecurityLevel.RESTRICTED
   * @see https://kubernetes.io/docs/concepts/security/pod-security-admission/
   */
  readonly podSecurityLevel?: PodSecurityLevel;

  /**
   * The policy version every Pod Security Admission mode is pinned to (the `*-version` labels),
   * `v1.<minor>`. Pinning keeps admission unchanged when the cluster is upgraded; raise it
   * deliberately. `latest` is not pinned, and a version older than 'v1.28' admits pods that v1.28
   * rejects: both need an NS-PSA exception.
   *
   * @default - the SecurityPolicy's `podSecurityVersion`, else `v<kubernetesVersion>` of the SecurityPolicy, else 'v1.28'
   * @see https://kubernetes.io/docs/tasks/configure-pod-container/enforce-standards-namespace-labels/
   */
  readonly podSecurityVersion?: string;

  /**
   * Cluster DNS, the one egress destination the namespace's default-deny allows.
   *
   * @default - the SecurityPolicy's `clusterDns`, else ClusterDns.kubeDns()
   */
  readonly dns?: ClusterDns;

  /**
   * The namespace's ResourceQuota; each field overrides only itself.
   *
   * @default - the defaults documented on `NamespaceQuota`
   */
  readonly quota?: NamespaceQuota;

  /**
   * The namespace's per-container LimitRange; each amount overrides only itself.
   *
   * @default - the defaults documented on `ContainerLimits`
   */
  readonly containerLimits?: ContainerLimits;

  /**
   * Strict mutual TLS between the namespace's workloads, enforced by a service mesh installed in
   * the cluster.
   *
   * @default - no mesh policy
   */
  readonly mtls?: MeshMtls;

  /**
   * Deliberate deviations from the namespace hardening, each with a reason (and the approval the
   * SecurityPolicy's exception policy may require), recorded for the audit and documented on the Namespace
   * as the annotation `exception.cdk8s-secure.io/<RULE-ID>`. Only `RuleId.NS_PSA` can be relaxed (a lower
   * `podSecurityLevel`, `podSecurityVersion: 'latest'`, or a version older than 'v1.28'), and an exception
   * that relaxes nothing is an error.
   *
   * @default - no exceptions
   */
  readonly exceptions?: SecurityException[];
}

/**
 * A namespace that is locked down before anything runs in it: Pod Security Admission `restricted`
 * enforced, audited and warned about with a pinned version; all ingress and egress denied except
 * DNS; resources capped by a ResourceQuota and a LimitRange; no API token mounted through the
 * `default` ServiceAccount; least-privilege roles for people; optional strict mTLS through a mesh.
 *
 * Workloads go into it with a Chart whose `namespace` is `ns.name`, or with
 * `metadata: { namespace: ns.name }`.
 *
 * @example
 * const ns = new SecureNamespace(chart, 'Shop', { metadata: { name: 'shop' } });
 * ns.grantReadOnly(kplus.Group.fromName(chart, 'ShopViewers', 'shop-viewers'));
 * ns.grantDeployer(kplus.Group.fromName(chart, 'ShopDeployers', 'shop-deployers'));
 *
 * @see https://kubernetes.io/docs/concepts/security/multi-tenancy/
 */
export class SecureNamespace extends kplus.Namespace {
  /** The Pod Security Standard enforced. */
  public readonly podSecurityLevel: PodSecurityLevel;

  /** The policy version all Pod Security Admission modes are pinned to. */
  public readonly podSecurityVersion: string;

  /** Denies all ingress and egress of every pod in the namespace (empty pod selector). */
  public readonly defaultDenyPolicy: kplus.NetworkPolicy;

  /** Allows every pod to reach cluster DNS; absent with `ClusterDns.none()`. */
  public readonly dnsEgressPolicy?: kplus.NetworkPolicy;

  /** Allows every pod to reach the mesh control plane; present with `mtls` only. */
  public readonly meshControlPlanePolicy?: kplus.NetworkPolicy;

  /** Istio's namespace-wide PeerAuthentication; present with `MeshMtls.istio()` only. */
  public readonly peerAuthentication?: ApiObject;

  /** The namespace's ResourceQuota. */
  public readonly resourceQuota: ApiObject;

  /** The namespace's LimitRange. */
  public readonly limitRange: ApiObject;

  /** The namespace's `default` ServiceAccount, with `automountServiceAccountToken: false`. */
  public readonly defaultServiceAccount: kplus.ServiceAccount;

  private readonly bindings = new Map<string, { binding: kplus.RoleBinding; subjects: Set<string> }>();

  constructor(scope: Construct, id: string, props: SecureNamespaceProps = {}) {
    checkPropTypes(scope, id, 'SecureNamespace', props, {
      podSecurityLevel: 'string',
      podSecurityVersion: 'string',
      dns: { instanceOf: ClusterDns, name: 'ClusterDns (e.g. ClusterDns.kubeDns())' },
      quota: 'stringOrNumberMap',
      containerLimits: { objectOf: { defaultRequest: 'stringMap', defaultLimit: 'stringMap', min: 'stringMap', max: 'stringMap' } },
      mtls: { instanceOf: MeshMtls, name: 'MeshMtls (e.g. MeshMtls.istio())' },
      metadata: { objectOf: METADATA_PROP_TYPES },
    });
    super(scope, id, props);
    const construction = guardConstruction(this);

    const nameProblem = namespaceNameProblem(this.name);
    if (nameProblem) {
      throw invalidProp(this, 'metadata.name', this.name, nameProblem, 'choose a lower-case name such as "team-a-shop"');
    }
    this.rejectReservedMetadata(props);

    const exceptions = new SecurityExceptions(this, 'exceptions', props.exceptions, SecurityPolicy._exceptionPoliciesOf(this));
    for (const { rule } of exceptions.entries()) {
      if (rule !== RuleId.NS_PSA) {
        throw invalidProp(this, 'exceptions', rule, 'a SecureNamespace can only relax NS-PSA; every other namespace control is always applied',
          'remove this exception, or tune the control through its prop (quota, containerLimits, dns)');
      }
    }

    this.podSecurityLevel = props.podSecurityLevel ?? DEFAULT_POD_SECURITY_LEVEL;
    const policyVersion = SecurityPolicy.of(this)?._defaultPodSecurityVersion();
    const versionFromPolicy = props.podSecurityVersion === undefined && policyVersion !== undefined;
    this.podSecurityVersion = props.podSecurityVersion ?? policyVersion ?? DEFAULT_POD_SECURITY_VERSION;
    this.applyPodSecurity(exceptions, versionFromPolicy);

    const quota = resolveNamespaceQuota(props.quota);
    const withPolicy = withPolicyResourceDefaults(props.containerLimits, SecurityPolicy.of(this)?.defaultResources);
    const limits = resolveContainerLimits(withPolicy.limits);
    const [problem] = namespaceResourceProblems(quota, limits);
    if (problem) {
      const origin = [problem.prop, ...problem.involves ?? []].filter((prop) => withPolicy.fromPolicy.has(prop));
      throw invalidProp(this, problem.prop, problem.value, origin.length === 0 ? problem.problem
        : `${problem.problem} (${origin.join(', ')} comes from the SecurityPolicy's defaultResources)`,
      origin.length === 0 ? problem.fix : `${problem.fix}, or set ${origin.join(', ')} on the namespace`);
    }

    if (props.dns !== undefined) {
      this.validateDns(props.dns);
    }
    const dns = props.dns ?? SecurityPolicy.of(this)?.clusterDns ?? ClusterDns.kubeDns();
    if (props.mtls) {
      this.validateMesh(props.mtls);
    }

    // The Namespace is cluster-scoped: a chart-wide namespace must not end up on it.
    if (this.apiObject.metadata.namespace !== undefined) {
      this.apiObject.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    }
    for (const [key, value] of Object.entries(NAMESPACE_OBJECT_LABELS)) {
      this.metadata.addLabel(key, value);
    }

    this.resourceQuota = new kplus.k8s.KubeResourceQuota(this, 'Quota', {
      metadata: this.objectMetadata(NAMESPACE_OBJECT_NAMES.quota),
      spec: { hard: toQuantities(resourceQuotaHard(quota)) },
    });

    const item = limitRangeContainerItem(limits);
    this.limitRange = new kplus.k8s.KubeLimitRange(this, 'Limits', {
      metadata: this.objectMetadata(NAMESPACE_OBJECT_NAMES.limitRange),
      spec: {
        limits: [{
          type: item.type,
          default: toQuantities(item.default),
          defaultRequest: toQuantities(item.defaultRequest),
          max: toQuantities(item.max),
          min: toQuantities(item.min),
        }],
      },
    });

    this.defaultServiceAccount = new kplus.ServiceAccount(this, 'DefaultServiceAccount', {
      metadata: this.objectMetadata(NAMESPACE_OBJECT_NAMES.defaultServiceAccount),
      automountToken: false,
    });

    this.defaultDenyPolicy = new kplus.NetworkPolicy(this, 'DefaultDeny', {
      metadata: this.objectMetadata(NAMESPACE_OBJECT_NAMES.defaultDeny),
      ingress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
      egress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
    });

    if (dns.enabled) {
      this.dnsEgressPolicy = this.createDnsEgressPolicy(dns);
    }

    if (props.mtls) {
      this.meshControlPlanePolicy = this.createMeshControlPlanePolicy(props.mtls);
      this.peerAuthentication = this.enrolInMesh(props.mtls);
    }
    this.exemptBaselinePolicies();
    // Two namespaces of one name (the second perhaps privileged) would overwrite each other: checked once for the app.
    checkAppObjects(this);
    // What the construct made, as it made it: a later change through an object's typed API counts like a JSON patch.
    recordMadeObjects(this);
    // Its fields as it set them (the policies its checks look at, the Pod Security level): the grants add to `bindings` in place.
    recordConstructFields(this, new Set(['bindings']));
    construction.done();
  }

  /**
   * Binds subjects to the namespace's read-only Role (`namespace-read-only`): get, list and watch
   * on workloads, pods and their logs, Services, ConfigMaps, events, networking objects, quota and
   * limits. No Secrets, no `pods/exec`, `pods/attach` or `pods/portforward`, no RBAC objects.
   * The Role and its RoleBinding are created on first use; later calls add subjects to them.
   *
   * @param subjects groups, users or service accounts, e.g. `kplus.Group.fromName(chart, 'Viewers', 'team-a-viewers')`
   * @returns the RoleBinding of the read-only Role
   */
  public grantReadOnly(...subjects: kplus.ISubject[]): kplus.RoleBinding {
    return this.grant('grantReadOnly', 'ReadOnly', READ_ONLY_ROLE_NAME, READ_ONLY_RULES, subjects);
  }

  /**
   * Binds subjects to the namespace's deployer Role (`namespace-deployer`): everything the
   * read-only Role allows, plus create, update, patch and delete on Deployments, StatefulSets,
   * Jobs, CronJobs, Services, ConfigMaps, PersistentVolumeClaims, ServiceAccounts,
   * HorizontalPodAutoscalers, PodDisruptionBudgets, Ingresses and NetworkPolicies, scaling, and
   * deleting pods. No Secrets, no exec or attach, no RBAC objects, no wildcards.
   * The Role and its RoleBinding are created on first use; later calls add subjects to them.
   *
   * @param subjects groups, users or service accounts, e.g. `kplus.Group.fromName(chart, 'Deployers', 'team-a-ci')`
   * @returns the RoleBinding of the deployer Role
   */
  public grantDeployer(...subjects: kplus.ISubject[]): kplus.RoleBinding {
    return this.grant('grantDeployer', 'Deployer', DEPLOYER_ROLE_NAME, DEPLOYER_RULES, subjects);
  }

  private grant(method: string, id: string, roleName: string, rules: readonly AccessRule[], subjects: kplus.ISubject[]): kplus.RoleBinding {
    const prop = `${method}(subjects)`;
    if (subjects.length === 0) {
      throw invalidProp(this, prop, [], 'a role binding needs at least one subject',
        'pass kplus.Group.fromName(scope, id, "team-a-developers") or kplus.User.fromName(scope, id, "jane@example.com")');
    }
    const keys = subjects.map((subject) => this.subjectKey(prop, subject));

    let entry = this.bindings.get(roleName);
    if (!entry) {
      entry = { binding: this.createRoleAndBinding(id, roleName, rules), subjects: new Set<string>() };
      this.bindings.set(roleName, entry);
    }
    const seen = new Set(entry.subjects);
    for (const key of keys) {
      if (seen.has(key)) {
        throw invalidProp(this, prop, key, `this subject is already bound to the Role "${roleName}"`, 'bind each subject once');
      }
      seen.add(key);
    }
    for (const key of keys) {
      entry.subjects.add(key);
    }
    // The binding as granted now is as the construct made it (the subjects also have their own check).
    changeMadeObject(ApiObject.of(entry.binding), 'grant()', () => entry.binding.addSubjects(...subjects));
    return entry.binding;
  }

  private subjectKey(prop: string, subject: kplus.ISubject): string {
    const given: unknown = subject;
    const toConfiguration: unknown = given !== null && typeof given === 'object' ? (given as { toSubjectConfiguration?: unknown }).toSubjectConfiguration : undefined;
    if (typeof toConfiguration !== 'function') {
      throw invalidProp(this, prop, given, 'is not a subject',
        'pass kplus.Group.fromName(scope, id, "team-a-developers"), kplus.User.fromName(scope, id, "jane@example.com") or a kplus.ServiceAccount');
    }
    const config: unknown = subject.toSubjectConfiguration();
    const problem = subjectProblem(config, this.name);
    if (problem) {
      throw invalidProp(this, prop, problem.value, problem.problem, problem.fix);
    }
    const { kind, name, namespace } = config as kplus.SubjectConfiguration;
    return `${kind}/${namespace ? `${namespace}/` : ''}${name}`;
  }

  /** Subjects added to the binding behind the construct's back (addSubjects(), a JSON patch) get the same checks at synth. */
  private checkBoundSubjects(binding: kplus.RoleBinding, roleName: string): void {
    this.node.addValidation({
      validate: () => {
        const subjects: unknown = renderedJson(ApiObject.of(binding))?.subjects;
        const list: unknown[] = Array.isArray(subjects) ? subjects : [];
        return list.flatMap((subject, i) => {
          const problem = subjectProblem(subject, this.name);
          return problem ? [invalidProp(this, `RoleBinding "${roleName}" subjects[${i}]`, problem.value, problem.problem, problem.fix).message] : [];
        });
      },
    });
  }

  private createRoleAndBinding(id: string, roleName: string, rules: readonly AccessRule[]): kplus.RoleBinding {
    const policyRules = rules.map((rule) => ({ apiGroups: [...rule.apiGroups], resources: [...rule.resources], verbs: [...rule.verbs] }));
    const role = new kplus.k8s.KubeRole(this, `${id}Role`, { metadata: this.objectMetadata(roleName), rules: policyRules });
    const binding = new kplus.RoleBinding(this, `${id}Binding`, {
      metadata: this.objectMetadata(roleName),
      role: kplus.Role.fromRoleName(this, `${id}RoleRef`, roleName),
    });
    this.checkBoundSubjects(binding, roleName);
    this.checkGrantUnchanged(role, binding, roleName, JSON.parse(JSON.stringify(policyRules)));
    recordMadeObject(role);
    // Made without subjects: each grant records it anew with its subjects.
    recordMadeObject(ApiObject.of(binding));
    return binding;
  }

  /**
   * The binding must still point at the namespace's own Role, and the Role must still grant exactly its documented
   * rules: a JSON patch re-pointing `roleRef` at a built-in ClusterRole (`admin`, `edit`, `cluster-admin`) or adding
   * rules would grant Secrets, exec or RBAC without any exception.
   */
  private checkGrantUnchanged(role: ApiObject, binding: kplus.RoleBinding, roleName: string, rules: unknown): void {
    this.node.addValidation({
      validate: () => {
        const errors: string[] = [];
        const roleRef = renderedJson(ApiObject.of(binding))?.roleRef;
        const expectedRef = { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: roleName };
        if (JSON.stringify(roleRef) !== JSON.stringify(expectedRef)) {
          errors.push(invalidProp(this, `RoleBinding "${roleName}" roleRef`, roleRef, `the binding must grant the namespace's own Role ${JSON.stringify(expectedRef)}`,
            'remove the JSON patch; bind other roles outside SecureNamespace, where the audit judges them').message);
        }
        const emitted = renderedJson(role)?.rules;
        if (JSON.stringify(canonicalRules(emitted)) !== JSON.stringify(canonicalRules(rules))) {
          errors.push(invalidProp(this, `Role "${roleName}" rules`, emitted, 'the role\'s rules were changed after the construct made them',
            'remove the JSON patch; for other permissions, make a separate Role the audit judges').message);
        }
        return errors;
      },
    });
  }

  private rejectReservedMetadata(props: SecureNamespaceProps): void {
    if (props.metadata?.namespace !== undefined) {
      throw invalidProp(this, 'metadata.namespace', props.metadata.namespace, 'a Namespace is cluster-scoped and has no namespace',
        'remove metadata.namespace; the namespace name is metadata.name');
    }
    for (const label of Object.keys(props.metadata?.labels ?? {})) {
      if (label.startsWith(POD_SECURITY_LABEL_PREFIX)) {
        throw invalidProp(this, `metadata.labels["${label}"]`, props.metadata?.labels?.[label],
          'Pod Security Admission labels are set by the construct', 'use the podSecurityLevel and podSecurityVersion props');
      }
    }
    rejectExceptionAnnotations(this, 'metadata.annotations', props.metadata?.annotations, 'exceptions');
  }

  private applyPodSecurity(exceptions: SecurityExceptions, versionFromPolicy: boolean): void {
    const versionProblem = podSecurityVersionProblem(this.podSecurityVersion);
    if (versionProblem) {
      throw invalidProp(this, 'podSecurityVersion', this.podSecurityVersion, versionProblem,
        `pin the Kubernetes minor version of your oldest cluster, e.g. "${DEFAULT_POD_SECURITY_VERSION}"`);
    }
    const versionProp = versionFromPolicy ? 'podSecurityVersion (from the SecurityPolicy)' : 'podSecurityVersion';
    // The oldest version accepted without an exception: the library's, or the newest of every policy up the tree.
    const minimum = newestPodSecurityVersion(SecurityPolicy._allOf(this).map((policy) => policy.podSecurityVersion));
    if (!isPinnedPodSecurityVersion(this.podSecurityVersion)) {
      exceptions.require(RuleId.NS_PSA, versionProp, this.podSecurityVersion,
        `an unpinned version (latest, or a minor above v1.${MAX_PINNED_POD_SECURITY_MINOR}, which admission evaluates as latest) `
        + 'changes what is admitted whenever the cluster is upgraded');
    } else if (isOlderPodSecurityVersion(this.podSecurityVersion, minimum)) {
      exceptions.require(RuleId.NS_PSA, versionProp, this.podSecurityVersion,
        `a policy version older than ${minimum}${minimum !== DEFAULT_POD_SECURITY_VERSION ? ' (the SecurityPolicy\'s)' : ''} admits pods that ${minimum} rejects `
        + `(${OLDER_VERSION_RISK})`);
    }
    if (this.podSecurityLevel !== PodSecurityLevel.RESTRICTED) {
      exceptions.require(RuleId.NS_PSA, 'podSecurityLevel', this.podSecurityLevel,
        'enforcing less than "restricted" admits pods with weaker isolation (root, added capabilities, host access)');
    }
    exceptions.rejectUnused();
    for (const [key, value] of Object.entries(podSecurityLabels(this.podSecurityLevel, this.podSecurityVersion))) {
      this.metadata.addLabel(key, value);
    }
    exceptions.annotate(this.apiObject);
    // The namespace's objects as synthesized against their renders as constructed (a quota, limit range, default
    // ServiceAccount or Role weakened by a JSON patch); the labels and policies have checks of their own below.
    exceptions.checkAtSynth(() => [...reassignedFieldErrors(this), ...weakenedObjectErrors({ scope: this, exceptableRules: [RuleId.NS_PSA] })]);
    this.node.addValidation({ validate: () => this.changedPodSecurityLabels() });
    this.node.addValidation({ validate: () => this.changedNetworkPolicies() });
  }

  /**
   * The namespace's NetworkPolicies apply to every pod in it: the default-deny must still deny everything in both
   * directions, and the DNS and mesh policies must name narrow peers (no exception can open a whole namespace).
   */
  /**
   * kube-score's networkpolicy-targets-pod wants each NetworkPolicy to select a pod of the input; the namespace's
   * baseline policies select every pod of the namespace, present and future, and exist before its workloads (a documented
   * library decision, docs/scanners.md), so they carry kube-score's own exemption with the reason. Nothing with
   * `SecurityPolicy` `scannerExemptions: false`.
   */
  private exemptBaselinePolicies(): void {
    if (SecurityPolicy.of(this)?.scannerExemptions === false) {
      return;
    }
    const annotations = scannerExemptionAnnotations(decisionExemptions(BASELINE_POLICY_DECISION));
    for (const policy of [this.defaultDenyPolicy, this.dnsEgressPolicy, this.meshControlPlanePolicy]) {
      if (policy) {
        writeScannerExemptionAnnotations(ApiObject.of(policy), annotations);
      }
    }
  }

  private changedNetworkPolicies(): string[] {
    const fix = 'allow traffic per workload with SecureDeployment.allowFrom()/allowTo(); remove the rule or JSON patch that opens the namespace';
    const errors = emittedPolicyErrors(this, ApiObject.of(this.defaultDenyPolicy), {
      prop: 'defaultDenyPolicy', namespace: this.name, podLabels: {}, policyTypes: ['Ingress', 'Egress'], denyOnly: true, fix,
    });
    // The DNS and mesh policies admit what the construct made them admit, and nothing else (a rule added through their
    // typed API, to a port of another namespace, would pass the broad-peer check).
    // Their specs as the construct made them (recorded with its other objects; undefined where not renderable then).
    const made = (policy: ApiObject): unknown => (madeRender(policy) as { spec?: unknown } | null | undefined)?.spec;
    if (this.dnsEgressPolicy) {
      const policy = ApiObject.of(this.dnsEgressPolicy);
      errors.push(...emittedPolicyErrors(this, policy, { prop: 'dnsEgressPolicy', podLabels: {}, policyTypes: ['Egress'], fix, exactSpec: made(policy) }));
    }
    if (this.meshControlPlanePolicy) {
      const policy = ApiObject.of(this.meshControlPlanePolicy);
      errors.push(...emittedPolicyErrors(this, policy,
        { prop: 'meshControlPlanePolicy', podLabels: {}, policyTypes: ['Egress'], fix, exactSpec: made(policy) }));
    }
    return errors;
  }

  /**
   * The PSA labels are decided by podSecurityLevel and podSecurityVersion (with their exceptions): one changed or
   * removed afterwards (`metadata.addLabel()`, a JSON patch) would weaken admission with no exception for it.
   */
  private changedPodSecurityLabels(): string[] {
    const emitted: Record<string, unknown> = renderedJson(this.apiObject)?.metadata?.labels ?? {};
    const expected = podSecurityLabels(this.podSecurityLevel, this.podSecurityVersion);
    const keys = [...new Set([...Object.keys(expected), ...Object.keys(emitted).filter((key) => key.startsWith(POD_SECURITY_LABEL_PREFIX))])].sort();
    return keys.filter((key) => emitted[key] !== expected[key]).map((key) => invalidProp(this, `metadata.labels["${key}"]`, emitted[key],
      `Pod Security Admission labels are set from podSecurityLevel and podSecurityVersion; this one was changed afterwards (expected ${JSON.stringify(expected[key])})`,
      'use the podSecurityLevel and podSecurityVersion props, with an NS-PSA exception where they weaken admission').message);
  }

  /** Checks the namespace's own `dns`; the SecurityPolicy checks its `clusterDns` when it is applied. */
  private validateDns(dns: ClusterDns): void {
    const found = clusterDnsProblem(dns);
    if (found) {
      throw invalidProp(this, `dns.${found.field}`, found.value, found.problem, found.fix);
    }
  }

  private validateMesh(mtls: MeshMtls): void {
    const problem = dns1123LabelProblem(mtls.controlPlaneNamespace);
    if (problem) {
      throw invalidProp(this, 'mtls.controlPlaneNamespace', mtls.controlPlaneNamespace, problem,
        `pass the namespace the mesh is installed in, e.g. "${mtls.controlPlaneNamespace.toLowerCase()}"`);
    }
    if (mtls.revision !== undefined && !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(mtls.revision)) {
      throw invalidProp(this, 'mtls.revision', mtls.revision, 'is not an Istio revision name (a label value: lower-case letters, digits, "-" and ".")',
        'pass the revision of the installed control plane, e.g. "1-22-1"');
    }
  }

  private createDnsEgressPolicy(dns: ClusterDns): kplus.NetworkPolicy {
    const policy = new kplus.NetworkPolicy(this, 'DnsEgress', { metadata: this.objectMetadata(NAMESPACE_OBJECT_NAMES.dnsEgress) });
    const ports = [kplus.NetworkPolicyPort.udp(dns.port), kplus.NetworkPolicyPort.tcp(dns.port)];
    dns._cidrs.forEach((cidr, index) => {
      policy.addEgressRule(kplus.NetworkPolicyIpBlock.ipv4(this, `DnsAddress${index}`, cidr), ports);
    });
    dns._pods.forEach((pods, index) => {
      policy.addEgressRule(this.selectPods(`DnsPods${index}`, pods.namespace, pods.podLabels), ports);
    });
    return policy;
  }

  private createMeshControlPlanePolicy(mtls: MeshMtls): kplus.NetworkPolicy {
    const policy = new kplus.NetworkPolicy(this, 'MeshControlPlane', { metadata: this.objectMetadata(NAMESPACE_OBJECT_NAMES.meshControlPlane) });
    policy.addEgressRule(this.selectPods('MeshControlPlanePods', mtls.controlPlaneNamespace, mtls._controlPlanePodLabels),
      mtls._controlPlanePorts.map((port) => kplus.NetworkPolicyPort.tcp(port)));
    return policy;
  }

  private enrolInMesh(mtls: MeshMtls): ApiObject | undefined {
    if (mtls.mesh === ServiceMesh.LINKERD) {
      this.metadata.addAnnotation(LINKERD_INJECT_ANNOTATION, 'enabled');
      this.metadata.addAnnotation(LINKERD_DEFAULT_INBOUND_POLICY_ANNOTATION, LINKERD_STRICT_INBOUND_POLICY);
      return undefined;
    }
    if (mtls.revision !== undefined) {
      this.metadata.addLabel(ISTIO_REVISION_LABEL, mtls.revision);
    } else {
      this.metadata.addLabel(ISTIO_INJECTION_LABEL, 'enabled');
    }
    return new ApiObject(this, 'PeerAuthentication', {
      apiVersion: ISTIO_PEER_AUTHENTICATION_API_VERSION,
      kind: 'PeerAuthentication',
      metadata: this.objectMetadata(ISTIO_PEER_AUTHENTICATION_NAME),
      spec: { mtls: { mode: 'STRICT' } },
    });
  }

  private selectPods(id: string, namespace: string, labels: Readonly<Record<string, string>>): kplus.Pods {
    return kplus.Pods.select(this, id, {
      labels: { ...labels },
      namespaces: kplus.Namespaces.select(this, `${id}Namespace`, { names: [namespace] }),
    });
  }

  private objectMetadata(name: string): { name: string; namespace: string; labels: Record<string, string> } {
    return { name, namespace: this.name, labels: { ...NAMESPACE_OBJECT_LABELS } };
  }
}

function toQuantities(list: Record<string, string>): Record<string, kplus.k8s.Quantity> {
  const quantities: Record<string, kplus.k8s.Quantity> = {};
  for (const [key, value] of Object.entries(list)) {
    quantities[key] = kplus.k8s.Quantity.fromString(value);
  }
  return quantities;
}

/**
 * Role rules in an order-free form, to compare what was granted rather than how it is written: each rule's fields by
 * name and their lists of strings sorted, the rules sorted. Reordering verbs or rules grants the same; any other
 * difference (an added verb, resource, rule or field) stays a difference. Anything but a list of rules is kept as is.
 */
function canonicalRules(rules: unknown): unknown {
  if (!Array.isArray(rules)) return rules;
  return rules.map((rule) => {
    if (rule === null || typeof rule !== 'object' || Array.isArray(rule)) return rule;
    const entries = Object.entries(rule as Record<string, unknown>).filter(([, value]) => value !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([key, value]) => [key,
      Array.isArray(value) && value.every((item) => typeof item === 'string') ? [...value].sort() : value]));
  }).map((rule) => JSON.stringify(rule)).sort();
}
