import { App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { ClusterDns, SecureDeployment, SecureNamespace, SecurePeer } from '../src';
import { activeFindings, chartIn, find, IMAGE, Manifest, synth } from './secure-deployment-support';

const NS = 'kubernetes.io/metadata.name';

/** web (namespace `frontend`) and api (namespace `backend`, Service 80 -> container 8080) in one app. */
function webAndApi(): { app: App; web: SecureDeployment; api: SecureDeployment; frontend: Chart; backend: Chart } {
  const app = Testing.app();
  const frontend = new Chart(app, 'frontend', { namespace: 'frontend' });
  const backend = new Chart(app, 'backend', { namespace: 'backend' });
  const web = new SecureDeployment(frontend, 'web', { image: 'ghcr.io/acme/web:2.0.0', port: 8080, metadata: { name: 'web' } });
  const api = new SecureDeployment(backend, 'api', { image: IMAGE, port: 8080, servicePort: 80, metadata: { name: 'api' } });
  return { app, web, api, frontend, backend };
}

function policy(chart: Chart): Manifest {
  return find(Testing.synth(chart), 'NetworkPolicy');
}

function podsOf(namespace: string, deployment: SecureDeployment): Manifest {
  return { namespaceSelector: { matchLabels: { [NS]: namespace } }, podSelector: { matchLabels: deployment.matchLabels } };
}

describe('SecureDeployment connections', () => {
  test('web.allowTo(api): egress on web and ingress on api, each in its own namespace, on the container port', () => {
    // GIVEN
    const { web, api, frontend, backend } = webAndApi();

    // WHEN
    web.allowTo(SecurePeer.deployment(api));

    // THEN
    const webPolicy = policy(frontend);
    const apiPolicy = policy(backend);
    expect(webPolicy.metadata.namespace).toEqual('frontend');
    expect(apiPolicy.metadata.namespace).toEqual('backend');
    expect(webPolicy.spec.egress.slice(1)).toEqual([{ to: [podsOf('backend', api)], ports: [{ port: 8080, protocol: 'TCP' }] }]);
    expect(apiPolicy.spec.ingress).toEqual([{ from: [podsOf('frontend', web)], ports: [{ port: 8080, protocol: 'TCP' }] }]);
  });

  test('api.allowFrom(web) produces the same two rules', () => {
    const a = webAndApi();
    a.web.allowTo(SecurePeer.deployment(a.api));
    const b = webAndApi();
    b.api.allowFrom(SecurePeer.deployment(b.web));
    expect(policy(b.frontend)).toEqual(policy(a.frontend));
    expect(policy(b.backend)).toEqual(policy(a.backend));
  });

  test('allowing the same connection from both ends does not duplicate the rules', () => {
    const { web, api, frontend, backend } = webAndApi();
    web.allowTo(SecurePeer.deployment(api));
    api.allowFrom(SecurePeer.deployment(web));
    expect(policy(frontend).spec.egress).toHaveLength(2);
    expect(policy(backend).spec.ingress).toHaveLength(1);
  });

  test('the own-pods fallback ingress disappears once a peer is allowed in', () => {
    const { web, api, frontend } = webAndApi();
    expect(policy(frontend).spec.ingress).toEqual([{ from: [{ podSelector: { matchLabels: web.matchLabels } }], ports: [{ port: 8080, protocol: 'TCP' }] }]);
    web.allowFrom(SecurePeer.ingressController());
    api.allowFrom(SecurePeer.deployment(web));
    expect(policy(frontend).spec.ingress).toEqual([{
      from: [{
        namespaceSelector: { matchLabels: { [NS]: 'ingress-nginx' } },
        podSelector: { matchLabels: { 'app.kubernetes.io/component': 'controller', 'app.kubernetes.io/name': 'ingress-nginx' } },
      }],
      ports: [{ port: 8080, protocol: 'TCP' }],
    }]);
  });

  test('ingress controller in a custom namespace with custom labels', () => {
    const { web, frontend } = webAndApi();
    web.allowFrom(SecurePeer.ingressController('traefik', { 'app.kubernetes.io/name': 'traefik' }));
    expect(policy(frontend).spec.ingress[0].from).toEqual([{
      namespaceSelector: { matchLabels: { [NS]: 'traefik' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'traefik' } },
    }]);
  });

  test('egress to an external API on 443 only', () => {
    const { api, backend } = webAndApi();
    api.allowTo(SecurePeer.ipBlock('203.0.113.0/24', ['203.0.113.128/25']), { ports: [kplus.NetworkPolicyPort.tcp(443)] });
    expect(policy(backend).spec.egress[1]).toEqual({
      to: [{ ipBlock: { cidr: '203.0.113.0/24', except: ['203.0.113.128/25'] } }], ports: [{ port: 443, protocol: 'TCP' }],
    });
  });

  test('IPv6 blocks are accepted', () => {
    const { api, backend } = webAndApi();
    api.allowTo(SecurePeer.ipBlock('2001:db8:1::/48'));
    expect(policy(backend).spec.egress[1]).toEqual({ to: [{ ipBlock: { cidr: '2001:db8:1::/48' } }] });
  });

  test('ingress from every pod of a namespace on a given port', () => {
    const { api, backend } = webAndApi();
    api.allowFrom(SecurePeer.namespace('monitoring'), { ports: [kplus.NetworkPolicyPort.tcp(9090)] });
    expect(policy(backend).spec.ingress).toEqual([{ from: [{ namespaceSelector: { matchLabels: { [NS]: 'monitoring' } } }], ports: [{ port: 9090, protocol: 'TCP' }] }]);
  });

  test('egress to labelled pods of another namespace, every port by default', () => {
    const { api, backend } = webAndApi();
    api.allowTo(SecurePeer.pods('data', { 'app.kubernetes.io/name': 'postgres' }));
    expect(policy(backend).spec.egress[1]).toEqual({
      to: [{ namespaceSelector: { matchLabels: { [NS]: 'data' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'postgres' } } }],
    });
  });

  test('a cdk8s-plus workload peer: its namespace comes from its chart, only this side gets a rule', () => {
    const { app, api, backend } = webAndApi();
    const cache = new kplus.StatefulSet(new Chart(app, 'data', { namespace: 'data' }), 'redis', {
      containers: [{ image: 'redis:7.2', portNumber: 6379 }],
    });
    api.allowTo(SecurePeer.workload(cache), { ports: [kplus.NetworkPolicyPort.tcp(6379)] });
    expect(policy(backend).spec.egress[1]).toEqual({
      to: [{ namespaceSelector: { matchLabels: { [NS]: 'data' } }, podSelector: { matchLabels: cache.matchLabels } }],
      ports: [{ port: 6379, protocol: 'TCP' }],
    });
  });

  test('a workload of the same namespace given by metadata', () => {
    const chart = chartIn();
    const api = new SecureDeployment(chart, 'api', { image: IMAGE, port: 8080 });
    const job = new kplus.Job(chart, 'job', { containers: [{ image: 'ghcr.io/acme/job:1.0.0' }] });
    api.allowFrom(SecurePeer.workload(job));
    expect(find(synth(chart), 'NetworkPolicy').spec.ingress[0].from[0].namespaceSelector).toEqual({ matchLabels: { [NS]: 'shop' } });
  });

  test('cdk8s-plus rules added to networkPolicy are kept', () => {
    const { app, api, backend } = webAndApi();
    const monitoring = new Chart(app, 'mon', { namespace: 'monitoring' });
    api.networkPolicy.addIngressRule(kplus.Pods.select(monitoring, 'prom', {
      labels: { app: 'prometheus' }, namespaces: kplus.Namespaces.select(monitoring, 'ns', { names: ['monitoring'] }),
    }), [kplus.NetworkPolicyPort.tcp(8080)]);
    expect(policy(backend).spec.ingress).toEqual([{
      from: [{ namespaceSelector: { matchLabels: { [NS]: 'monitoring' } }, podSelector: { matchLabels: { app: 'prometheus' } } }],
      ports: [{ port: 8080, protocol: 'TCP' }],
    }]);
  });

  test('NodeLocal DNSCache adds its link-local address to the DNS egress', () => {
    const chart = chartIn();
    new SecureDeployment(chart, 'api', { image: IMAGE, port: 8080, clusterDns: ClusterDns.nodeLocal() });
    expect(find(synth(chart), 'NetworkPolicy').spec.egress[0].to).toEqual([
      { namespaceSelector: { matchLabels: { [NS]: 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } },
      { ipBlock: { cidr: '169.254.20.10/32' } },
    ]);
  });

  test('no DNS egress with ClusterDns.none()', () => {
    const chart = chartIn();
    const api = new SecureDeployment(chart, 'api', { image: IMAGE, port: 8080, clusterDns: ClusterDns.none() });
    expect(find(synth(chart), 'NetworkPolicy').spec.egress).toEqual([]);
    api.allowTo(SecurePeer.namespace('data'));
    expect(find(synth(chart), 'NetworkPolicy').spec.egress).toEqual([{ to: [{ namespaceSelector: { matchLabels: { [NS]: 'data' } } }] }]);
  });

  test('a web front end calling an API, both in a SecureNamespace, audit clean', () => {
    const app = Testing.app();
    const platform = new Chart(app, 'platform');
    const shop = new SecureNamespace(platform, 'shop', { metadata: { name: 'shop' } });
    const chart = new Chart(app, 'shop', { namespace: shop.name });
    const web = new SecureDeployment(chart, 'web', {
      image: 'nginxinc/nginx-unprivileged:1.25.4',
      port: 8080,
      servicePort: 80,
      writablePaths: [{ path: '/var/cache/nginx' }, { path: '/var/run' }],
    });
    const api = new SecureDeployment(chart, 'api', { image: IMAGE, port: 8080 });
    web.allowFrom(SecurePeer.ingressController());
    web.allowTo(SecurePeer.deployment(api));
    expect(activeFindings(app)).toEqual([]);
  });
});
