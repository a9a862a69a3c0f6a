import { JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  Audit, HostAccess, HostNamespace, Pack, RuleId, SecureDaemonSet, SecurityException, SecurityPolicy, Severity,
} from '../src';
import { chartIn, find, Manifest, synth, WHY } from './secure-deployment-support';
import { validateManifests } from './support/kubernetes-schema';

const SHIPPER = 'ghcr.io/acme/log-shipper:3.2.1';
const LOGS = HostAccess.readOnlyPath('/var/log', '/var/log', 'ships the node logs to the central log store');

function agent(props: Partial<ConstructorParameters<typeof SecureDaemonSet>[2]> = {}, chart = chartIn()): SecureDaemonSet {
  return new SecureDaemonSet(chart, 'logs', { image: SHIPPER, port: 2020, ...props });
}

function podOf(manifests: Manifest[]): Manifest {
  return find(manifests, 'DaemonSet').spec.template.spec;
}

describe('SecureDaemonSet default output (no host access)', () => {
  const chart = chartIn();
  agent({}, chart);
  const manifests = synth(chart);
  const set = find(manifests, 'DaemonSet');
  const pod = set.spec.template.spec;

  test('snapshot', () => {
    expect(manifests).toMatchSnapshot();
  });

  test('RollingUpdate one node at a time, no tolerations, no spreading, no host access', () => {
    expect(set.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } });
    expect(pod.tolerations).toBeUndefined();
    expect(pod.topologySpreadConstraints).toBeUndefined();
    // One pod per node by design: Polaris topologySpreadConstraint (which skips only Jobs and CronJobs) is told so.
    expect(set.metadata.annotations['polaris.fairwinds.com/topologySpreadConstraint-exempt']).toEqual('true');
    expect([pod.hostNetwork, pod.hostPID, pod.hostIPC]).toEqual([false, undefined, undefined]);
    expect((pod.volumes ?? []).filter((volume: Manifest) => volume.hostPath)).toEqual([]);
  });

  test('is valid against the Kubernetes 1.28 API and audits clean under every pack', () => {
    expect(validateManifests(manifests)).toEqual([]);
    expect(Audit.of(chart, { packs: Pack.all() }).active(Severity.WARNING).map((f) => `${f.id} ${f.path}`)).toEqual([]);
  });

  test('the priority class comes from the SecurityPolicy when none is given', () => {
    const withPolicy = chartIn();
    SecurityPolicy.apply(withPolicy, { platformPriorityClasses: ['node-agents'] });
    agent({}, withPolicy);
    expect(podOf(synth(withPolicy)).priorityClassName).toEqual('node-agents');
  });
});

describe('SecureDaemonSet host access', () => {
  test('a read-only hostPath through HostAccess: mounted read-only in the main container, documented, audited clean under the hardened pack', () => {
    const chart = chartIn();
    agent({ hostAccess: [LOGS] }, chart);
    const manifests = synth(chart);
    const pod = podOf(manifests);
    expect(pod.volumes).toContainEqual({ name: 'host-var-log', hostPath: { path: '/var/log', type: 'Directory' } });
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'host-var-log', mountPath: '/var/log', readOnly: true });
    const annotations = find(manifests, 'DaemonSet').metadata.annotations;
    expect(annotations['exception.cdk8s-secure.io/POD-NO-HOSTPATH']).toEqual('hostPath /var/log read-only at /var/log: ships the node logs to the central log store');
    expect(Audit.of(chart, { packs: [Pack.HARDENED] }).active(Severity.WARNING)).toEqual([]);
    // Admission ignores exceptions: the Pod Security packs report the hostPath, so the agent's namespace must admit it.
    expect(Audit.of(chart, { packs: [Pack.PSS_BASELINE, Pack.PSS_RESTRICTED] }).active(Severity.WARNING).map((f) => f.id).sort()).toEqual([
      'pss-baseline/POD-NO-HOSTPATH', 'pss-restricted/POD-NO-HOSTPATH', 'pss-restricted/POD-VOLUME-TYPES',
    ]);
  });

  test('a host namespace through HostAccess', () => {
    const chart = chartIn();
    agent({ hostAccess: [HostAccess.namespace(HostNamespace.PID, 'runtime monitor reads every process')] }, chart);
    expect(podOf(synth(chart)).hostPID).toBe(true);
  });

  test('a writable hostPath with approval reference and the rule allowed by the exception policy', () => {
    const chart = chartIn();
    SecurityPolicy.apply(chart, {
      exceptionPolicy: { allowedRules: [RuleId.POD_NO_HOSTPATH, RuleId.POD_VOLUME_TYPES, RuleId.POD_HOSTPATH_READONLY] },
    });
    agent({ hostAccess: [HostAccess.writablePath('/var/lib/agent', '/state', 'keeps its cursor across restarts', { reference: 'SEC-1234' })] }, chart);
    expect(podOf(synth(chart)).containers[0].volumeMounts).toContainEqual({ name: 'host-var-lib-agent', mountPath: '/state', readOnly: false });
  });

  const cases: Array<[string, () => unknown, RegExp]> = [
    ['a writable hostPath without approval', () => agent({ hostAccess: [HostAccess.writablePath('/var/lib/agent', '/state', WHY, {})] }),
      /invalid 'hostAccess\[0\]\.hostPath': received "\/var\/lib\/agent"; a writable hostPath .*approval reference.*Fix: pass HostAccess.writablePath/s],
    ['a writable hostPath with a reference but no exception policy allowing it', () => agent({
      hostAccess: [HostAccess.writablePath('/var/lib/agent', '/state', WHY, { reference: 'SEC-1' })],
    }), /a SecurityPolicy whose exception policy lists POD-NO-HOSTPATH in allowedRules/],
    ['a plain POD-NO-HOSTPATH exception (it would allow any path)', () => agent({ exceptions: [SecurityException.of(RuleId.POD_NO_HOSTPATH, WHY)] }),
      /invalid 'exceptions\[POD-NO-HOSTPATH\]'.*any host path.*Fix: name the access in hostAccess/s],
    ['a read-only hostPath of the runtime socket directory', () => agent({ hostAccess: [HostAccess.readOnlyPath('/var/run', '/host/run', WHY)] }),
      /invalid 'hostAccess\[0\]\.hostPath': received "\/var\/run"; .*container runtime socket/s],
    ['a read-only hostPath that contains /etc', () => agent({ hostAccess: [HostAccess.readOnlyPath('/', '/host', WHY)] }), /other than "\/"/],
    ['a read-only hostPath of /var (contains /var/run)', () => agent({ hostAccess: [HostAccess.readOnlyPath('/var', '/host', WHY)] }), /contains \/var\/run/],
    ['a short host access reason', () => agent({ hostAccess: [HostAccess.readOnlyPath('/var/log', '/var/log', 'logs')] }), /hostAccess\[0\]\.reason/],
    ['a privileged agent without approval', () => agent({
      containerSecurityContext: { privileged: true }, exceptions: [SecurityException.of(RuleId.CTR_NOT_PRIVILEGED, WHY)],
    }), /invalid 'containerSecurityContext.privileged': received true; a privileged agent .*approval reference/s],
    ['hostNetwork without HostAccess', () => agent({ hostNetwork: true }), /invalid 'hostNetwork': received true.*POD_NO_HOSTNETWORK/s],
    ['maxUnavailable 0', () => agent({ maxUnavailable: 0 }), /invalid 'maxUnavailable': received 0; a rollout replaces at most 1 node's pod/],
    ['maxUnavailable 3 (the audit accepts at most 1 as a number)', () => agent({ maxUnavailable: 3 }), /invalid 'maxUnavailable': received 3/],
    ['plain JavaScript: hostAccess entry not a HostAccess', () => agent({ hostAccess: [{ hostPath: '/var/log' } as never] }),
      /invalid 'hostAccess\[0\]': .*is not a HostAccess/s],
  ];
  test.each(cases)('%s fails with construct, prop, value and fix', (_name, make, message) => {
    expect(make).toThrow(message);
  });

  test('a hostPath volume added later, not named by hostAccess, fails at synth even with another host path excepted', () => {
    const chart = chartIn();
    const logs = agent({ hostAccess: [LOGS] }, chart);
    logs.container.mount('/host', kplus.Volume.fromHostPath(logs, 'root2', 'host-root', { path: '/' }), { readOnly: true });
    expect(() => synth(chart)).toThrow(/invalid 'volumes.host-root': received "\/"; the hostPath volume is not one that hostAccess names/);
  });

  test('a JSON patch that makes the read-only mount writable or adds hostPID fails at synth', () => {
    const writable = chartIn();
    const logs = agent({ hostAccess: [LOGS] }, writable);
    (logs as unknown as { apiObject: { addJsonPatch(p: JsonPatch): void } }).apiObject
      .addJsonPatch(JsonPatch.replace('/spec/template/spec/containers/0/volumeMounts/1/readOnly', false));
    expect(() => synth(writable)).toThrow(/the hostPath is mounted other than hostAccess names it \(read-only at \/var\/log/);
    const pid = chartIn();
    const other = agent({ hostAccess: [LOGS] }, pid);
    (other as unknown as { apiObject: { addJsonPatch(p: JsonPatch): void } }).apiObject.addJsonPatch(JsonPatch.add('/spec/template/spec/hostPid', true));
    expect(() => synth(pid)).toThrow(/invalid 'hostPID': received true; the pods would share a namespace of the node/);
  });

  test('a sidecar mounting the host path fails', () => {
    const chart = chartIn();
    const logs = agent({ hostAccess: [LOGS] }, chart);
    const sidecar = logs.addContainer({ name: 'peek', image: SHIPPER, readiness: kplus.Probe.fromCommand(['true']), liveness: kplus.Probe.fromCommand(['/bin/true']) });
    sidecar.mount('/logs', logs.container.mounts.find((mount) => mount.path === '/var/log')!.volume, { readOnly: true });
    expect(() => synth(chart)).toThrow(/containers\[peek\]\.volumeMounts\.host-var-log/);
  });
});
