import { ApiObject, App, Chart, JsonPatch, Lazy, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import { IngressControllerProfile, IngressTls, SecureDeployment, SecureIngress, SecureIngressBackend, SecureNamespace } from '../src';

/*
 * A SecureIngress's class, TLS and routes must synthesize exactly as the construct checked them, whatever changed them
 * and whenever: JSON patches, the object's typed API, the private state of the cdk8s-plus Ingress (from plain
 * JavaScript), reassigned fields of the construct, and changes made before or during a later addSecureRule().
 */

const CAUSES = "a JSON patch, a replaced toJson(), a resolver, or a change through the object's typed API or its private state changed it "
  + "after the construct's checks";

function setup(tls: IngressTls = IngressTls.certManagerClusterIssuer('letsencrypt-prod'), withRule = true) {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });
  const service = (name: string) => {
    const made = new kplus.Service(chart, name, { metadata: { name }, ports: [{ port: 80, targetPort: 8080 }] });
    made.selectLabel('app', name);
    return made;
  };
  const api = service('api');
  const ing = new SecureIngress(chart, 'web', {
    metadata: { name: 'web' },
    tls,
    rules: withRule ? [{ host: 'shop.example.com', backend: SecureIngressBackend.fromService(api) }] : undefined,
  });
  // The private state of the cdk8s-plus Ingress and the construct's fields, as plain JavaScript reaches them.
  const state = ing as any;
  return { chart, ing, api, service, state, object: ApiObject.of(ing) };
}

const ingressOf = (chart: Chart) => Testing.synth(chart).find((o: any) => o.kind === 'Ingress');

describe('a SecureIngress synthesizes its class, TLS and routes as it checked them', () => {
  test('TLS cleared before the first addSecureRule() of an Ingress made without rules fails synthesis', () => {
    const { chart, ing, api, state } = setup(undefined, false);
    state._tlsConfig.length = 0;
    ing.addSecureRule({ host: 'shop.example.com', backend: SecureIngressBackend.fromService(api) });
    expect(() => Testing.synth(chart)).toThrow("test/web: invalid 'spec.tls': received nothing; the construct made one TLS entry, "
      + `{"hosts":["shop.example.com"],"secretName":"web-tls"}, which terminates TLS for the hosts it covers; ${CAUSES}. `
      + 'Fix: remove that change; TLS is set only through the tls prop');
  });

  test('TLS cleared while addSecureRule() runs (from a getter the method reads) fails synthesis', () => {
    const { chart, ing, service, state } = setup();
    const other = service('other');
    const ports = other.ports;
    let reads = 0;
    Object.defineProperty(other, 'ports', {
      get() {
        reads += 1;
        if (reads === 3) state._tlsConfig.length = 0;
        return ports;
      },
    });
    ing.addSecureRule({ host: 'other.example.com', backend: SecureIngressBackend.fromService(other) });
    expect(reads).toBeGreaterThanOrEqual(3);
    expect(() => Testing.synth(chart)).toThrow("test/web: invalid 'spec.tls': received nothing");
  });

  test.each([
    ['a JSON patch', (s: ReturnType<typeof setup>) => s.object.addJsonPatch(JsonPatch.replace('/spec/ingressClassName', 'public-unfiltered'))],
    ['its private props', (s: ReturnType<typeof setup>) => { s.state.apiObject.props.spec.ingressClassName = 'public-unfiltered'; }],
  ])('the class changed by %s fails synthesis', (_how, change) => {
    const built = setup();
    change(built);
    expect(() => Testing.synth(built.chart)).toThrow("test/web: invalid 'spec.ingressClassName': received \"public-unfiltered\"; the construct made "
      + 'the class "nginx", which decides the controller that serves the Ingress with its profile\'s TLS and redirect settings');
  });

  test('a default backend added by a JSON patch fails synthesis', () => {
    const { chart, object } = setup();
    object.addJsonPatch(JsonPatch.add('/spec/defaultBackend', { service: { name: 'api', port: { number: 80 } } }));
    expect(() => Testing.synth(chart)).toThrow("test/web: invalid 'spec.defaultBackend': received {\"service\":{\"name\":\"api\",\"port\":{\"number\":80}}}; "
      + 'the construct makes no default backend');
  });

  test('a route added by a JSON patch, to a covered host and an existing Service, fails synthesis naming the route', () => {
    const { chart, object } = setup();
    object.addJsonPatch(JsonPatch.add('/spec/rules/0/http/paths/-', { path: '/admin', pathType: 'Prefix', backend: { service: { name: 'api', port: { number: 80 } } } }));
    expect(() => Testing.synth(chart)).toThrow("test/web: invalid 'spec.rules[0].http.paths[1]': received {\"backend\":{\"service\":{\"name\":\"api\",\"port\":{\"number\":80}}},"
      + '"path":"/admin","pathType":"Prefix"}; the construct did not check this route');
    expect(() => Testing.synth(chart)).toThrow('the construct did not check this route (host shop.example.com)');
  });

  test.each([
    ['its backend port', '/spec/rules/0/http/paths/0/backend/service/port/number', 9090],
    ['its backend Service', '/spec/rules/0/http/paths/0/backend/service/name', 'admin'],
    ['its path type', '/spec/rules/0/http/paths/0/pathType', 'ImplementationSpecific'],
    ['its host', '/spec/rules/0/host', 'evil.example.com'],
  ])('a route with %s changed fails synthesis', (_what, path, value) => {
    const { chart, object } = setup(IngressTls.fromSecret('shop-cert'));
    object.addJsonPatch(JsonPatch.replace(path, value));
    expect(() => Testing.synth(chart)).toThrow("test/web: invalid 'spec.rules[0]");
  });

  test('a route added to the private rules before addSecureRule() fails synthesis', () => {
    const { chart, ing, service, state } = setup();
    state._rulesPerHost['evil.example.com'] = [...state._rulesPerHost['shop.example.com']];
    ing.addSecureRule({ host: 'other.example.com', backend: SecureIngressBackend.fromService(service('other')) });
    expect(() => Testing.synth(chart)).toThrow("test/web: invalid 'spec.rules[1].http.paths[0]': received");
    expect(() => Testing.synth(chart)).toThrow('the construct did not check this route (host evil.example.com)');
  });

  test.each([
    ['its Secret', (s: ReturnType<typeof setup>) => s.object.addJsonPatch(JsonPatch.replace('/spec/tls/0/secretName', 'self-signed'))],
    ['another host', (s: ReturnType<typeof setup>) => s.object.addJsonPatch(JsonPatch.add('/spec/tls/0/hosts/-', 'evil.example.com'))],
    ['a second entry', (s: ReturnType<typeof setup>) => s.object.addJsonPatch(JsonPatch.add('/spec/tls/-', { hosts: ['a.example.com'], secretName: 'a' }))],
  ])('the TLS entry given %s by a JSON patch fails synthesis', (_what, change) => {
    const built = setup();
    change(built);
    expect(() => Testing.synth(built.chart)).toThrow("test/web: invalid 'spec.tls': received [");
  });

  test('the construct\'s fields reassigned from plain JavaScript do not change what addSecureRule() accepts', () => {
    const { ing, api, state } = setup(IngressTls.fromSecret('shop-cert', { hosts: ['shop.example.com'] }));
    state.allowHostlessRules = true;
    expect(() => ing.addSecureRule({ path: '/admin', backend: SecureIngressBackend.fromService(api) }))
      .toThrow("test/web: invalid 'rules[].host': received nothing; a rule without a host matches requests for any host name");
    state.allowWildcardHosts = true;
    expect(() => ing.addSecureRule({ host: '*.example.com', backend: SecureIngressBackend.fromService(api) })).toThrow('the host is a wildcard host');
    (ing.tls.hosts as string[]).push('evil.example.com');
    expect(() => ing.addSecureRule({ host: 'evil.example.com', backend: SecureIngressBackend.fromService(api) }))
      .toThrow('the host is not covered by the TLS entry (hosts ["shop.example.com"])');
    state.tls = IngressTls.fromSecret('shop-cert');
    expect(() => ing.addSecureRule({ host: 'evil.example.com', backend: SecureIngressBackend.fromService(api) }))
      .toThrow('the host is not covered by the TLS entry (hosts ["shop.example.com"])');
  });

  test('an Ingress put in the place of the construct\'s own before addSecureRule() is judged as an object added under it', () => {
    const { chart, ing, service, state } = setup();
    const original = state.apiObject;
    state.apiObject = new kplus.k8s.KubeIngress(ing, 'Evil', {
      metadata: { name: 'evil', annotations: (original.toJson() as any).metadata.annotations },
      spec: { rules: [{ host: 'evil.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'api', port: { number: 80 } } } }] } }] },
    });
    ing.addSecureRule({ host: 'other.example.com', backend: SecureIngressBackend.fromService(service('other')) });
    state.apiObject = original;
    expect(() => Testing.synth(chart)).toThrow("test/web/Evil: invalid 'spec.tls': received nothing; the Ingress terminates no TLS (ING-TLS); "
      + 'the object was added under the construct after it was made');
  });

  test('a RoleBinding put in the place of a SecureNamespace\'s own is refused by the next grant', () => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    const namespace = new SecureNamespace(chart, 'ns', { metadata: { name: 'shop' } });
    namespace.grantReadOnly(kplus.Group.fromName(chart, 'Viewers', 'viewers'));
    const evil = new kplus.RoleBinding(namespace, 'Evil', {
      metadata: { name: 'evil', namespace: 'shop' }, role: kplus.ClusterRole.fromClusterRoleName(chart, 'Admin', 'cluster-admin'),
    });
    (namespace as any).bindings.get('namespace-read-only').binding = evil;
    expect(() => namespace.grantReadOnly(kplus.Group.fromName(chart, 'Auditors', 'auditors'))).toThrow("shop/ns/Evil/Resource: invalid 'grant()': "
      + 'received "shop/ns/Evil/Resource"; the object this method would change was not made by the construct: other code put it in the place of '
      + "one of the construct's own objects. Fix: leave the construct's objects in place; make other objects outside the construct");
  });

  test('harmless changes pass, and the output has the checked routes and TLS', () => {
    const { chart, ing, service, object } = setup();
    ing.metadata.addLabel('tier', 'edge');
    object.addJsonPatch(JsonPatch.add('/metadata/annotations/example.com~1owner', 'team-shop'));
    ing.addSecureRule({ host: 'other.example.com', path: '/api', backend: SecureIngressBackend.fromService(service('other')) });
    ing.addSecureRule({ host: 'shop.example.com', path: '/static', backend: SecureIngressBackend.fromService(service('static')) });
    const rendered = ingressOf(chart);
    expect(rendered.spec.ingressClassName).toBe('nginx');
    expect(rendered.spec.tls).toEqual([{ hosts: ['other.example.com', 'shop.example.com'], secretName: 'web-tls' }]);
    expect(rendered.spec.rules.flatMap((r: any) => r.http.paths.map((p: any) => `${r.host}${p.path}->${p.backend.service.name}`)).sort())
      .toEqual(['other.example.com/api->other', 'shop.example.com/->api', 'shop.example.com/static->static']);
  });

  test('host-less rules where allowed, and a SecureDeployment backend, pass', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });
    const web = new SecureDeployment(chart, 'web', { image: 'registry.example.com/acme/web@sha256:' + 'b'.repeat(64), port: 8080 });
    const ing = new SecureIngress(chart, 'edge', {
      metadata: { name: 'edge' },
      tls: IngressTls.fromSecret('edge-cert'),
      allowHostlessRules: true,
      rules: [{ backend: SecureIngressBackend.fromDeployment(web) }],
    });
    ing.addSecureRule({ host: 'shop.example.com', path: '/shop', backend: SecureIngressBackend.fromDeployment(web) });
    const rendered = ingressOf(chart);
    expect(rendered.spec.rules.map((r: any) => r.host ?? null)).toEqual([null, 'shop.example.com']);
    expect(rendered.spec.tls).toEqual([{ hosts: ['shop.example.com'], secretName: 'edge-cert' }]);
  });

  test('property: after any of these patches, synthesis fails or the Ingress routes, terminates TLS and names its class as checked', () => {
    const patches: readonly JsonPatch[] = [
      JsonPatch.add('/metadata/labels/tier', 'edge'),
      JsonPatch.add('/metadata/annotations/example.com~1owner', 'team'),
      JsonPatch.remove('/spec/tls'),
      JsonPatch.replace('/spec/tls/0/secretName', 'other'),
      JsonPatch.add('/spec/tls/0/hosts/-', 'evil.example.com'),
      JsonPatch.replace('/spec/ingressClassName', 'public'),
      JsonPatch.remove('/spec/ingressClassName'),
      JsonPatch.add('/spec/defaultBackend', { service: { name: 'api', port: { number: 80 } } }),
      JsonPatch.replace('/spec/rules/0/host', 'evil.example.com'),
      JsonPatch.remove('/spec/rules/0/host'),
      JsonPatch.replace('/spec/rules/0/http/paths/0/backend/service/name', 'admin'),
      JsonPatch.add('/spec/rules/0/http/paths/-', { path: '/x', pathType: 'Prefix', backend: { service: { name: 'api', port: { number: 80 } } } }),
      JsonPatch.add('/spec/rules/-', { host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'api', port: { number: 80 } } } }] } }),
    ];
    fc.assert(fc.property(fc.subarray(patches.map((_, i) => i), { minLength: 1 }), fc.boolean(), (chosen, ruleAfter) => {
      const { chart, ing, service, object } = setup();
      chosen.forEach((i) => object.addJsonPatch(patches[i]));
      if (ruleAfter) ing.addSecureRule({ host: 'other.example.com', backend: SecureIngressBackend.fromService(service('other')) });
      let rendered: any;
      try {
        rendered = ingressOf(chart);
      } catch {
        return; // refused
      }
      const hosts = ruleAfter ? ['other.example.com', 'shop.example.com'] : ['shop.example.com'];
      expect(rendered.spec.ingressClassName).toBe('nginx');
      expect(rendered.spec.defaultBackend).toBeUndefined();
      expect(rendered.spec.tls).toEqual([{ hosts, secretName: 'web-tls' }]);
      const routes = rendered.spec.rules.flatMap((r: any) => r.http.paths.map((p: any) => `${r.host}${p.path}->${p.backend.service.name}`));
      expect(routes.sort()).toEqual(ruleAfter ? ['other.example.com/->other', 'shop.example.com/->api'] : ['shop.example.com/->api']);
      // Only the harmless patches can have been applied.
      expect(chosen.every((i) => i <= 1)).toBe(true);
    }), { numRuns: 60, seed: 2026 });
  });
});

describe('SecureDeployment.exposeViaService() reads its options once', () => {
  test('options whose serviceType answers ClusterIP first and LoadBalancer later make a ClusterIP Service', () => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    const deployment = new SecureDeployment(chart, 'api', { image: 'registry.example.com/acme/app@sha256:' + 'a'.repeat(64), port: 8080 });
    let reads = 0;
    const options = {
      name: 'public',
      get serviceType() {
        reads += 1;
        return reads <= 2 ? kplus.ServiceType.CLUSTER_IP : kplus.ServiceType.LOAD_BALANCER;
      },
    };
    deployment.exposeViaService(options);
    const services = Testing.synth(chart).filter((o: any) => o.kind === 'Service').map((o: any) => [o.metadata.name, o.spec.type]);
    expect(services).toContainEqual(['public', 'ClusterIP']);
    expect(services.some(([, type]: string[]) => type === 'LoadBalancer')).toBe(false);
  });
});

describe('a SecureIngress\'s NetworkPolicies admit the controller on the backends\' target ports, and nothing else', () => {
  const policyOf = (ing: SecureIngress) => ing.networkPolicies[0];

  test.each([
    ['its ports removed (every port)', JsonPatch.remove('/spec/ingress/0/ports')],
    ['another port', JsonPatch.add('/spec/ingress/0/ports/-', { port: 22, protocol: 'TCP' })],
    ['every pod of the namespace as a peer', JsonPatch.add('/spec/ingress/0/from/-', { podSelector: {} })],
    ['another namespace as a rule', JsonPatch.add('/spec/ingress/-', { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }] })],
  ])('a policy given %s by a JSON patch fails synthesis', (_what, patch) => {
    const { chart, ing } = setup();
    policyOf(ing).addJsonPatch(patch);
    expect(() => Testing.synth(chart)).toThrow("test/web: invalid 'networkPolicy[api].spec': received {");
    expect(() => Testing.synth(chart)).toThrow('the construct made the policy {"ingress":[{"from":[{"namespaceSelector":{"matchLabels":'
      + '{"kubernetes.io/metadata.name":"ingress-nginx"}}');
  });

  test('a policy moved by reassigning its metadata namespace fails synthesis', () => {
    const { chart, ing } = setup();
    (policyOf(ing).metadata as any).namespace = 'other';
    expect(() => Testing.synth(chart)).toThrow("test/web: invalid 'networkPolicy[api].metadata.namespace': received \"other\"");
  });

  test('the construct\'s controller fields reassigned from plain JavaScript change nothing it makes, and fail synthesis', () => {
    const { chart, ing, state } = setup();
    state.controllerNamespace = 'everything';
    state.controllerPodLabels = {};
    // The policy is made from the construct's own copies of what it checked.
    const policy = ApiObject.of(ing.networkPolicies[0]).toJson();
    expect(policy.spec.ingress[0].from[0].namespaceSelector.matchLabels).toEqual({ 'kubernetes.io/metadata.name': 'ingress-nginx' });
    expect(Object.keys(policy.spec.ingress[0].from[0].podSelector.matchLabels).length).toBeGreaterThan(0);
    expect(policy.spec.ingress[0].ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
    expect(() => Testing.synth(chart)).toThrow("test/web: invalid 'controllerNamespace': received \"everything\"; the construct set this field");
    expect(() => Testing.synth(chart)).toThrow("test/web: invalid 'controllerPodLabels': received {}");
  });

  test('a second rule to the same backend on another port widens the policy by that target port only, and passes', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });
    const api = new kplus.Service(chart, 'api', { metadata: { name: 'api' }, ports: [{ port: 80, targetPort: 8080 }, { port: 81, targetPort: 8081 }] });
    api.selectLabel('app', 'api');
    const ing = new SecureIngress(chart, 'web', {
      metadata: { name: 'web' },
      tls: IngressTls.fromSecret('shop-cert'),
      rules: [{ host: 'shop.example.com', backend: SecureIngressBackend.fromService(api, { port: 80 }) }],
    });
    ing.addSecureRule({ host: 'shop.example.com', path: '/admin', backend: SecureIngressBackend.fromService(api, { port: 81 }) });
    const policy = Testing.synth(chart).find((o: any) => o.kind === 'NetworkPolicy');
    expect(policy.spec.ingress[0].ports).toEqual([{ port: 8080, protocol: 'TCP' }, { port: 8081, protocol: 'TCP' }]);
  });
});

describe('the objects a controller profile makes synthesize as it made them', () => {
  function withProfile(controller: ReturnType<typeof IngressControllerProfile.nginx>) {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });
    const api = new kplus.Service(chart, 'api', { metadata: { name: 'api' }, ports: [{ port: 80, targetPort: 8080 }] });
    api.selectLabel('app', 'api');
    const ing = new SecureIngress(chart, 'web', {
      metadata: { name: 'web' },
      controller,
      tls: IngressTls.fromSecret('shop-cert'),
      rules: [{ host: 'shop.example.com', backend: SecureIngressBackend.fromService(api) }],
    });
    const made = ing.node.findAll().find((c) => ApiObject.isApiObject(c) && ['Middleware', 'ConfigMap'].includes(c.kind)) as ApiObject;
    return { chart, made };
  }

  test('the Traefik HSTS Middleware turned into a redirect to plain HTTP fails synthesis', () => {
    const { chart, made } = withProfile(IngressControllerProfile.traefik());
    expect(Testing.synth(chart).some((o: any) => o.kind === 'Middleware')).toBe(true);
    made.addJsonPatch(JsonPatch.replace('/spec', { redirectRegex: { regex: '.*', replacement: 'http://evil.example.net/' } }));
    expect(() => Testing.synth(chart)).toThrow("test/web: invalid 'Middleware web-hsts': received {");
    expect(() => Testing.synth(chart)).toThrow('Fix: remove that change; configure the object through the controller profile options');
  });

  test('the ingress-nginx response header ConfigMap with HSTS switched off fails synthesis', () => {
    const { chart, made } = withProfile(IngressControllerProfile.nginx({ hstsViaCustomHeaders: true }));
    made.addJsonPatch(JsonPatch.replace('/data/Strict-Transport-Security', 'max-age=0'));
    expect(() => Testing.synth(chart)).toThrow("test/web: invalid 'ConfigMap web-response-headers': received {");
  });
});

describe('annotations that route past a SecureIngress\'s rules are refused', () => {
  const ROUTING: readonly [string, string][] = [
    ['nginx.ingress.kubernetes.io/server-alias', 'evil.example.net'],
    ['nginx.ingress.kubernetes.io/default-backend', 'admin'],
    ['nginx.ingress.kubernetes.io/mirror-target', 'http://evil.example.net$request_uri'],
    ['nginx.ingress.kubernetes.io/permanent-redirect', 'http://evil.example.net'],
    ['Nginx.Ingress.Kubernetes.io/Temporal-Redirect', 'http://evil.example.net'],
  ];

  test.each(ROUTING)('%s in props fails at construction', (key, value) => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });
    const api = new kplus.Service(chart, 'api', { metadata: { name: 'api' }, ports: [{ port: 80, targetPort: 8080 }] });
    api.selectLabel('app', 'api');
    expect(() => new SecureIngress(chart, 'web', {
      metadata: { name: 'web', annotations: { [key]: value } },
      tls: IngressTls.fromSecret('shop-cert'),
      rules: [{ host: 'shop.example.com', backend: SecureIngressBackend.fromService(api) }],
    })).toThrow(`test/web: invalid 'metadata.annotations["${key}"]': received "${value}"; the annotation ${key} `);
  });

  test.each(ROUTING)('%s added with addAnnotation() fails synthesis', (key, value) => {
    const { chart, ing } = setup();
    ing.metadata.addAnnotation(key, value);
    expect(() => Testing.synth(chart)).toThrow(`test/web: invalid 'metadata.annotations["${key}"]': received "${value}"; the annotation ${key} `);
    expect(() => Testing.synth(chart)).toThrow('past the rules the SecureIngress checks. Fix: route each host and path with addSecureRule()');
  });

  test('the legacy class annotation added after construction fails synthesis', () => {
    const { chart, object } = setup();
    object.addJsonPatch(JsonPatch.add('/metadata/annotations/kubernetes.io~1ingress.class', 'public'));
    expect(() => Testing.synth(chart)).toThrow("test/web: invalid 'metadata.annotations[\"kubernetes.io/ingress.class\"]': received \"public\"; "
      + 'the deprecated class annotation conflicts with spec.ingressClassName');
  });

  test('ingress-nginx annotations that stay within the rules pass', () => {
    const { chart, ing } = setup();
    ing.metadata.addAnnotation('nginx.ingress.kubernetes.io/proxy-body-size', '8m');
    ing.metadata.addAnnotation('nginx.ingress.kubernetes.io/rewrite-target', '/');
    expect(ingressOf(chart).metadata.annotations['nginx.ingress.kubernetes.io/proxy-body-size']).toBe('8m');
  });
});

describe('the synthesized objects are the ones the checks judged', () => {
  test('a toJson() that answers differently outside the checks, with stack traces hidden, still emits the checked render', () => {
    const app = new App();
    const chart = new Chart(app, 'test', { namespace: 'shop' });
    const api = new kplus.Service(chart, 'api', { metadata: { name: 'api' }, ports: [{ port: 80, targetPort: 8080 }] });
    api.selectLabel('app', 'api');
    const ing = new SecureIngress(chart, 'web', {
      metadata: { name: 'web' },
      tls: IngressTls.certManagerClusterIssuer('letsencrypt-prod'),
      rules: [{ host: 'shop.example.com', backend: SecureIngressBackend.fromService(api) }],
    });
    const object = ApiObject.of(ing);
    const own = object.toJson.bind(object);
    const errorClass = Error as any;
    const real = errorClass.prepareStackTrace;
    const hide = () => 'hidden';
    object.toJson = () => {
      const json = own();
      errorClass.prepareStackTrace = real;
      const inValidation = /validate/.test(String(new Error().stack));
      errorClass.prepareStackTrace = hide;
      if (!inValidation) {
        delete json.spec.tls;
        json.spec.rules[0].http.paths[0].backend.service = { name: 'admin', port: { number: 9090 } };
      }
      return json;
    };
    let yaml: string;
    errorClass.prepareStackTrace = hide;
    try {
      yaml = app.synthYaml();
    } finally {
      errorClass.prepareStackTrace = real;
    }
    const ingress = yaml.split('---').find((document) => /kind: Ingress/.test(document))!;
    expect(ingress).toContain('secretName: web-tls');
    expect(ingress).toContain('name: api');
    expect(ingress).not.toContain('admin');
  });
});

describe('a SecureNamespace\'s fields reassigned after construction fail synthesis', () => {
  test('its default-deny policy swapped for another, so that the real one can be opened through its typed API', () => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    const namespace = new SecureNamespace(chart, 'ns', { metadata: { name: 'shop' } });
    const real = namespace.defaultDenyPolicy;
    (namespace as any).defaultDenyPolicy = new kplus.NetworkPolicy(chart, 'Decoy', { metadata: { name: 'decoy' } });
    real.addIngressRule(kplus.Pods.all(chart, 'AllPods'), [kplus.NetworkPolicyPort.allTcp()]);
    expect(() => Testing.synth(chart)).toThrow("shop/ns: invalid 'defaultDenyPolicy': received \"<NetworkPolicy>\"; the construct set this field");
  });

  test('its Pod Security level reassigned', () => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    const namespace = new SecureNamespace(chart, 'ns', { metadata: { name: 'shop' } });
    (namespace as any).podSecurityLevel = 'privileged';
    expect(() => Testing.synth(chart)).toThrow("shop/ns: invalid 'podSecurityLevel': received \"privileged\"");
  });

  test('grants after construction pass', () => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    const namespace = new SecureNamespace(chart, 'ns', { metadata: { name: 'shop' } });
    namespace.grantReadOnly(kplus.Group.fromName(chart, 'Viewers', 'viewers'));
    namespace.grantDeployer(kplus.Group.fromName(chart, 'Deployers', 'deployers'));
    expect(Testing.synth(chart).filter((o: any) => o.kind === 'RoleBinding')).toHaveLength(2);
  });
});

describe('what runs while cdk8s writes a chart, and lying call stacks, cannot change what is emitted', () => {
  const IMAGE = 'registry.example.com/acme/app@sha256:' + 'a'.repeat(64);

  test('a Lazy value of another object that replaces a SecureDeployment\'s toJson() during emission does not change the output', () => {
    const app = new App();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    let deployment!: SecureDeployment;
    let done = false;
    new kplus.k8s.KubeConfigMap(chart, 'trigger', {
      metadata: { name: 'trigger' },
      data: {
        k: Lazy.any({
          produce: () => {
            if (!done) {
              done = true;
              const object = ApiObject.of(deployment);
              const own = object.toJson;
              object.toJson = () => JsonPatch.apply(own.call(object), JsonPatch.replace('/spec/template/spec/hostPID', true));
            }
            return 'v';
          },
        }),
      },
    });
    deployment = new SecureDeployment(chart, 'api', { image: IMAGE, port: 8080 });
    const yaml = app.synthYaml();
    expect(done).toBe(true);
    expect(yaml).not.toContain('hostPID');
    // The next synthesis judges the replacement.
    expect(() => app.synthYaml()).toThrow("shop/api: invalid 'spec.template.spec.hostPID': received true");
  });

  test('an accessor on Error.prepareStackTrace that answers with frames of its choosing does not let a second synthesis skip the checks', () => {
    const site = (fn: string, type: string | null, file: string) => ({ getFunctionName: () => fn, getTypeName: () => type, getFileName: () => file });
    const cdk8sApp = '/x/node_modules/cdk8s/lib/app.js';
    const fake = [site('renderingChart', null, 'x'), site('_synthChart', 'Function', cdk8sApp), site('synthYaml', 'App', cdk8sApp)];
    const original = Object.getOwnPropertyDescriptor(Error, 'prepareStackTrace');
    let spoof = false;
    let stored: unknown;
    Object.defineProperty(Error, 'prepareStackTrace', { configurable: true, get: () => (spoof ? () => fake : stored), set: (value) => { stored = value; } });
    try {
      const app = new App();
      const chart = new Chart(app, 'shop', { namespace: 'shop' });
      const object = ApiObject.of(new SecureDeployment(chart, 'api', { image: IMAGE, port: 8080 }));
      app.synthYaml();
      const own = object.toJson;
      object.toJson = () => JsonPatch.apply(own.call(object), JsonPatch.replace('/spec/template/spec/containers/0/securityContext/privileged', true));
      spoof = true;
      let message = '';
      try {
        app.synthYaml();
      } catch (error) {
        message = (error as Error).message;
      }
      spoof = false;
      expect(message).toContain("shop/api: invalid 'spec.template.spec.containers[0].securityContext.privileged': received true");
    } finally {
      spoof = false;
      if (original) Object.defineProperty(Error, 'prepareStackTrace', original);
      else delete (Error as any).prepareStackTrace;
    }
  });
});

describe('the checks\' own state is out of reach of code that holds the construct', () => {
  const IMAGE = 'registry.example.com/acme/app@sha256:' + 'a'.repeat(64);

  test('a SecureIngress whose Map fields are all cleared still checks its policies exactly', () => {
    const { chart, ing } = setup();
    const policy = ing.networkPolicies[0];
    for (const value of Object.values(ing)) {
      if (value instanceof Map) value.clear();
    }
    ApiObject.of(policy).addJsonPatch(JsonPatch.replace('/spec/podSelector', {}), JsonPatch.remove('/spec/ingress/0/ports'));
    expect(() => Testing.synth(chart)).toThrow("test/web: invalid 'networkPolicy[api].spec'");
  });

  test('a SecureNamespace\'s DNS egress policy given a rule through its typed API fails synthesis', () => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    const namespace = new SecureNamespace(chart, 'ns', { metadata: { name: 'shop' } });
    namespace.dnsEgressPolicy!.addEgressRule(kplus.Pods.select(chart, 'db', {
      labels: { app: 'db' }, namespaces: kplus.Namespaces.select(chart, 'prod', { names: ['prod'] }),
    }), [kplus.NetworkPolicyPort.tcp(5432)]);
    expect(() => Testing.synth(chart)).toThrow("shop/ns: invalid 'dnsEgressPolicy.spec': received {");
  });

  test('an own has() put on a workload\'s exceptions fails synthesis, and an accepted exception cannot be added', () => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    const deployment = new SecureDeployment(chart, 'api', { image: IMAGE, port: 8080 }) as any;
    expect(deployment.hardening.exceptions.byRule).toBeUndefined();
    deployment.hardening.exceptions.has = () => true;
    expect(() => Testing.synth(chart)).toThrow("shop/api: invalid 'hardening.exceptions.has': received");
  });

  test('the workload kinds are frozen', () => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    const deployment = new SecureDeployment(chart, 'api', { image: IMAGE, port: 8080 }) as any;
    expect(() => { deployment.hardening.kind.serving = false; }).toThrow(TypeError);
  });

  test('a props getter that answers differently on later reads: the workload is built from the value the checks judged', () => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    let reads = 0;
    const props = { image: IMAGE, port: 8080, get replicas() { reads += 1; return reads === 1 ? 3 : 1; } };
    new SecureDeployment(chart, 'api', props);
    expect(reads).toBe(1);
    expect(Testing.synth(chart).find((o: any) => o.kind === 'Deployment').spec.replicas).toBe(3);
  });
});
