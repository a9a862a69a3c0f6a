/**
 * Which check of each common scanner corresponds to each hardening control: the one place the scanner check ids live.
 * docs/rules.md lists them per rule, the constructs write the scanners' own exemptions from it, and the scanner
 * agreement tests evaluate the mapped checks on the library's output.
 *
 * Every id is taken from the scanner's published catalogue:
 * - Polaris: pkg/config/default.yaml and pkg/config/checks/*.yaml of FairwindsOps/polaris
 * - kube-score: README_CHECKS.md of zegl/kube-score
 * - kube-linter: pkg/builtinchecks/yamls/*.yaml of stackrox/kube-linter
 * - kubescape: controls/C-*.json of kubescape/regolibrary
 * - Trivy: the KSV checks of aquasecurity/trivy-checks (checks/kubernetes)
 * - checkov: the CKV_K8S checks of bridgecrewio/checkov (checkov/kubernetes/checks)
 *
 * An empty list means the scanner has no check for the control, or none whose id could be verified.
 */

import { RuleId } from './rule-id';

/** The check ids of each scanner for one control. */
export interface ScannerCheckIds {
  readonly polaris: readonly string[];
  readonly kubeScore: readonly string[];
  readonly kubeLinter: readonly string[];
  readonly kubescape: readonly string[];
  readonly trivy: readonly string[];
  readonly checkov: readonly string[];
}

/** The scanners in the order docs list them, with the field of `ScannerCheckIds` and the name to print. */
export const SCANNERS: ReadonlyArray<{ readonly key: keyof ScannerCheckIds; readonly name: string }> = [
  { key: 'polaris', name: 'Polaris' },
  { key: 'kubeScore', name: 'kube-score' },
  { key: 'kubeLinter', name: 'kube-linter' },
  { key: 'kubescape', name: 'kubescape' },
  { key: 'trivy', name: 'Trivy' },
  { key: 'checkov', name: 'checkov' },
];

function checks(ids: Partial<ScannerCheckIds>): ScannerCheckIds {
  return { polaris: [], kubeScore: [], kubeLinter: [], kubescape: [], trivy: [], checkov: [], ...ids };
}

const NONE = checks({});

/** The check ids of every scanner, for every control (typed so that a new RuleId without an entry does not compile). */
export const SCANNER_CHECKS: Readonly<Record<RuleId, ScannerCheckIds>> = {
  [RuleId.POD_NO_HOSTNETWORK]: checks({
    polaris: ['hostNetworkSet'], kubeLinter: ['host-network'], kubescape: ['C-0041'], trivy: ['KSV009'], checkov: ['CKV_K8S_19'],
  }),
  [RuleId.POD_NO_HOSTPID]: checks({ polaris: ['hostPIDSet'], kubeLinter: ['host-pid'], kubescape: ['C-0038'], trivy: ['KSV010'], checkov: ['CKV_K8S_17'] }),
  [RuleId.POD_NO_HOSTIPC]: checks({ polaris: ['hostIPCSet'], kubeLinter: ['host-ipc'], kubescape: ['C-0038'], trivy: ['KSV008'] }),
  [RuleId.CTR_NOT_PRIVILEGED]: checks({
    polaris: ['runAsPrivileged'],
    kubeScore: ['container-security-context'],
    kubeLinter: ['privileged-container'],
    kubescape: ['C-0057'],
    trivy: ['KSV017'],
    checkov: ['CKV_K8S_16'],
  }),
  [RuleId.CTR_CAPS_ADD]: checks({
    polaris: ['dangerousCapabilities', 'insecureCapabilities'], kubescape: ['C-0046'], trivy: ['KSV005'], checkov: ['CKV_K8S_37'],
  }),
  [RuleId.CTR_DROP_ALL]: checks({
    polaris: ['insecureCapabilities'], kubeLinter: ['drop-net-raw-capability'], kubescape: ['C-0046'], trivy: ['KSV003'], checkov: ['CKV_K8S_28', 'CKV_K8S_37'],
  }),
  [RuleId.POD_NO_HOSTPATH]: checks({ polaris: ['hostPathSet'], kubeLinter: ['sensitive-host-mounts'], kubescape: ['C-0048'], trivy: ['KSV023'] }),
  [RuleId.POD_HOSTPATH_READONLY]: checks({
    kubeLinter: ['writable-host-mount', 'docker-sock'], kubescape: ['C-0045', 'C-0074'], trivy: ['KSV006'],
  }),
  [RuleId.POD_VOLUME_TYPES]: checks({ trivy: ['KSV028'] }),
  [RuleId.CTR_NO_HOSTPORT]: checks({ polaris: ['hostPortSet'], kubescape: ['C-0044'], trivy: ['KSV024'] }),
  [RuleId.POD_APPARMOR]: checks({ polaris: ['linuxHardening'], kubescape: ['C-0055'], trivy: ['KSV002'] }),
  [RuleId.POD_SELINUX]: checks({ kubescape: ['C-0055'], trivy: ['KSV025'] }),
  [RuleId.CTR_PROCMOUNT]: checks({ polaris: ['procMount'], kubeLinter: ['unsafe-proc-mount'], trivy: ['KSV027'] }),
  [RuleId.POD_SECCOMP]: checks({
    polaris: ['linuxHardening'], kubeScore: ['container-seccomp-profile'], kubescape: ['C-0055'], trivy: ['KSV030'], checkov: ['CKV_K8S_31'],
  }),
  [RuleId.POD_SYSCTLS]: checks({ kubeLinter: ['unsafe-sysctls'] }),
  [RuleId.POD_NO_HOSTPROCESS]: checks({ polaris: ['hostProcess'] }),
  [RuleId.CTR_NO_PRIV_ESC]: checks({
    polaris: ['privilegeEscalationAllowed'], kubeLinter: ['privilege-escalation-container'], kubescape: ['C-0016'], trivy: ['KSV001'], checkov: ['CKV_K8S_20'],
  }),
  [RuleId.POD_RUN_AS_NONROOT]: checks({
    polaris: ['runAsRootAllowed'],
    kubeScore: ['container-security-context'],
    kubeLinter: ['run-as-non-root'],
    kubescape: ['C-0013'],
    trivy: ['KSV012'],
    checkov: ['CKV_K8S_23'],
  }),
  [RuleId.POD_RUNASUSER_NONZERO]: checks({ polaris: ['runAsRootAllowed'], kubeLinter: ['run-as-non-root'], kubescape: ['C-0013'], trivy: ['KSV012'] }),
  [RuleId.POD_NONROOT_GROUPS]: checks({ trivy: ['KSV029'] }),
  [RuleId.POD_VOLUME_FSGROUP]: NONE,
  [RuleId.POD_HIGH_UID_GID]: checks({ kubeScore: ['container-security-context'], trivy: ['KSV020', 'KSV021'], checkov: ['CKV_K8S_40'] }),
  [RuleId.CTR_READONLY_ROOTFS]: checks({
    polaris: ['notReadOnlyRootFilesystem'],
    kubeScore: ['container-security-context'],
    kubeLinter: ['no-read-only-root-fs'],
    kubescape: ['C-0017'],
    trivy: ['KSV014'],
    checkov: ['CKV_K8S_22'],
  }),
  [RuleId.POD_NO_SA_TOKEN]: checks({ polaris: ['automountServiceAccountToken'], kubescape: ['C-0034'], trivy: ['KSV036'], checkov: ['CKV_K8S_38'] }),
  [RuleId.POD_OWN_SA]: checks({ kubeLinter: ['default-service-account', 'non-existent-service-account'] }),
  [RuleId.CTR_RESOURCES]: checks({
    polaris: ['cpuRequestsMissing', 'cpuLimitsMissing', 'memoryRequestsMissing', 'memoryLimitsMissing'],
    kubeScore: ['container-resources'],
    kubeLinter: ['unset-cpu-requirements', 'unset-memory-requirements'],
    kubescape: ['C-0004', 'C-0009', 'C-0050'],
    trivy: ['KSV011', 'KSV015', 'KSV016', 'KSV018'],
    checkov: ['CKV_K8S_10', 'CKV_K8S_11', 'CKV_K8S_12', 'CKV_K8S_13'],
  }),
  [RuleId.CTR_EPHEMERAL_STORAGE]: checks({ kubeLinter: ['unset-ephemeral-storage-requirements'] }),
  [RuleId.CTR_MOUNT_PATHS]: NONE,
  [RuleId.POD_EMPTYDIR_SIZE]: NONE,
  [RuleId.CTR_LIMITRANGE_BOUNDS]: NONE,
  [RuleId.CTR_PROBES]: checks({
    polaris: ['readinessProbeMissing', 'livenessProbeMissing'],
    kubeScore: ['pod-probes'],
    kubeLinter: ['no-readiness-probe', 'no-liveness-probe', 'liveness-port'],
    kubescape: ['C-0018', 'C-0056'],
    checkov: ['CKV_K8S_8', 'CKV_K8S_9'],
  }),
  [RuleId.IMG_TAG]: checks({ polaris: ['tagNotSpecified'], kubeScore: ['container-image-tag'], kubeLinter: ['latest-tag'], trivy: ['KSV013'], checkov: ['CKV_K8S_14'] }),
  [RuleId.IMG_DIGEST]: checks({ kubeLinter: ['image-not-pinned-by-digest'], checkov: ['CKV_K8S_43'] }),
  [RuleId.IMG_PULL_ALWAYS]: checks({ polaris: ['pullPolicyNotAlways'], kubeScore: ['container-image-pull-policy'], kubescape: ['C-0075'], checkov: ['CKV_K8S_15'] }),
  [RuleId.IMG_REGISTRY]: checks({ kubescape: ['C-0078'] }),
  [RuleId.CTR_NO_SECRET_ENV]: checks({ polaris: ['sensitiveContainerEnvVar'], kubeLinter: ['env-var-secret'], kubescape: ['C-0012'] }),
  [RuleId.CTR_SECRETS_AS_FILES]: checks({ kubeLinter: ['read-secret-from-env-var'], checkov: ['CKV_K8S_35'] }),
  [RuleId.CM_NO_SECRETS]: checks({ polaris: ['sensitiveConfigmapContent'], kubescape: ['C-0012'] }),
  [RuleId.SECRET_NO_PLAINTEXT]: NONE,
  [RuleId.WL_NAMESPACE]: checks({ kubeLinter: ['use-namespace'], kubescape: ['C-0061'], checkov: ['CKV_K8S_21'] }),
  [RuleId.WL_NAMESPACE_DECLARED]: NONE,
  [RuleId.POD_PRIVILEGED_PORT]: checks({ kubeLinter: ['privileged-ports'] }),
  [RuleId.NS_PSA]: NONE,
  [RuleId.NS_DEFAULT_DENY]: checks({ polaris: ['missingNetworkPolicy'], kubeScore: ['pod-networkpolicy'], kubeLinter: ['non-isolated-pod'], kubescape: ['C-0030'] }),
  [RuleId.NS_DNS_EGRESS]: NONE,
  [RuleId.NETPOL_NARROW_PEERS]: checks({ kubeScore: ['networkpolicy-targets-pod'] }),
  [RuleId.NS_QUOTA]: NONE,
  [RuleId.NS_LIMITRANGE]: NONE,
  [RuleId.NS_DEFAULT_SA]: NONE,
  [RuleId.ING_TLS]: NONE,
  [RuleId.ING_CLASS]: NONE,
  [RuleId.ING_REDIRECT_HSTS]: NONE,
  [RuleId.ING_BACKEND]: checks({ kubeScore: ['ingress-targets-service'] }),
  [RuleId.ING_NO_SNIPPETS]: NONE,
  [RuleId.SVC_TYPE]: checks({ kubeScore: ['service-type'], kubeLinter: ['exposed-services'] }),
  [RuleId.SVC_NO_EXTERNALIPS]: NONE,
  [RuleId.AVAIL_PDB]: checks({
    polaris: ['missingPodDisruptionBudget', 'pdbDisruptionsIsZero'],
    kubeScore: ['deployment-has-poddisruptionbudget', 'statefulset-has-poddisruptionbudget'],
    kubeLinter: ['pdb-max-unavailable', 'pdb-unhealthy-pod-eviction-policy'],
  }),
  [RuleId.AVAIL_REPLICAS]: checks({ polaris: ['deploymentMissingReplicas', 'hpaMinAvailability'], kubeLinter: ['minimum-three-replicas'] }),
  [RuleId.AVAIL_SPREAD]: checks({
    polaris: ['topologySpreadConstraint'], kubeScore: ['deployment-has-host-podantiaffinity', 'statefulset-has-host-podantiaffinity'], kubeLinter: ['no-anti-affinity'],
  }),
  [RuleId.WL_ROLLING]: checks({ kubeLinter: ['no-rolling-update-strategy'] }),
  [RuleId.STS_VOLUME_CLAIMS]: NONE,
  [RuleId.STS_PVC_RETENTION]: NONE,
  [RuleId.STS_SERVICE_NAME]: NONE,
  [RuleId.JOB_LIMITS]: NONE,
  [RuleId.JOB_CLEANUP]: checks({ kubeLinter: ['job-ttl-seconds-after-finished'] }),
  [RuleId.CRONJOB_CONCURRENCY]: NONE,
  [RuleId.CRONJOB_DEADLINE]: checks({ kubeScore: ['cronjob-has-deadline'] }),
  [RuleId.CRONJOB_SCHEDULE]: NONE,
  [RuleId.POD_PRIORITY_CLASS]: checks({ polaris: ['priorityClassNotSet'], kubeLinter: ['priority-class-name'] }),
  [RuleId.POD_TOLERATIONS]: NONE,
  [RuleId.META_LABELS]: checks({ polaris: ['metadataAndInstanceMismatched'], kubeScore: ['label-values'] }),
  [RuleId.META_EXCEPTION_ANNOTATION]: NONE,
  [RuleId.META_SCANNER_EXEMPTION]: NONE,
  [RuleId.META_UNIQUE_OBJECT]: NONE,
  [RuleId.META_NAME]: NONE,
  [RuleId.RBAC_NO_ADMIN]: checks({
    polaris: ['clusterrolebindingClusterAdmin', 'rolebindingClusterAdminClusterRole', 'rolebindingClusterAdminRole'], kubeLinter: ['cluster-admin-role-binding'],
  }),
  [RuleId.RBAC_SECRETS]: checks({ kubeLinter: ['access-to-secrets'] }),
  [RuleId.RBAC_EXEC]: checks({
    polaris: ['clusterrolePodExecAttach', 'rolePodExecAttach', 'clusterrolebindingPodExecAttach', 'rolebindingClusterRolePodExecAttach',
      'rolebindingRolePodExecAttach'],
  }),
  [RuleId.RBAC_BROAD_SUBJECT]: NONE,
  [RuleId.RBAC_ESCALATE]: NONE,
  [RuleId.RBAC_SA_TOKEN]: NONE,
  [RuleId.RBAC_CREATE_PODS]: checks({ kubeLinter: ['access-to-create-pods'] }),
  [RuleId.RBAC_NODES_PROXY]: NONE,
};

/** The check ids of `scanner` that correspond to `rules`, without duplicates, sorted. */
export function scannerChecksOf(rules: readonly RuleId[], scanner: keyof ScannerCheckIds): string[] {
  return [...new Set(rules.flatMap((rule) => SCANNER_CHECKS[rule]?.[scanner] ?? []))].sort();
}

/**
 * Checks that apply only to some kinds (from each check's definition): an exemption is written only on an object the
 * check reads, so an exemption never names a check that could not fire there.
 */
const CHECK_KINDS: Readonly<Record<string, { readonly include?: readonly string[]; readonly exclude?: readonly string[] }>> = {
  // Polaris: controllers.include / exclude of pkg/config/checks/<check>.yaml; hpa* read HorizontalPodAutoscalers.
  'polaris:deploymentMissingReplicas': { include: ['Deployment'] },
  'polaris:missingPodDisruptionBudget': { include: ['Deployment'] },
  'polaris:readinessProbeMissing': { exclude: ['Job', 'CronJob'] },
  'polaris:livenessProbeMissing': { exclude: ['Job', 'CronJob'] },
  'polaris:hpaMinAvailability': { include: ['HorizontalPodAutoscaler'] },
  'polaris:hpaMaxAvailability': { include: ['HorizontalPodAutoscaler'] },
  'polaris:pdbDisruptionsIsZero': { include: ['PodDisruptionBudget'] },
  // kube-score: the Target column of README_CHECKS.md; pod-probes skips batch Jobs and CronJobs (score/probes/probes.go).
  'kubeScore:deployment-has-poddisruptionbudget': { include: ['Deployment'] },
  'kubeScore:statefulset-has-poddisruptionbudget': { include: ['StatefulSet'] },
  'kubeScore:deployment-has-host-podantiaffinity': { include: ['Deployment'] },
  'kubeScore:statefulset-has-host-podantiaffinity': { include: ['StatefulSet'] },
  'kubeScore:cronjob-has-deadline': { include: ['CronJob'] },
  'kubeScore:pod-probes': { exclude: ['Job', 'CronJob'] },
  'kubeScore:networkpolicy-targets-pod': { include: ['NetworkPolicy'] },
  'kubeScore:service-type': { include: ['Service'] },
  'kubeScore:ingress-targets-service': { include: ['Ingress'] },
  // kube-linter: scope.objectKinds of pkg/builtinchecks/yamls/<check>.yaml.
  'kubeLinter:pdb-max-unavailable': { include: ['PodDisruptionBudget'] },
  'kubeLinter:pdb-unhealthy-pod-eviction-policy': { include: ['PodDisruptionBudget'] },
  'kubeLinter:exposed-services': { include: ['Service'] },
  'kubeLinter:job-ttl-seconds-after-finished': { include: ['Job', 'CronJob'] },
};

/** Whether the check `check` of `scanner` reads objects of `kind`. */
export function checkAppliesTo(scanner: keyof ScannerCheckIds, check: string, kind: string): boolean {
  const kinds = CHECK_KINDS[`${scanner}:${check}`];
  return (!kinds?.include || kinds.include.includes(kind)) && !kinds?.exclude?.includes(kind);
}

/**
 * The checks of `ids` whose scope names `kind` (for objects that are not workloads, such as a HorizontalPodAutoscaler:
 * a check without a kind list reads the workloads only).
 */
export function checksNamingKind(ids: ScannerCheckIds, kind: string): ScannerCheckIds {
  return filterChecks(ids, (scanner, check) => CHECK_KINDS[`${scanner}:${check}`]?.include?.includes(kind) === true);
}

/** The checks of `ids` that read objects of `kind`. */
export function checksForKind(ids: ScannerCheckIds, kind: string): ScannerCheckIds {
  return filterChecks(ids, (scanner, check) => checkAppliesTo(scanner, check, kind));
}

function filterChecks(ids: ScannerCheckIds, keep: (scanner: keyof ScannerCheckIds, check: string) => boolean): ScannerCheckIds {
  const of = (scanner: keyof ScannerCheckIds) => ids[scanner].filter((check) => keep(scanner, check));
  return {
    polaris: of('polaris'),
    kubeScore: of('kubeScore'),
    kubeLinter: of('kubeLinter'),
    kubescape: of('kubescape'),
    trivy: of('trivy'),
    checkov: of('checkov'),
  };
}
