import { Pack, RuleId, Severity } from '../../../src';
import { Manifest, pod, web, webContainer, webPod } from '../support';
import { describeRule } from './rule-case';

const D = 'Deployment/web';
const P = 'spec.template.spec';
const C = `${P}.containers[0]`;
const SC = `${C}.securityContext`;

/** Adds an init container (hardened like the main one) and returns it. */
function addInit(objects: Manifest[]): Manifest {
  const init = { ...JSON.parse(JSON.stringify(webContainer(objects))), name: 'migrate' };
  delete init.readinessProbe;
  delete init.livenessProbe;
  webPod(objects).initContainers = [init];
  web(objects).spec.template.metadata.annotations['container.apparmor.security.beta.kubernetes.io/migrate'] = 'runtime/default';
  return init;
}

describeRule(RuleId.POD_NO_HOSTNETWORK, [
  { name: 'hostNetwork: false', change: o => { webPod(o).hostNetwork = false; }, expected: [] },
  { name: 'hostNetwork: true', change: o => { webPod(o).hostNetwork = true; }, expected: [`${D} ${P}.hostNetwork`], severity: Severity.ERROR },
  { name: 'hostNetwork: true (pss-baseline)', pack: Pack.PSS_BASELINE, change: o => { webPod(o).hostNetwork = true; }, expected: [`${D} ${P}.hostNetwork`] },
  { name: 'a bare Pod on the host network', change: () => [pod({ hostNetwork: true })], expected: ['Pod/p spec.hostNetwork'] },
]);

describeRule(RuleId.POD_NO_HOSTPID, [
  { name: 'hostPID: false', change: o => { webPod(o).hostPID = false; }, expected: [] },
  { name: 'hostPID: true', change: o => { webPod(o).hostPID = true; }, expected: [`${D} ${P}.hostPID`] },
]);

describeRule(RuleId.POD_NO_HOSTIPC, [
  { name: 'hostIPC: false', change: o => { webPod(o).hostIPC = false; }, expected: [] },
  { name: 'hostIPC: true', change: o => { webPod(o).hostIPC = true; }, expected: [`${D} ${P}.hostIPC`] },
]);

describeRule(RuleId.CTR_NOT_PRIVILEGED, [
  { name: 'privileged unset', change: o => { delete webContainer(o).securityContext.privileged; }, expected: [] },
  { name: 'privileged: true', change: o => { webContainer(o).securityContext.privileged = true; }, expected: [`${D} ${SC}.privileged`] },
  {
    name: 'a privileged init container',
    change: o => { addInit(o).securityContext.privileged = true; },
    expected: [`${D} ${P}.initContainers[0].securityContext.privileged`],
  },
  {
    name: 'a privileged ephemeral container',
    change: o => { webPod(o).ephemeralContainers = [{ name: 'debug', image: 'busybox:1.36', securityContext: { privileged: true } }]; },
    pack: Pack.PSS_BASELINE,
    expected: [`${D} ${P}.ephemeralContainers[0].securityContext.privileged`],
  },
  {
    name: 'a privileged container of a CronJob',
    change: o => { o.find(x => x.kind === 'CronJob')!.spec.jobTemplate.spec.template.spec.containers[0].securityContext.privileged = true; },
    expected: ['CronJob/cleanup spec.jobTemplate.spec.template.spec.containers[0].securityContext.privileged'],
  },
]);

const addCaps = (caps: string[]) => (o: Manifest[]) => { webContainer(o).securityContext.capabilities.add = caps; };
describeRule(RuleId.CTR_CAPS_ADD, [
  { name: 'baseline allows CHOWN (pss-baseline)', pack: Pack.PSS_BASELINE, change: addCaps(['CHOWN', 'NET_BIND_SERVICE']), expected: [] },
  { name: 'baseline forbids SYS_ADMIN (pss-baseline)', pack: Pack.PSS_BASELINE, change: addCaps(['CHOWN', 'SYS_ADMIN']), expected: [`${D} ${SC}.capabilities.add[1]`] },
  { name: 'restricted allows NET_BIND_SERVICE (pss-restricted)', pack: Pack.PSS_RESTRICTED, change: addCaps(['NET_BIND_SERVICE']), expected: [] },
  { name: 'restricted forbids CHOWN (pss-restricted)', pack: Pack.PSS_RESTRICTED, change: addCaps(['CHOWN']), expected: [`${D} ${SC}.capabilities.add[0]`] },
  {
    name: 'restricted exempts Windows pods (pss-restricted)',
    pack: Pack.PSS_RESTRICTED,
    change: o => { addCaps(['CHOWN'])(o); webPod(o).os = { name: 'windows' }; },
    expected: [],
  },
  {
    name: 'Windows pods still get only the baseline list (pss-restricted)',
    pack: Pack.PSS_RESTRICTED,
    change: o => { addCaps(['CHOWN', 'SYS_ADMIN'])(o); webPod(o).os = { name: 'windows' }; },
    expected: [`${D} ${SC}.capabilities.add[1]`],
  },
  { name: 'hardened forbids even NET_BIND_SERVICE', change: addCaps(['NET_BIND_SERVICE']), expected: [`${D} ${SC}.capabilities.add[0]`] },
]);

describeRule(RuleId.CTR_DROP_ALL, [
  { name: 'drop [NET_RAW, ALL]', change: o => { webContainer(o).securityContext.capabilities.drop = ['NET_RAW', 'ALL']; }, expected: [] },
  { name: 'drop [NET_RAW] only', change: o => { webContainer(o).securityContext.capabilities.drop = ['NET_RAW']; }, expected: [`${D} ${SC}.capabilities.drop`] },
  { name: 'no capabilities (pss-restricted)', pack: Pack.PSS_RESTRICTED, change: o => { delete webContainer(o).securityContext.capabilities; }, expected: [`${D} ${SC}.capabilities.drop`] },
  {
    name: 'restricted exempts Windows pods (pss-restricted)',
    pack: Pack.PSS_RESTRICTED,
    change: o => { delete webContainer(o).securityContext.capabilities; webPod(o).os = { name: 'windows' }; },
    expected: [],
  },
]);

describeRule(RuleId.POD_NO_HOSTPATH, [
  { name: 'emptyDir and secret volumes', change: () => undefined, expected: [] },
  {
    name: 'a hostPath volume',
    change: o => { webPod(o).volumes.push({ name: 'docker', hostPath: { path: '/var/run/docker.sock' } }); },
    expected: [`${D} ${P}.volumes[2].hostPath`],
  },
]);

describeRule(RuleId.POD_VOLUME_TYPES, [
  {
    name: 'projected, configMap, PVC, csi, downwardAPI and ephemeral volumes',
    change: o => {
      webPod(o).volumes.push(
        { name: 'a', projected: { sources: [] } }, { name: 'b', configMap: { name: 'x' } }, { name: 'c', persistentVolumeClaim: { claimName: 'x' } },
        { name: 'd', csi: { driver: 'x' } }, { name: 'e', downwardAPI: { items: [] } }, { name: 'f', ephemeral: { volumeClaimTemplate: {} } });
    },
    expected: [],
  },
  { name: 'an nfs volume', change: o => { webPod(o).volumes.push({ name: 'share', nfs: { server: 'nfs', path: '/' } }); }, expected: [`${D} ${P}.volumes[2].nfs`] },
  { name: 'a hostPath volume (pss-restricted)', pack: Pack.PSS_RESTRICTED, change: o => { webPod(o).volumes.push({ name: 'h', hostPath: { path: '/' } }); }, expected: [`${D} ${P}.volumes[2].hostPath`] },
  { name: 'a gitRepo volume is allowed by baseline', pack: Pack.PSS_BASELINE, change: o => { webPod(o).volumes.push({ name: 'g', gitRepo: { repository: 'x' } }); }, expected: [] },
]);

describeRule(RuleId.CTR_NO_HOSTPORT, [
  { name: 'hostPort: 0', change: o => { webContainer(o).ports[0].hostPort = 0; }, expected: [] },
  { name: 'hostPort: 8080', change: o => { webContainer(o).ports[0].hostPort = 8080; }, expected: [`${D} ${C}.ports[0].hostPort`] },
]);

const APPARMOR = 'container.apparmor.security.beta.kubernetes.io/web';
describeRule(RuleId.POD_APPARMOR, [
  { name: 'localhost/ profile', change: o => { web(o).spec.template.metadata.annotations[APPARMOR] = 'localhost/k8s-nginx'; }, expected: [] },
  { name: 'no annotation (pss-restricted)', pack: Pack.PSS_RESTRICTED, change: o => { delete web(o).spec.template.metadata.annotations[APPARMOR]; }, expected: [] },
  {
    name: 'localhost/ without a profile name (pss-baseline allows the localhost/ prefix, as upstream PSA does)',
    pack: Pack.PSS_BASELINE,
    change: o => { web(o).spec.template.metadata.annotations[APPARMOR] = 'localhost/'; },
    expected: [],
  },
  {
    name: 'localhost/ without a profile name (hardened, as the construct rejects it)',
    change: o => { web(o).spec.template.metadata.annotations[APPARMOR] = 'localhost/'; },
    expected: [`${D} spec.template.metadata.annotations["${APPARMOR}"]`],
  },
  {
    name: 'an empty annotation value requests no profile (pss-baseline allows it, as upstream PSA does)',
    pack: Pack.PSS_BASELINE,
    change: o => { web(o).spec.template.metadata.annotations[APPARMOR] = ''; },
    expected: [],
  },
  {
    name: 'an empty annotation value (hardened: no profile, as a warning)',
    change: o => { web(o).spec.template.metadata.annotations[APPARMOR] = ''; },
    expected: [`${D} spec.template.metadata.annotations["${APPARMOR}"]`],
    severity: Severity.WARNING,
  },
  {
    name: 'appArmorProfile Unconfined at pod level (pss-baseline)',
    pack: Pack.PSS_BASELINE,
    change: o => { webPod(o).securityContext.appArmorProfile = { type: 'Unconfined' }; },
    expected: [`${D} ${P}.securityContext.appArmorProfile.type`],
  },
  {
    name: 'appArmorProfile Unconfined on a container, beside a runtime/default annotation (pss-baseline)',
    pack: Pack.PSS_BASELINE,
    change: o => { webContainer(o).securityContext.appArmorProfile = { type: 'Unconfined' }; },
    expected: [`${D} ${SC}.appArmorProfile.type`],
  },
  {
    name: 'appArmorProfile Unconfined on an ephemeral container (pss-restricted)',
    pack: Pack.PSS_RESTRICTED,
    change: o => { webPod(o).ephemeralContainers = [{ name: 'debug', image: 'registry.example.com/debug:1', securityContext: { appArmorProfile: { type: 'Unconfined' } } }]; },
    expected: [`${D} ${P}.ephemeralContainers[0].securityContext.appArmorProfile.type`],
  },
  {
    name: 'appArmorProfile without a type (pss-baseline: not an allowed type)',
    pack: Pack.PSS_BASELINE,
    change: o => { webPod(o).securityContext.appArmorProfile = {}; },
    expected: [`${D} ${P}.securityContext.appArmorProfile.type`],
  },
  {
    name: 'appArmorProfile in odd casing (pss-baseline: types are case-sensitive)',
    pack: Pack.PSS_BASELINE,
    change: o => { webPod(o).securityContext.appArmorProfile = { type: 'runtimedefault' }; },
    expected: [`${D} ${P}.securityContext.appArmorProfile.type`],
  },
  {
    name: 'appArmorProfile RuntimeDefault at pod level instead of annotations (hardened)',
    change: o => { delete web(o).spec.template.metadata.annotations[APPARMOR]; webPod(o).securityContext.appArmorProfile = { type: 'RuntimeDefault' }; },
    expected: [],
  },
  {
    name: 'appArmorProfile Localhost on the container instead of annotations (hardened)',
    change: o => {
      delete web(o).spec.template.metadata.annotations[APPARMOR];
      webContainer(o).securityContext.appArmorProfile = { type: 'Localhost', localhostProfile: 'k8s-nginx' };
    },
    expected: [],
  },
  {
    name: 'appArmorProfile Localhost without localhostProfile (hardened)',
    change: o => { webPod(o).securityContext.appArmorProfile = { type: 'Localhost' }; },
    expected: [`${D} ${P}.securityContext.appArmorProfile.localhostProfile`],
  },
  {
    name: 'appArmorProfile Localhost without localhostProfile (pss-baseline allows it, as upstream PSA does)',
    pack: Pack.PSS_BASELINE,
    change: o => { webPod(o).securityContext.appArmorProfile = { type: 'Localhost' }; },
    expected: [],
  },
  {
    name: 'unconfined (pss-baseline)',
    pack: Pack.PSS_BASELINE,
    change: o => { web(o).spec.template.metadata.annotations[APPARMOR] = 'unconfined'; },
    expected: [`${D} spec.template.metadata.annotations["${APPARMOR}"]`],
  },
  {
    name: 'no annotation (hardened requires it, as a warning)',
    change: o => { delete web(o).spec.template.metadata.annotations[APPARMOR]; },
    expected: [`${D} spec.template.metadata.annotations["${APPARMOR}"]`],
    severity: Severity.WARNING,
  },
]);

describeRule(RuleId.POD_SELINUX, [
  { name: 'type container_init_t and a level', change: o => { webPod(o).securityContext.seLinuxOptions = { type: 'container_init_t', level: 's0:c1,c2' }; }, expected: [] },
  { name: 'type spc_t', change: o => { webPod(o).securityContext.seLinuxOptions = { type: 'spc_t' }; }, expected: [`${D} ${P}.securityContext.seLinuxOptions.type`] },
  {
    name: 'a container sets user and role',
    change: o => { webContainer(o).securityContext.seLinuxOptions = { user: 'system_u', role: 'system_r' }; },
    expected: [`${D} ${SC}.seLinuxOptions.user`, `${D} ${SC}.seLinuxOptions.role`],
  },
]);

describeRule(RuleId.CTR_PROCMOUNT, [
  { name: 'procMount: Default', change: o => { webContainer(o).securityContext.procMount = 'Default'; }, expected: [] },
  { name: 'procMount: Unmasked', change: o => { webContainer(o).securityContext.procMount = 'Unmasked'; }, expected: [`${D} ${SC}.procMount`] },
]);

const unsetSeccomp = (o: Manifest[]) => { delete webPod(o).securityContext.seccompProfile; delete webContainer(o).securityContext.seccompProfile; };
describeRule(RuleId.POD_SECCOMP, [
  { name: 'unset everywhere (pss-baseline)', pack: Pack.PSS_BASELINE, change: unsetSeccomp, expected: [] },
  {
    name: 'Unconfined container (pss-baseline)',
    pack: Pack.PSS_BASELINE,
    change: o => { webContainer(o).securityContext.seccompProfile = { type: 'Unconfined' }; },
    expected: [`${D} ${SC}.seccompProfile.type`],
  },
  { name: 'unset everywhere (pss-restricted)', pack: Pack.PSS_RESTRICTED, change: unsetSeccomp, expected: [`${D} ${SC}.seccompProfile.type`] },
  {
    name: 'only at pod level (pss-restricted)',
    pack: Pack.PSS_RESTRICTED,
    change: o => { delete webContainer(o).securityContext.seccompProfile; },
    expected: [],
  },
  {
    name: 'only on every container (pss-restricted)',
    pack: Pack.PSS_RESTRICTED,
    change: o => { delete webPod(o).securityContext.seccompProfile; webContainer(o).securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'p.json' }; },
    expected: [],
  },
  {
    name: 'unset everywhere on a Windows pod (pss-restricted)',
    pack: Pack.PSS_RESTRICTED,
    change: o => { unsetSeccomp(o); webPod(o).os = { name: 'windows' }; },
    expected: [],
  },
  {
    name: 'Unconfined on a Windows pod, which only the restricted control exempts (pss-restricted)',
    pack: Pack.PSS_RESTRICTED,
    change: o => { webPod(o).os = { name: 'windows' }; webPod(o).securityContext.seccompProfile = { type: 'Unconfined' }; webContainer(o).securityContext.seccompProfile = { type: 'Unconfined' }; },
    expected: [`${D} ${P}.securityContext.seccompProfile.type`, `${D} ${SC}.seccompProfile.type`],
  },
  {
    name: 'seccompProfile {} on the container, RuntimeDefault on the pod (pss-restricted: set without an allowed type)',
    pack: Pack.PSS_RESTRICTED,
    change: o => { webContainer(o).securityContext.seccompProfile = {}; },
    expected: [`${D} ${SC}.seccompProfile.type`],
  },
  {
    name: 'seccompProfile {} at pod level, RuntimeDefault on every container (pss-restricted)',
    pack: Pack.PSS_RESTRICTED,
    change: o => { webPod(o).securityContext.seccompProfile = {}; },
    expected: [`${D} ${P}.securityContext.seccompProfile.type`],
  },
  {
    name: 'seccompProfile {} at pod level and unset on the container (pss-restricted: both count as unset)',
    pack: Pack.PSS_RESTRICTED,
    change: o => { webPod(o).securityContext.seccompProfile = {}; delete webContainer(o).securityContext.seccompProfile; },
    expected: [`${D} ${P}.securityContext.seccompProfile.type`, `${D} ${SC}.seccompProfile.type`],
  },
  {
    name: 'seccompProfile {} on the container (pss-baseline forbids only Unconfined)',
    pack: Pack.PSS_BASELINE,
    change: o => { webContainer(o).securityContext.seccompProfile = {}; },
    expected: [],
  },
  {
    name: 'seccompProfile {} on the container (hardened)',
    change: o => { webContainer(o).securityContext.seccompProfile = {}; },
    expected: [`${D} ${SC}.seccompProfile.type`],
  },
  { name: 'only at pod level (hardened wants both)', change: o => { delete webContainer(o).securityContext.seccompProfile; }, expected: [`${D} ${SC}.seccompProfile.type`] },
  { name: 'only on the container (hardened wants both)', change: o => { delete webPod(o).securityContext.seccompProfile; }, expected: [`${D} ${P}.securityContext.seccompProfile.type`] },
]);

describeRule(RuleId.POD_SYSCTLS, [
  { name: 'a safe sysctl', change: o => { webPod(o).securityContext.sysctls = [{ name: 'net.ipv4.ip_local_port_range', value: '1024 65535' }]; }, expected: [] },
  { name: 'an unsafe sysctl', change: o => { webPod(o).securityContext.sysctls = [{ name: 'kernel.msgmax', value: '65536' }]; }, expected: [`${D} ${P}.securityContext.sysctls[0].name`] },
]);

describeRule(RuleId.POD_NO_HOSTPROCESS, [
  { name: 'hostProcess: false', change: o => { webPod(o).securityContext.windowsOptions = { hostProcess: false }; }, expected: [] },
  {
    name: 'hostProcess: true on pod and container',
    change: o => {
      webPod(o).securityContext.windowsOptions = { hostProcess: true };
      webContainer(o).securityContext.windowsOptions = { hostProcess: true };
    },
    expected: [`${D} ${P}.securityContext.windowsOptions.hostProcess`, `${D} ${SC}.windowsOptions.hostProcess`],
  },
]);

describeRule(RuleId.CTR_NO_PRIV_ESC, [
  {
    name: 'unset on a Windows pod (pss-restricted)',
    pack: Pack.PSS_RESTRICTED,
    change: o => { delete webContainer(o).securityContext.allowPrivilegeEscalation; webPod(o).os = { name: 'windows' }; },
    expected: [],
  },
  { name: 'unset', change: o => { delete webContainer(o).securityContext.allowPrivilegeEscalation; }, expected: [`${D} ${SC}.allowPrivilegeEscalation`] },
  { name: 'true (pss-restricted)', pack: Pack.PSS_RESTRICTED, change: o => { webContainer(o).securityContext.allowPrivilegeEscalation = true; }, expected: [`${D} ${SC}.allowPrivilegeEscalation`] },
]);

describeRule(RuleId.POD_RUN_AS_NONROOT, [
  { name: 'pod level only (pss-restricted)', pack: Pack.PSS_RESTRICTED, change: o => { delete webContainer(o).securityContext.runAsNonRoot; }, expected: [] },
  {
    name: 'every container, not the pod (pss-restricted)',
    pack: Pack.PSS_RESTRICTED,
    change: o => { delete webPod(o).securityContext.runAsNonRoot; },
    expected: [],
  },
  { name: 'unset everywhere (pss-restricted)', pack: Pack.PSS_RESTRICTED, change: o => { delete webPod(o).securityContext.runAsNonRoot; delete webContainer(o).securityContext.runAsNonRoot; }, expected: [`${D} ${SC}.runAsNonRoot`] },
  { name: 'container false overrides pod true (pss-restricted)', pack: Pack.PSS_RESTRICTED, change: o => { webContainer(o).securityContext.runAsNonRoot = false; }, expected: [`${D} ${SC}.runAsNonRoot`] },
  { name: 'pod level only (hardened wants both)', change: o => { delete webContainer(o).securityContext.runAsNonRoot; }, expected: [`${D} ${SC}.runAsNonRoot`] },
  { name: 'container only (hardened wants both)', change: o => { delete webPod(o).securityContext.runAsNonRoot; }, expected: [`${D} ${P}.securityContext.runAsNonRoot`] },
]);

describeRule(RuleId.POD_RUNASUSER_NONZERO, [
  { name: 'runAsUser unset (pss-restricted)', pack: Pack.PSS_RESTRICTED, change: o => { delete webPod(o).securityContext.runAsUser; delete webContainer(o).securityContext.runAsUser; }, expected: [] },
  { name: 'runAsUser 0 in the container', change: o => { webContainer(o).securityContext.runAsUser = 0; }, expected: [`${D} ${SC}.runAsUser`] },
  { name: 'runAsUser 0 on the pod', change: o => { webPod(o).securityContext.runAsUser = 0; }, expected: [`${D} ${P}.securityContext.runAsUser`] },
]);

describeRule(RuleId.POD_NONROOT_GROUPS, [
  { name: 'runAsGroup only at pod level', change: o => { delete webContainer(o).securityContext.runAsGroup; }, expected: [] },
  { name: 'no runAsGroup anywhere', change: o => { delete webPod(o).securityContext.runAsGroup; delete webContainer(o).securityContext.runAsGroup; }, expected: [`${D} ${SC}.runAsGroup`] },
  {
    name: 'fsGroup 0 and supplemental group 0',
    change: o => { webPod(o).securityContext.fsGroup = 0; webPod(o).securityContext.supplementalGroups = [10002, 0]; },
    expected: [`${D} ${P}.securityContext.fsGroup`, `${D} ${P}.securityContext.supplementalGroups[1]`],
  },
]);

describeRule(RuleId.POD_HIGH_UID_GID, [
  { name: 'ids 20000', change: o => { Object.assign(webContainer(o).securityContext, { runAsUser: 20000, runAsGroup: 20000 }); }, expected: [] },
  { name: 'uid 1000', change: o => { webContainer(o).securityContext.runAsUser = 1000; }, expected: [`${D} ${SC}.runAsUser`] },
  { name: 'ids only at pod level', change: o => { delete webContainer(o).securityContext.runAsUser; delete webContainer(o).securityContext.runAsGroup; }, expected: [`${D} ${SC}.runAsUser`, `${D} ${SC}.runAsGroup`] },
]);

describeRule(RuleId.CTR_READONLY_ROOTFS, [
  { name: 'an init container with a read-only root', change: o => { addInit(o); }, expected: [] },
  { name: 'readOnlyRootFilesystem: false', change: o => { webContainer(o).securityContext.readOnlyRootFilesystem = false; }, expected: [`${D} ${SC}.readOnlyRootFilesystem`] },
  { name: 'unset on an init container', change: o => { delete addInit(o).securityContext.readOnlyRootFilesystem; }, expected: [`${D} ${P}.initContainers[0].securityContext.readOnlyRootFilesystem`] },
]);

describeRule(RuleId.POD_PRIVILEGED_PORT, [
  { name: 'containerPort 1024', change: o => { webContainer(o).ports[0].containerPort = 1024; }, expected: [] },
  { name: 'containerPort 80', change: o => { webContainer(o).ports[0].containerPort = 80; }, expected: [`${D} ${C}.ports[0].containerPort`] },
]);
