import { App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Audit, IngressTls, Pack, SecureDeployment, SecureIngress, SecureIngressBackend, SecureNamespace, SecurePeer } from '../src';
import { parseQuantity } from '../src/profile/quantity';

type Manifest = Record<string, any>;

/** A SecureNamespace in a platform chart, and an ingress-exposed Service in a second chart. */
function build(placeIn: 'chart' | 'metadata'): { app: App; platform: Chart; workloads: Chart; ns: SecureNamespace } {
  const app = Testing.app();
  const platform = new Chart(app, 'platform');
  const ns = new SecureNamespace(platform, 'Shop', { metadata: { name: 'shop' } });
  const workloads = new Chart(app, 'workloads', placeIn === 'chart' ? { namespace: ns.name } : {});
  const metadata = placeIn === 'metadata' ? { namespace: ns.name } : {};
  const service = new kplus.Service(workloads, 'Api', { metadata: { name: 'api', ...metadata }, ports: [{ port: 80, targetPort: 8080 }] });
  service.selectLabel('app', 'api');
  new SecureIngress(workloads, 'Web', {
    metadata: { name: 'web', ...metadata },
    tls: IngressTls.certManagerClusterIssuer('letsencrypt-prod'),
    rules: [{ host: 'shop.example.com', backend: SecureIngressBackend.fromService(service) }],
  });
  return { app, platform, workloads, ns };
}

describe.each(['chart', 'metadata'] as const)('workloads placed with the %s namespace', (placeIn) => {
  const { workloads } = build(placeIn);
  const manifests: Manifest[] = Testing.synth(workloads);

  test('every workload object is in the SecureNamespace', () => {
    expect(manifests.map((m) => `${m.kind}/${m.metadata.namespace}`)).toEqual(['Service/shop', 'Ingress/shop', 'NetworkPolicy/shop']);
  });

  test('the ingress NetworkPolicy is in the namespace, selects the backend pods there, and admits only the controller', () => {
    const policy = manifests.find((m) => m.kind === 'NetworkPolicy')!;
    expect(policy.metadata.namespace).toEqual('shop');
    expect(policy.spec.podSelector).toEqual({ matchLabels: { app: 'api' } });
    expect(policy.spec.ingress.flatMap((rule: Manifest) => rule.from.map((peer: Manifest) => peer.namespaceSelector)))
      .toEqual([{ matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } }]);
  });
});

test('the namespace peer of a SecureNamespace selects it by name', () => {
  const { ns } = build('chart');
  const config = ns.toNamespaceSelectorConfig();
  expect(config.names).toEqual(['shop']);
});

describe('SecureDeployments in SecureNamespaces', () => {
  /** Namespaces `shop` and `web` in a platform chart; `api` in shop (by chart), `frontend` in web (by metadata), web -> api allowed. */
  function twoNamespaces() {
    const app = Testing.app();
    const platform = new Chart(app, 'platform');
    const shop = new SecureNamespace(platform, 'Shop', { metadata: { name: 'shop' } });
    const web = new SecureNamespace(platform, 'Web', { metadata: { name: 'web' } });
    const shopChart = new Chart(app, 'shop', { namespace: shop.name });
    const webChart = new Chart(app, 'web');
    const api = new SecureDeployment(shopChart, 'api', { image: 'ghcr.io/acme/api:1.4.2', port: 8080 });
    const frontend = new SecureDeployment(webChart, 'frontend', { metadata: { namespace: web.name }, image: 'ghcr.io/acme/web:2.0.1', port: 8080 });
    frontend.allowTo(SecurePeer.deployment(api));
    return { app, platform, shopChart, webChart };
  }

  test('each deployment and its objects land in its namespace', () => {
    const { shopChart, webChart } = twoNamespaces();
    expect(new Set(Testing.synth(shopChart).map((m) => m.metadata.namespace))).toEqual(new Set(['shop']));
    expect(new Set(Testing.synth(webChart).map((m) => m.metadata.namespace))).toEqual(new Set(['web']));
  });

  test('the NetworkPolicies select the peer in its own namespace, on both ends', () => {
    const { shopChart, webChart } = twoNamespaces();
    const apiPolicy = Testing.synth(shopChart).find((m) => m.kind === 'NetworkPolicy')!;
    const webPolicy = Testing.synth(webChart).find((m) => m.kind === 'NetworkPolicy')!;
    const peers = (rules: Manifest[] = [], side: 'from' | 'to') => rules.flatMap((rule) => rule[side] ?? []);
    expect(peers(apiPolicy.spec.ingress, 'from').map((p: Manifest) => p.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name']))
      .toContain('web');
    expect(peers(webPolicy.spec.egress, 'to').map((p: Manifest) => p.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name']))
      .toContain('shop');
  });

  test('a default SecureDeployment fits the namespace LimitRange (min <= requests, limits <= max)', () => {
    const { platform, shopChart } = twoNamespaces();
    const [limits] = Testing.synth(platform).find((m) => m.kind === 'LimitRange' && m.metadata.namespace === 'shop')!.spec.limits;
    const deployment = Testing.synth(shopChart).find((m) => m.kind === 'Deployment')!;
    for (const container of deployment.spec.template.spec.containers) {
      for (const resource of ['cpu', 'memory', 'ephemeral-storage']) {
        expect(parseQuantity(container.resources.requests[resource])).toBeGreaterThanOrEqual(parseQuantity(limits.min[resource])!);
        expect(parseQuantity(container.resources.limits[resource])).toBeLessThanOrEqual(parseQuantity(limits.max[resource])!);
      }
    }
  });

  test('namespaces and deployments together audit clean under hardened', () => {
    const { app } = twoNamespaces();
    expect(Audit.of(app, { packs: [Pack.HARDENED] }).active().map((f) => `${f.id} ${f.kind}/${f.name} ${f.path}`)).toEqual([]);
  });
});
