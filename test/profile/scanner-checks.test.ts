import { RuleId } from '../../src';
import { SCANNER_CHECKS, SCANNERS, scannerChecksOf } from '../../src/profile/scanner-checks';

/**
 * The published catalogues the ids come from (only the checks the map uses need to be listed here; an id outside
 * these lists fails the test, so a typo or an invented id cannot slip in):
 * - Polaris pkg/config/default.yaml (FairwindsOps/polaris)
 * - kube-score README_CHECKS.md (zegl/kube-score)
 * - kube-linter docs/generated/checks.md and pkg/builtinchecks/yamls/*.yaml (stackrox/kube-linter)
 * - kubescape regolibrary controls/C-*.json (kubescape/regolibrary)
 * - Trivy KSV checks (aquasecurity/trivy-checks, checks/kubernetes)
 * - checkov CKV_K8S checks (bridgecrewio/checkov, checkov/kubernetes/checks)
 */
const CATALOGUES: Record<string, ReadonlySet<string>> = {
  polaris: new Set([
    'deploymentMissingReplicas', 'priorityClassNotSet', 'tagNotSpecified', 'pullPolicyNotAlways', 'readinessProbeMissing', 'livenessProbeMissing',
    'metadataAndInstanceMismatched', 'pdbDisruptionsIsZero', 'missingPodDisruptionBudget', 'topologySpreadConstraint', 'hpaMaxAvailability',
    'hpaMinAvailability', 'cpuRequestsMissing', 'cpuLimitsMissing', 'memoryRequestsMissing', 'memoryLimitsMissing', 'automountServiceAccountToken',
    'hostIPCSet', 'hostPathSet', 'hostProcess', 'hostPIDSet', 'linuxHardening', 'missingNetworkPolicy', 'notReadOnlyRootFilesystem',
    'privilegeEscalationAllowed', 'procMount', 'runAsRootAllowed', 'runAsPrivileged', 'dangerousCapabilities', 'insecureCapabilities',
    'hostNetworkSet', 'hostPortSet', 'tlsSettingsMissing', 'sensitiveContainerEnvVar', 'sensitiveConfigmapContent', 'clusterrolePodExecAttach',
    'rolePodExecAttach', 'clusterrolebindingPodExecAttach', 'rolebindingClusterRolePodExecAttach', 'rolebindingRolePodExecAttach',
    'clusterrolebindingClusterAdmin', 'rolebindingClusterAdminClusterRole', 'rolebindingClusterAdminRole',
  ]),
  kubeScore: new Set([
    'ingress-targets-service', 'cronjob-has-deadline', 'container-resources', 'container-resource-requests-equal-limits', 'container-image-tag',
    'container-image-pull-policy', 'statefulset-has-poddisruptionbudget', 'deployment-has-poddisruptionbudget', 'pod-networkpolicy',
    'networkpolicy-targets-pod', 'pod-probes', 'container-security-context', 'container-seccomp-profile', 'service-targets-pod', 'service-type',
    'stable-version', 'deployment-has-host-podantiaffinity', 'statefulset-has-host-podantiaffinity',
    'deployment-targeted-by-hpa-does-not-have-replicas-configured', 'label-values', 'horizontalpodautoscaler-has-target',
  ]),
  kubeLinter: new Set([
    'access-to-create-pods', 'access-to-secrets', 'cluster-admin-role-binding', 'dangling-service', 'default-service-account', 'docker-sock',
    'drop-net-raw-capability', 'env-var-secret', 'exposed-services', 'host-ipc', 'host-network', 'host-pid', 'latest-tag', 'minimum-three-replicas',
    'mismatching-selector', 'no-anti-affinity', 'no-liveness-probe', 'no-read-only-root-fs', 'no-readiness-probe', 'no-rolling-update-strategy',
    'non-existent-service-account', 'non-isolated-pod', 'privilege-escalation-container', 'privileged-container', 'privileged-ports',
    'read-secret-from-env-var', 'run-as-non-root', 'sensitive-host-mounts', 'unsafe-proc-mount', 'unsafe-sysctls', 'unset-cpu-requirements',
    'unset-memory-requirements', 'use-namespace', 'writable-host-mount', 'priority-class-name', 'pdb-max-unavailable',
    'pdb-unhealthy-pod-eviction-policy', 'job-ttl-seconds-after-finished', 'unset-ephemeral-storage-requirements', 'image-not-pinned-by-digest',
    'liveness-port',
  ]),
  kubescape: new Set([
    'C-0004', 'C-0009', 'C-0012', 'C-0013', 'C-0016', 'C-0017', 'C-0018', 'C-0030', 'C-0034', 'C-0038', 'C-0041', 'C-0044', 'C-0045', 'C-0046',
    'C-0048', 'C-0050', 'C-0055', 'C-0056', 'C-0057', 'C-0061', 'C-0074', 'C-0075', 'C-0078',
  ]),
  trivy: new Set([
    'KSV001', 'KSV002', 'KSV003', 'KSV005', 'KSV006', 'KSV008', 'KSV009', 'KSV010', 'KSV011', 'KSV012', 'KSV013', 'KSV014', 'KSV015', 'KSV016',
    'KSV017', 'KSV018', 'KSV020', 'KSV021', 'KSV023', 'KSV024', 'KSV025', 'KSV027', 'KSV028', 'KSV029', 'KSV030', 'KSV036',
  ]),
  checkov: new Set([
    'CKV_K8S_8', 'CKV_K8S_9', 'CKV_K8S_10', 'CKV_K8S_11', 'CKV_K8S_12', 'CKV_K8S_13', 'CKV_K8S_14', 'CKV_K8S_15', 'CKV_K8S_16', 'CKV_K8S_17',
    'CKV_K8S_19', 'CKV_K8S_20', 'CKV_K8S_21', 'CKV_K8S_22', 'CKV_K8S_23', 'CKV_K8S_28', 'CKV_K8S_31', 'CKV_K8S_35', 'CKV_K8S_37', 'CKV_K8S_38',
    'CKV_K8S_40', 'CKV_K8S_43',
  ]),
};

describe('SCANNER_CHECKS', () => {
  test('every rule id has an entry (entries may be empty lists)', () => {
    const missing = Object.values(RuleId).filter((id) => SCANNER_CHECKS[id] === undefined);
    expect(missing).toEqual([]);
    expect(Object.keys(SCANNER_CHECKS).sort()).toEqual(Object.values(RuleId).sort());
  });

  test.each(SCANNERS.map((s) => [s.name, s.key] as const))('every %s id is from its published catalogue', (_name, key) => {
    const unknown = Object.entries(SCANNER_CHECKS).flatMap(([rule, ids]) => ids[key].filter((id) => !CATALOGUES[key].has(id)).map((id) => `${rule}: ${id}`));
    expect(unknown).toEqual([]);
  });

  test('the conflicts of the scanner agreement work are mapped', () => {
    expect(SCANNER_CHECKS[RuleId.IMG_PULL_ALWAYS].polaris).toContain('pullPolicyNotAlways');
    expect(SCANNER_CHECKS[RuleId.IMG_PULL_ALWAYS].kubeScore).toContain('container-image-pull-policy');
    expect(SCANNER_CHECKS[RuleId.POD_PRIORITY_CLASS].polaris).toContain('priorityClassNotSet');
    expect(SCANNER_CHECKS[RuleId.AVAIL_REPLICAS].polaris).toContain('deploymentMissingReplicas');
    expect(SCANNER_CHECKS[RuleId.AVAIL_PDB].polaris).toContain('missingPodDisruptionBudget');
    expect(SCANNER_CHECKS[RuleId.CTR_NO_SECRET_ENV].polaris).toContain('sensitiveContainerEnvVar');
    expect(SCANNER_CHECKS[RuleId.CTR_PROBES].kubeScore).toContain('pod-probes');
  });

  test('scannerChecksOf merges, deduplicates and sorts', () => {
    expect(scannerChecksOf([RuleId.POD_RUN_AS_NONROOT, RuleId.POD_RUNASUSER_NONZERO], 'kubescape')).toEqual(['C-0013']);
    expect(scannerChecksOf([RuleId.CTR_PROBES, RuleId.AVAIL_PDB], 'polaris'))
      .toEqual(['livenessProbeMissing', 'missingPodDisruptionBudget', 'pdbDisruptionsIsZero', 'readinessProbeMissing']);
    expect(scannerChecksOf([], 'polaris')).toEqual([]);
  });
});
