import { App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  Audit, IIngressControllerProfile, IngressControllerProfile, IngressTls, Pack, RuleId, SecureDeployment, SecureIngress, SecureIngressBackend,
  SecureNamespace, WorkloadProbe,
} from '../src';
import { validateManifests } from './support/kubernetes-schema';
import { find } from './support/manifests';

const IMAGE = 'nginxinc/nginx-unprivileged:1.27.2';

/** A SecureNamespace `shop` in a platform chart; a SecureDeployment `web` (port 8080) and a SecureIngress in the app chart. */
function build(controller?: IIngressControllerProfile): { app: App; chart: Chart; web: SecureDeployment; ingress: SecureIngress } {
  const app = Testing.app();
  const platform = new Chart(app, 'platform');
  const shop = new SecureNamespace(platform, 'Shop', { metadata: { name: 'shop' } });
  const chart = new Chart(app, 'shop', { namespace: shop.name });
  const web = new SecureDeployment(chart, 'web', { image: IMAGE, port: 8080, servicePort: 80 });
  const ingress = new SecureIngress(chart, 'public', {
    metadata: { name: 'public' },
    controller,
    tls: IngressTls.certManagerClusterIssuer('letsencrypt-prod'),
    rules: [{ host: 'shop.example.com', backend: SecureIngressBackend.fromDeployment(web) }],
  });
  return { app, chart, web, ingress };
}

function active(app: App, packs = [Pack.HARDENED]): string[] {
  return Audit.of(app, { packs }).active().map((f) => `${f.id} ${f.kind}/${f.name} ${f.path}`);
}

describe('SecureIngress in front of a SecureDeployment in a SecureNamespace', () => {
  test('the default output audits clean under hardened', () => {
    expect(active(build().app)).toEqual([]);
  });

  test('the default output audits clean under every pack', () => {
    expect(active(build().app, Pack.all())).toEqual([]);
  });

  test('no ingress or service finding at all, not even a suppressed one', () => {
    const ids = [
      RuleId.ING_TLS, RuleId.ING_CLASS, RuleId.ING_REDIRECT_HSTS, RuleId.ING_BACKEND, RuleId.SVC_TYPE, RuleId.NS_DEFAULT_DENY, RuleId.WL_NAMESPACE,
    ];
    expect(Audit.of(build().app, { packs: Pack.all() }).findings.filter((f) => (ids as string[]).includes(f.ruleId))).toEqual([]);
  });

  test('the audit does check Ingresses: a plain cdk8s-plus Ingress in the same app is reported', () => {
    const { app, chart, web } = build();
    new kplus.Ingress(chart, 'plain', { rules: [{ host: 'plain.example.com', backend: kplus.IngressBackend.fromService(web.service!) }] });
    expect(active(app).filter((f) => f.includes('Ingress/')).map((f) => f.split(' ')[0]).sort()).toEqual([
      'hardened/ING-CLASS', 'hardened/ING-REDIRECT-HSTS', 'hardened/ING-REDIRECT-HSTS', 'hardened/ING-TLS',
    ]);
  });

  test('with the Traefik profile it audits clean under hardened', () => {
    expect(active(build(IngressControllerProfile.traefik()).app)).toEqual([]);
  });

  test('the Ingress routes to the SecureDeployment Service and port; the NetworkPolicy opens its container port to the controller', () => {
    const { chart, web } = build();
    const manifests = Testing.synth(chart);
    const ingress = find(manifests, 'Ingress');
    expect(ingress.spec.rules[0].http.paths[0].backend).toEqual({ service: { name: web.service!.name, port: { number: 80 } } });
    const policy = manifests.find((m) => m.kind === 'NetworkPolicy' && m.metadata.name === `public-to-${web.service!.name}`)!;
    expect(policy.spec.podSelector).toEqual({ matchLabels: find(manifests, 'Service').spec.selector });
    expect(policy.spec.ingress).toEqual([{
      from: [{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } },
        podSelector: { matchLabels: { 'app.kubernetes.io/component': 'controller', 'app.kubernetes.io/name': 'ingress-nginx' } },
      }],
      ports: [{ port: 8080, protocol: 'TCP' }],
    }]);
    expect(validateManifests(manifests)).toEqual([]);
  });

  test('a SecureDeployment without a port is a backend without a port', () => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    const worker = new SecureDeployment(chart, 'worker', {
      image: IMAGE, readiness: WorkloadProbe.exec(['/bin/ready']), liveness: WorkloadProbe.exec(['/bin/alive']),
    });
    expect(() => new SecureIngress(chart, 'public', {
      tls: IngressTls.fromSecret('shop-tls'),
      rules: [{ host: 'shop.example.com', backend: SecureIngressBackend.fromDeployment(worker) }],
    })).toThrow("shop/public: invalid 'rules[].backend': received \"shop.example.com/\"; the backend SecureDeployment 'shop/worker' has no port");
  });

  test('a SecureDeployment in another namespace', () => {
    const app = Testing.app();
    const billing = new Chart(app, 'billing', { namespace: 'billing' });
    const api = new SecureDeployment(billing, 'api', { image: IMAGE, port: 8080 });
    const shop = new Chart(app, 'shop', { namespace: 'shop' });
    expect(() => new SecureIngress(shop, 'public', {
      tls: IngressTls.fromSecret('shop-tls'),
      rules: [{ host: 'shop.example.com', backend: SecureIngressBackend.fromDeployment(api) }],
    })).toThrow("shop/public: invalid 'rules[].backend': received \"billing\"; the backend SecureDeployment 'billing/api' is in another namespace than the Ingress (shop)");
  });

  test('a generic controller without redirect evidence can be suppressed with a reason', () => {
    const { app, ingress } = build(IngressControllerProfile.generic('edge', { namespace: 'edge', podLabels: { app: 'edge-proxy' } }));
    Audit.suppress(ingress, RuleId.ING_REDIRECT_HSTS, 'the edge proxy redirects and sends HSTS for every host');
    expect(active(app)).toEqual([]);
  });
});
