/**
 * Re-implementations of the Polaris and kube-score checks that read workloads, from the scanners' published
 * definitions, honouring each scanner's exemption annotations as the scanner does. The scanner agreement tests run
 * them on the library's output: a finding here is a finding Polaris or kube-score would report.
 *
 * Polaris (FairwindsOps/polaris): pkg/config/default.yaml (which checks, at which severity) and
 * pkg/config/checks/<check>.yaml (what each requires; `controllers.include/exclude`, `containers.exclude`);
 * exemptions: `polaris.fairwinds.com/exempt` and `polaris.fairwinds.com/<check>-exempt` on the controller
 * (pkg/validator/controller.go, docs/customization/exemptions.md).
 * kube-score (zegl/kube-score): README_CHECKS.md (the default checks), score/<area>/*.go (what each requires, e.g.
 * score/probes/probes.go); exemptions: `kube-score/ignore: <check>,<check>` on the object.
 */

import { Manifest } from './manifests';

/** One finding: scanner, check id, object, and what is wrong. */
export interface ScannerFinding {
  readonly scanner: 'polaris' | 'kube-score';
  readonly check: string;
  readonly object: string;
  readonly message: string;
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicaSet', 'Pod']);

type Labels = Record<string, string>;

function describe(object: Manifest): string {
  return `${object.kind}/${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;
}

function podTemplateOf(object: Manifest): Manifest | undefined {
  if (object.kind === 'Pod') {
    return { metadata: object.metadata, spec: object.spec };
  }
  if (object.kind === 'CronJob') {
    return object.spec?.jobTemplate?.spec?.template;
  }
  return object.spec?.template;
}

function annotations(object: Manifest): Record<string, string> {
  return object.metadata?.annotations ?? {};
}

function polarisExempt(object: Manifest, check: string): boolean {
  const a = annotations(object);
  return a['polaris.fairwinds.com/exempt'] === 'true' || a[`polaris.fairwinds.com/${check}-exempt`] === 'true';
}

function kubeScoreIgnored(object: Manifest, check: string): boolean {
  return (annotations(object)['kube-score/ignore'] ?? '').split(',').map((c) => c.trim()).includes(check);
}

/** A label selector with only matchLabels (what the library emits) matches `labels`; an empty one matches all. */
function matchLabelsSelect(matchLabels: Labels | undefined, labels: Labels): boolean {
  return Object.entries(matchLabels ?? {}).every(([key, value]) => labels[key] === value);
}

function selectorSelects(selector: Manifest | undefined, labels: Labels): boolean {
  if (!selector) {
    return false;
  }
  const expressions: Manifest[] = selector.matchExpressions ?? [];
  return matchLabelsSelect(selector.matchLabels, labels) && expressions.every((e) => {
    const value = labels[e.key];
    switch (e.operator) {
      case 'In': return value !== undefined && (e.values ?? []).includes(value);
      case 'NotIn': return value === undefined || !(e.values ?? []).includes(value);
      case 'Exists': return value !== undefined;
      case 'DoesNotExist': return value === undefined;
      default: return false;
    }
  });
}

const CAPS_DROPPED_INSTEAD_OF_ALL = ['NET_ADMIN', 'CHOWN', 'DAC_OVERRIDE', 'FSETID', 'FOWNER', 'MKNOD', 'NET_RAW', 'SETGID', 'SETUID', 'SETFCAP',
  'SETPCAP', 'NET_BIND_SERVICE', 'SYS_CHROOT', 'KILL', 'AUDIT_WRITE'];
const DANGEROUS_CAPS = ['ALL', 'SYS_ADMIN', 'NET_ADMIN'];
const SENSITIVE_ENV_NAMES = [/^AWS_SECRET_ACCESS_KEY$/i, /^GOOGLE_APPLICATION_CREDENTIALS$/i, /^AZURE_.+KEY$/i, /^OCI_CLI_KEY_CONTENT$/i,
  /password/i, /token/i, /bearer/i, /secret/i];

interface PodContext {
  readonly object: Manifest;
  readonly template: Manifest;
  readonly spec: Manifest;
  readonly all: Manifest[];
}

type PolarisCheck = (ctx: PodContext) => string | undefined;
type ContainerCheck = (container: Manifest, ctx: PodContext) => string | undefined;

const has = (value: unknown): boolean => value !== undefined && value !== null;

/** Container checks (Polaris `target: Container`), with whether init containers are checked too. */
const POLARIS_CONTAINER_CHECKS: Array<{ id: string; init: boolean; skipKinds?: string[]; check: ContainerCheck }> = [
  // tagNotSpecified.yaml: image matches ^.+:.+$ and not :latest$
  { id: 'tagNotSpecified', init: true, check: (c) => (/^.+:.+$/.test(c.image ?? '') && !/:latest$/.test(c.image ?? '') ? undefined : `image ${c.image} has no tag`) },
  // pullPolicyNotAlways.yaml: imagePullPolicy const Always
  { id: 'pullPolicyNotAlways', init: true, check: (c) => (c.imagePullPolicy === 'Always' ? undefined : `imagePullPolicy ${c.imagePullPolicy}`) },
  // readinessProbeMissing.yaml / livenessProbeMissing.yaml: controllers exclude Job, CronJob; containers exclude initContainer
  { id: 'readinessProbeMissing', init: false, skipKinds: ['Job', 'CronJob'], check: (c) => (has(c.readinessProbe) ? undefined : 'no readinessProbe') },
  { id: 'livenessProbeMissing', init: false, skipKinds: ['Job', 'CronJob'], check: (c) => (has(c.livenessProbe) ? undefined : 'no livenessProbe') },
  // cpu/memory Requests/Limits Missing.yaml: resources.requests/limits.cpu/memory required
  { id: 'cpuRequestsMissing', init: true, check: (c) => (has(c.resources?.requests?.cpu) ? undefined : 'no cpu request') },
  { id: 'cpuLimitsMissing', init: true, check: (c) => (has(c.resources?.limits?.cpu) ? undefined : 'no cpu limit') },
  { id: 'memoryRequestsMissing', init: true, check: (c) => (has(c.resources?.requests?.memory) ? undefined : 'no memory request') },
  { id: 'memoryLimitsMissing', init: true, check: (c) => (has(c.resources?.limits?.memory) ? undefined : 'no memory limit') },
  // hostPortSet.yaml: ports[].hostPort not set (or 0)
  { id: 'hostPortSet', init: true, check: (c) => ((c.ports ?? []).some((p: Manifest) => p.hostPort) ? 'hostPort set' : undefined) },
  // notReadOnlyRootFilesystem.yaml: securityContext.readOnlyRootFilesystem const true
  { id: 'notReadOnlyRootFilesystem', init: true, check: (c) => (c.securityContext?.readOnlyRootFilesystem === true ? undefined : 'root filesystem writable') },
  // privilegeEscalationAllowed.yaml: securityContext.allowPrivilegeEscalation required, const false
  { id: 'privilegeEscalationAllowed', init: true, check: (c) => (c.securityContext?.allowPrivilegeEscalation === false ? undefined : 'privilege escalation allowed') },
  // runAsPrivileged.yaml: securityContext.privileged not true
  { id: 'runAsPrivileged', init: true, check: (c) => (c.securityContext?.privileged === true ? 'privileged' : undefined) },
  // insecureCapabilities.yaml: capabilities.drop contains ALL (or every listed capability)
  {
    id: 'insecureCapabilities',
    init: true,
    check: (c) => {
      const drop: string[] = (c.securityContext?.capabilities?.drop ?? []).map((x: string) => x.toUpperCase());
      return drop.includes('ALL') || CAPS_DROPPED_INSTEAD_OF_ALL.every((cap) => drop.includes(cap)) ? undefined : 'capabilities not dropped';
    },
  },
  // dangerousCapabilities.yaml: capabilities.add contains none of ALL, SYS_ADMIN, NET_ADMIN
  {
    id: 'dangerousCapabilities',
    init: true,
    check: (c) => ((c.securityContext?.capabilities?.add ?? []).some((x: string) => DANGEROUS_CAPS.includes(x.toUpperCase())) ? 'dangerous capability added' : undefined),
  },
  // procMount.yaml: securityContext.procMount unset or Default
  { id: 'procMount', init: true, check: (c) => ([undefined, 'Default'].includes(c.securityContext?.procMount) ? undefined : `procMount ${c.securityContext?.procMount}`) },
  // linuxHardening.yaml: an AppArmor annotation, or seccomp (pod or container, not Unconfined), or seLinuxOptions, or dropped capabilities
  {
    id: 'linuxHardening',
    init: true,
    check: (c, ctx) => {
      const podAnnotations: Record<string, string> = ctx.template.metadata?.annotations ?? {};
      const podSeccomp = ctx.spec.securityContext?.seccompProfile?.type;
      const seccomp = (podSeccomp && podSeccomp !== 'Unconfined') ? c.securityContext?.seccompProfile?.type !== 'Unconfined'
        : has(c.securityContext?.seccompProfile?.type) && c.securityContext.seccompProfile.type !== 'Unconfined';
      const selinux = has(ctx.spec.securityContext?.seLinuxOptions) || Object.keys(c.securityContext?.seLinuxOptions ?? {}).length > 0;
      const drop = (c.securityContext?.capabilities?.drop ?? []).length > 0
        && !(c.securityContext?.capabilities?.add ?? []).some((x: string) => /^ALL$/i.test(x));
      const apparmor = has(podAnnotations[`container.apparmor.security.beta.kubernetes.io/${c.name}`]);
      return apparmor || seccomp || selinux || drop ? undefined : 'no AppArmor, seccomp, SELinux or dropped capabilities';
    },
  },
  // runAsRootAllowed.yaml (schemaTarget PodSpec): non-root at pod level not overridden, or at container level
  {
    id: 'runAsRootAllowed',
    init: true,
    check: (c, ctx) => {
      const good = (sc: Manifest | undefined) => (has(sc?.runAsUser) && sc!.runAsUser >= 1) || sc?.runAsNonRoot === true;
      const notBad = (sc: Manifest | undefined) => (!has(sc?.runAsUser) || sc!.runAsUser >= 1)
        && (!has(sc?.runAsNonRoot) || sc!.runAsNonRoot === true);
      return (good(ctx.spec.securityContext) && notBad(c.securityContext)) || good(c.securityContext) ? undefined : 'may run as root';
    },
  },
  // sensitiveContainerEnvVar.yaml: no literal value under a sensitive name, no private key value
  {
    id: 'sensitiveContainerEnvVar',
    init: true,
    check: (c) => {
      const flagged = (c.env ?? []).filter((e: Manifest) => typeof e.value === 'string'
        && (SENSITIVE_ENV_NAMES.some((p) => p.test(e.name)) || /\s*-BEGIN\s+.*PRIVATE KEY-\s*/i.test(e.value)));
      return flagged.length === 0 ? undefined : `sensitive env ${flagged.map((e: Manifest) => e.name).join(', ')}`;
    },
  },
];

/** PodSpec, PodTemplate and Controller checks of Polaris. */
const POLARIS_POD_CHECKS: Array<{ id: string; kinds?: string[]; skipKinds?: string[]; check: PolarisCheck }> = [
  // priorityClassNotSet.yaml: priorityClassName required
  { id: 'priorityClassNotSet', check: ({ spec }) => (has(spec.priorityClassName) ? undefined : 'no priorityClassName') },
  // hostIPCSet / hostPIDSet / hostNetworkSet / hostPathSet / hostProcess
  { id: 'hostIPCSet', check: ({ spec }) => (spec.hostIPC === true ? 'hostIPC' : undefined) },
  { id: 'hostPIDSet', check: ({ spec }) => (spec.hostPID === true ? 'hostPID' : undefined) },
  { id: 'hostNetworkSet', check: ({ spec }) => (spec.hostNetwork === true ? 'hostNetwork' : undefined) },
  { id: 'hostPathSet', check: ({ spec }) => ((spec.volumes ?? []).some((v: Manifest) => has(v.hostPath)) ? 'hostPath volume' : undefined) },
  {
    id: 'hostProcess',
    check: ({ spec }) => ([spec, ...(spec.containers ?? []), ...(spec.initContainers ?? [])]
      .some((x: Manifest) => x.securityContext?.windowsOptions?.hostProcess === true) ? 'hostProcess' : undefined),
  },
  // automountServiceAccountToken.yaml: pod not true; unless the pod says false, its ServiceAccount must say false
  {
    id: 'automountServiceAccountToken',
    check: ({ object, spec, all }) => {
      if (spec.automountServiceAccountToken === true) {
        return 'pod mounts the token';
      }
      if (spec.automountServiceAccountToken === false) {
        return undefined;
      }
      const sa = all.find((o) => o.kind === 'ServiceAccount' && o.metadata?.name === (spec.serviceAccountName ?? 'default')
        && (o.metadata?.namespace ?? '') === (object.metadata?.namespace ?? ''));
      return sa?.automountServiceAccountToken === false ? undefined : 'ServiceAccount token automounted';
    },
  },
  // topologySpreadConstraint.yaml: controllers exclude Job, CronJob; topologySpreadConstraints minItems 1
  { id: 'topologySpreadConstraint', skipKinds: ['Job', 'CronJob'], check: ({ spec }) => ((spec.topologySpreadConstraints ?? []).length > 0 ? undefined : 'no topology spread') },
  // deploymentMissingReplicas.yaml: Deployment, spec.replicas required and >= 2
  { id: 'deploymentMissingReplicas', kinds: ['Deployment'], check: ({ object }) => (object.spec?.replicas >= 2 ? undefined : `replicas ${object.spec?.replicas}`) },
  // metadataAndInstanceMismatched.yaml: app.kubernetes.io/instance label required, equal to metadata.name
  {
    id: 'metadataAndInstanceMismatched',
    check: ({ object }) => (object.metadata?.labels?.['app.kubernetes.io/instance'] === object.metadata?.name ? undefined : 'instance label differs from the name'),
  },
  // missingPodDisruptionBudget.yaml: Deployment; a PDB whose matchLabels contains one of the template's labels
  {
    id: 'missingPodDisruptionBudget',
    kinds: ['Deployment'],
    check: ({ object, template, all }) => {
      const labels: Labels = template.metadata?.labels ?? {};
      const pdb = all.find((o) => o.kind === 'PodDisruptionBudget' && (o.metadata?.namespace ?? '') === (object.metadata?.namespace ?? '')
        && Object.entries(o.spec?.selector?.matchLabels ?? {}).some(([key, value]) => labels[key] === value));
      return pdb ? undefined : 'no PodDisruptionBudget';
    },
  },
  // missingNetworkPolicy.yaml (PodTemplate): a NetworkPolicy whose podSelector.matchLabels holds exactly one of the
  // pod's labels (oneOf), with non-empty ingress and egress and both policy types
  {
    id: 'missingNetworkPolicy',
    check: ({ object, template, all }) => {
      const labels: Labels = template.metadata?.labels ?? {};
      const policy = all.find((o) => o.kind === 'NetworkPolicy' && (o.metadata?.namespace ?? '') === (object.metadata?.namespace ?? '')
        && Object.entries(labels).filter(([key, value]) => o.spec?.podSelector?.matchLabels?.[key] === value).length === 1
        && (o.spec?.egress ?? []).length > 0 && (o.spec?.ingress ?? []).length > 0
        && ['Egress', 'Ingress'].every((type) => (o.spec?.policyTypes ?? []).some((t: string) => t.toLowerCase() === type.toLowerCase())));
      return policy ? undefined : 'no NetworkPolicy with ingress and egress rules selects the pods';
    },
  },
];

/** Polaris default checks of warning or danger severity, on every workload and on HPAs and PDBs. */
export function polarisFindings(objects: Manifest[]): ScannerFinding[] {
  const findings: ScannerFinding[] = [];
  const add = (object: Manifest, check: string, message: string | undefined) => {
    if (message !== undefined && !polarisExempt(object, check)) {
      findings.push({ scanner: 'polaris', check, object: describe(object), message });
    }
  };
  for (const object of objects) {
    if (object.kind === 'HorizontalPodAutoscaler') {
      // hpaMaxAvailability / hpaMinAvailability (pkg/validator): maxReplicas above minReplicas; minReplicas (if set) above 1
      const min = object.spec?.minReplicas;
      add(object, 'hpaMaxAvailability', object.spec?.maxReplicas > (min ?? 1) ? undefined : 'maxReplicas not above minReplicas');
      add(object, 'hpaMinAvailability', min === undefined || min > 1 ? undefined : `minReplicas ${min}`);
    }
    if (object.kind === 'PodDisruptionBudget') {
      // pdbDisruptionsIsZero.yaml: no maxUnavailable of 0 and no minAvailable of 100%
      const max = object.spec?.maxUnavailable;
      add(object, 'pdbDisruptionsIsZero', max === 0 || max === '0%' || object.spec?.minAvailable === '100%' ? 'allows no disruption' : undefined);
    }
    if (!WORKLOAD_KINDS.has(object.kind)) {
      continue;
    }
    const template = podTemplateOf(object);
    const spec = template?.spec;
    if (!template || !spec) {
      continue;
    }
    const ctx: PodContext = { object, template, spec, all: objects };
    for (const check of POLARIS_POD_CHECKS) {
      if ((check.kinds && !check.kinds.includes(object.kind)) || check.skipKinds?.includes(object.kind)) {
        continue;
      }
      add(object, check.id, check.check(ctx));
    }
    for (const check of POLARIS_CONTAINER_CHECKS) {
      if (check.skipKinds?.includes(object.kind)) {
        continue;
      }
      for (const container of [...(check.init ? spec.initContainers ?? [] : []), ...(spec.containers ?? [])]) {
        const message = check.check(container, ctx);
        add(object, check.id, message === undefined ? undefined : `${container.name}: ${message}`);
      }
    }
  }
  return findings;
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** kube-score default checks, graded warning or critical, with its `kube-score/ignore` annotation honoured. */
export function kubeScoreFindings(objects: Manifest[]): ScannerFinding[] {
  const findings: ScannerFinding[] = [];
  const add = (object: Manifest, check: string, message: string | undefined) => {
    if (message !== undefined && !kubeScoreIgnored(object, check)) {
      findings.push({ scanner: 'kube-score', check, object: describe(object), message });
    }
  };
  const inNamespace = (object: Manifest, kind: string) => objects.filter((o) => o.kind === kind
    && (o.metadata?.namespace ?? '') === (object.metadata?.namespace ?? ''));
  const pods = objects.filter((o) => WORKLOAD_KINDS.has(o.kind)).map((o) => ({ object: o, template: podTemplateOf(o) }));
  for (const object of objects) {
    // label-values (score/meta): every label value valid
    for (const [key, value] of Object.entries<string>(object.metadata?.labels ?? {})) {
      add(object, 'label-values', typeof value === 'string' && value.length <= 63 && LABEL_VALUE.test(value) ? undefined : `label ${key}=${value}`);
    }
    if (object.kind === 'Service') {
      // service-type (score/service): not NodePort; service-targets-pod: the selector matches a pod template
      add(object, 'service-type', object.spec?.type === 'NodePort' ? 'NodePort' : undefined);
      if (object.spec?.selector && object.spec?.type !== 'ExternalName') {
        const targeted = pods.some(({ object: o, template }) => (o.metadata?.namespace ?? '') === (object.metadata?.namespace ?? '')
          && matchLabelsSelect(object.spec.selector, template?.metadata?.labels ?? {}));
        add(object, 'service-targets-pod', targeted ? undefined : 'selects no pod');
      }
    }
    if (object.kind === 'NetworkPolicy') {
      // networkpolicy-targets-pod (score/networkpolicy): the podSelector matches a pod of the namespace
      const targeted = pods.some(({ object: o, template }) => (o.metadata?.namespace ?? '') === (object.metadata?.namespace ?? '')
        && selectorSelects(object.spec?.podSelector ?? {}, template?.metadata?.labels ?? {}));
      add(object, 'networkpolicy-targets-pod', targeted ? undefined : 'selects no pod');
    }
    if (object.kind === 'HorizontalPodAutoscaler') {
      // horizontalpodautoscaler-has-target (score/hpa): the target exists
      const ref = object.spec?.scaleTargetRef ?? {};
      const target = objects.some((o) => o.kind === ref.kind && o.metadata?.name === ref.name && (o.metadata?.namespace ?? '') === (object.metadata?.namespace ?? ''));
      add(object, 'horizontalpodautoscaler-has-target', target ? undefined : 'no such target');
    }
    if (object.kind === 'CronJob') {
      // cronjob-has-deadline (score/cronjob): startingDeadlineSeconds set
      add(object, 'cronjob-has-deadline', has(object.spec?.startingDeadlineSeconds) ? undefined : 'no startingDeadlineSeconds');
    }
    if (!WORKLOAD_KINDS.has(object.kind)) {
      continue;
    }
    const template = podTemplateOf(object);
    const spec = template?.spec;
    if (!template || !spec) {
      continue;
    }
    const labels: Labels = template.metadata?.labels ?? {};
    const containers: Manifest[] = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
    for (const c of containers) {
      // container-resources (score/container): cpu and memory limits and requests
      const missing = ['limits.cpu', 'limits.memory', 'requests.cpu', 'requests.memory'].filter((path) => {
        const [kind, resource] = path.split('.');
        return !has(c.resources?.[kind]?.[resource]);
      });
      add(object, 'container-resources', missing.length === 0 ? undefined : `${c.name}: no ${missing.join(', ')}`);
      // container-image-tag: an explicit tag other than latest
      const tag = (c.image ?? '').includes(':') ? (c.image as string).split(':').pop() : '';
      add(object, 'container-image-tag', tag && tag !== 'latest' ? undefined : `${c.name}: image ${c.image}`);
      // container-image-pull-policy: Always
      add(object, 'container-image-pull-policy', c.imagePullPolicy === 'Always' ? undefined : `${c.name}: ${c.imagePullPolicy}`);
      // container-security-context (score/security): not privileged, user and group above 10000, read-only root
      const sc = c.securityContext ?? {};
      const user = sc.runAsUser ?? spec.securityContext?.runAsUser;
      const group = sc.runAsGroup ?? spec.securityContext?.runAsGroup;
      const problems = [
        sc.privileged === true ? 'privileged' : undefined,
        !(user > 10000) ? `runAsUser ${user}` : undefined,
        !(group > 10000) ? `runAsGroup ${group}` : undefined,
        sc.readOnlyRootFilesystem !== true ? 'writable root filesystem' : undefined,
      ].filter((p) => p !== undefined);
      add(object, 'container-security-context', problems.length === 0 ? undefined : `${c.name}: ${problems.join(', ')}`);
    }
    // pod-networkpolicy (score/networkpolicy/networkpolicy.go): a policy of the namespace one of whose matchLabels the pod
    // carries (an empty podSelector does not count there) declares Ingress, and one declares Egress, in policyTypes
    const policies = inNamespace(object, 'NetworkPolicy')
      .filter((p) => Object.entries(p.spec?.podSelector?.matchLabels ?? {}).some(([key, value]) => labels[key] === value));
    const types = new Set(policies.flatMap((p) => p.spec?.policyTypes ?? []));
    add(object, 'pod-networkpolicy', types.has('Ingress') && types.has('Egress') ? undefined : 'not isolated for ingress and egress');
    // pod-probes (score/probes/probes.go)
    add(object, 'pod-probes', podProbesProblem(object, template, objects));
    if (object.kind === 'Deployment' || object.kind === 'StatefulSet') {
      const prefix = object.kind.toLowerCase();
      // <kind>-has-poddisruptionbudget (score/disruptionbudget): a PDB of the namespace selects the pods
      const pdb = inNamespace(object, 'PodDisruptionBudget').some((p) => selectorSelects(p.spec?.selector, labels));
      add(object, `${prefix}-has-poddisruptionbudget`, pdb ? undefined : 'no PodDisruptionBudget');
      // <kind>-has-host-podantiaffinity (score/podtopology): with 2+ replicas, a pod anti-affinity on kubernetes.io/hostname
      const replicas = object.spec?.replicas ?? 1;
      const hpa = objects.some((o) => o.kind === 'HorizontalPodAutoscaler' && o.spec?.scaleTargetRef?.name === object.metadata?.name);
      if (replicas >= 2 || hpa) {
        const anti = spec.affinity?.podAntiAffinity ?? {};
        const terms = [...(anti.requiredDuringSchedulingIgnoredDuringExecution ?? []),
          ...(anti.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((p: Manifest) => p.podAffinityTerm)];
        const ok = terms.some((t: Manifest) => t?.topologyKey === 'kubernetes.io/hostname' && selectorSelects(t.labelSelector, labels));
        add(object, `${prefix}-has-host-podantiaffinity`, ok ? undefined : 'no host pod anti-affinity');
      }
    }
    if (object.kind === 'Deployment') {
      // deployment-targeted-by-hpa-does-not-have-replicas-configured (score/deployment)
      const hpa = objects.some((o) => o.kind === 'HorizontalPodAutoscaler' && o.spec?.scaleTargetRef?.kind === 'Deployment'
        && o.spec?.scaleTargetRef?.name === object.metadata?.name);
      add(object, 'deployment-targeted-by-hpa-does-not-have-replicas-configured', hpa && has(object.spec?.replicas) ? 'replicas set' : undefined);
    }
  }
  return findings;
}

function intValue(port: unknown): number {
  return typeof port === 'number' ? port : (typeof port === 'string' && /^\d+$/.test(port) ? Number(port) : 0);
}

/** score/probes/probes.go: identical readiness and liveness probes (critical), no readiness probe when targeted (critical). */
function podProbesProblem(object: Manifest, template: Manifest, objects: Manifest[]): string | undefined {
  if (object.kind === 'Job' || object.kind === 'CronJob') {
    return undefined;
  }
  const containers: Manifest[] = [...(template.spec?.initContainers ?? []), ...(template.spec?.containers ?? [])];
  let identical = false;
  for (const c of containers) {
    const r = c.readinessProbe;
    const l = c.livenessProbe;
    if (r && l) {
      identical ||= !!(r.httpGet && l.httpGet && r.httpGet.path === l.httpGet.path && intValue(r.httpGet.port) === intValue(l.httpGet.port));
      identical ||= !!(r.tcpSocket && l.tcpSocket && JSON.stringify(r.tcpSocket.port) === JSON.stringify(l.tcpSocket.port));
      identical ||= !!(r.exec && l.exec && JSON.stringify(r.exec.command) === JSON.stringify(l.exec.command));
    }
  }
  const hasReadiness = containers.some((c) => c.readinessProbe);
  const hasLiveness = containers.some((c) => c.livenessProbe);
  if (hasReadiness && hasLiveness && identical) {
    return 'the same readiness and liveness probe';
  }
  const targeted = has(template.spec?.serviceAccountName) || objects.some((s) => s.kind === 'Service' && s.spec?.selector
    && (s.metadata?.namespace ?? '') === (object.metadata?.namespace ?? '') && matchLabelsSelect(s.spec.selector, template.metadata?.labels ?? {}));
  return targeted && !hasReadiness ? 'no readinessProbe' : undefined;
}

/** Every Polaris and kube-score finding of `objects`, as `scanner check object: message` lines. */
export function scannerFindings(objects: Manifest[]): string[] {
  return [...polarisFindings(objects), ...kubeScoreFindings(objects)].map((f) => `${f.scanner} ${f.check} ${f.object}: ${f.message}`);
}
