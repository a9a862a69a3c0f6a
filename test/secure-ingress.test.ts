import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { IIngressControllerProfile, IngressTls, SecureIngress, SecureIngressBackend, SecureIngressProps } from '../src';
import { validateManifests } from './support/kubernetes-schema';
import { find, Manifest } from './support/manifests';

/** A chart in namespace `shop` (null: none) with a ClusterIP Service `api` (port 80 -> container port 8080) selecting `app: api` pods. */
function fixture(namespace: string | null = 'shop') {
  const chart = new Chart(Testing.app(), 'test', { namespace: namespace ?? undefined });
  const service = new kplus.Service(chart, 'api', {
    metadata: { name: 'api' },
    ports: [{ port: 80, targetPort: 8080 }],
  });
  service.selectLabel('app', 'api');
  return { chart, service, backend: SecureIngressBackend.fromService(service) };
}

function synth(props: (backend: SecureIngressBackend, service: kplus.Service) => SecureIngressProps): Manifest[] {
  const { chart, backend, service } = fixture();
  new SecureIngress(chart, 'web', { metadata: { name: 'web' }, ...props(backend, service) });
  return Testing.synth(chart);
}

function defaultProps(backend: SecureIngressBackend): SecureIngressProps {
  return {
    tls: IngressTls.certManagerClusterIssuer('letsencrypt-prod'),
    rules: [{ host: 'shop.example.com', backend }],
  };
}

describe('SecureIngress default output (ingress-nginx, cert-manager, one Service backend)', () => {
  const manifests = synth(defaultProps);
  const ingress = find(manifests, 'Ingress');
  const policy = find(manifests, 'NetworkPolicy');

  test('snapshot', () => {
    expect(manifests).toMatchSnapshot();
  });

  test('emits the Service, the Ingress and one NetworkPolicy, all in the Ingress namespace', () => {
    expect(manifests.map((m) => `${m.kind}/${m.metadata.namespace}`)).toEqual([
      'Service/shop', 'Ingress/shop', 'NetworkPolicy/shop',
    ]);
  });

  test('is valid against the Kubernetes 1.28 API', () => {
    expect(validateManifests(manifests)).toEqual([]);
  });

  test('synthesizes byte-identical output twice', () => {
    expect(JSON.stringify(synth(defaultProps))).toEqual(JSON.stringify(manifests));
  });

  test('TLS covers every host, with the Secret name derived from the Ingress name (ING-TLS)', () => {
    expect(ingress.spec.tls).toEqual([{ hosts: ['shop.example.com'], secretName: 'web-tls' }]);
  });

  test('cert-manager issues the certificate from the ClusterIssuer', () => {
    expect(ingress.metadata.annotations['cert-manager.io/cluster-issuer']).toEqual('letsencrypt-prod');
    expect(ingress.metadata.annotations['cert-manager.io/issuer']).toBeUndefined();
  });

  test('the class is the ingress-nginx one (ING-CLASS)', () => {
    expect(ingress.spec.ingressClassName).toEqual('nginx');
    expect(ingress.metadata.annotations['kubernetes.io/ingress.class']).toBeUndefined();
  });

  test('ingress-nginx redirects HTTP to HTTPS, and nothing else is configured per Ingress (ING-REDIRECT-HSTS)', () => {
    expect(ingress.metadata.annotations).toEqual({
      'cert-manager.io/cluster-issuer': 'letsencrypt-prod',
      'nginx.ingress.kubernetes.io/force-ssl-redirect': 'true',
      'nginx.ingress.kubernetes.io/ssl-redirect': 'true',
    });
  });

  test('the rule has the explicit host, path / of type Prefix, and names the Service and its port (ING-BACKEND)', () => {
    expect(ingress.spec.rules).toEqual([{
      host: 'shop.example.com',
      http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'api', port: { number: 80 } } } }] },
    }]);
    expect(ingress.spec.defaultBackend).toBeUndefined();
  });

  test('the NetworkPolicy admits only the ingress-nginx controller pods to the backend pods, on the target port only', () => {
    expect(policy.spec).toEqual({
      podSelector: { matchLabels: { app: 'api' } },
      policyTypes: ['Ingress'],
      ingress: [{
        from: [{
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } },
          podSelector: { matchLabels: { 'app.kubernetes.io/component': 'controller', 'app.kubernetes.io/name': 'ingress-nginx' } },
        }],
        ports: [{ port: 8080, protocol: 'TCP' }],
      }],
    });
  });

  test('the NetworkPolicy is named after the Ingress and the Service', () => {
    expect(policy.metadata.name).toEqual('web-to-api');
  });

  test('the Ingress and the NetworkPolicy are labelled as managed by the library; a user label wins', () => {
    expect(ingress.metadata.labels).toEqual({ 'app.kubernetes.io/managed-by': 'cdk8s-secure' });
    expect(policy.metadata.labels).toEqual({ 'app.kubernetes.io/managed-by': 'cdk8s-secure' });
    const labelled = find(synth((backend) => ({ metadata: { name: 'web', labels: { 'app.kubernetes.io/managed-by': 'argocd' } }, ...defaultProps(backend) })), 'Ingress');
    expect(labelled.metadata.labels).toEqual({ 'app.kubernetes.io/managed-by': 'argocd' });
  });

  test('exposes what it resolved', () => {
    const { chart, backend } = fixture();
    const construct = new SecureIngress(chart, 'web', { metadata: { name: 'web' }, ...defaultProps(backend) });
    expect(construct.className).toEqual('nginx');
    expect(construct.namespace).toEqual('shop');
    expect(construct.tlsSecretName).toEqual('web-tls');
    expect(construct.hosts).toEqual(['shop.example.com']);
    expect(construct.controller.controllerName).toEqual('ingress-nginx');
    expect(construct.allowWildcardHosts).toBe(false);
    expect(construct.allowHostlessRules).toBe(false);
    expect(construct.networkPolicies).toHaveLength(1);
  });
});

describe('SecureIngress TLS sources', () => {
  test('an existing Secret: no cert-manager annotation, the Secret is named as given', () => {
    const ingress = find(synth((backend) => ({
      tls: IngressTls.fromSecret('shop-example-com'),
      rules: [{ host: 'shop.example.com', backend }],
    })), 'Ingress');
    expect(ingress.spec.tls).toEqual([{ hosts: ['shop.example.com'], secretName: 'shop-example-com' }]);
    expect(Object.keys(ingress.metadata.annotations).filter((k) => k.startsWith('cert-manager.io/'))).toEqual([]);
  });

  test('a namespaced cert-manager Issuer with an explicit Secret name', () => {
    const ingress = find(synth((backend) => ({
      tls: IngressTls.certManagerIssuer('shop-ca', { secretName: 'shop-cert' }),
      rules: [{ host: 'shop.example.com', backend }],
    })), 'Ingress');
    expect(ingress.metadata.annotations['cert-manager.io/issuer']).toEqual('shop-ca');
    expect(ingress.metadata.annotations['cert-manager.io/cluster-issuer']).toBeUndefined();
    expect(ingress.spec.tls).toEqual([{ hosts: ['shop.example.com'], secretName: 'shop-cert' }]);
  });

  test('the derived Secret name follows the generated Ingress name when none is given', () => {
    const { chart, backend } = fixture();
    const ingress = new SecureIngress(chart, 'web', defaultProps(backend));
    const manifest = find(Testing.synth(chart), 'Ingress');
    expect(manifest.spec.tls[0].secretName).toEqual(`${manifest.metadata.name}-tls`);
    expect(ingress.tlsSecretName).toEqual(`${ingress.name}-tls`);
  });

  test('default TLS hosts are every rule host, sorted and unique, including rules added later', () => {
    const { chart, backend } = fixture();
    const ingress = new SecureIngress(chart, 'web', {
      tls: IngressTls.certManagerClusterIssuer('letsencrypt-prod'),
      rules: [{ host: 'www.example.com', backend }, { host: 'api.example.com', backend }],
    });
    ingress.addSecureRule({ host: 'api.example.com', path: '/v2', backend });
    ingress.addSecureRule({ host: 'admin.example.com', backend });
    expect(find(Testing.synth(chart), 'Ingress').spec.tls[0].hosts).toEqual(['admin.example.com', 'api.example.com', 'www.example.com']);
  });

  test('a wildcard certificate covers one-label-deep rule hosts', () => {
    const ingress = find(synth((backend) => ({
      tls: IngressTls.fromSecret('wildcard-example-com', { hosts: ['*.example.com'] }),
      rules: [{ host: 'shop.example.com', backend }, { host: 'api.example.com', backend }],
    })), 'Ingress');
    expect(ingress.spec.tls).toEqual([{ hosts: ['*.example.com'], secretName: 'wildcard-example-com' }]);
  });

  test('the IngressTls factories keep their settings and copy host lists', () => {
    const hosts = ['a.example.com'];
    const tls = IngressTls.fromSecret('a-tls', { hosts });
    hosts.push('b.example.com');
    expect(tls.hosts).toEqual(['a.example.com']);
    expect(tls.issuedByCertManager).toBe(false);
    expect(IngressTls.certManagerClusterIssuer('le').issuerAnnotation).toEqual('cert-manager.io/cluster-issuer');
    expect(IngressTls.certManagerIssuer('ca').issuerAnnotation).toEqual('cert-manager.io/issuer');
    expect(IngressTls.certManagerIssuer('ca').secretName).toBeUndefined();
    expect(IngressTls.certManagerIssuer('ca').hosts).toBeUndefined();
  });
});

describe('SecureIngress rules and paths', () => {
  test('paths and path types: Prefix by default, Exact and ImplementationSpecific when asked, sorted per host', () => {
    const ingress = find(synth((backend) => ({
      tls: IngressTls.fromSecret('shop-tls'),
      rules: [
        { host: 'shop.example.com', path: '/healthz', pathType: kplus.HttpIngressPathType.EXACT, backend },
        { host: 'shop.example.com', path: '/api', backend },
        { host: 'shop.example.com', path: '/static', pathType: kplus.HttpIngressPathType.IMPLEMENTATION_SPECIFIC, backend },
      ],
    })), 'Ingress');
    expect(ingress.spec.rules[0].http.paths.map((p: Manifest) => `${p.path} ${p.pathType}`)).toEqual([
      '/api Prefix', '/healthz Exact', '/static ImplementationSpecific',
    ]);
  });

  test('the same path on two hosts is two rules', () => {
    const ingress = find(synth((backend) => ({
      tls: IngressTls.fromSecret('shop-tls'),
      rules: [{ host: 'a.example.com', backend }, { host: 'b.example.com', backend }],
    })), 'Ingress');
    expect(ingress.spec.rules.map((r: Manifest) => r.host)).toEqual(['a.example.com', 'b.example.com']);
  });

  test('a wildcard host is accepted when allowWildcardHosts is set', () => {
    const ingress = find(synth((backend) => ({
      allowWildcardHosts: true,
      tls: IngressTls.fromSecret('wildcard-tls'),
      rules: [{ host: '*.example.com', backend }],
    })), 'Ingress');
    expect(ingress.spec.rules[0].host).toEqual('*.example.com');
    expect(ingress.spec.tls[0].hosts).toEqual(['*.example.com']);
  });

  test('a host-less rule is accepted when allowHostlessRules is set; an existing Secret without hosts serves it', () => {
    const ingress = find(synth((backend) => ({
      allowHostlessRules: true,
      tls: IngressTls.fromSecret('default-tls'),
      rules: [{ path: '/', backend }],
    })), 'Ingress');
    expect(ingress.spec.rules).toEqual([{ http: { paths: [expect.objectContaining({ path: '/' })] } }]);
    expect(ingress.spec.tls).toEqual([{ secretName: 'default-tls' }]);
  });

  test('a Service with several ports routes to the chosen port, and the policy opens that target port only', () => {
    const { chart, service } = fixture();
    service.bind(9090, { targetPort: 9091, name: 'metrics' });
    new SecureIngress(chart, 'web', {
      tls: IngressTls.fromSecret('shop-tls'),
      rules: [{ host: 'shop.example.com', backend: SecureIngressBackend.fromService(service, { port: 80 }) }],
    });
    const manifests = Testing.synth(chart);
    expect(find(manifests, 'Ingress').spec.rules[0].http.paths[0].backend.service.port).toEqual({ number: 80 });
    expect(find(manifests, 'NetworkPolicy').spec.ingress[0].ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
  });

  test('a Service port without targetPort opens the Service port itself', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });
    const service = new kplus.Service(chart, 'api', { ports: [{ port: 8080 }] });
    service.selectLabel('app', 'api');
    new SecureIngress(chart, 'web', {
      tls: IngressTls.fromSecret('shop-tls'),
      rules: [{ host: 'shop.example.com', backend: SecureIngressBackend.fromService(service) }],
    });
    expect(find(Testing.synth(chart), 'NetworkPolicy').spec.ingress[0].ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
  });

  test('two ports of one Service share one NetworkPolicy with both target ports, sorted', () => {
    const { chart, service } = fixture();
    service.bind(8443, { targetPort: 8443 });
    new SecureIngress(chart, 'web', {
      tls: IngressTls.fromSecret('shop-tls'),
      rules: [
        { host: 'shop.example.com', path: '/secure', backend: SecureIngressBackend.fromService(service, { port: 8443 }) },
        { host: 'shop.example.com', backend: SecureIngressBackend.fromService(service, { port: 80 }) },
      ],
    });
    expect(find(Testing.synth(chart), 'NetworkPolicy').spec.ingress[0].ports).toEqual([
      { port: 8080, protocol: 'TCP' }, { port: 8443, protocol: 'TCP' },
    ]);
  });

  test('two backend Services get one NetworkPolicy each, selecting their own pods', () => {
    const { chart, backend } = fixture();
    const admin = new kplus.Service(chart, 'admin', { metadata: { name: 'admin' }, ports: [{ port: 80, targetPort: 9000 }] });
    admin.selectLabel('app', 'admin');
    const ingress = new SecureIngress(chart, 'web', {
      tls: IngressTls.fromSecret('shop-tls'),
      rules: [{ host: 'shop.example.com', backend }, { host: 'admin.example.com', backend: SecureIngressBackend.fromService(admin) }],
    });
    const policies = Testing.synth(chart).filter((m) => m.kind === 'NetworkPolicy');
    expect(policies.map((p) => [p.spec.podSelector.matchLabels.app, p.spec.ingress[0].ports[0].port])).toEqual([['api', 8080], ['admin', 9000]]);
    expect(ingress.networkPolicies).toHaveLength(2);
  });

  test('a selector set on the Service after the rule was added still ends up in the NetworkPolicy', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });
    const service = new kplus.Service(chart, 'api', { ports: [{ port: 80, targetPort: 8080 }] });
    new SecureIngress(chart, 'web', {
      tls: IngressTls.fromSecret('shop-tls'),
      rules: [{ host: 'shop.example.com', backend: SecureIngressBackend.fromService(service) }],
    });
    service.selectLabel('app.kubernetes.io/name', 'api');
    expect(find(Testing.synth(chart), 'NetworkPolicy').spec.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'api' } });
  });

  test('the namespace can come from metadata instead of the chart', () => {
    const chart = new Chart(Testing.app(), 'test');
    const service = new kplus.Service(chart, 'api', { metadata: { namespace: 'shop' }, ports: [{ port: 80 }] });
    service.selectLabel('app', 'api');
    new SecureIngress(chart, 'web', {
      metadata: { namespace: 'shop' },
      tls: IngressTls.fromSecret('shop-tls'),
      rules: [{ host: 'shop.example.com', backend: SecureIngressBackend.fromService(service) }],
    });
    expect(Testing.synth(chart).map((m) => m.metadata.namespace)).toEqual(['shop', 'shop', 'shop']);
  });

  test('user annotations are kept beside the profile annotations; an equal value is no conflict', () => {
    const ingress = find(synth((backend) => ({
      metadata: { name: 'web', annotations: { 'example.com/owner': 'team-shop', 'nginx.ingress.kubernetes.io/ssl-redirect': 'true' } },
      ...defaultProps(backend),
    })), 'Ingress');
    expect(ingress.metadata.annotations['example.com/owner']).toEqual('team-shop');
    expect(ingress.metadata.annotations['nginx.ingress.kubernetes.io/ssl-redirect']).toEqual('true');
  });
});

describe('SecureIngress rejects bad input at synth time', () => {
  function newIngress(props: (backend: SecureIngressBackend, service: kplus.Service, chart: Chart) => SecureIngressProps, namespace?: string | null) {
    return () => {
      const { chart, backend, service } = fixture(namespace);
      new SecureIngress(chart, 'web', props(backend, service, chart));
      Testing.synth(chart);
    };
  }

  test('missing TLS', () => {
    expect(newIngress((backend) => ({ tls: undefined as unknown as IngressTls, rules: [{ host: 'shop.example.com', backend }] })))
      .toThrow("test/web: invalid 'tls': received nothing; TLS is mandatory");
  });

  test('no rules at all, also when none is added later', () => {
    expect(newIngress(() => ({ tls: IngressTls.fromSecret('shop-tls', { hosts: ['shop.example.com'] }) })))
      .toThrow("test/web: invalid 'rules': received []; the Ingress routes nothing. Fix: pass rules:");
  });

  test('a host not covered by the TLS entry', () => {
    expect(newIngress((backend) => ({
      tls: IngressTls.fromSecret('shop-tls', { hosts: ['shop.example.com'] }),
      rules: [{ host: 'shop.example.com', backend }, { host: 'admin.example.com', backend }],
    }))).toThrow("test/web: invalid 'rules[].host': received \"admin.example.com\"; the host is not covered by the TLS entry");
  });

  test('a wildcard certificate does not cover two labels deep nor the apex', () => {
    for (const host of ['a.b.example.com', 'example.com']) {
      expect(newIngress((backend) => ({
        tls: IngressTls.fromSecret('wildcard-tls', { hosts: ['*.example.com'] }),
        rules: [{ host, backend }],
      }))).toThrow('the host is not covered by the TLS entry');
    }
  });

  test.each([
    ['Shop.example.com', 'not an RFC 1123 label'],
    ['shop_example.com', 'not an RFC 1123 label'],
    ['-shop.example.com', 'not an RFC 1123 label'],
    ['shop..example.com', 'not an RFC 1123 label'],
    ['10.0.0.1', 'IP address'],
    ['shop.example.com:443', 'IP address or has a port'],
    ['a.*.example.com', "'*' that is not the whole leftmost label"],
    ['*shop.example.com', "'*' that is not the whole leftmost label"],
    [`${'a'.repeat(64)}.example.com`, 'longer than 63 characters'],
  ])('an invalid host %j', (host, problem) => {
    expect(newIngress((backend) => ({ tls: IngressTls.fromSecret('shop-tls'), rules: [{ host, backend }] })))
      .toThrow(`test/web: invalid 'rules[].host': received ${JSON.stringify(host)}; the host `);
    expect(newIngress((backend) => ({ tls: IngressTls.fromSecret('shop-tls'), rules: [{ host, backend }] }))).toThrow(problem);
  });

  test('a wildcard host without allowWildcardHosts', () => {
    expect(newIngress((backend) => ({ tls: IngressTls.fromSecret('shop-tls'), rules: [{ host: '*.example.com', backend }] })))
      .toThrow('is a wildcard host, which matches every name one level below it. Fix: name each host, or set allowWildcardHosts: true');
  });

  test('a wildcard directly below a top-level domain, even when wildcards are allowed', () => {
    expect(newIngress((backend) => ({ allowWildcardHosts: true, tls: IngressTls.fromSecret('shop-tls'), rules: [{ host: '*.com', backend }] })))
      .toThrow('is a wildcard directly below a top-level domain');
  });

  test('a host-less rule without allowHostlessRules', () => {
    expect(newIngress((backend) => ({ tls: IngressTls.fromSecret('shop-tls'), rules: [{ path: '/', backend }] })))
      .toThrow("invalid 'rules[].host': received nothing; a rule without a host matches requests for any host name");
  });

  test('cert-manager with only host-less rules has no host to issue for', () => {
    expect(newIngress((backend) => ({
      allowHostlessRules: true, tls: IngressTls.certManagerClusterIssuer('letsencrypt-prod'), rules: [{ backend }],
    }))).toThrow('cert-manager needs at least one host name');
  });

  test('an invalid TLS host, an empty TLS host list, secret or issuer name', () => {
    expect(newIngress((backend) => ({ tls: IngressTls.fromSecret('shop-tls', { hosts: ['Shop.example.com'] }), rules: [{ host: 'shop.example.com', backend }] })))
      .toThrow("invalid 'tls.hosts': received \"Shop.example.com\"; the TLS host");
    expect(newIngress((backend) => ({ tls: IngressTls.fromSecret('shop-tls', { hosts: [] }), rules: [{ host: 'shop.example.com', backend }] })))
      .toThrow("invalid 'tls.hosts': received []; an empty host list covers no host");
    expect(newIngress((backend) => ({ tls: IngressTls.fromSecret('Shop_TLS'), rules: [{ host: 'shop.example.com', backend }] })))
      .toThrow("invalid 'tls.secretName': received \"Shop_TLS\"; the TLS Secret name");
    expect(newIngress((backend) => ({ tls: IngressTls.certManagerClusterIssuer(''), rules: [{ host: 'shop.example.com', backend }] })))
      .toThrow("invalid 'tls.issuerName': received \"\"; the cert-manager issuer name is empty");
  });

  test('no class: neither className nor the controller profile names one', () => {
    const classless: IIngressControllerProfile = {
      controllerName: 'in-house-proxy',
      namespace: 'edge',
      podLabels: { 'app.kubernetes.io/name': 'in-house-proxy' },
      bind: () => ({}),
    };
    expect(newIngress((backend) => ({ ...defaultProps(backend), controller: classless })))
      .toThrow("test/web: invalid 'className': received nothing; no IngressClass: neither className, a SecurityPolicy ingressClassName nor the in-house-proxy controller profile names one");
    expect(newIngress((backend) => ({ ...defaultProps(backend), className: '' })))
      .toThrow("test/web: invalid 'className': received \"\"; no IngressClass");
  });

  test('an invalid class name', () => {
    expect(newIngress((backend) => ({ ...defaultProps(backend), className: 'Nginx Public' })))
      .toThrow("test/web: invalid 'className': received \"Nginx Public\"; an IngressClass name");
  });

  test('a backend without a port', () => {
    expect(newIngress((_backend, _service, chart) => {
      const portless = new kplus.Service(chart, 'portless', { metadata: { name: 'portless' } });
      return { tls: IngressTls.fromSecret('shop-tls'), rules: [{ host: 'shop.example.com', backend: SecureIngressBackend.fromService(portless) }] };
    })).toThrow("test/web: invalid 'rules[].backend': received \"shop.example.com/\"; the backend Service 'test/portless' has no port, so there is nothing to route to. "
      + 'Fix: bind a port to the Service.');
  });

  test('a backend in another namespace', () => {
    expect(newIngress((_backend, _service, chart) => {
      const other = new kplus.Service(chart, 'billing', { metadata: { namespace: 'billing' }, ports: [{ port: 80 }] });
      return { tls: IngressTls.fromSecret('shop-tls'), rules: [{ host: 'shop.example.com', backend: SecureIngressBackend.fromService(other) }] };
    })).toThrow("test/web: invalid 'rules[].backend': received \"billing\"; the backend Service 'test/billing' is in another namespace than the Ingress (shop)");
  });

  test('two rules for the same host and path', () => {
    expect(newIngress((backend) => ({
      tls: IngressTls.fromSecret('shop-tls'),
      rules: [{ host: 'shop.example.com', path: '/api', backend }, { host: 'shop.example.com', path: '/api', pathType: kplus.HttpIngressPathType.EXACT, backend }],
    }))).toThrow("test/web: invalid 'rules': received \"shop.example.com/api\"; two rules for the same host and path");
  });

  test('two host-less rules for the same path', () => {
    expect(newIngress((backend) => ({ allowHostlessRules: true, tls: IngressTls.fromSecret('shop-tls'), rules: [{ backend }, { path: '/', backend }] })))
      .toThrow("invalid 'rules': received \"<any host>/\"; two rules for the same host and path");
  });

  test('a NodePort or LoadBalancer backend (SVC-TYPE)', () => {
    for (const type of [kplus.ServiceType.NODE_PORT, kplus.ServiceType.LOAD_BALANCER]) {
      expect(newIngress((_backend, _service, chart) => {
        const exposed = new kplus.Service(chart, 'exposed', { type, ports: [{ port: 80 }] });
        return { tls: IngressTls.fromSecret('shop-tls'), rules: [{ host: 'shop.example.com', backend: SecureIngressBackend.fromService(exposed) }] };
      })).toThrow(`invalid 'rules[].backend': received "${type}"; the backend Service 'test/exposed' is of type ${type}; behind an Ingress it must be ClusterIP`);
    }
  });

  test('a Service with several ports and no port chosen, or a port it does not expose', () => {
    expect(newIngress((_backend, service) => {
      service.bind(9090);
      return { tls: IngressTls.fromSecret('shop-tls'), rules: [{ host: 'shop.example.com', backend: SecureIngressBackend.fromService(service) }] };
    })).toThrow("invalid 'rules[].backend.port': received nothing; the backend Service 'test/api' exposes several ports (80, 9090)");
    expect(newIngress((_backend, service) => ({
      tls: IngressTls.fromSecret('shop-tls'), rules: [{ host: 'shop.example.com', backend: SecureIngressBackend.fromService(service, { port: 443 }) }],
    }))).toThrow("invalid 'rules[].backend.port': received 443; the backend Service 'test/api' exposes ports 80 only");
  });

  test('a backend Service without a selector', () => {
    expect(newIngress((_backend, _service, chart) => {
      const headless = new kplus.Service(chart, 'manual', { metadata: { name: 'manual' }, ports: [{ port: 80 }] });
      return { tls: IngressTls.fromSecret('shop-tls'), rules: [{ host: 'shop.example.com', backend: SecureIngressBackend.fromService(headless) }] };
    })).toThrow("invalid 'rules[].backend': received \"manual\"; the backend Service has no selector");
  });

  test.each([
    ['api', 'must start with /'],
    ['/a b', 'must not contain whitespace'],
    ['/a//b', "must not contain '//'"],
    ['/a/../b', "must not contain '//', '/./', '/../'"],
    ['/a/%2Fb', "must not contain '//', '/./', '/../' or '%2F'"],
  ])('an invalid path %j', (path, problem) => {
    expect(newIngress((backend) => ({ tls: IngressTls.fromSecret('shop-tls'), rules: [{ host: 'shop.example.com', path, backend }] })))
      .toThrow(`invalid 'rules[].path': received ${JSON.stringify(path)}; the path for shop.example.com ${problem}`);
  });

  test('no namespace, or a reserved one', () => {
    expect(newIngress((backend) => defaultProps(backend), null)).toThrow("test/web: invalid 'metadata.namespace': received nothing; the Ingress has no namespace");
    for (const namespace of ['default', 'kube-system']) {
      expect(newIngress((backend) => defaultProps(backend), namespace))
        .toThrow(`invalid 'metadata.namespace': received "${namespace}"; workloads must not be exposed from the default or kube-system namespace`);
    }
  });

  test('the legacy class annotation', () => {
    expect(newIngress((backend) => ({ metadata: { annotations: { 'kubernetes.io/ingress.class': 'nginx' } }, ...defaultProps(backend) })))
      .toThrow("invalid 'metadata.annotations.kubernetes.io/ingress.class': received \"nginx\"; the deprecated class annotation conflicts");
  });

  test('a user annotation that weakens a profile annotation', () => {
    expect(newIngress((backend) => ({ metadata: { annotations: { 'nginx.ingress.kubernetes.io/ssl-redirect': 'false' } }, ...defaultProps(backend) })))
      .toThrow("invalid 'metadata.annotations.nginx.ingress.kubernetes.io/ssl-redirect': received \"false\"; conflicts with the value \"true\" that the ingress-nginx profile");
  });

  test('the cdk8s-plus rule and TLS methods, which hide the Service', () => {
    const { chart, service, backend } = fixture();
    const ingress = new SecureIngress(chart, 'web', defaultProps(backend));
    const opaque = kplus.IngressBackend.fromService(service);
    expect(() => ingress.addRule('/x', opaque)).toThrow("test/web: invalid 'rules': received [\"/x\"]; cdk8s-plus IngressBackend hides its Service");
    expect(() => ingress.addHostRule('a.example.com', '/', opaque)).toThrow('Fix: use addSecureRule(');
    expect(() => ingress.addDefaultBackend(opaque)).toThrow('cdk8s-plus IngressBackend hides its Service');
    expect(() => service.exposeViaIngress('/x', { ingress })).toThrow('cdk8s-plus IngressBackend hides its Service');
    expect(() => ingress.addTls([{ hosts: ['a.example.com'] }])).toThrow("invalid 'tls': received [[\"a.example.com\"]]; a SecureIngress has exactly one TLS source");
  });
});
