import { RuleId } from '../../profile/rule-id';
import { AuditRule } from '../engine/audit-rule';
import { availPdb } from './availability/avail-pdb';
import { availReplicas } from './availability/avail-replicas';
import { availSpread } from './availability/avail-spread';
import { ctrProbes } from './availability/ctr-probes';
import { podPriorityClass } from './availability/pod-priority-class';
import { wlRolling } from './availability/wl-rolling';
import { ctrMountPaths } from './filesystem/ctr-mount-paths';
import { ctrReadOnlyRootFs } from './filesystem/ctr-readonly-rootfs';
import { imgDigest } from './images/img-digest';
import { imgPullAlways } from './images/img-pull-always';
import { imgRegistry } from './images/img-registry';
import { imgTag } from './images/img-tag';
import { metaExceptionAnnotation } from './metadata/meta-exception-annotation';
import { metaLabels } from './metadata/meta-labels';
import { metaName } from './metadata/meta-name';
import { metaScannerExemption } from './metadata/meta-scanner-exemption';
import { metaUniqueObject } from './metadata/meta-unique-object';
import { nsPsa } from './namespaces/ns-psa';
import { wlNamespace } from './namespaces/wl-namespace';
import { wlNamespaceDeclared } from './namespaces/wl-namespace-declared';
import { ingBackend } from './network/ing-backend';
import { ingClass } from './network/ing-class';
import { ingNoSnippets } from './network/ing-no-snippets';
import { netpolNarrowPeers } from './network/netpol-narrow-peers';
import { nsDefaultDeny } from './network/ns-default-deny';
import { nsDnsEgress } from './network/ns-dns-egress';
import { svcNoExternalIps } from './network/svc-no-externalips';
import { svcType } from './network/svc-type';
import { ctrCapsAdd } from './privilege/ctr-caps-add';
import { ctrDropAll } from './privilege/ctr-drop-all';
import { ctrNoHostPort } from './privilege/ctr-no-hostport';
import { ctrNoPrivEsc } from './privilege/ctr-no-priv-esc';
import { ctrNotPrivileged } from './privilege/ctr-not-privileged';
import { ctrProcMount } from './privilege/ctr-procmount';
import { podAppArmor } from './privilege/pod-apparmor';
import { podHighUidGid } from './privilege/pod-high-uid-gid';
import { podHostPathReadOnly } from './privilege/pod-hostpath-readonly';
import { podNoHostIpc } from './privilege/pod-no-hostipc';
import { podNoHostNetwork } from './privilege/pod-no-hostnetwork';
import { podNoHostPath } from './privilege/pod-no-hostpath';
import { podNoHostPid } from './privilege/pod-no-hostpid';
import { podNoHostProcess } from './privilege/pod-no-hostprocess';
import { podNonRootGroups } from './privilege/pod-nonroot-groups';
import { podPrivilegedPort } from './privilege/pod-privileged-port';
import { podRunAsNonRoot } from './privilege/pod-run-as-nonroot';
import { podRunAsUserNonZero } from './privilege/pod-runasuser-nonzero';
import { podSeccomp } from './privilege/pod-seccomp';
import { podSeLinux } from './privilege/pod-selinux';
import { podSysctls } from './privilege/pod-sysctls';
import { podTolerations } from './privilege/pod-tolerations';
import { podVolumeFsGroup } from './privilege/pod-volume-fsgroup';
import { podVolumeTypes } from './privilege/pod-volume-types';
import { rbacBroadSubject } from './rbac/rbac-broad-subject';
import { rbacCreatePods } from './rbac/rbac-create-pods';
import { rbacEscalate } from './rbac/rbac-escalate';
import { rbacExec } from './rbac/rbac-exec';
import { rbacNoAdmin } from './rbac/rbac-no-admin';
import { rbacNodesProxy } from './rbac/rbac-nodes-proxy';
import { rbacSaToken } from './rbac/rbac-sa-token';
import { rbacSecrets } from './rbac/rbac-secrets';
import { ctrEphemeralStorage } from './resources/ctr-ephemeral-storage';
import { ctrLimitRangeBounds } from './resources/ctr-limitrange-bounds';
import { ctrResources } from './resources/ctr-resources';
import { nsLimitRange } from './resources/ns-limitrange';
import { nsQuota } from './resources/ns-quota';
import { podEmptyDirSize } from './resources/pod-emptydir-size';
import { cmNoSecrets } from './secrets/cm-no-secrets';
import { ctrNoSecretEnv } from './secrets/ctr-no-secret-env';
import { ctrSecretsAsFiles } from './secrets/ctr-secrets-as-files';
import { secretNoPlaintext } from './secrets/secret-no-plaintext';
import { nsDefaultSa } from './service-accounts/ns-default-sa';
import { podNoSaToken } from './service-accounts/pod-no-sa-token';
import { podOwnSa } from './service-accounts/pod-own-sa';
import { ingRedirectHsts } from './tls/ing-redirect-hsts';
import { ingTls } from './tls/ing-tls';
import { cronJobConcurrency } from './workload-kinds/cronjob-concurrency';
import { cronJobDeadline } from './workload-kinds/cronjob-deadline';
import { cronJobSchedule } from './workload-kinds/cronjob-schedule';
import { jobCleanup } from './workload-kinds/job-cleanup';
import { jobLimits } from './workload-kinds/job-limits';
import { stsPvcRetention } from './workload-kinds/sts-pvc-retention';
import { stsServiceName } from './workload-kinds/sts-service-name';
import { stsVolumeClaims } from './workload-kinds/sts-volume-claims';

/** Every rule, in catalog order (the order of docs/rules.md). */
export const ALL_RULES: readonly AuditRule[] = [
  podNoHostNetwork,
  podNoHostPid,
  podNoHostIpc,
  ctrNotPrivileged,
  ctrCapsAdd,
  ctrDropAll,
  podNoHostPath,
  podHostPathReadOnly,
  podVolumeTypes,
  ctrNoHostPort,
  podAppArmor,
  podSeLinux,
  ctrProcMount,
  podSeccomp,
  podSysctls,
  podNoHostProcess,
  ctrNoPrivEsc,
  podRunAsNonRoot,
  podRunAsUserNonZero,
  podNonRootGroups,
  podVolumeFsGroup,
  podHighUidGid,
  ctrReadOnlyRootFs,
  podNoSaToken,
  podOwnSa,
  ctrResources,
  ctrEphemeralStorage,
  ctrMountPaths,
  podEmptyDirSize,
  ctrLimitRangeBounds,
  ctrProbes,
  imgTag,
  imgDigest,
  imgPullAlways,
  imgRegistry,
  ctrNoSecretEnv,
  ctrSecretsAsFiles,
  cmNoSecrets,
  secretNoPlaintext,
  wlNamespace,
  wlNamespaceDeclared,
  podPrivilegedPort,
  nsPsa,
  nsDefaultDeny,
  nsDnsEgress,
  netpolNarrowPeers,
  nsQuota,
  nsLimitRange,
  nsDefaultSa,
  ingTls,
  ingClass,
  ingRedirectHsts,
  ingBackend,
  ingNoSnippets,
  svcType,
  svcNoExternalIps,
  availPdb,
  availReplicas,
  availSpread,
  wlRolling,
  stsVolumeClaims,
  stsPvcRetention,
  stsServiceName,
  jobLimits,
  jobCleanup,
  cronJobConcurrency,
  cronJobDeadline,
  cronJobSchedule,
  podPriorityClass,
  podTolerations,
  metaLabels,
  metaExceptionAnnotation,
  metaScannerExemption,
  metaUniqueObject,
  metaName,
  rbacNoAdmin,
  rbacSecrets,
  rbacExec,
  rbacBroadSubject,
  rbacEscalate,
  rbacSaToken,
  rbacCreatePods,
  rbacNodesProxy,
];

const BY_ID = new Map<string, AuditRule>(ALL_RULES.map(rule => [rule.id, rule]));

/** The rule with id `id`, if there is one. */
export function ruleById(id: RuleId | string): AuditRule | undefined {
  return BY_ID.get(id);
}
