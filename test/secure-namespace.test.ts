import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  ClusterDns, MeshMtls, PodSecurityLevel, RuleId, SecureNamespace, SecureNamespaceProps, SecurityException, ServiceMesh,
} from '../src';
import { validateManifests } from './support/kubernetes-schema';
import { find, Manifest } from './support/manifests';

function synth(props: SecureNamespaceProps = { metadata: { name: 'shop' } }, chartNamespace?: string): Manifest[] {
  const chart = new Chart(Testing.app(), 'test', { namespace: chartNamespace });
  new SecureNamespace(chart, 'Shop', props);
  return Testing.synth(chart);
}

function newNamespace(props: SecureNamespaceProps): () => SecureNamespace {
  return () => new SecureNamespace(new Chart(Testing.app(), 'test'), 'Shop', props);
}

const WHY = 'legacy agent needs hostPath until Q3 migration';

describe('SecureNamespace default output', () => {
  const manifests = synth();

  test('snapshot', () => {
    expect(manifests).toMatchSnapshot();
  });

  test('emits exactly the namespace baseline objects, in apply order', () => {
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual([
      'Namespace/shop',
      'ResourceQuota/namespace-quota',
      'LimitRange/container-limits',
      'ServiceAccount/default',
      'NetworkPolicy/default-deny-all',
      'NetworkPolicy/allow-cluster-dns',
    ]);
  });

  test('is valid against the Kubernetes 1.28 API', () => {
    expect(validateManifests(manifests)).toEqual([]);
  });

  test('synthesizes byte-identical output twice', () => {
    expect(JSON.stringify(synth())).toEqual(JSON.stringify(manifests));
  });

  test('Pod Security Admission: restricted enforced, audited and warned, each pinned to v1.28 (NS-PSA)', () => {
    const labels = find(manifests, 'Namespace').metadata.labels;
    expect(labels).toEqual({
      'app.kubernetes.io/managed-by': 'cdk8s-secure',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/audit-version': 'v1.28',
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'v1.28',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/warn-version': 'v1.28',
    });
  });

  test('the Namespace has no annotations and no namespace of its own', () => {
    const namespace = find(manifests, 'Namespace');
    expect(namespace.metadata.annotations).toBeUndefined();
    expect(namespace.metadata.namespace).toBeUndefined();
  });

  test('every other object is explicitly in the namespace and labelled managed-by cdk8s-secure', () => {
    for (const manifest of manifests.filter((m) => m.kind !== 'Namespace')) {
      expect(manifest.metadata.namespace).toEqual('shop');
      expect(manifest.metadata.labels).toEqual({ 'app.kubernetes.io/managed-by': 'cdk8s-secure' });
    }
  });

  test('default-deny: empty pod selector, Ingress and Egress, no rules (NS-DEFAULT-DENY)', () => {
    expect(find(manifests, 'NetworkPolicy', 'default-deny-all').spec).toEqual({
      podSelector: {},
      policyTypes: ['Egress', 'Ingress'],
    });
  });

  test('DNS egress: every pod to kube-system k8s-app=kube-dns on UDP and TCP 53 only (NS-DNS-EGRESS)', () => {
    expect(find(manifests, 'NetworkPolicy', 'allow-cluster-dns').spec).toEqual({
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{
        ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
        to: [{
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
          podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
        }],
      }],
    });
  });

  test('ResourceQuota: compute requests and limits, pods, storage, no NodePorts or LoadBalancers (NS-QUOTA, SVC-TYPE)', () => {
    expect(find(manifests, 'ResourceQuota').spec).toEqual({
      hard: {
        'limits.cpu': '8',
        'limits.ephemeral-storage': '20Gi',
        'limits.memory': '16Gi',
        'persistentvolumeclaims': '10',
        'pods': '50',
        'requests.cpu': '4',
        'requests.ephemeral-storage': '10Gi',
        'requests.memory': '8Gi',
        'requests.storage': '50Gi',
        'services.loadbalancers': '0',
        'services.nodeports': '0',
      },
    });
  });

  test('LimitRange: default, defaultRequest, min and max per container (NS-LIMITRANGE)', () => {
    expect(find(manifests, 'LimitRange').spec).toEqual({
      limits: [{
        type: 'Container',
        default: { 'cpu': '500m', 'ephemeral-storage': '1Gi', 'memory': '512Mi' },
        defaultRequest: { 'cpu': '100m', 'ephemeral-storage': '64Mi', 'memory': '128Mi' },
        max: { 'cpu': '2', 'ephemeral-storage': '4Gi', 'memory': '4Gi' },
        min: { 'cpu': '10m', 'ephemeral-storage': '1Mi', 'memory': '16Mi' },
      }],
    });
  });

  test('the default ServiceAccount mounts no token (NS-DEFAULT-SA)', () => {
    const sa = find(manifests, 'ServiceAccount', 'default');
    expect(sa.automountServiceAccountToken).toBe(false);
  });

  test('no roles, bindings or mesh objects until asked for', () => {
    const kinds = manifests.map((m) => m.kind);
    expect(kinds).not.toContain('Role');
    expect(kinds).not.toContain('RoleBinding');
    expect(kinds).not.toContain('PeerAuthentication');
  });
});

describe('SecureNamespace public fields', () => {
  test('expose the name and the emitted objects', () => {
    const chart = new Chart(Testing.app(), 'test');
    const ns = new SecureNamespace(chart, 'Shop', { metadata: { name: 'shop' } });
    expect(ns.name).toEqual('shop');
    expect(ns.podSecurityLevel).toEqual(PodSecurityLevel.RESTRICTED);
    expect(ns.podSecurityVersion).toEqual('v1.28');
    expect(ns.defaultDenyPolicy.name).toEqual('default-deny-all');
    expect(ns.dnsEgressPolicy?.name).toEqual('allow-cluster-dns');
    expect(ns.meshControlPlanePolicy).toBeUndefined();
    expect(ns.peerAuthentication).toBeUndefined();
    expect(ns.resourceQuota.kind).toEqual('ResourceQuota');
    expect(ns.limitRange.kind).toEqual('LimitRange');
    expect(ns.defaultServiceAccount.name).toEqual('default');
    expect(ns.defaultServiceAccount.automountToken).toBe(false);
  });

  test('without metadata.name the generated name is used everywhere', () => {
    const manifests = synth({});
    const name = find(manifests, 'Namespace').metadata.name;
    expect(name).toMatch(/^test-shop-/);
    expect(find(manifests, 'ResourceQuota').metadata.namespace).toEqual(name);
  });

  test('user labels and annotations are kept beside the hardening labels', () => {
    const namespace = find(synth({ metadata: { name: 'shop', labels: { team: 'a' }, annotations: { owner: 'team-a' } } }), 'Namespace');
    expect(namespace.metadata.labels.team).toEqual('a');
    expect(namespace.metadata.labels['pod-security.kubernetes.io/enforce']).toEqual('restricted');
    expect(namespace.metadata.annotations).toEqual({ owner: 'team-a' });
  });
});

describe('workloads placed in a SecureNamespace', () => {
  test('a chart namespace never lands on the cluster-scoped Namespace, and children stay in the namespace', () => {
    const manifests = synth({ metadata: { name: 'shop' } }, 'shop');
    expect(find(manifests, 'Namespace').metadata.namespace).toBeUndefined();
    expect(manifests.filter((m) => m.kind !== 'Namespace').every((m) => m.metadata.namespace === 'shop')).toBe(true);
    expect(validateManifests(manifests)).toEqual([]);
  });

  test('a workload in a chart whose namespace is ns.name is in the namespace', () => {
    const app = Testing.app();
    const platform = new Chart(app, 'platform');
    const ns = new SecureNamespace(platform, 'Shop', { metadata: { name: 'shop' } });
    const workloads = new Chart(app, 'workloads', { namespace: ns.name });
    new kplus.ConfigMap(workloads, 'Config', { data: { mode: 'production' } });
    expect(Testing.synth(workloads)[0].metadata.namespace).toEqual('shop');
  });

  test('a workload with metadata.namespace = ns.name is in the namespace', () => {
    const chart = new Chart(Testing.app(), 'test');
    const ns = new SecureNamespace(chart, 'Shop', { metadata: { name: 'shop' } });
    new kplus.ConfigMap(chart, 'Config', { metadata: { namespace: ns.name }, data: { mode: 'production' } });
    expect(find(Testing.synth(chart), 'ConfigMap').metadata.namespace).toEqual('shop');
  });
});

describe('Pod Security Admission settings', () => {
  test('the version is configurable and pins all three modes', () => {
    const labels = find(synth({ metadata: { name: 'shop' }, podSecurityVersion: 'v1.30' }), 'Namespace').metadata.labels;
    expect(labels['pod-security.kubernetes.io/enforce-version']).toEqual('v1.30');
    expect(labels['pod-security.kubernetes.io/audit-version']).toEqual('v1.30');
    expect(labels['pod-security.kubernetes.io/warn-version']).toEqual('v1.30');
  });

  test('lowering enforcement needs an NS-PSA exception; audit and warn stay restricted; the reason is annotated', () => {
    const manifests = synth({
      metadata: { name: 'shop' },
      podSecurityLevel: PodSecurityLevel.BASELINE,
      exceptions: [SecurityException.of(RuleId.NS_PSA, WHY)],
    });
    const namespace = find(manifests, 'Namespace');
    expect(namespace.metadata.labels['pod-security.kubernetes.io/enforce']).toEqual('baseline');
    expect(namespace.metadata.labels['pod-security.kubernetes.io/audit']).toEqual('restricted');
    expect(namespace.metadata.labels['pod-security.kubernetes.io/warn']).toEqual('restricted');
    expect(namespace.metadata.annotations).toEqual({ 'exception.cdk8s-secure.io/NS-PSA': WHY });
  });

  test('"latest" is accepted only with an NS-PSA exception', () => {
    const manifests = synth({
      metadata: { name: 'shop' },
      podSecurityVersion: 'latest',
      exceptions: [SecurityException.of(RuleId.NS_PSA, 'platform tracks the newest policy on purpose')],
    });
    expect(find(manifests, 'Namespace').metadata.labels['pod-security.kubernetes.io/enforce-version']).toEqual('latest');
  });

  test('lowering enforcement without an exception fails', () => {
    expect(newNamespace({ metadata: { name: 'shop' }, podSecurityLevel: PodSecurityLevel.PRIVILEGED })).toThrow(
      "test/Shop: invalid 'podSecurityLevel': received \"privileged\"; enforcing less than \"restricted\" admits pods with weaker isolation");
    expect(newNamespace({ metadata: { name: 'shop' }, podSecurityLevel: PodSecurityLevel.PRIVILEGED })).toThrow(
      "add SecurityException.of(RuleId.NS_PSA, '<why>') to 'exceptions'");
  });

  test('"latest" without an exception fails', () => {
    expect(newNamespace({ metadata: { name: 'shop' }, podSecurityVersion: 'latest' })).toThrow(
      "invalid 'podSecurityVersion': received \"latest\"; an unpinned version (latest");
  });

  test.each(['1.28', 'v1.28.0', 'v2.0', 'V1.28', 'v1.', 'v1.028', 'newest', ''])('an unknown PSA version format %j fails', (version) => {
    expect(newNamespace({ metadata: { name: 'shop' }, podSecurityVersion: version })).toThrow(
      `test/Shop: invalid 'podSecurityVersion': received ${JSON.stringify(version)}; is not a Pod Security Admission version; `
      + 'the format is "v1.<minor>" (for example "v1.28"). Fix: pin the Kubernetes minor version of your oldest cluster, e.g. "v1.28".');
  });

  test('an NS-PSA exception that relaxes nothing fails', () => {
    expect(newNamespace({ metadata: { name: 'shop' }, exceptions: [SecurityException.of(RuleId.NS_PSA, WHY)] })).toThrow(
      "invalid 'exceptions[NS-PSA]': received \"legacy agent needs hostPath until Q3 migration\"; the exception relaxes nothing on this construct");
  });

  test('an exception to any other control fails', () => {
    expect(newNamespace({ metadata: { name: 'shop' }, exceptions: [SecurityException.of(RuleId.NS_QUOTA, WHY)] })).toThrow(
      "invalid 'exceptions': received \"NS-QUOTA\"; a SecureNamespace can only relax NS-PSA");
  });

  test('an exception without a real reason fails', () => {
    expect(newNamespace({
      metadata: { name: 'shop' }, podSecurityLevel: PodSecurityLevel.BASELINE, exceptions: [SecurityException.of(RuleId.NS_PSA, 'because')],
    })).toThrow("invalid 'exceptions[NS-PSA].reason'");
  });

  test('Pod Security labels in metadata are refused', () => {
    expect(newNamespace({ metadata: { name: 'shop', labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } } })).toThrow(
      "invalid 'metadata.labels[\"pod-security.kubernetes.io/enforce\"]': received \"privileged\"; Pod Security Admission labels are set by the construct");
  });

  test('exception annotations in metadata are refused', () => {
    expect(newNamespace({ metadata: { name: 'shop', annotations: { 'exception.cdk8s-secure.io/NS-PSA': WHY } } })).toThrow(
      "invalid 'metadata.annotations[\"exception.cdk8s-secure.io/NS-PSA\"]'");
  });
});

describe('namespace names', () => {
  test.each(['Shop', 'shop_a', '-shop', 'shop-', 'shop.a', 'a'.repeat(64)])('an invalid DNS-1123 name %j fails', (name) => {
    expect(newNamespace({ metadata: { name } })).toThrow(`test/Shop: invalid 'metadata.name': received ${JSON.stringify(name)}; is `);
    expect(newNamespace({ metadata: { name } })).toThrow('Fix: choose a lower-case name such as "team-a-shop".');
  });

  test('the DNS-1123 problem is named', () => {
    expect(newNamespace({ metadata: { name: 'Shop' } })).toThrow('is not a DNS-1123 label');
    expect(newNamespace({ metadata: { name: 'a'.repeat(64) } })).toThrow('is 64 characters long; a DNS-1123 label has at most 63');
  });

  test.each(['default', 'kube-system', 'kube-public', 'kube-node-lease', 'kube-anything'])('the reserved namespace %j fails', (name) => {
    expect(newNamespace({ metadata: { name } })).toThrow(
      `test/Shop: invalid 'metadata.name': received "${name}"; is reserved for Kubernetes itself`);
  });

  test('a 63-character name is accepted', () => {
    expect(newNamespace({ metadata: { name: 'a'.repeat(63) } })).not.toThrow();
  });

  test('metadata.namespace on the Namespace fails', () => {
    expect(newNamespace({ metadata: { name: 'shop', namespace: 'other' } })).toThrow(
      "invalid 'metadata.namespace': received \"other\"; a Namespace is cluster-scoped and has no namespace");
  });
});

describe('ResourceQuota and LimitRange settings', () => {
  test('quota fields override one by one; NodePorts and LoadBalancers only when raised explicitly', () => {
    const hard = find(synth({ metadata: { name: 'shop' }, quota: { requestsCpu: '6', pods: 20, loadBalancers: 1, nodePorts: 1 } }),
      'ResourceQuota').spec.hard;
    expect(hard['requests.cpu']).toEqual('6');
    expect(hard.pods).toEqual('20');
    expect(hard['services.loadbalancers']).toEqual('1');
    expect(hard['services.nodeports']).toEqual('1');
    expect(hard['limits.cpu']).toEqual('8');
  });

  test('container limits override amount by amount', () => {
    const [item] = find(synth({ metadata: { name: 'shop' }, containerLimits: { defaultLimit: { memory: '1Gi' }, max: { cpu: '4' } } }),
      'LimitRange').spec.limits;
    expect(item.default).toEqual({ 'cpu': '500m', 'ephemeral-storage': '1Gi', 'memory': '1Gi' });
    expect(item.max.cpu).toEqual('4');
    expect(item.min.cpu).toEqual('10m');
  });

  test('a quota below the LimitRange default request fails', () => {
    expect(newNamespace({ metadata: { name: 'shop' }, quota: { requestsMemory: '64Mi' } })).toThrow(
      "test/Shop: invalid 'quota.requestsMemory': received \"64Mi\"; is below the LimitRange default containerLimits.defaultRequest.memory "
      + '("128Mi"), so not even one container relying on the defaults fits in the namespace. '
      + 'Fix: raise quota.requestsMemory to at least "128Mi" or lower containerLimits.defaultRequest.memory.');
  });

  test('a quota below the LimitRange default limit fails', () => {
    expect(newNamespace({ metadata: { name: 'shop' }, containerLimits: { defaultLimit: { cpu: '2' }, max: { cpu: '4' } }, quota: { limitsCpu: '1' } }))
      .toThrow("invalid 'quota.limitsCpu': received \"1\"; is below the LimitRange default containerLimits.defaultLimit.cpu (\"2\")");
  });

  test.each([
    ['quota.requestsCpu', { quota: { requestsCpu: '-1' } }, '"-1"', 'is negative'],
    ['quota.limitsMemory', { quota: { limitsMemory: '16GB' } }, '"16GB"', 'is not a Kubernetes quantity'],
    ['quota.requestsStorage', { quota: { requestsStorage: 'lots' } }, '"lots"', 'is not a Kubernetes quantity'],
    ['containerLimits.max.memory', { containerLimits: { max: { memory: '-4Gi' } } }, '"-4Gi"', 'is negative'],
    ['containerLimits.defaultRequest.cpu', { containerLimits: { defaultRequest: { cpu: '0.1 cores' } } }, '"0.1 cores"', 'is not a Kubernetes quantity'],
  ])('a negative or malformed quantity in %s fails', (prop, extra, received, problem) => {
    expect(newNamespace({ metadata: { name: 'shop' }, ...extra })).toThrow(`test/Shop: invalid '${prop}': received ${received}; ${problem}`);
  });

  test.each([
    ['pods', -1],
    ['nodePorts', 1.5],
    ['loadBalancers', -2],
  ])('a negative or fractional count in quota.%s fails', (field, value) => {
    expect(newNamespace({ metadata: { name: 'shop' }, quota: { [field]: value } })).toThrow(
      `invalid 'quota.${field}': received ${value}; must be a whole number of objects, 0 or more`);
  });

  test('a LimitRange out of order fails', () => {
    expect(newNamespace({ metadata: { name: 'shop' }, containerLimits: { defaultRequest: { memory: '1Gi' } } })).toThrow(
      "invalid 'containerLimits.defaultLimit.memory': received \"512Mi\"; is below containerLimits.defaultRequest.memory (\"1Gi\"); "
      + 'a LimitRange needs min <= defaultRequest <= defaultLimit <= max');
  });
});

describe('cluster DNS settings', () => {
  test('custom DNS pods (CoreDNS with its own labels and port)', () => {
    const manifests = synth({
      metadata: { name: 'shop' },
      dns: ClusterDns.pods({ namespace: 'dns-system', podLabels: { 'app.kubernetes.io/name': 'coredns' }, port: 5353 }),
    });
    expect(find(manifests, 'NetworkPolicy', 'allow-cluster-dns').spec.egress).toEqual([{
      ports: [{ port: 5353, protocol: 'UDP' }, { port: 5353, protocol: 'TCP' }],
      to: [{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'dns-system' } },
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'coredns' } },
      }],
    }]);
  });

  test('NodeLocal DNSCache: its link-local address and the kube-dns pods', () => {
    const manifests = synth({ metadata: { name: 'shop' }, dns: ClusterDns.nodeLocal() });
    const egress = find(manifests, 'NetworkPolicy', 'allow-cluster-dns').spec.egress;
    expect(egress.map((rule: Manifest) => rule.to)).toEqual([
      [{ ipBlock: { cidr: '169.254.20.10/32' } }],
      [{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
        podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
      }],
    ]);
    expect(egress.every((rule: Manifest) => JSON.stringify(rule.ports) === JSON.stringify([{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }])))
      .toBe(true);
    expect(validateManifests(manifests)).toEqual([]);
  });

  test('a custom NodeLocal address', () => {
    const egress = find(synth({ metadata: { name: 'shop' }, dns: ClusterDns.nodeLocal({ address: '169.254.25.10' }) }),
      'NetworkPolicy', 'allow-cluster-dns').spec.egress;
    expect(egress[0].to).toEqual([{ ipBlock: { cidr: '169.254.25.10/32' } }]);
  });

  test('DNS egress can be turned off; the default-deny stays', () => {
    const chart = new Chart(Testing.app(), 'test');
    const ns = new SecureNamespace(chart, 'Shop', { metadata: { name: 'shop' }, dns: ClusterDns.none() });
    const names = Testing.synth(chart).filter((m) => m.kind === 'NetworkPolicy').map((m) => m.metadata.name);
    expect(names).toEqual(['default-deny-all']);
    expect(ns.dnsEgressPolicy).toBeUndefined();
  });

  test('an empty DNS pod selector fails', () => {
    expect(newNamespace({ metadata: { name: 'shop' }, dns: ClusterDns.pods({ podLabels: {} }) })).toThrow(
      "invalid 'dns.podLabels': received {}; an empty selector would allow egress to every pod of \"kube-system\"");
  });

  test('an invalid DNS namespace fails', () => {
    expect(newNamespace({ metadata: { name: 'shop' }, dns: ClusterDns.pods({ namespace: 'Kube_System', podLabels: { a: 'b' } }) })).toThrow(
      "invalid 'dns.namespace': received \"Kube_System\"; is not a DNS-1123 label");
  });

  test('an invalid DNS port fails', () => {
    expect(newNamespace({ metadata: { name: 'shop' }, dns: ClusterDns.pods({ podLabels: { a: 'b' }, port: 70000 }) })).toThrow(
      "invalid 'dns.port': received 70000; is not a port number (1-65535)");
  });

  test('an invalid NodeLocal address fails', () => {
    expect(newNamespace({ metadata: { name: 'shop' }, dns: ClusterDns.nodeLocal({ address: '169.254.20' }) })).toThrow(
      "invalid 'dns.address': received \"169.254.20\"; is not an IPv4 address");
  });
});

describe('service-mesh mTLS', () => {
  test('Istio: STRICT PeerAuthentication, sidecar injection, egress to istiod', () => {
    const chart = new Chart(Testing.app(), 'test');
    const ns = new SecureNamespace(chart, 'Shop', { metadata: { name: 'shop' }, mtls: MeshMtls.istio() });
    const manifests = Testing.synth(chart);
    expect(find(manifests, 'PeerAuthentication')).toEqual({
      apiVersion: 'security.istio.io/v1beta1',
      kind: 'PeerAuthentication',
      metadata: { name: 'default', namespace: 'shop', labels: { 'app.kubernetes.io/managed-by': 'cdk8s-secure' } },
      spec: { mtls: { mode: 'STRICT' } },
    });
    expect(find(manifests, 'Namespace').metadata.labels['istio-injection']).toEqual('enabled');
    expect(find(manifests, 'NetworkPolicy', 'allow-mesh-control-plane').spec).toEqual({
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{
        ports: [{ port: 15012, protocol: 'TCP' }],
        to: [{
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-system' } },
          podSelector: { matchLabels: { app: 'istiod' } },
        }],
      }],
    });
    expect(ns.peerAuthentication?.kind).toEqual('PeerAuthentication');
    expect(ns.meshControlPlanePolicy?.name).toEqual('allow-mesh-control-plane');
    expect(validateManifests(manifests, ['security.istio.io/v1beta1/PeerAuthentication'])).toEqual([]);
    expect(manifests).toMatchSnapshot();
  });

  test('Istio with a revision and a custom control-plane namespace', () => {
    const mtls = MeshMtls.istio({ revision: '1-22-1', controlPlaneNamespace: 'istio-prod' });
    expect(mtls.mesh).toEqual(ServiceMesh.ISTIO);
    const manifests = synth({ metadata: { name: 'shop' }, mtls });
    const labels = find(manifests, 'Namespace').metadata.labels;
    expect(labels['istio.io/rev']).toEqual('1-22-1');
    expect(labels['istio-injection']).toBeUndefined();
    expect(find(manifests, 'NetworkPolicy', 'allow-mesh-control-plane').spec.egress[0].to[0].namespaceSelector)
      .toEqual({ matchLabels: { 'kubernetes.io/metadata.name': 'istio-prod' } });
  });

  test('Linkerd: injection and all-authenticated default inbound policy on the namespace, egress to the control plane', () => {
    const manifests = synth({ metadata: { name: 'shop' }, mtls: MeshMtls.linkerd() });
    expect(find(manifests, 'Namespace').metadata.annotations).toEqual({
      'config.linkerd.io/default-inbound-policy': 'all-authenticated',
      'linkerd.io/inject': 'enabled',
    });
    expect(manifests.map((m) => m.kind)).not.toContain('PeerAuthentication');
    expect(find(manifests, 'NetworkPolicy', 'allow-mesh-control-plane').spec.egress).toEqual([{
      ports: [{ port: 8080, protocol: 'TCP' }, { port: 8086, protocol: 'TCP' }, { port: 8090, protocol: 'TCP' }],
      to: [{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'linkerd' } },
        podSelector: { matchLabels: { 'linkerd.io/control-plane-ns': 'linkerd' } },
      }],
    }]);
    expect(validateManifests(manifests)).toEqual([]);
  });

  test('Linkerd in a custom control-plane namespace selects that namespace and label value', () => {
    const mtls = MeshMtls.linkerd({ controlPlaneNamespace: 'linkerd-prod' });
    expect(mtls.mesh).toEqual(ServiceMesh.LINKERD);
    const to = find(synth({ metadata: { name: 'shop' }, mtls }), 'NetworkPolicy', 'allow-mesh-control-plane').spec.egress[0].to[0];
    expect(to).toEqual({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'linkerd-prod' } },
      podSelector: { matchLabels: { 'linkerd.io/control-plane-ns': 'linkerd-prod' } },
    });
  });

  test('an invalid control-plane namespace fails', () => {
    expect(newNamespace({ metadata: { name: 'shop' }, mtls: MeshMtls.linkerd({ controlPlaneNamespace: 'Linkerd' }) })).toThrow(
      "invalid 'mtls.controlPlaneNamespace': received \"Linkerd\"; is not a DNS-1123 label");
  });

  test('an invalid Istio revision fails', () => {
    expect(newNamespace({ metadata: { name: 'shop' }, mtls: MeshMtls.istio({ revision: '1.22 canary' }) })).toThrow(
      "invalid 'mtls.revision': received \"1.22 canary\"; is not an Istio revision name");
  });
});
