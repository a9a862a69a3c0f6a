import { App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { IngressTls, SecureIngress, SecureIngressBackend, SecureNamespace } from '../src';

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
