import { RuleId } from '../../profile/rule-id';
import { AuditRule } from '../engine/audit-rule';
import { ctrReadOnlyRootFs } from './filesystem/ctr-readonly-rootfs';
import { ctrCapsAdd } from './privilege/ctr-caps-add';
import { ctrDropAll } from './privilege/ctr-drop-all';
import { ctrNoHostPort } from './privilege/ctr-no-hostport';
import { ctrNoPrivEsc } from './privilege/ctr-no-priv-esc';
import { ctrNotPrivileged } from './privilege/ctr-not-privileged';
import { ctrProcMount } from './privilege/ctr-procmount';
import { podAppArmor } from './privilege/pod-apparmor';
import { podHighUidGid } from './privilege/pod-high-uid-gid';
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
import { podVolumeTypes } from './privilege/pod-volume-types';

/** Every rule, in catalog order. */
export const ALL_RULES: readonly AuditRule[] = [
  podNoHostNetwork,
  podNoHostPid,
  podNoHostIpc,
  ctrNotPrivileged,
  ctrCapsAdd,
  ctrDropAll,
  podNoHostPath,
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
  podHighUidGid,
  ctrReadOnlyRootFs,
  podPrivilegedPort,
];

const BY_ID = new Map<string, AuditRule>(ALL_RULES.map(rule => [rule.id, rule]));

/** The rule with id `id`, if there is one. */
export function ruleById(id: RuleId | string): AuditRule | undefined {
  return BY_ID.get(id);
}
