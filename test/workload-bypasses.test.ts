import { App, Chart, Cron, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  Audit, HostAccess, Pack, RuleId, SecureCronJob, SecureDaemonSet, SecureDeployment, SecureJob, SecureStatefulSet,
  SecurityException, SecurityPolicy, Severity,
} from '../src';
import { find, Manifest } from './secure-deployment-support';

const IMAGE = 'registry.example.com/acme/app:1.4.2';
const WHY = 'vendor image needs it until the 2.0 release';

type Make = (scope: Construct, extra: Record<string, unknown>) => kplus.Workload & { readonly container: kplus.Container };
const KINDS: Array<[string, Make]> = [
  ['SecureDeployment', (scope, extra) => new SecureDeployment(scope, 'app', { image: IMAGE, port: 8080, ...extra })],
  ['SecureStatefulSet', (scope, extra) => new SecureStatefulSet(scope, 'app', {
    image: IMAGE, port: 5432, storage: [{ path: '/data', size: Size.gibibytes(1) }], ...extra,
  })],
  ['SecureJob', (scope, extra) => new SecureJob(scope, 'app', { image: IMAGE, ...extra })],
  ['SecureCronJob', (scope, extra) => new SecureCronJob(scope, 'app', { image: IMAGE, schedule: Cron.daily(), ...extra })],
  ['SecureDaemonSet', (scope, extra) => new SecureDaemonSet(scope, 'app', { image: IMAGE, port: 2020, ...extra })],
];

function chartOf(app: App = Testing.app()): Chart {
  return new Chart(app, 'shop', { namespace: 'shop' });
}

describe('1. the approval of host access needs every exception policy in scope', () => {
  test('a child scope\'s policy listing POD-NO-HOSTPATH does not approve a writable hostPath the app\'s policy does not list', () => {
    const app = Testing.app();
    SecurityPolicy.apply(app, { exceptionPolicy: { requireApprovalReference: true } });
    const chart = chartOf(app);
    SecurityPolicy.apply(chart, { exceptionPolicy: { allowedRules: [RuleId.POD_NO_HOSTPATH, RuleId.POD_VOLUME_TYPES] } });
    expect(() => new SecureDaemonSet(chart, 'logs', {
      image: IMAGE,
      port: 2020,
      hostAccess: [HostAccess.writablePath('/var/lib/agent', '/state', 'keeps its cursor across restarts', { reference: 'SEC-1234' })],
    })).toThrow(/invalid 'hostAccess\[0\]\.hostPath'.*POD-NO-HOSTPATH in the allowedRules of every SecurityPolicy above it \(the SecurityPolicy of the app does not list it\)/s);
  });
});

describe('1b. a privileged agent needs the approval of every exception policy in scope', () => {
  test('the chart lists CTR-NOT-PRIVILEGED, the app does not', () => {
    const app = Testing.app();
    SecurityPolicy.apply(app, { exceptionPolicy: { allowedRules: [RuleId.CTR_READONLY_ROOTFS, RuleId.CTR_NOT_PRIVILEGED] } });
    const chart = chartOf(app);
    SecurityPolicy.apply(chart, { exceptionPolicy: { requireExpiry: true } });
    expect(() => new SecureDaemonSet(chart, 'logs', {
      image: IMAGE,
      port: 2020,
      containerSecurityContext: { privileged: true },
      exceptions: [SecurityException.of(RuleId.CTR_NOT_PRIVILEGED, WHY, { reference: 'SEC-1', expires: '2099-01-01' })],
    })).toThrow(/CTR-NOT-PRIVILEGED in the allowedRules of every SecurityPolicy above it \(the SecurityPolicy of 'shop' does not list it\)/);
  });

  test('approved by every policy in scope, the privileged agent is accepted', () => {
    const app = Testing.app();
    SecurityPolicy.apply(app, { exceptionPolicy: { allowedRules: [RuleId.CTR_NOT_PRIVILEGED] } });
    const chart = chartOf(app);
    SecurityPolicy.apply(chart, { exceptionPolicy: { allowedRules: [RuleId.CTR_NOT_PRIVILEGED] } });
    const agent = new SecureDaemonSet(chart, 'logs', {
      image: IMAGE,
      port: 2020,
      containerSecurityContext: { privileged: true },
      exceptions: [SecurityException.of(RuleId.CTR_NOT_PRIVILEGED, WHY, { reference: 'SEC-1' })],
    });
    expect(find(Testing.synth(chart), 'DaemonSet').spec.template.spec.containers[0].securityContext.privileged).toBe(true);
    expect(agent.container.securityContext.privileged).toBe(true);
  });
});

describe.each(KINDS)('2. %s: a writable path over a system directory needs CTR-READONLY-ROOTFS', (_name, make) => {
  const paths = ['/etc', '/etc/', '//etc', '/var/run/secrets/kubernetes.io', '/var/run/secrets/kubernetes.io/serviceaccount', '/proc', '/proc/sys',
    '/run/secrets', '/sys/fs/cgroup', '/usr/local/bin', '/bin', '/lib64', '/dev', '/./etc'];
  test.each(paths)('writablePaths %s', (path) => {
    expect(() => make(chartOf(), { writablePaths: [{ path }] })).toThrow(/CTR_READONLY_ROOTFS/);
  });

  test.each(paths)('an emptyDir mounted writable at %s by a container added later', (path) => {
    const chart = chartOf();
    const workload = make(chart, {});
    const scratch = kplus.Volume.fromEmptyDir(chart, 'scratch', 'scratch', { sizeLimit: Size.mebibytes(16) });
    workload.container.mount(path, scratch);
    expect(() => Testing.synth(chart)).toThrow(/CTR_READONLY_ROOTFS/);
  });

  test('a writable path below /etc that is not a system directory (/etc/app) is accepted', () => {
    const chart = chartOf();
    make(chart, { writablePaths: [{ path: '/etc/app' }] });
    expect(JSON.stringify(Testing.synth(chart))).toContain('"mountPath":"/etc/app"');
  });
});

describe('2b. SecureStatefulSet storage over a system directory', () => {
  test.each(['/proc', '/var/run/secrets/kubernetes.io', '/etc', '/usr/lib'])('storage at %s', (path) => {
    const chart = chartOf();
    new SecureStatefulSet(chart, 'db', { image: IMAGE, port: 5432, storage: [{ path, size: Size.gibibytes(1) }] });
    expect(() => Testing.synth(chart)).toThrow(/invalid 'storage'.*CTR_READONLY_ROOTFS/s);
  });
});

describe('5. sensitive host paths: one list for the constructs and the audit', () => {
  const sensitive = ['/var/lib/rancher', '/home', '/root', '/srv/kubernetes', '/var/lib/cni', '/var/lib/calico', '/var/lib/kubelet',
    '/var/lib/docker', '/var/lib/containerd', '/run/containerd', '/var/run', '/etc/kubernetes', '/var/lib/etcd', '/dev', '/sys', '/proc'];
  const variants = (path: string) => [path, `${path}/`, path.replace(/\//g, '//'), `${path.replace(/\/([^/]*)$/, '/./$1')}`, `${path}/pki`];
  const all = sensitive.flatMap(variants);

  test.each(all)('HostAccess.readOnlyPath(%s) is refused', (path) => {
    expect(() => new SecureDaemonSet(chartOf(), 'logs', { image: IMAGE, port: 2020, hostAccess: [HostAccess.readOnlyPath(path, '/host', WHY)] }))
      .toThrow(/invalid 'hostAccess\[0\]\.hostPath'.*(holds node credentials|other than "\/")/s);
  });

  test.each(['/', '/var', '/var/lib', '/srv'])('HostAccess.readOnlyPath(%s), which contains a sensitive directory, is refused', (path) => {
    expect(() => new SecureDaemonSet(chartOf(), 'logs', { image: IMAGE, port: 2020, hostAccess: [HostAccess.readOnlyPath(path, '/host', WHY)] }))
      .toThrow(/invalid 'hostAccess\[0\]\.hostPath'.*(contains|other than "\/")/s);
  });

  test.each(['/var/log', '/var/log/pods', '/var/runner', '/var/lib/kubelet-plugins-docs', '/homes', '/opt/agent'])(
    'HostAccess.readOnlyPath(%s) is accepted (segments, not prefixes)', (path) => {
      const chart = chartOf();
      new SecureDaemonSet(chart, 'logs', { image: IMAGE, port: 2020, hostAccess: [HostAccess.readOnlyPath(path, '/host', WHY)] });
      expect(find(Testing.synth(chart), 'DaemonSet').spec.template.spec.volumes).toContainEqual(expect.objectContaining({ hostPath: { path, type: 'Directory' } }));
    });

  function daemonSetWithHostPath(path: string): Manifest {
    return {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent', namespace: 'ops' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: {
          metadata: { labels: { app: 'agent' } },
          spec: {
            containers: [{ name: 'agent', image: IMAGE, volumeMounts: [{ name: 'host', mountPath: '/host', readOnly: true }] }],
            volumes: [{ name: 'host', hostPath: { path } }],
          },
        },
      },
    };
  }
  const auditedPaths = [...all, '/', '/var', '/var/log/../lib/kubelet', '/var/log/../../etc', '/opt/../root/.ssh'];
  test.each(auditedPaths)('the audit reports a read-only hostPath %s (POD-HOSTPATH-READONLY)', (path) => {
    const findings = Audit.ofManifests([daemonSetWithHostPath(path)], { packs: [Pack.HARDENED] }).active(Severity.WARNING)
      .filter((f) => f.ruleId === RuleId.POD_HOSTPATH_READONLY);
    expect(findings.map((f) => f.path)).toEqual(['spec.template.spec.volumes[0].hostPath']);
    expect(findings[0].message).toMatch(/holds node credentials/);
  });

  test.each(['/var/log', '/var/log/pods', '/var/runner', '/homes', '/opt/agent'])('the audit accepts a read-only hostPath %s', (path) => {
    expect(Audit.ofManifests([daemonSetWithHostPath(path)], { packs: [Pack.HARDENED] }).active(Severity.WARNING)
      .filter((f) => f.ruleId === RuleId.POD_HOSTPATH_READONLY)).toEqual([]);
  });
});
