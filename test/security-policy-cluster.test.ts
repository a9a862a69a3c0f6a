import { App, Chart, Cron, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  ClusterDns, IngressControllerProfile, IngressTls, SecureCronJob, SecureDaemonSet, SecureDeployment, SecureIngress, SecureIngressBackend,
  SecureJob, SecureNamespace, SecureStatefulSet, SecurityPolicy, SecurityPolicyProps,
} from '../src';
import { find, Manifest } from './secure-deployment-support';
import { validateManifests } from './support/kubernetes-schema';

const IMAGE = 'registry.example.com/acme/app:1.4.2';
const NODE_LOCAL = '169.254.25.10';
const KUBE_DNS_PEER = {
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
  podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
};
const CUSTOM_PEER = {
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'dns-system' } },
  podSelector: { matchLabels: { 'app.kubernetes.io/name': 'coredns' } },
};
const DNS_PORTS = [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }];

function appWith(props: SecurityPolicyProps): App {
  const app = Testing.app();
  SecurityPolicy.apply(app, props);
  return app;
}

/** Every DNS destination a NetworkPolicy's egress allows on port 53 (peers of rules whose ports are exactly DNS). */
function dnsPeers(policy: Manifest): unknown[] {
  return (policy.spec.egress ?? [])
    .filter((rule: Manifest) => JSON.stringify(rule.ports) === JSON.stringify(DNS_PORTS))
    .flatMap((rule: Manifest) => rule.to);
}

interface Kind {
  readonly name: string;
  readonly make: (scope: Construct, extra: Record<string, unknown>) => unknown;
}

const KINDS: Kind[] = [
  { name: 'SecureDeployment', make: (scope, extra) => new SecureDeployment(scope, 'app', { image: IMAGE, port: 8080, ...extra }) },
  {
    name: 'SecureStatefulSet',
    make: (scope, extra) => new SecureStatefulSet(scope, 'app', { image: IMAGE, port: 5432, storage: [{ path: '/data', size: Size.gibibytes(1) }], ...extra }),
  },
  { name: 'SecureJob', make: (scope, extra) => new SecureJob(scope, 'app', { image: IMAGE, ...extra }) },
  { name: 'SecureCronJob', make: (scope, extra) => new SecureCronJob(scope, 'app', { image: IMAGE, schedule: Cron.daily(), ...extra }) },
  { name: 'SecureDaemonSet', make: (scope, extra) => new SecureDaemonSet(scope, 'app', { image: IMAGE, port: 2020, ...extra }) },
];

describe('SecurityPolicy clusterDns', () => {
  test('every SecureNamespace allows the policy\'s NodeLocal DNSCache', () => {
    const chart = new Chart(appWith({ clusterDns: ClusterDns.nodeLocal({ address: NODE_LOCAL }) }), 'platform');
    new SecureNamespace(chart, 'Shop', { metadata: { name: 'shop' } });
    new SecureNamespace(chart, 'Billing', { metadata: { name: 'billing' } });
    const manifests = Testing.synth(chart);
    const policies = manifests.filter((m) => m.kind === 'NetworkPolicy' && m.metadata.name === 'allow-cluster-dns');
    expect(policies.map((p) => p.metadata.namespace).sort()).toEqual(['billing', 'shop']);
    for (const policy of policies) {
      expect(dnsPeers(policy)).toEqual([{ ipBlock: { cidr: `${NODE_LOCAL}/32` } }, KUBE_DNS_PEER]);
    }
    expect(validateManifests(manifests)).toEqual([]);
  });

  test('a SecureNamespace\'s own dns wins over the policy', () => {
    const chart = new Chart(appWith({ clusterDns: ClusterDns.nodeLocal({ address: NODE_LOCAL }) }), 'platform');
    new SecureNamespace(chart, 'Shop', {
      metadata: { name: 'shop' },
      dns: ClusterDns.pods({ namespace: 'dns-system', podLabels: { 'app.kubernetes.io/name': 'coredns' } }),
    });
    expect(dnsPeers(find(Testing.synth(chart), 'NetworkPolicy', 'allow-cluster-dns'))).toEqual([CUSTOM_PEER]);
  });

  test('ClusterDns.none() in the policy: namespaces get no DNS egress policy', () => {
    const chart = new Chart(appWith({ clusterDns: ClusterDns.none() }), 'platform');
    const ns = new SecureNamespace(chart, 'Shop', { metadata: { name: 'shop' } });
    expect(ns.dnsEgressPolicy).toBeUndefined();
    expect(Testing.synth(chart).filter((m) => m.metadata.name === 'allow-cluster-dns')).toEqual([]);
  });

  test('without a policy field the namespace keeps kube-dns', () => {
    const chart = new Chart(appWith({}), 'platform');
    new SecureNamespace(chart, 'Shop', { metadata: { name: 'shop' } });
    expect(dnsPeers(find(Testing.synth(chart), 'NetworkPolicy', 'allow-cluster-dns'))).toEqual([KUBE_DNS_PEER]);
  });

  describe.each(KINDS)('$name', (row) => {
    function workloadDns(policy: SecurityPolicyProps, extra: Record<string, unknown> = {}): unknown[] {
      const chart = new Chart(appWith(policy), 'shop', { namespace: 'shop' });
      row.make(chart, extra);
      return dnsPeers(find(Testing.synth(chart), 'NetworkPolicy'));
    }

    test('its DNS egress rule targets the policy\'s NodeLocal DNSCache', () => {
      expect(workloadDns({ clusterDns: ClusterDns.nodeLocal({ address: NODE_LOCAL }) })).toEqual([KUBE_DNS_PEER, { ipBlock: { cidr: `${NODE_LOCAL}/32` } }]);
    });

    test('its own clusterDns wins over the policy', () => {
      const own = ClusterDns.pods({ namespace: 'dns-system', podLabels: { 'app.kubernetes.io/name': 'coredns' } });
      expect(workloadDns({ clusterDns: ClusterDns.nodeLocal({ address: NODE_LOCAL }) }, { clusterDns: own })).toEqual([CUSTOM_PEER]);
    });

    test('without the policy field it allows kube-dns', () => {
      expect(workloadDns({})).toEqual([KUBE_DNS_PEER]);
    });

    test.each([
      ['an empty DNS pod selector', ClusterDns.pods({ podLabels: {} }), "invalid 'clusterDns.podLabels': received {}; an empty selector would allow egress"],
      ['a port out of range', ClusterDns.pods({ podLabels: { app: 'dns' }, port: 70000 }), "invalid 'clusterDns.port': received 70000; is not a port number"],
      ['a bad NodeLocal address', ClusterDns.nodeLocal({ address: '300.1.1.1' }), "invalid 'clusterDns.address': received \"300.1.1.1\"; is not an IPv4 address"],
    ])('its own clusterDns with %s is an error', (_what, dns, message) => {
      expect(() => workloadDns({}, { clusterDns: dns })).toThrow(`shop/app: ${message}`);
    });
  });
});

describe('SecurityPolicy ingress controller namespace and pod labels', () => {
  const LABELS = { 'app.kubernetes.io/instance': 'edge', 'app.kubernetes.io/name': 'ingress-nginx' };

  function controllerPeer(policy: SecurityPolicyProps, controller?: ReturnType<typeof IngressControllerProfile.nginx>): unknown {
    const chart = new Chart(appWith(policy), 'shop', { namespace: 'shop' });
    const service = new kplus.Service(chart, 'api', { metadata: { name: 'api' }, ports: [{ port: 80, targetPort: 8080 }] });
    service.selectLabel('app', 'api');
    new SecureIngress(chart, 'web', {
      metadata: { name: 'web' },
      controller,
      tls: IngressTls.certManagerClusterIssuer('letsencrypt-prod'),
      rules: [{ host: 'shop.example.com', backend: SecureIngressBackend.fromService(service) }],
    });
    const manifests = Testing.synth(chart);
    // Traefik's Middleware is a custom resource the schema check does not know.
    expect(validateManifests(manifests.filter((m) => m.kind !== 'Middleware'))).toEqual([]);
    const from = find(manifests, 'NetworkPolicy').spec.ingress[0].from;
    expect(from).toHaveLength(1);
    return from[0];
  }

  test('the default controller profile takes the policy\'s namespace and labels', () => {
    expect(controllerPeer({ ingressControllerNamespace: 'edge', ingressControllerPodLabels: LABELS })).toEqual({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'edge' } },
      podSelector: { matchLabels: LABELS },
    });
  });

  test('a Traefik profile with its defaults takes them too', () => {
    expect(controllerPeer({ ingressControllerNamespace: 'edge', ingressControllerPodLabels: LABELS }, IngressControllerProfile.traefik())).toEqual({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'edge' } },
      podSelector: { matchLabels: LABELS },
    });
  });

  test('each field alone replaces only that default', () => {
    expect(controllerPeer({ ingressControllerNamespace: 'edge' })).toEqual({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'edge' } },
      podSelector: { matchLabels: { 'app.kubernetes.io/component': 'controller', 'app.kubernetes.io/name': 'ingress-nginx' } },
    });
    expect(controllerPeer({ ingressControllerPodLabels: LABELS })).toEqual({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } },
      podSelector: { matchLabels: LABELS },
    });
  });

  test('a namespace and labels given to the profile win over the policy', () => {
    const own = IngressControllerProfile.nginx({ namespace: 'nginx-public', podLabels: { app: 'public-nginx' } });
    expect(controllerPeer({ ingressControllerNamespace: 'edge', ingressControllerPodLabels: LABELS }, own)).toEqual({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'nginx-public' } },
      podSelector: { matchLabels: { app: 'public-nginx' } },
    });
  });

  test('a generic profile (namespace and labels always given) wins over the policy', () => {
    const generic = IngressControllerProfile.generic('haproxy', { namespace: 'haproxy', podLabels: { app: 'haproxy' } });
    expect(controllerPeer({ ingressControllerNamespace: 'edge', ingressControllerPodLabels: LABELS }, generic)).toEqual({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'haproxy' } },
      podSelector: { matchLabels: { app: 'haproxy' } },
    });
  });

  test('the SecureIngress exposes the namespace it admits', () => {
    const chart = new Chart(appWith({ ingressControllerNamespace: 'edge' }), 'shop', { namespace: 'shop' });
    const service = new kplus.Service(chart, 'api', { metadata: { name: 'api' }, ports: [{ port: 80, targetPort: 8080 }] });
    service.selectLabel('app', 'api');
    const ingress = new SecureIngress(chart, 'web', {
      tls: IngressTls.certManagerClusterIssuer('letsencrypt-prod'),
      rules: [{ host: 'shop.example.com', backend: SecureIngressBackend.fromService(service) }],
    });
    expect(ingress.controllerNamespace).toBe('edge');
    expect(ingress.controller.namespace).toBe('ingress-nginx');
  });

  test('the policy returns copies of the labels', () => {
    const policy = SecurityPolicy.apply(Testing.app(), { ingressControllerPodLabels: { ...LABELS } });
    policy.ingressControllerPodLabels!.app = 'changed';
    expect(policy.ingressControllerPodLabels).toEqual(LABELS);
  });
});

describe('SecurityPolicy cluster settings: bad input', () => {
  const js = (value: unknown) => value as never;
  test.each([
    ['clusterDns not a ClusterDns', { clusterDns: js('kube-dns') }, "invalid 'clusterDns': received \"kube-dns\"; is not a ClusterDns. Fix: pass a ClusterDns"],
    ['clusterDns with a bad port', { clusterDns: ClusterDns.pods({ podLabels: { app: 'dns' }, port: 70000 }) },
      "invalid 'clusterDns.port': received 70000; is not a port number (1-65535)"],
    ['clusterDns with empty pod labels', { clusterDns: ClusterDns.pods({ podLabels: {} }) },
      "invalid 'clusterDns.podLabels': received {}; an empty selector would allow egress to every pod of \"kube-system\""],
    ['clusterDns with a bad address', { clusterDns: ClusterDns.nodeLocal({ address: '169.254.20' }) },
      "invalid 'clusterDns.address': received \"169.254.20\"; is not an IPv4 address"],
    ['an invalid namespace name', { ingressControllerNamespace: 'Ingress_Nginx' },
      "invalid 'ingressControllerNamespace': received \"Ingress_Nginx\"; a namespace name"],
    ['an empty namespace name', { ingressControllerNamespace: '' }, "invalid 'ingressControllerNamespace': received \"\"; a namespace name"],
    ['a number as namespace', { ingressControllerNamespace: js(5) }, "invalid 'ingressControllerNamespace': received 5; a namespace name is not a string"],
    ['pod labels not a map', { ingressControllerPodLabels: js('x') },
      "invalid 'ingressControllerPodLabels': received \"x\"; is not a map of label keys to values"],
    ['pod labels as a list', { ingressControllerPodLabels: js(['app']) }, "invalid 'ingressControllerPodLabels': received"],
    ['empty pod labels', { ingressControllerPodLabels: {} },
      "invalid 'ingressControllerPodLabels': received {}; an empty selector would let every pod of the controller namespace reach the backends"],
    ['an invalid label key', { ingressControllerPodLabels: { 'bad key': 'x' } }, "invalid 'ingressControllerPodLabels[\"bad key\"]': received \"x\"; the label key"],
    ['an invalid label key prefix', { ingressControllerPodLabels: { 'Example_com/app': 'x' } }, "invalid 'ingressControllerPodLabels[\"Example_com/app\"]'"],
    ['an invalid label value', { ingressControllerPodLabels: { app: 'not ok' } },
      "invalid 'ingressControllerPodLabels[\"app\"]': received \"not ok\"; the label value is not a label value"],
    ['a label value not a string', { ingressControllerPodLabels: js({ app: 5 }) }, "invalid 'ingressControllerPodLabels[\"app\"]': received 5; is not a string"],
  ])('%s', (_what, props, message) => {
    const chart = new Chart(Testing.app(), 'shop');
    let error: Error | undefined;
    try {
      SecurityPolicy.apply(chart, props as SecurityPolicyProps);
    } catch (e) {
      error = e as Error;
    }
    expect(error).toBeDefined();
    expect(error).not.toBeInstanceOf(TypeError);
    expect(error?.message).toContain(`shop/SecurityPolicy: ${message}`);
    expect(error?.message).toContain('Fix: ');
  });

  test('an empty label value is a valid selector value', () => {
    const policy = SecurityPolicy.apply(Testing.app(), { ingressControllerPodLabels: { 'example.com/edge': '' } });
    expect(policy.ingressControllerPodLabels).toEqual({ 'example.com/edge': '' });
  });

  test('a SecureNamespace checks its own dns with the same checks, naming its own prop', () => {
    // The policy checks its ClusterDns when applied, so a problem at the namespace can only come from its own prop.
    const chart = new Chart(Testing.app(), 'platform');
    expect(() => new SecureNamespace(chart, 'Shop', { metadata: { name: 'shop' }, dns: ClusterDns.pods({ podLabels: {} }) }))
      .toThrow("platform/Shop: invalid 'dns.podLabels': received {}; an empty selector would allow egress to every pod of \"kube-system\"");
  });
});
