import { ApiObject, App, Chart, JsonPatch, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Audit, PodSecurityLevel, RuleId, SecureDeployment, SecureNamespace, SecurityException, Severity } from '../src';
import { activeFindings, chartIn, container, deploy, IMAGE, podSpec, synth, WHY } from './secure-deployment-support';

/** The warnings recorded on a construct at synth time. */
function warnings(construct: SecureDeployment): string[] {
  return construct.node.metadata.filter((entry) => entry.type === 'warning').map((entry) => String(entry.data));
}

describe('objects that overwrite each other', () => {
  test('two SecureDeployments with metadata.name api in one namespace fail at synth, naming both construct paths', () => {
    const chart = chartIn();
    deploy({}, chart);
    new SecureDeployment(chart, 'api2', { image: IMAGE, port: 8080, metadata: { name: 'shop-api-c8f8f8d3' } });
    expect(() => synth(chart)).toThrow(
      "shop/api2/Resource: invalid 'metadata.name': received \"shop-api-c8f8f8d3\"; Deployment.apps shop/shop-api-c8f8f8d3 is also emitted by shop/api/Resource;"
      + ' kubectl apply would make one overwrite the other. Fix: give one of them another metadata.name');
  });

  test('two deployments named api in two charts of one namespace collide; in two namespaces they do not', () => {
    const app = Testing.app();
    new SecureDeployment(new Chart(app, 'a', { namespace: 'shop' }), 'api', { image: IMAGE, port: 8080, metadata: { name: 'api' } });
    const b = new Chart(app, 'b', { namespace: 'shop' });
    new SecureDeployment(b, 'api', { image: IMAGE, port: 8080, metadata: { name: 'api' } });
    expect(() => b.toJson()).toThrow('is also emitted by a/api/Resource');

    const other = Testing.app();
    new SecureDeployment(new Chart(other, 'a', { namespace: 'shop' }), 'api', { image: IMAGE, port: 8080, metadata: { name: 'api' } });
    const c = new Chart(other, 'c', { namespace: 'shop-eu' });
    new SecureDeployment(c, 'api', { image: IMAGE, port: 8080, metadata: { name: 'api' } });
    expect(c.toJson().filter((o: { kind: string }) => o.kind === 'Deployment')).toHaveLength(1);
  });

  test('a second SecureNamespace of one name (privileged) fails at synth: Namespaces are cluster-scoped', () => {
    const app = Testing.app();
    new SecureNamespace(new Chart(app, 'team-a'), 'Shop', { metadata: { name: 'shop' } });
    const b = new Chart(app, 'team-b');
    new SecureNamespace(b, 'Shop', {
      metadata: { name: 'shop' },
      podSecurityLevel: PodSecurityLevel.PRIVILEGED,
      exceptions: [SecurityException.of(RuleId.NS_PSA, WHY)],
    });
    expect(() => app.synthYaml()).toThrow(
      "team-b/Shop/Resource: invalid 'metadata.name': received \"shop\"; Namespace shop is also emitted by team-a/Shop/Resource");
  });

  test('escape hatches collide too: a plain ApiObject, and a JSON patch that renames an object', () => {
    const chart = chartIn();
    const api = deploy({ metadata: { name: 'api' } }, chart);
    new ApiObject(chart, 'Copy', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'api' } });
    expect(() => synth(chart)).toThrow("shop/Copy: invalid 'metadata.name': received \"api\"; Service shop/api is also emitted by shop/api/Service/Resource");

    const patched = chartIn();
    deploy({ metadata: { name: 'api' } }, patched);
    const web = new SecureDeployment(patched, 'web', { image: IMAGE, port: 8080, metadata: { name: 'web' } });
    ApiObject.of(web.networkPolicy).addJsonPatch(JsonPatch.replace('/metadata/name', 'api'));
    expect(() => synth(patched)).toThrow('NetworkPolicy.networking.k8s.io shop/api is also emitted by shop/api/NetworkPolicy/Resource');
    expect(api.name).toBe('api');
  });

  test('an object without namespace collides with its twin in default; a cluster-scoped kind by name only', () => {
    const app = Testing.app();
    const chart = chartIn('shop');
    new ApiObject(chart, 'A', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'default' } });
    new ApiObject(new Chart(chart.node.root as App, 'plain'), 'B', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
    deploy({}, chart);
    expect(() => synth(chart)).toThrow('ConfigMap default/x is also emitted by shop/A (no namespace: default)');
    new ApiObject(new Chart(app, 'c'), 'P1', { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'gold', namespace: 'a' } });
    const d = new Chart(app, 'd');
    new ApiObject(d, 'P2', { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'gold', namespace: 'b' } });
    new SecureNamespace(d, 'Shop', { metadata: { name: 'shop' } });
    expect(() => d.toJson()).toThrow('PriorityClass.scheduling.k8s.io gold is also emitted by c/P1');
  });
});

describe('names the API server rejects', () => {
  test.each([
    ['Api_1', 'is not a DNS-1123 label'],
    ['1api', 'does not start with a lower-case letter'],
    ['a'.repeat(64), 'is 64 characters long'],
    ['api.v1', 'is not a DNS-1123 label'],
  ])('SecureDeployment metadata.name %s', (name, problem) => {
    expect(() => deploy({ metadata: { name } })).toThrow(`shop/api: invalid 'metadata.name': received "${name}"; the name ${problem}`);
  });

  test('without a port (no Service) a name may start with a digit', () => {
    const api = deploy({ metadata: { name: '1api' }, port: undefined, exceptions: [SecurityException.of(RuleId.CTR_PROBES, WHY)] });
    expect(api.name).toBe('1api');
  });

  test('a name cdk8s generates from an id with "_" is not a DNS label either: the error names the construct id as the source', () => {
    expect(() => new SecureDeployment(chartIn(), 'Api_1', { image: IMAGE, port: 8080, appName: 'api' })).toThrow(
      "shop/Api_1: invalid 'metadata.name (default: generated from the construct id)': received \"shop-api_1-c882fcd4\"; the name is not a DNS-1123 label");
    expect(new SecureDeployment(chartIn(), 'Api', { image: IMAGE, port: 8080 }).name).toMatch(/^shop-api-c8[0-9a-f]{6}$/);
  });

  test('SecureNamespace Api_1 is rejected', () => {
    expect(() => new SecureNamespace(Testing.chart(), 'Ns', { metadata: { name: 'Api_1' } }))
      .toThrow("test/Ns: invalid 'metadata.name': received \"Api_1\"; is not a DNS-1123 label");
  });

  test('a long or dotted Secret name still gives a valid volume name', () => {
    const chart = chartIn();
    const secret = kplus.Secret.fromSecretName(chart, 'db', `db.credentials.${'x'.repeat(60)}`);
    const manifests = synth(deploy({ secretFiles: [{ secret, path: '/etc/secrets/db' }] }, chart));
    const volume = podSpec(manifests).volumes.find((v: { secret?: unknown }) => v.secret);
    expect(volume.name).toMatch(/^secret-db-credentials-x+-[0-9a-f]{8}$/);
    expect(volume.name.length).toBeLessThanOrEqual(63);
  });
});

describe('mounts', () => {
  const secretAt = (chart: Chart, path: string) => [{ secret: kplus.Secret.fromSecretName(chart, 'db', 'db'), path }];

  test('secretFiles and writablePaths on one mountPath fail at synth', () => {
    const chart = chartIn();
    deploy({ writablePaths: [{ path: '/var/lib/app' }], secretFiles: secretAt(chart, '/var/lib/app/') }, chart);
    expect(() => synth(chart)).toThrow("shop/api: invalid 'secretFiles': received \"/var/lib/app\"; container main already mounts volume "
      + 'var-lib-app (writablePaths) at /var/lib/app; the API server rejects two mounts at one path');
  });

  test('a writable path inside a secret directory fails; a secret inside a writable directory is fine', () => {
    const chart = chartIn();
    deploy({ writablePaths: [{ path: '/etc/app/cache' }], secretFiles: secretAt(chart, '/etc/app') }, chart);
    expect(() => synth(chart)).toThrow("invalid 'writablePaths': received \"/etc/app/cache\"; the path is inside /etc/app, where container main mounts the read-only secret");
    const ok = chartIn();
    deploy({ writablePaths: [{ path: '/data' }], secretFiles: secretAt(ok, '/data/db') }, ok);
    expect(container(synth(ok), 'main').volumeMounts.map((m: { mountPath: string }) => m.mountPath)).toEqual(['/tmp', '/data', '/data/db']);
  });

  test.each(['/etc', '/etc/', '//etc', '/./etc', '/usr/local/bin', '/lib64', '/var/run/secrets/kubernetes.io', '/proc/sys'])(
    'writablePaths [%s] is an error (the read-only root filesystem would be defeated)', (path) => {
      expect(() => deploy({ writablePaths: [{ path }] })).toThrow(
        `shop/api: invalid 'writablePaths[0].path': received "${path.replace(/\/+$/, '').replace(/\/\.?(?=\/)/g, '') || '/'}"`);
    });

  test('a writable /etc with an exception to CTR-READONLY-ROOTFS is emitted, recorded, and passes the audit', () => {
    const api = deploy({ writablePaths: [{ path: '/etc/' }], exceptions: [SecurityException.of(RuleId.CTR_READONLY_ROOTFS, WHY)] });
    const manifests = synth(api);
    expect(container(manifests, 'main').volumeMounts).toContainEqual({ name: 'etc', mountPath: '/etc', readOnly: false });
    expect(activeFindings(Chart.of(api))).toEqual([]);
    expect(Audit.of(Chart.of(api)).findings.filter((f) => f.ruleId === RuleId.CTR_READONLY_ROOTFS && f.suppressed)).not.toHaveLength(0);
  });

  test('/dev/shm and /etc/nginx/conf.d may be writable', () => {
    const manifests = synth(deploy({ writablePaths: [{ path: '/dev/shm', medium: kplus.EmptyDirMedium.MEMORY }, { path: '/etc/nginx/conf.d' }] }));
    expect(container(manifests, 'main').volumeMounts.map((m: { mountPath: string }) => m.mountPath)).toEqual(['/tmp', '/dev/shm', '/etc/nginx/conf.d']);
  });

  test('a writable /etc mounted later through cdk8s-plus fails at synth', () => {
    const api = deploy();
    api.container.mount('/etc', kplus.Volume.fromEmptyDir(api, 'Etc', 'etc', { sizeLimit: Size.mebibytes(1) }));
    expect(() => synth(api)).toThrow("shop/api: invalid 'containers[main].volumeMounts': received \"/etc\"; a writable volume over /etc defeats");
  });

  test('a mount path given with a trailing slash is emitted normalised', () => {
    const manifests = synth(deploy({ writablePaths: [{ path: '/var/cache/nginx/' }] }));
    expect(container(manifests, 'main').volumeMounts[1]).toEqual({ name: 'var-cache-nginx', mountPath: '/var/cache/nginx', readOnly: false });
  });
});

describe('sizes', () => {
  test('sizeLimit 0 is an error', () => {
    expect(() => deploy({ writablePaths: [{ path: '/data', sizeLimit: Size.mebibytes(0) }] }))
      .toThrow("shop/api: invalid 'writablePaths[0].sizeLimit': received \"0Ki\"; a size limit of 0 leaves no room: the first write gets the pod evicted");
  });

  test.each([
    ['a string', '64Mi'],
    ['NaN', Size.mebibytes(NaN)],
    ['a fraction of a mebibyte', Size.kibibytes(100)],
  ])('sizeLimit as %s is an error, never a TypeError', (_what, sizeLimit) => {
    expect(() => deploy({ writablePaths: [{ path: '/data', sizeLimit: sizeLimit as Size }] }))
      .toThrow("shop/api: invalid 'writablePaths[0].sizeLimit'");
  });

  test('writablePaths and secretFiles that are not lists are errors', () => {
    expect(() => deploy({ writablePaths: '/data' as unknown as [] })).toThrow("shop/api: invalid 'writablePaths': received \"/data\"; is not a list");
    expect(() => deploy({ writablePaths: [null as unknown as { path: string }] })).toThrow("invalid 'writablePaths[0]': received null");
    expect(() => deploy({ writablePaths: [{ path: 42 as unknown as string }] })).toThrow("invalid 'writablePaths[0].path': received 42; is not a string");
    expect(() => deploy({ secretFiles: [{ path: '/s' } as never] })).toThrow("invalid 'secretFiles[0].secret': received nothing; is not a Secret");
  });

  test('writable-path sizeLimits above the ephemeral-storage limit fail at synth (the kubelet would evict the pod)', () => {
    const api = deploy({ writablePaths: [{ path: '/data', sizeLimit: Size.mebibytes(256) }, { path: '/cache', sizeLimit: Size.mebibytes(256) }] });
    expect(() => synth(api)).toThrow("shop/api: invalid 'writablePaths': received \"tmp 64Mi, data 256Mi, cache 256Mi\"; the disk-backed emptyDir size "
      + "limits add up to 576Mi, more than the pod's ephemeral-storage limit of 512Mi");
    const raised = deploy({
      writablePaths: [{ path: '/data', sizeLimit: Size.mebibytes(256) }, { path: '/cache', sizeLimit: Size.mebibytes(256) }],
      resources: { ephemeralStorageLimit: '1Gi' },
    });
    expect(podSpec(synth(raised)).volumes.map((v: { emptyDir?: { sizeLimit: string } }) => v.emptyDir?.sizeLimit)).toEqual(['64Mi', '256Mi', '256Mi']);
  });

  test('in-memory writable paths do not count towards ephemeral-storage', () => {
    const api = deploy({ writablePaths: [{ path: '/dev/shm', sizeLimit: Size.gibibytes(1), medium: kplus.EmptyDirMedium.MEMORY }] });
    expect(podSpec(synth(api)).volumes[1]).toEqual({ name: 'dev-shm', emptyDir: { medium: 'Memory', sizeLimit: '1024Mi' } });
  });
});

describe('LimitRange of the SecureNamespace', () => {
  function inNamespace(props: Parameters<typeof deploy>[0], limits?: ConstructorParameters<typeof SecureNamespace>[2]) {
    const app = Testing.app();
    new SecureNamespace(new Chart(app, 'ns'), 'Shop', { metadata: { name: 'shop' }, ...limits });
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    return { app, chart, api: deploy(props, chart) };
  }

  test('the defaults fit the default LimitRange and audit clean', () => {
    const { app, api } = inNamespace({});
    expect(() => app.synthYaml()).not.toThrow();
    expect(warnings(api)).toEqual([]);
    expect(activeFindings(app)).toEqual([]);
  });

  test('a memory limit above the max fails at synth', () => {
    const { app } = inNamespace({ resources: { memoryLimit: '8Gi' } });
    expect(() => app.synthYaml()).toThrow("shop/api: invalid 'resources.limits.memory': received \"8Gi\"; the limit is above the max \"4Gi\" "
      + 'of LimitRange shop/container-limits (ns/Shop/Limits); the API server would reject the pods. Fix: lower it to at most 4Gi');
  });

  test('a request below a raised min fails at synth, also for an added container', () => {
    const { app, api } = inNamespace({}, { containerLimits: { min: { cpu: '50m' } } } as never);
    api.addInitContainer({ name: 'init', image: IMAGE, resources: { cpu: { request: kplus.Cpu.millis(20), limit: kplus.Cpu.millis(100) } } });
    expect(() => app.synthYaml()).toThrow("shop/api: invalid 'containers[init].resources.requests.cpu': received \"20m\"; the request is below the min \"50m\"");
  });

  test('without a LimitRange in the namespace nothing is bounded', () => {
    const chart = chartIn();
    deploy({ resources: { memoryLimit: '8Gi', memoryRequest: '1Gi' } }, chart);
    expect(() => synth(chart)).not.toThrow();
  });
});

describe('namespaces nobody declares', () => {
  test('a workload in a namespace no SecureNamespace declares gets a synth warning', () => {
    const api = deploy();
    synth(api);
    synth(api);
    expect(warnings(api)).toEqual([
      'shop/api: namespace "shop" is declared by no SecureNamespace (or Namespace object) of the app; make sure the cluster has it, '
      + 'with its Pod Security labels, default-deny NetworkPolicy, quota and LimitRange (WL-NAMESPACE-DECLARED)',
    ]);
    expect(Audit.of(Chart.of(api)).findings.filter((f) => f.ruleId === RuleId.WL_NAMESPACE_DECLARED && f.pack === 'hardened')
      .map((f) => f.severity)).toEqual([Severity.INFO]);
  });

  test('a typo of a declared namespace is a warning in the audit', () => {
    const app = Testing.app();
    new SecureNamespace(new Chart(app, 'ns'), 'Shop', { metadata: { name: 'shop' } });
    const api = deploy({}, new Chart(app, 'shpo', { namespace: 'shpo' }));
    app.synthYaml();
    expect(warnings(api)).toHaveLength(1);
    expect(activeFindings(app)).toContain(`hardened/WL-NAMESPACE-DECLARED Deployment/${api.name} metadata.namespace`);
  });
});
