import { Chart, Duration, Testing } from 'cdk8s';
import { Audit, ClusterDns, IngressControllerProfile, IngressTls, MeshMtls, SecureDeployment, SecureIngress, SecureNamespace, SecurePeer, SecurityPolicy, WorkloadProbe } from '../src';

/** Plain JavaScript callers can pass anything: every wrong type gets the library's error, never a raw TypeError. */
const js = (value: unknown): any => value;
const IMAGE = 'ghcr.io/acme/api:1.4.2';

function attempt(build: (chart: Chart) => unknown): Error {
  const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
  try {
    build(chart);
    Testing.synth(chart);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('SecureDeployment', () => {
  test.each([
    ['no props at all', undefined, "shop/api: invalid 'props': received nothing; is not an object of props"],
    ['no image', {}, "shop/api: invalid 'image': received nothing; is required. Fix: pass image, e.g. image: 'ghcr.io/acme/api:1.4.2'."],
    ['image: 123', { image: 123 }, "shop/api: invalid 'image': received 123; is not a string"],
    ['image: null', { image: null }, "shop/api: invalid 'image': received null; is required"],
    ['a numeric cpuRequest', { image: IMAGE, port: 8080, resources: { cpuRequest: 100 } }, "invalid 'resources.cpuRequest': received 100; is not a string"],
    ['resources: 5', { image: IMAGE, port: 8080, resources: 5 }, "invalid 'resources': received 5; is not an object"],
    ['a plain object as probe', { image: IMAGE, port: 8080, readiness: { periodSeconds: -1 } }, "invalid 'readiness': received {\"periodSeconds\":-1}; is not a WorkloadProbe"],
    ['a number as grace period', { image: IMAGE, port: 8080, terminationGracePeriod: -5 }, "invalid 'terminationGracePeriod': received -5; is not a Duration"],
    ['a string env value', { image: IMAGE, port: 8080, envVariables: { LOG_LEVEL: 'info' } }, "invalid 'envVariables.LOG_LEVEL': received \"info\"; is not an EnvValue"],
    ['writablePaths: "/data"', { image: IMAGE, port: 8080, writablePaths: '/data' }, "invalid 'writablePaths': received \"/data\"; is not a list of objects"],
    ['writablePaths: [null]', { image: IMAGE, port: 8080, writablePaths: [null] }, "invalid 'writablePaths[0]': received null; is not an object"],
    ['a numeric writable path', { image: IMAGE, port: 8080, writablePaths: [{ path: 42 }] }, "invalid 'writablePaths[0].path': received 42; is not a string"],
    ['secretFiles: "x"', { image: IMAGE, port: 8080, secretFiles: 'x' }, "invalid 'secretFiles': received \"x\"; is not a list of objects"],
    ['numeric labels', { image: IMAGE, port: 8080, metadata: { labels: { tier: 1 } } }, "invalid 'metadata.labels': received {\"tier\":1}; is not an object of string values"],
    ['args: 5', { image: IMAGE, port: 8080, args: 5 }, "invalid 'args': received 5; is not a list of strings"],
    ['portName: 5', { image: IMAGE, port: 8080, portName: 5 }, "invalid 'portName': received 5; is not a string"],
    ['priorityClassName: 5', { image: IMAGE, port: 8080, priorityClassName: 5 }, "invalid 'priorityClassName': received 5; is not a string"],
    ['clusterDns: "kube-dns"', { image: IMAGE, port: 8080, clusterDns: 'kube-dns' }, "invalid 'clusterDns': received \"kube-dns\"; is not a ClusterDns"],
    ['exceptions: {}', { image: IMAGE, port: 8080, exceptions: {} }, "invalid 'exceptions': received {}; is not a list of exceptions"],
  ])('%s', (_what, props, message) => {
    const error = attempt((chart) => new SecureDeployment(chart, 'api', js(props)));
    expect(error).not.toBeInstanceOf(TypeError);
    expect(error.message).toContain(message);
    expect(error.message).toMatch(/^shop\/api: .* Fix: /);
  });

  test.each([
    ['a zero period', () => WorkloadProbe.httpGet('/readyz', { period: Duration.seconds(0) }), "invalid 'readiness.period': received \"0 seconds\"; is not a Duration of whole seconds, at least 1"],
    ['a number as period', () => WorkloadProbe.httpGet('/readyz', js({ period: 10 })), "invalid 'readiness.period': received 10; is not a Duration"],
    ['a negative failure threshold', () => WorkloadProbe.httpGet('/readyz', { failureThreshold: -3 }), "invalid 'readiness.failureThreshold': received -3; failureThreshold is a whole number >= 1"],
    ['NaN as failure threshold', () => WorkloadProbe.httpGet('/readyz', { failureThreshold: NaN }), "invalid 'readiness.failureThreshold': received NaN"],
    ['Infinity as success threshold', () => WorkloadProbe.httpGet('/readyz', { successThreshold: Infinity }), "invalid 'readiness.successThreshold': received Infinity"],
    ['a numeric HTTP path', () => WorkloadProbe.httpGet(js(42)), "invalid 'readiness.path': received 42"],
    ['an exec probe without a command', () => WorkloadProbe.exec(js('healthcheck')), "invalid 'readiness.command': received \"healthcheck\""],
  ])('a probe with %s', (_what, probe, message) => {
    const error = attempt((chart) => new SecureDeployment(chart, 'api', { image: IMAGE, port: 8080, readiness: probe() }));
    expect(error).not.toBeInstanceOf(TypeError);
    expect(error.message).toContain(`shop/api: ${message}`);
  });

  test('a scope that is not a construct', () => {
    expect(() => new SecureDeployment(js(null), 'api', { image: IMAGE })).toThrow('new SecureDeployment(scope, id, props): received null; is not a construct');
  });
});

describe('SecureIngress', () => {
  test.each([
    ['no props', undefined, "shop/web: invalid 'props': received nothing"],
    ['tls: "web-tls"', { tls: 'web-tls' }, "shop/web: invalid 'tls': received \"web-tls\"; is not an IngressTls"],
    ['rules: "x"', { tls: IngressTls.fromSecret('web-tls'), rules: 'x' }, "shop/web: invalid 'rules': received \"x\"; is not a list of objects"],
    ['host: 42', { tls: IngressTls.fromSecret('web-tls'), rules: [{ host: 42, backend: {} }] }, "shop/web: invalid 'rules[0].host': received 42; is not a string"],
  ])('%s', (_what, props, message) => {
    const error = attempt((chart) => new SecureIngress(chart, 'web', js(props)));
    expect(error).not.toBeInstanceOf(TypeError);
    expect(error.message).toContain(message);
  });
});

describe('SecureNamespace', () => {
  test.each([
    ['props: null', null, "shop/team: invalid 'props': received null"],
    ['dns: "kube-dns"', { dns: 'kube-dns' }, "shop/team: invalid 'dns': received \"kube-dns\"; is not a ClusterDns"],
    ['an object as quota value', { quota: { limitsCpu: {} } }, "shop/team: invalid 'quota': received {\"limitsCpu\":{}}"],
    ['podSecurityLevel: 3', { podSecurityLevel: 3 }, "shop/team: invalid 'podSecurityLevel': received 3; is not a string"],
  ])('%s', (_what, props, message) => {
    const error = attempt((chart) => new SecureNamespace(chart, 'team', js(props)));
    expect(error).not.toBeInstanceOf(TypeError);
    expect(error.message).toContain(message);
  });
});

describe('SecurityPolicy', () => {
  test.each([
    ['props: null', null, "shop/SecurityPolicy: invalid 'props': received null; is not a policy object"],
    ['props: 5', 5, "shop/SecurityPolicy: invalid 'props': received 5; is not a policy object"],
    ['requireDigest: "yes"', { requireDigest: 'yes' }, "shop/SecurityPolicy: invalid 'requireDigest': received \"yes\"; is not a boolean"],
    ['a number as registry', { allowedRegistries: [5] }, "shop/SecurityPolicy: invalid 'allowedRegistries"],
    ['exceptionPolicy: 5', { exceptionPolicy: 5 }, "shop/SecurityPolicy: invalid 'exceptionPolicy': received 5"],
    ['clusterDns: "kube-dns"', { clusterDns: 'kube-dns' }, "shop/SecurityPolicy: invalid 'clusterDns': received \"kube-dns\"; is not a ClusterDns"],
    ['ingressControllerNamespace: 5', { ingressControllerNamespace: 5 }, "shop/SecurityPolicy: invalid 'ingressControllerNamespace': received 5"],
    ['ingressControllerPodLabels: "x"', { ingressControllerPodLabels: 'x' },
      "shop/SecurityPolicy: invalid 'ingressControllerPodLabels': received \"x\"; is not a map of label keys to values"],
    ['a number as controller label value', { ingressControllerPodLabels: { app: 5 } },
      "shop/SecurityPolicy: invalid 'ingressControllerPodLabels[\"app\"]': received 5; is not a string"],
    ['kubernetesVersion: 1.3', { kubernetesVersion: 1.3 }, "shop/SecurityPolicy: invalid 'kubernetesVersion': received 1.3; is not a string"],
    ['nodeAppArmor: "off"', { nodeAppArmor: 'off' }, "shop/SecurityPolicy: invalid 'nodeAppArmor': received \"off\"; is not a NodeAppArmor member"],
    ['nodeAppArmor: false', { nodeAppArmor: false }, "shop/SecurityPolicy: invalid 'nodeAppArmor': received false; is not a NodeAppArmor member"],
  ])('%s names the scope path', (_what, props, message) => {
    const chart = new Chart(Testing.app(), 'shop');
    let error: Error | undefined;
    try {
      SecurityPolicy.apply(chart, js(props));
    } catch (e) {
      error = e as Error;
    }
    expect(error).toBeDefined();
    expect(error).not.toBeInstanceOf(TypeError);
    expect(error?.message).toContain(message);
  });
});

describe('SecureDeployment methods and SecurePeer', () => {
  const make = () => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    return { chart, api: new SecureDeployment(chart, 'api', { image: IMAGE, port: 8080 }) };
  };
  test.each([
    ['allowFrom(null)', (api: SecureDeployment) => api.allowFrom(js(null)), "shop/api: invalid 'allowFrom(peer)': received null; is not a SecurePeer"],
    ['allowFrom({})', (api: SecureDeployment) => api.allowFrom(js({})), "shop/api: invalid 'allowFrom(peer)': received {}; is not a SecurePeer"],
    ['allowTo("10.0.0.0/24")', (api: SecureDeployment) => api.allowTo(js('10.0.0.0/24')), "invalid 'allowTo(peer)': received \"10.0.0.0/24\"; is not a SecurePeer"],
    ['allowFrom(peer, null)', (api: SecureDeployment) => api.allowFrom(SecurePeer.namespace('monitoring'), js(null)), "invalid 'allowFrom(options)': received null; is not an object"],
    ['ports: 80', (api: SecureDeployment) => api.allowFrom(SecurePeer.namespace('monitoring'), js({ ports: 80 })), "invalid 'allowFrom(options).ports': received 80; is not a list"],
    ['ports: [80]', (api: SecureDeployment) => api.allowFrom(SecurePeer.namespace('monitoring'), js({ ports: [80] })), "invalid 'allowFrom(options).ports[0]': received 80; is not a NetworkPolicyPort"],
    ['SecurePeer.ipBlock(123)', (api: SecureDeployment) => api.allowTo(SecurePeer.ipBlock(js(123))), "invalid 'allowTo(peer)': received 123; is not an IPv4 or IPv6 CIDR"],
    ['SecurePeer.ipBlock(cidr, "x")', (api: SecureDeployment) => api.allowTo(SecurePeer.ipBlock('203.0.113.0/24', js('x'))), "invalid 'allowTo(peer)': received \"x\"; the except blocks are not a list"],
    ['SecurePeer.pods("x", null)', (api: SecureDeployment) => api.allowFrom(SecurePeer.pods('monitoring', js(null))), "received null; the pods' labels are not an object of string values"],
    ['SecurePeer.namespace(5)', (api: SecureDeployment) => api.allowFrom(SecurePeer.namespace(js(5))), "received 5; the peer's namespace cannot be resolved: it is not a string"],
    ['SecurePeer.deployment(null)', (api: SecureDeployment) => api.allowFrom(SecurePeer.deployment(js(null))), 'received null; SecurePeer.deployment() needs a SecureDeployment'],
    ['SecurePeer.workload({})', (api: SecureDeployment) => api.allowFrom(SecurePeer.workload(js({}))), 'received {}; SecurePeer.workload() needs a cdk8s-plus workload'],
    ['addContainer(null)', (api: SecureDeployment) => api.addContainer(js(null)), "invalid 'addContainer(container)': received null; is not an object"],
    ['addInitContainer(undefined)', (api: SecureDeployment) => api.addInitContainer(js(undefined)), "invalid 'addInitContainer(container)': received nothing; is required"],
    ['attachContainer(null)', (api: SecureDeployment) => api.attachContainer(js(null)), "invalid 'attachContainer(container)': received null; is not a Container"],
    ['mountSecret(s, path, null)', (api: SecureDeployment) => api.mountSecret(js({ name: 's' }), '/etc/s', js(null)), "invalid 'mountSecret(options)': received null; is not an object"],
    ['mountSecret container: "nope"', (api: SecureDeployment) => api.mountSecret(js({ name: 's' }), '/etc/s', js({ container: 'nope' })), "invalid 'mountSecret(options).container': received \"nope\"; is not a Container"],
    ['exposeViaService(null)', (api: SecureDeployment) => api.exposeViaService(js(null)), "invalid 'exposeViaService(options)': received null; is not an object"],
  ])('%s', (_what, call, message) => {
    const { api } = make();
    let error: unknown;
    try {
      call(api);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(TypeError);
    expect((error as Error).message).toContain(message);
  });
});

describe('Audit entry points', () => {
  const chart = () => new Chart(Testing.app(), 'shop');
  test.each([
    ['Audit.gate(scope, null)', () => Audit.gate(chart(), js(null)), 'invalid audit options: received null; the options are not an object'],
    ['Audit.of(scope, 5)', () => Audit.of(chart(), js(5)), 'invalid audit options: received 5; the options are not an object'],
    ['Audit.ofManifests(null)', () => Audit.ofManifests(js(null)), 'Audit.ofManifests(manifests): received null; is not a list of manifests'],
    ['Audit.ofYaml(5)', () => Audit.ofYaml(js(5)), 'Audit.ofYaml(text): received 5; is not a string'],
  ])('%s', (_what, call, message) => {
    expect(call).toThrow(message);
    expect(call).not.toThrow(TypeError);
  });
});

describe('factories', () => {
  test.each([
    ['IngressTls.fromSecret(5)', () => IngressTls.fromSecret(js(5)), "IngressTls.fromSecret(secretName, options): invalid 'secretName': received 5; is not a string"],
    ['IngressTls.certManagerClusterIssuer(5)', () => IngressTls.certManagerClusterIssuer(js(5)), "invalid 'issuerName': received 5; is not a string"],
    ['IngressTls.certManagerIssuer("x", null)', () => IngressTls.certManagerIssuer('x', js(null)), 'received null; the options are not an object'],
    ['ClusterDns.pods(null)', () => ClusterDns.pods(js(null)), 'ClusterDns.pods(options): received null; the options are not an object'],
    ['ClusterDns.nodeLocal({ address: 5 })', () => ClusterDns.nodeLocal(js({ address: 5 })), "ClusterDns.nodeLocal(options): invalid 'address': received 5"],
    ['MeshMtls.istio(null)', () => MeshMtls.istio(js(null)), 'MeshMtls.istio(options): received null'],
    ['IngressControllerProfile.nginx(null)', () => IngressControllerProfile.nginx(js(null)), 'IngressControllerProfile.nginx(options): received null'],
    ['IngressControllerProfile.nginx({ namespace: 5 })', () => IngressControllerProfile.nginx(js({ namespace: 5 })), "invalid 'namespace': received 5"],
    ['IngressControllerProfile.generic(5, null)', () => IngressControllerProfile.generic(js(5), js(null)), 'IngressControllerProfile.generic(className, options): received null'],
  ])('%s', (_what, call, message) => {
    expect(call).toThrow(message);
    expect(call).not.toThrow(TypeError);
  });
});

describe('SecureIngress methods', () => {
  const make = () => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    return new SecureIngress(chart, 'web', { tls: IngressTls.fromSecret('web-tls') });
  };
  test.each([
    ['addSecureRule(null)', (ingress: SecureIngress) => ingress.addSecureRule(js(null)), "shop/web: invalid 'addSecureRule(rule)': received null; is not an object"],
    ['addSecureRule({ host: 5 })', (ingress: SecureIngress) => ingress.addSecureRule(js({ host: 5 })), "invalid 'addSecureRule(rule).host': received 5; is not a string"],
    ['addRules(null)', (ingress: SecureIngress) => ingress.addRules(js(null)), "shop/web: invalid 'rules'"],
    ['addTls(null)', (ingress: SecureIngress) => ingress.addTls(js(null)), "shop/web: invalid 'tls': received null"],
  ])('%s', (_what, call, message) => {
    const ingress = make();
    expect(() => call(ingress)).toThrow(message);
    expect(() => call(ingress)).not.toThrow(TypeError);
  });
});
