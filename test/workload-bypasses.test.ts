import { ApiObject, App, Chart, Cron, JsonPatch, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import {
  AnnotationExceptions, Audit, HostAccess, Pack, RuleId, SecureCronJob, SecureDaemonSet, SecureDeployment, SecureJob, SecureStatefulSet,
  SecurityException, SecurityPolicy, Severity,
} from '../src';
import { find, Manifest } from './secure-deployment-support';
import { normaliseHostPath, SENSITIVE_HOST_PATHS, sensitiveHostPathProblem } from '../src/profile/mount-paths';

const IMAGE = 'registry.example.com/acme/app:1.4.2';
const WHY = 'vendor image needs it until the 2.0 release';
const LOGS = HostAccess.readOnlyPath('/var/log', '/var/log', 'ships the node logs to the central log store');

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
    SecurityPolicy.apply(chart, {
      exceptionPolicy: { allowedRules: [RuleId.POD_NO_HOSTPATH, RuleId.POD_VOLUME_TYPES, RuleId.POD_HOSTPATH_READONLY] },
    });
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

describe('3. the host access exception covers exactly the hostPath volumes it names', () => {
  function logShipper(chart = chartOf()): SecureDaemonSet {
    return new SecureDaemonSet(chart, 'logs', { image: IMAGE, port: 2020, hostAccess: [LOGS] });
  }

  test('an NFS volume mounted later is refused at synth, though POD-VOLUME-TYPES is excepted for the hostPath', () => {
    const chart = chartOf();
    const agent = logShipper(chart);
    agent.container.mount('/share', kplus.Volume.fromNfs(chart, 'share', 'share', { server: 'nfs.internal', path: '/exports' }), { readOnly: true });
    expect(() => Testing.synth(chart)).toThrow(
      /shop\/logs: invalid 'volumes\.share': received "nfs";.*covers only the hostPath volumes it names \(\/var\/log read-only\), not this volume.*Fix: remove the volume/s);
  });

  test.each([
    ['gitRepo', { gitRepo: { repository: 'https://git.example.com/x.git' } }],
    ['iscsi', { iscsi: { targetPortal: '10.0.0.1:3260', iqn: 'iqn.2001-04.com.example:storage', lun: 0 } }],
    ['nfs', { nfs: { server: 'nfs.internal', path: '/' } }],
  ])('a %s volume added by JSON patch is refused at synth', (type, source) => {
    const chart = chartOf();
    const agent = logShipper(chart);
    ApiObject.of(agent).addJsonPatch(JsonPatch.add('/spec/template/spec/volumes/-', { name: 'extra', ...source }));
    expect(() => Testing.synth(chart)).toThrow(new RegExp(`invalid 'volumes\\.extra': received "${type}";.*covers only the hostPath volumes it names`, 's'));
  });

  test('the declared read-only hostPath alone still synthesizes and audits clean under the hardened pack', () => {
    const chart = chartOf();
    logShipper(chart);
    expect(Audit.of(chart, { packs: [Pack.HARDENED] }).active(Severity.WARNING)).toEqual([]);
  });
});

describe('4. the audit honours a host access exception only for the hostPaths it records, with their mode', () => {
  const allowed = { allowedRules: [RuleId.POD_NO_HOSTPATH, RuleId.POD_VOLUME_TYPES, RuleId.POD_HOSTPATH_READONLY] };
  function shipperManifests(): Manifest[] {
    const chart = chartOf();
    new SecureDaemonSet(chart, 'logs', { image: IMAGE, port: 2020, hostAccess: [LOGS] });
    return Testing.synth(chart);
  }
  function audit(manifests: Manifest[]) {
    return Audit.ofManifests(manifests, {
      packs: [Pack.HARDENED], annotationExceptions: AnnotationExceptions.ALLOWED_RULES, exceptionPolicy: allowed,
    });
  }
  const podOf = (manifests: Manifest[]) => find(manifests, 'DaemonSet').spec.template.spec;

  test('the exception as written by the daemon set: the declared /var/log read-only is accepted', () => {
    const report = audit(shipperManifests());
    expect(report.active(Severity.WARNING)).toEqual([]);
    expect(report.suppressed().map((f) => f.ruleId).sort()).toEqual([RuleId.POD_NO_HOSTPATH, RuleId.POD_VOLUME_TYPES]);
  });

  test('a second hostPath added to the YAML is reported although the object carries a POD-NO-HOSTPATH exception', () => {
    const manifests = shipperManifests();
    const pod = podOf(manifests);
    pod.volumes.push({ name: 'var-lib', hostPath: { path: '/var/lib/agent' } });
    pod.containers[0].volumeMounts.push({ name: 'var-lib', mountPath: '/agent', readOnly: true });
    const active = audit(manifests).active(Severity.WARNING);
    expect(active.map((f) => [f.ruleId, f.path])).toEqual([
      [RuleId.POD_NO_HOSTPATH, expect.stringMatching(/volumes\[\d+\]\.hostPath$/)],
      [RuleId.POD_VOLUME_TYPES, expect.stringMatching(/volumes\[\d+\]\.hostPath$/)],
    ]);
    expect(active[0].ignoredException).toMatch(/covers only the hostPath volumes it names \(\/var\/log read-only\), not \/var\/lib\/agent read-only/);
  });

  test('an NFS volume added to the YAML is reported (POD-VOLUME-TYPES)', () => {
    const manifests = shipperManifests();
    podOf(manifests).volumes.push({ name: 'share', nfs: { server: 'nfs.internal', path: '/exports' } });
    expect(audit(manifests).active(Severity.WARNING).map((f) => [f.ruleId, f.path])).toEqual([
      [RuleId.POD_VOLUME_TYPES, expect.stringMatching(/volumes\[\d+\]\.nfs$/)],
    ]);
  });

  test('the declared path mounted writable is not covered by its read-only grant', () => {
    const manifests = shipperManifests();
    const mount = podOf(manifests).containers[0].volumeMounts.find((m: Manifest) => m.name === 'host-var-log');
    mount.readOnly = false;
    expect(audit(manifests).active(Severity.WARNING).map((f) => f.ruleId).sort()).toEqual([
      RuleId.POD_HOSTPATH_READONLY, RuleId.POD_NO_HOSTPATH, RuleId.POD_VOLUME_TYPES,
    ]);
  });

  test('the declared volume pointed at another node directory is reported', () => {
    const manifests = shipperManifests();
    podOf(manifests).volumes.find((v: Manifest) => v.name === 'host-var-log').hostPath.path = '/var/lib/agent';
    expect(audit(manifests).active(Severity.WARNING).map((f) => f.ruleId).sort()).toEqual([RuleId.POD_NO_HOSTPATH, RuleId.POD_VOLUME_TYPES]);
  });

  test('the same path written differently (/var//log/) is still the declared one', () => {
    const manifests = shipperManifests();
    podOf(manifests).volumes.find((v: Manifest) => v.name === 'host-var-log').hostPath.path = '/var//log/';
    expect(audit(manifests).active(Severity.WARNING)).toEqual([]);
  });

  test('Audit.of reads the grants the daemon set recorded (an exception without grants still covers any hostPath elsewhere)', () => {
    const chart = chartOf();
    new SecureDaemonSet(chart, 'logs', { image: IMAGE, port: 2020, hostAccess: [LOGS] });
    const report = Audit.of(chart, { packs: [Pack.HARDENED] });
    expect(report.suppressed().map((f) => [f.ruleId, f.suppressionOrigin]).sort()).toEqual([
      [RuleId.POD_NO_HOSTPATH, 'construct-exception'], [RuleId.POD_VOLUME_TYPES, 'construct-exception'],
    ]);
  });
});

describe.each(KINDS)('6. %s: a ServiceAccount token Secret mounted as files needs POD-NO-SA-TOKEN', (_name, make) => {
  function tokenSecret(chart: Chart): kplus.Secret {
    return new kplus.ServiceAccountTokenSecret(chart, 'token', {
      serviceAccount: kplus.ServiceAccount.fromServiceAccountName(chart, 'ci', 'ci-deployer'), metadata: { name: 'ci-token' },
    });
  }

  test('through mountSecret()', () => {
    const chart = chartOf();
    const workload = make(chart, {}) as unknown as { mountSecret(secret: kplus.ISecret, path: string): void };
    expect(() => workload.mountSecret(tokenSecret(chart), '/var/run/token'))
      .toThrow(/shop\/app: invalid 'mountSecret\(path\)': received "ci-token"; the Secret is a ServiceAccount token .*POD_NO_SA_TOKEN/s);
  });

  test('through secretFiles', () => {
    const chart = chartOf();
    expect(() => make(chart, { secretFiles: [{ secret: tokenSecret(chart), path: '/var/run/token' }] }))
      .toThrow(/invalid 'secretFiles\[0\]\.path': received "ci-token"; the Secret is a ServiceAccount token/);
  });

  test('a plain Secret of that type (kplus.Secret with type kubernetes.io/service-account-token)', () => {
    const chart = chartOf();
    const secret = new kplus.Secret(chart, 'raw', { type: 'kubernetes.io/service-account-token', metadata: { name: 'raw-token' } });
    expect(() => make(chart, { secretFiles: [{ secret, path: '/var/run/token' }] })).toThrow(/the Secret is a ServiceAccount token/);
  });

  test('with the typed exception it is mounted, and the audit accepts it as excepted', () => {
    const chart = chartOf();
    make(chart, {
      secretFiles: [{ secret: tokenSecret(chart), path: '/var/run/token' }],
      exceptions: [SecurityException.of(RuleId.POD_NO_SA_TOKEN, 'deploys to the cluster with the ci-deployer identity')],
    });
    const report = Audit.of(chart, { packs: [Pack.HARDENED] });
    expect(report.active(Severity.WARNING).map((f) => f.id)).toEqual([]);
    expect(report.suppressed().filter((f) => f.ruleId === RuleId.POD_NO_SA_TOKEN).map((f) => f.message)).toContainEqual(
      expect.stringMatching(/mounts the ServiceAccount token Secret ci-token/));
  });
});

describe('6/7. the audit reports ServiceAccount tokens that arrive other than by the automatic mount (POD-NO-SA-TOKEN)', () => {
  const tokenSecret = { apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/service-account-token', metadata: { name: 'ci-token', namespace: 'ops' } };
  const plainSecret = { apiVersion: 'v1', kind: 'Secret', type: 'Opaque', metadata: { name: 'db', namespace: 'ops' } };
  function pod(spec: Manifest): Manifest {
    return {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'job', namespace: 'ops' },
      spec: { template: { spec: { automountServiceAccountToken: false, restartPolicy: 'Never', containers: [{ name: 'run', image: IMAGE }], ...spec } } },
    };
  }
  function tokenFindings(spec: Manifest, extra: Manifest[] = [tokenSecret, plainSecret]): string[] {
    return Audit.ofManifests([pod(spec), ...extra], { packs: [Pack.HARDENED] }).active(Severity.INFO)
      .filter((f) => f.ruleId === RuleId.POD_NO_SA_TOKEN).map((f) => `${f.path}: ${f.message}`);
  }

  test('a projected serviceAccountToken source, though automountServiceAccountToken is false', () => {
    expect(tokenFindings({
      volumes: [{ name: 'kube-api', projected: { sources: [{ configMap: { name: 'ca' } }, { serviceAccountToken: { path: 'token', audience: 'vault' } }] } }],
    })).toEqual([
      "spec.template.spec.volumes[0].projected.sources[1].serviceAccountToken: volume 'kube-api' projects a ServiceAccount token "
      + '(automountServiceAccountToken does not stop it)',
    ]);
  });

  test('a token Secret as a volume, as a projected source, in secretKeyRef and envFrom', () => {
    expect(tokenFindings({
      volumes: [
        { name: 'token', secret: { secretName: 'ci-token' } },
        { name: 'mixed', projected: { sources: [{ secret: { name: 'ci-token' } }] } },
        { name: 'db', secret: { secretName: 'db' } },
      ],
      containers: [{
        name: 'run',
        image: IMAGE,
        env: [{ name: 'T', valueFrom: { secretKeyRef: { name: 'ci-token', key: 'token' } } }, { name: 'P', valueFrom: { secretKeyRef: { name: 'db', key: 'p' } } }],
        envFrom: [{ secretRef: { name: 'ci-token' } }],
      }],
    })).toEqual([
      expect.stringMatching(/^spec\.template\.spec\.containers\[0\]\.envFrom\[0\]\.secretRef\.name: .*reads the ServiceAccount token Secret ci-token/),
      expect.stringMatching(/^spec\.template\.spec\.containers\[0\]\.env\[0\]\.valueFrom\.secretKeyRef\.name: .*reads the ServiceAccount token Secret ci-token/),
      "spec.template.spec.volumes[0].secret.secretName: volume 'token' mounts the ServiceAccount token Secret ci-token",
      "spec.template.spec.volumes[1].projected.sources[0].secret.name: volume 'mixed' projects the ServiceAccount token Secret ci-token",
    ]);
  });

  test('a token Secret of another namespace, or an ordinary Secret, is not reported', () => {
    expect(tokenFindings({ volumes: [{ name: 'token', secret: { secretName: 'ci-token' } }] },
      [{ ...tokenSecret, metadata: { name: 'ci-token', namespace: 'other' } }])).toEqual([]);
    expect(tokenFindings({ volumes: [{ name: 'db', secret: { secretName: 'db' } }] })).toEqual([]);
  });
});

describe.each(KINDS)('7. %s: a projected ServiceAccount token added by JSON patch', (_name, make) => {
  test('fails at synth without the POD-NO-SA-TOKEN exception', () => {
    const chart = chartOf();
    const workload = make(chart, {});
    const base = _name === 'SecureCronJob' ? '/spec/jobTemplate/spec/template/spec' : '/spec/template/spec';
    ApiObject.of(workload).addJsonPatch(JsonPatch.add(`${base}/volumes/-`, {
      name: 'kube-api', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3600 } }] },
    }));
    expect(() => Testing.synth(chart)).toThrow(/invalid 'volumes\.kube-api': received "projected\.serviceAccountToken"; a projected ServiceAccount token/);
  });
});

describe('9. SecureCronJob concurrencyPolicy other than Forbid needs the CRONJOB-CONCURRENCY exception', () => {
  const cron = (chart: Chart, extra: Record<string, unknown> = {}) => new SecureCronJob(chart, 'backup', { image: IMAGE, schedule: Cron.daily(), ...extra });

  test.each([kplus.ConcurrencyPolicy.ALLOW, kplus.ConcurrencyPolicy.REPLACE])('%s given without exception', (policy) => {
    expect(() => cron(chartOf(), { concurrencyPolicy: policy }))
      .toThrow(new RegExp(`shop/backup: invalid 'concurrencyPolicy': received "${policy}"; .*Fix: .*RuleId\\.CRONJOB_CONCURRENCY`, 's'));
  });

  test.each(['Allow', 'Replace'])('%s set later by JSON patch fails at synth', (policy) => {
    const chart = chartOf();
    ApiObject.of(cron(chart)).addJsonPatch(JsonPatch.replace('/spec/concurrencyPolicy', policy));
    expect(() => Testing.synth(chart)).toThrow(new RegExp(`invalid 'spec.concurrencyPolicy': received "${policy}"`));
  });

  test('a JSON patch removing it (the API default is Allow) fails at synth', () => {
    const chart = chartOf();
    ApiObject.of(cron(chart)).addJsonPatch(JsonPatch.remove('/spec/concurrencyPolicy'));
    expect(() => Testing.synth(chart)).toThrow(/invalid 'spec.concurrencyPolicy': received nothing; the runs could overlap/);
  });

  test.each(['forbid', 'Sometimes'])('plain JavaScript: %s is not a ConcurrencyPolicy', (policy) => {
    expect(() => cron(chartOf(), { concurrencyPolicy: policy }))
      .toThrow(/invalid 'concurrencyPolicy': received ".*"; is not one of "Allow", "Forbid", "Replace" \(ConcurrencyPolicy\)/);
  });

  test('Allow with the typed exception: emitted, and the audit accepts it as excepted', () => {
    const chart = chartOf();
    cron(chart, {
      concurrencyPolicy: kplus.ConcurrencyPolicy.ALLOW,
      exceptions: [SecurityException.of(RuleId.CRONJOB_CONCURRENCY, 'each run exports a disjoint day of data')],
    });
    expect(find(Testing.synth(chart), 'CronJob').spec.concurrencyPolicy).toEqual('Allow');
    const report = Audit.of(chart, { packs: [Pack.HARDENED] });
    expect(report.active(Severity.WARNING)).toEqual([]);
    expect(report.suppressed().map((f) => f.ruleId)).toContain(RuleId.CRONJOB_CONCURRENCY);
  });

  test('the default stays Forbid without any exception', () => {
    const chart = chartOf();
    cron(chart);
    expect(find(Testing.synth(chart), 'CronJob').spec.concurrencyPolicy).toEqual('Forbid');
  });
});

describe('10. plain JavaScript: wrong types on the props of the four kinds fail with construct, prop, value and fix', () => {
  const storage = [{ path: '/data', size: Size.gibibytes(1) }];
  const sts = (extra: Record<string, unknown>) => () => new SecureStatefulSet(chartOf(), 'db', { image: IMAGE, port: 5432, storage, ...extra } as never);
  const job = (extra: Record<string, unknown>) => () => new SecureJob(chartOf(), 'migrate', { image: IMAGE, ...extra } as never);
  const cron = (extra: Record<string, unknown>) => () => new SecureCronJob(chartOf(), 'backup', { image: IMAGE, schedule: Cron.daily(), ...extra } as never);
  const ds = (extra: Record<string, unknown>) => () => new SecureDaemonSet(chartOf(), 'logs', { image: IMAGE, port: 2020, ...extra } as never);
  const cases: Array<[string, () => unknown, RegExp]> = [
    ['SecureStatefulSet strategy "OnDelete"', sts({ strategy: 'OnDelete' }),
      /shop\/db: invalid 'strategy': received "OnDelete"; is not a StatefulSetUpdateStrategy .*Fix: pass a StatefulSetUpdateStrategy/s],
    ['SecureStatefulSet service {}', sts({ service: {} }), /shop\/db: invalid 'service': received \{\}; is not a Service/],
    ['SecureStatefulSet securityContext.fsGroupChangePolicy 5', sts({ securityContext: { fsGroupChangePolicy: 5 } }),
      /shop\/db: invalid 'securityContext\.fsGroupChangePolicy': received 5; is not one of "OnRootMismatch", "Always" \(FsGroupChangePolicy\)/],
    ['SecureStatefulSet securityContext.fsGroupChangePolicy "Sometimes"', sts({ securityContext: { fsGroupChangePolicy: 'Sometimes' } }),
      /invalid 'securityContext\.fsGroupChangePolicy': received "Sometimes"/],
    ['SecureStatefulSet podManagementPolicy 5', sts({ podManagementPolicy: 5 }), /shop\/db: invalid 'podManagementPolicy': received 5; is not one of "OrderedReady", "Parallel"/],
    ['SecureStatefulSet minReady 5', sts({ minReady: 5 }), /shop\/db: invalid 'minReady': received 5; is not a Duration/],
    ['SecureJob parallelism "x" (no such cdk8s-plus prop)', job({ parallelism: 'x' }),
      /shop\/migrate: invalid 'parallelism': received "x"; cdk8s-plus JobProps has no parallelism.*Fix: .*JsonPatch\.add\('\/spec\/parallelism'/s],
    ['SecureJob completions 5 (no such cdk8s-plus prop)', job({ completions: 5 }), /invalid 'completions': received 5; cdk8s-plus JobProps has no completions/],
    ['SecureCronJob parallelism 3 (no such cdk8s-plus prop)', cron({ parallelism: 3 }),
      /shop\/backup: invalid 'parallelism'.*JsonPatch\.add\('\/spec\/jobTemplate\/spec\/parallelism'/s],
    ['SecureJob containerSecurityContext.privileged "true"', job({ containerSecurityContext: { privileged: 'true' } }),
      /shop\/migrate: invalid 'containerSecurityContext\.privileged': received "true"; is not true or false\. Fix: pass true or false/],
    ['SecureJob containerSecurityContext.capabilities "ALL"', job({ containerSecurityContext: { capabilities: 'ALL' } }),
      /invalid 'containerSecurityContext\.capabilities': received "ALL"; is not an object/],
    ['SecureJob containerSecurityContext.capabilities.add "SYS_ADMIN"', job({ containerSecurityContext: { capabilities: { add: 'SYS_ADMIN' } } }),
      /invalid 'containerSecurityContext\.capabilities\.add': received "SYS_ADMIN"; is not a list of strings/],
    ['SecureJob securityContext.sysctls "x"', job({ securityContext: { sysctls: 'x' } }), /invalid 'securityContext\.sysctls': received "x"; is not a list of objects/],
    ['SecureJob restartPolicy "never" (lower case)', job({ restartPolicy: 'never' }), /invalid 'restartPolicy': received "never"; is not one of "Always", "OnFailure", "Never"/],
    ['SecureJob containers[0].securityContext.privileged "yes"', job({ containers: [{ name: 'side', image: IMAGE, securityContext: { privileged: 'yes' } }] }),
      /invalid 'containers\[0\]\.securityContext\.privileged': received "yes"; is not true or false/],
    ['SecureCronJob initContainers[0].securityContext.allowPrivilegeEscalation 1', cron({ initContainers: [{ image: IMAGE, securityContext: { allowPrivilegeEscalation: 1 } }] }),
      /invalid 'initContainers\[0\]\.securityContext\.allowPrivilegeEscalation': received 1; is not true or false/],
    ['SecureCronJob concurrencyPolicy "forbid"', cron({ concurrencyPolicy: 'forbid' }), /invalid 'concurrencyPolicy': received "forbid"; is not one of/],
    ['SecureDaemonSet containerSecurityContext.user "0"', ds({ containerSecurityContext: { user: '0' } }),
      /shop\/logs: invalid 'containerSecurityContext\.user': received "0"; is not a number/],
    ['SecureDaemonSet securityContext.ensureNonRoot "false"', ds({ securityContext: { ensureNonRoot: 'false' } }),
      /shop\/logs: invalid 'securityContext\.ensureNonRoot': received "false"; is not true or false/],
  ];
  test.each(cases)('%s', (_name, make, message) => {
    expect(make).toThrow(message);
    try {
      make();
    } catch (error) {
      expect(error).not.toBeInstanceOf(TypeError);
    }
  });
});

describe('8. JSON patches on the kinds\' own fields are judged by the kind-specific audit rules', () => {
  const storage = [{ path: '/data', size: Size.gibibytes(1) }];
  const build: Record<string, (chart: Chart) => kplus.Workload> = {
    StatefulSet: (chart) => new SecureStatefulSet(chart, 'db', { image: IMAGE, port: 5432, storage }),
    Job: (chart) => new SecureJob(chart, 'migrate', { image: IMAGE }),
    CronJob: (chart) => new SecureCronJob(chart, 'backup', { image: IMAGE, schedule: Cron.daily() }),
  };
  const cases: Array<[string, string, JsonPatch[], string[]]> = [
    ['StatefulSet: a claim template cloning another claim (dataSource)', 'StatefulSet',
      [JsonPatch.add('/spec/volumeClaimTemplates/0/spec/dataSource', { kind: 'PersistentVolumeClaim', name: 'payments-data' })],
      ['STS-VOLUME-CLAIMS spec.volumeClaimTemplates[0].spec.dataSource']],
    ['StatefulSet: a claim template cloning another claim (dataSourceRef)', 'StatefulSet',
      [JsonPatch.add('/spec/volumeClaimTemplates/0/spec/dataSourceRef', { kind: 'PersistentVolumeClaim', name: 'payments-data' })],
      ['STS-VOLUME-CLAIMS spec.volumeClaimTemplates[0].spec.dataSourceRef']],
    ['StatefulSet: ReadWriteMany', 'StatefulSet', [JsonPatch.replace('/spec/volumeClaimTemplates/0/spec/accessModes', ['ReadWriteMany'])],
      ['STS-VOLUME-CLAIMS spec.volumeClaimTemplates[0].spec.accessModes']],
    ['StatefulSet: OnDelete', 'StatefulSet', [JsonPatch.replace('/spec/updateStrategy', { type: 'OnDelete' })], ['WL-ROLLING spec.updateStrategy.type']],
    ['Job: parallelism 500', 'Job', [JsonPatch.add('/spec/parallelism', 500)], ['JOB-LIMITS spec.parallelism']],
    ['Job: parallelism "5"', 'Job', [JsonPatch.add('/spec/parallelism', '5')], ['JOB-LIMITS spec.parallelism']],
    ['Job: no activeDeadlineSeconds', 'Job', [JsonPatch.remove('/spec/activeDeadlineSeconds')], ['JOB-LIMITS spec.activeDeadlineSeconds']],
    ['Job: backoffLimit 100', 'Job', [JsonPatch.replace('/spec/backoffLimit', 100)], ['JOB-LIMITS spec.backoffLimit']],
    ['Job: no ttlSecondsAfterFinished', 'Job', [JsonPatch.remove('/spec/ttlSecondsAfterFinished')], ['JOB-CLEANUP spec.ttlSecondsAfterFinished']],
    ['CronJob: parallelism 50 in the job template', 'CronJob', [JsonPatch.add('/spec/jobTemplate/spec/parallelism', 50)],
      ['JOB-LIMITS spec.jobTemplate.spec.parallelism']],
    ['CronJob: history limit 1000', 'CronJob', [JsonPatch.replace('/spec/successfulJobsHistoryLimit', 1000)], ['JOB-CLEANUP spec.successfulJobsHistoryLimit']],
    ['CronJob: no startingDeadlineSeconds', 'CronJob', [JsonPatch.remove('/spec/startingDeadlineSeconds')], ['CRONJOB-DEADLINE spec.startingDeadlineSeconds']],
  ];
  test.each(cases)('%s', (_name, kind, patches, expected) => {
    const chart = chartOf();
    ApiObject.of(build[kind](chart)).addJsonPatch(...patches);
    expect(Audit.of(chart, { packs: [Pack.HARDENED] }).active(Severity.WARNING).map((f) => `${f.ruleId} ${f.path}`)).toEqual(expected);
  });

  test('within the bounds, parallelism and a VolumeSnapshot source are not reported', () => {
    const chart = chartOf();
    ApiObject.of(build.Job(chart)).addJsonPatch(JsonPatch.add('/spec/parallelism', 10), JsonPatch.add('/spec/completions', 40));
    ApiObject.of(build.StatefulSet(chart)).addJsonPatch(JsonPatch.add('/spec/volumeClaimTemplates/0/spec/dataSource', {
      apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: 'nightly',
    }));
    expect(Audit.of(chart, { packs: [Pack.HARDENED] }).active(Severity.WARNING)).toEqual([]);
  });

  test('SecureStatefulSet storage with ReadWriteMany needs the STS-VOLUME-CLAIMS exception, and the audit honours it', () => {
    const rwx = [{ path: '/data', size: Size.gibibytes(1), accessMode: kplus.PersistentVolumeAccessMode.READ_WRITE_MANY }];
    expect(() => new SecureStatefulSet(chartOf(), 'db', { image: IMAGE, port: 5432, storage: rwx }))
      .toThrow(/shop\/db: invalid 'storage\[0\]\.accessMode': received "ReadWriteMany"; each replica gets its own claim.*STS_VOLUME_CLAIMS/s);
    const chart = chartOf();
    new SecureStatefulSet(chart, 'db', {
      image: IMAGE, port: 5432, storage: rwx, exceptions: [SecurityException.of(RuleId.STS_VOLUME_CLAIMS, 'the replicas share one upload directory')],
    });
    expect(Audit.of(chart, { packs: [Pack.HARDENED] }).active(Severity.WARNING)).toEqual([]);
  });
});

describe('property: hostPath spellings never change the verdict (constructs and audit)', () => {
  const segment = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,11}$/).filter((text) => text !== '..' && text !== '.');
  /** The same directory written as an attacker might: doubled slashes, `./`, a detour through `x/..`, a trailing slash. */
  const respell = (path: string) => fc.tuple(fc.array(fc.constantFrom('/', '//', '/./', '/x/../'), { minLength: 4, maxLength: 4 }), fc.boolean())
    .map(([joins, trailing]) => path.split('/').filter(Boolean).map((part, i) => `${joins[i % joins.length]}${part}`).join('') + (trailing ? '/' : ''));
  const sensitive = fc.tuple(fc.constantFrom(...SENSITIVE_HOST_PATHS), fc.array(segment, { maxLength: 3 }))
    .map(([root, rest]) => [root, ...rest].join('/'));
  const harmless = fc.tuple(fc.constantFrom('/var/log', '/opt', '/data', '/mnt'), fc.array(segment, { maxLength: 3 }))
    .map(([root, rest]) => [root, ...rest].join('/'))
    .filter((path) => sensitiveHostPathProblem(path) === undefined);
  const params = { seed: 14, numRuns: 200 };

  test('a sensitive directory, however it is written, stays sensitive', () => {
    fc.assert(fc.property(sensitive.chain((path) => fc.tuple(fc.constant(path), respell(path))), ([path, spelled]) => {
      expect(normaliseHostPath(spelled)).toEqual(path);
      expect(sensitiveHostPathProblem(spelled)).toBeDefined();
    }), params);
  });

  test('the audit reports every spelling of a sensitive directory and none of a harmless one', () => {
    const agent = (path: string) => ({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent', namespace: 'ops' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: {
          metadata: { labels: { app: 'agent' } },
          spec: { containers: [{ name: 'a', image: IMAGE, volumeMounts: [{ name: 'h', mountPath: '/h', readOnly: true }] }], volumes: [{ name: 'h', hostPath: { path } }] },
        },
      },
    });
    const reported = (path: string) => Audit.ofManifests([agent(path)], { packs: [Pack.HARDENED] }).active(Severity.WARNING)
      .some((f) => f.ruleId === RuleId.POD_HOSTPATH_READONLY);
    fc.assert(fc.property(sensitive.chain(respell), (spelled) => {
      expect(reported(spelled)).toBe(true);
    }), { ...params, numRuns: 60 });
    fc.assert(fc.property(harmless.chain(respell), (spelled) => {
      expect(reported(spelled)).toBe(false);
    }), { ...params, numRuns: 60 });
  });

  test('HostAccess refuses every spelling of a sensitive directory', () => {
    fc.assert(fc.property(sensitive.chain(respell), (spelled) => {
      expect(() => new SecureDaemonSet(chartOf(), 'logs', { image: IMAGE, port: 2020, hostAccess: [HostAccess.readOnlyPath(spelled, '/host', WHY)] }))
        .toThrow(/invalid 'hostAccess\[0\]\.hostPath'/);
    }), { ...params, numRuns: 60 });
  });
});

describe('4b. an approved writable hostPath: its POD-HOSTPATH-READONLY exception covers that path, writable, and nothing else', () => {
  const allowedRules = [RuleId.POD_NO_HOSTPATH, RuleId.POD_VOLUME_TYPES, RuleId.POD_HOSTPATH_READONLY];
  function cursorAgent(): Chart {
    const chart = chartOf();
    SecurityPolicy.apply(chart, { exceptionPolicy: { allowedRules } });
    new SecureDaemonSet(chart, 'logs', {
      image: IMAGE,
      port: 2020,
      hostAccess: [LOGS, HostAccess.writablePath('/var/lib/agent', '/state', 'keeps its cursor across restarts', { reference: 'SEC-1234' })],
    });
    return chart;
  }

  test('Audit.of: the declared writable path is excepted under the hardened pack', () => {
    const report = Audit.of(cursorAgent(), { packs: [Pack.HARDENED] });
    expect(report.active(Severity.WARNING)).toEqual([]);
    expect(report.suppressed().map((f) => f.ruleId)).toContain(RuleId.POD_HOSTPATH_READONLY);
  });

  test('YAML: a writable mount of the read-only /var/log is not covered by the writable grant of /var/lib/agent', () => {
    const manifests = Testing.synth(cursorAgent());
    const pod = find(manifests, 'DaemonSet').spec.template.spec;
    pod.containers[0].volumeMounts.find((m: Manifest) => m.name === 'host-var-log').readOnly = false;
    const active = Audit.ofManifests(manifests, {
      packs: [Pack.HARDENED], annotationExceptions: AnnotationExceptions.ALLOWED_RULES, exceptionPolicy: { allowedRules },
    }).active(Severity.WARNING);
    expect(active.map((f) => f.ruleId).sort()).toEqual([RuleId.POD_HOSTPATH_READONLY, RuleId.POD_NO_HOSTPATH, RuleId.POD_VOLUME_TYPES]);
  });

  test('a plain POD-HOSTPATH-READONLY exception on a daemon set is refused (it would allow writing any host path)', () => {
    expect(() => new SecureDaemonSet(chartOf(), 'logs', {
      image: IMAGE, port: 2020, exceptions: [SecurityException.of(RuleId.POD_HOSTPATH_READONLY, WHY)],
    })).toThrow(/invalid 'exceptions\[POD-HOSTPATH-READONLY\]'.*Fix: name the access in hostAccess.*writablePath/s);
  });
});
