import { ApiObject, Chart, Cron, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  Audit, IngressTls, Pack, SecureCronJob, SecureDaemonSet, SecureDeployment, SecureIngress, SecureIngressBackend, SecureJob, SecureNamespace,
  SecureStatefulSet, Severity,
} from '../src';
import { find } from './secure-deployment-support';

const IMAGE = 'registry.example.com/acme/app@sha256:' + 'a'.repeat(64);

/** The ApiObject of `kind` under `scope` (the construct's own objects). */
function objectOf(scope: Construct, kind: string, id?: string): ApiObject {
  const found = scope.node.findAll()
    .find((c): c is ApiObject => ApiObject.isApiObject(c) && c.kind === kind && (id === undefined || c.node.path.includes(id)));
  if (!found) throw new Error(`no ${kind} under ${scope.node.path}`);
  return found;
}

describe('an object moved, renamed or turned into another kind after the construct made it fails synthesis', () => {
  const KINDS: Array<[string, (scope: Construct) => Construct]> = [
    ['SecureDeployment', (scope) => new SecureDeployment(scope, 'app', { image: IMAGE, port: 8080 })],
    ['SecureStatefulSet', (scope) => new SecureStatefulSet(scope, 'app', { image: IMAGE, port: 5432 })],
    ['SecureJob', (scope) => new SecureJob(scope, 'app', { image: IMAGE })],
    ['SecureCronJob', (scope) => new SecureCronJob(scope, 'app', { image: IMAGE, schedule: Cron.daily() })],
    ['SecureDaemonSet', (scope) => new SecureDaemonSet(scope, 'app', { image: IMAGE, port: 2020 })],
  ];

  test.each(KINDS)('%s moved to another namespace (out of its NetworkPolicy and quota)', (_, make) => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    const workload = make(chart) as kplus.Workload;
    ApiObject.of(workload).addJsonPatch(JsonPatch.replace('/metadata/namespace', 'legacy'));
    expect(() => Testing.synth(chart)).toThrow(/shop\/app\/Resource: invalid 'metadata\.namespace': received "legacy"; the construct created this object as "shop"/);
  });

  test('a workload whose namespace is removed (kubectl would apply it to any namespace)', () => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    const workload = new SecureDeployment(chart, 'app', { image: IMAGE, port: 8080 });
    ApiObject.of(workload).addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    expect(() => Testing.synth(chart)).toThrow("shop/app/Resource: invalid 'metadata.namespace': received nothing; the construct created this object as \"shop\"");
  });

  test('a Deployment renamed away from its Service and autoscaler', () => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    const workload = new SecureDeployment(chart, 'app', { image: IMAGE, port: 8080 });
    ApiObject.of(workload).addJsonPatch(JsonPatch.replace('/metadata/name', 'other'));
    expect(() => Testing.synth(chart)).toThrow(/shop\/app\/Resource: invalid 'metadata\.name': received "other"; the construct created this object as "shop-app-c8[0-9a-f]+"/);
  });

  test('a patched kind does not reach the output (the generated class writes its own kind after the patches)', () => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    const workload = new SecureDeployment(chart, 'app', { image: IMAGE, port: 8080 });
    ApiObject.of(workload).addJsonPatch(JsonPatch.replace('/kind', 'ReplicaSet'));
    expect(Testing.synth(chart).filter((o) => o.kind === 'ReplicaSet')).toEqual([]);
    expect(find(Testing.synth(chart), 'Deployment').metadata.name).toMatch(/^shop-app-/);
  });

  test('a SecureNamespace\'s Role and RoleBinding moved to kube-system', () => {
    const chart = new Chart(Testing.app(), 'cluster');
    const ns = new SecureNamespace(chart, 'Shop', { metadata: { name: 'shop' } });
    ns.grantDeployer(kplus.Group.fromName(chart, 'ShopDeployers', 'shop-deployers'));
    objectOf(ns, 'Role').addJsonPatch(JsonPatch.replace('/metadata/namespace', 'kube-system'));
    objectOf(ns, 'RoleBinding').addJsonPatch(JsonPatch.replace('/metadata/namespace', 'kube-system'));
    expect(() => Testing.synth(chart)).toThrow(/cluster\/Shop\/[^:]+: invalid 'metadata\.namespace': received "kube-system"; the construct created this object as "shop"/);
  });

  test('the cluster-scoped Namespace is emitted without a namespace, and that is not a move', () => {
    const chart = new Chart(Testing.app(), 'cluster', { namespace: 'chart-default' });
    new SecureNamespace(chart, 'Shop', { metadata: { name: 'shop' } });
    expect(find(Testing.synth(chart), 'Namespace').metadata.namespace).toBeUndefined();
  });
});

describe('SecureNamespace objects weakened by a JSON patch fail synthesis', () => {
  function namespace(): { chart: Chart; ns: SecureNamespace } {
    const chart = new Chart(Testing.app(), 'cluster');
    return { chart, ns: new SecureNamespace(chart, 'Shop', { metadata: { name: 'shop' } }) };
  }

  test('the ResourceQuota without its hard limits', () => {
    const { chart, ns } = namespace();
    objectOf(ns, 'ResourceQuota').addJsonPatch(JsonPatch.remove('/spec/hard'));
    expect(() => Testing.synth(chart)).toThrow(/invalid 'Namespace "shop"': received "shop"; no ResourceQuota .*\(NS-QUOTA\); the construct checked its objects without this \(ResourceQuota \S+ changed\)/);
  });

  test('the default ServiceAccount mounting its token', () => {
    const { chart, ns } = namespace();
    objectOf(ns, 'ServiceAccount').addJsonPatch(JsonPatch.replace('/automountServiceAccountToken', true));
    expect(() => Testing.synth(chart)).toThrow(/invalid 'automountServiceAccountToken': received true; .*\(POD-NO-SA-TOKEN\)/);
  });

  test('the LimitRange without its limits', () => {
    const { chart, ns } = namespace();
    objectOf(ns, 'LimitRange').addJsonPatch(JsonPatch.replace('/spec/limits', []));
    expect(() => Testing.synth(chart)).toThrow(/\(NS-LIMITRANGE\)/);
  });

  test('a ResourceQuota that only counts terminating pods fails synthesis, though no audit rule judges its scopes', () => {
    const { chart, ns } = namespace();
    objectOf(ns, 'ResourceQuota').addJsonPatch(JsonPatch.add('/spec/scopes', ['Terminating']));
    expect(() => Testing.synth(chart)).toThrow(/invalid 'spec\.scopes': received \["Terminating"\]; the construct made it unset, and this field must stay as the construct made it/);
  });

  test.each(['dns', 'deny'])('the namespace\'s %s NetworkPolicy selecting other pods fails synthesis', (id) => {
    const { chart, ns } = namespace();
    const policies = ns.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c) && c.kind === 'NetworkPolicy');
    const policy = policies.find((p) => p.node.path.toLowerCase().includes(id)) ?? policies[0];
    policy.addJsonPatch(JsonPatch.replace('/spec/podSelector', { matchLabels: { app: 'nothing' } }));
    expect(() => Testing.synth(chart)).toThrow(/invalid '(spec\.podSelector|\w+\.spec\.podSelector)': received \{"matchLabels":\{"app":"nothing"\}\}/);
  });

  test('a harmless label on the quota passes', () => {
    const { chart, ns } = namespace();
    objectOf(ns, 'ResourceQuota').addJsonPatch(JsonPatch.add('/metadata/labels/tier', 'gold'));
    expect(find(Testing.synth(chart), 'ResourceQuota').metadata.labels.tier).toBe('gold');
  });
});

describe('SecureIngress weakened after construction fails synthesis', () => {
  function ingress(): { chart: Chart; ing: SecureIngress } {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });
    const service = new kplus.Service(chart, 'api', { metadata: { name: 'api' }, ports: [{ port: 80, targetPort: 8080 }] });
    service.selectLabel('app', 'api');
    const ing = new SecureIngress(chart, 'web', {
      metadata: { name: 'web' },
      tls: IngressTls.certManagerClusterIssuer('letsencrypt-prod'),
      rules: [{ host: 'shop.example.com', backend: SecureIngressBackend.fromService(service) }],
    });
    return { chart, ing };
  }

  test('TLS removed by a JSON patch', () => {
    const { chart, ing } = ingress();
    ApiObject.of(ing).addJsonPatch(JsonPatch.remove('/spec/tls'));
    expect(() => Testing.synth(chart)).toThrow(/test\/web\/Resource: invalid '[^']*': .*\(ING-TLS\); the construct checked its Ingress web without this/);
    // The audit reports it too.
    expect(Audit.of(chart, { packs: [Pack.HARDENED] }).active(Severity.ERROR).map((f) => f.ruleId)).toContain('ING-TLS');
  });

  test('the ingress class removed', () => {
    const { chart, ing } = ingress();
    ApiObject.of(ing).addJsonPatch(JsonPatch.remove('/spec/ingressClassName'));
    expect(() => Testing.synth(chart)).toThrow(/\(ING-CLASS\)/);
  });

  test.each([
    ['nginx.ingress.kubernetes.io/ssl-redirect', 'false'],
    ['nginx.ingress.kubernetes.io/force-ssl-redirect', 'false'],
    ['cert-manager.io/cluster-issuer', 'self-signed'],
  ])('the profile\'s %s changed with metadata.addAnnotation()', (key, value) => {
    const { chart, ing } = ingress();
    ing.metadata.addAnnotation(key, value);
    expect(() => Testing.synth(chart)).toThrow(`test/web: invalid 'metadata.annotations["${key}"]': received "${value}"; `);
  });

  test('the same annotation removed by a JSON patch', () => {
    const { chart, ing } = ingress();
    ApiObject.of(ing).addJsonPatch(JsonPatch.remove('/metadata/annotations/nginx.ingress.kubernetes.io~1ssl-redirect'));
    expect(() => Testing.synth(chart)).toThrow('test/web: invalid \'metadata.annotations["nginx.ingress.kubernetes.io/ssl-redirect"]\': received nothing; ');
  });

  test('an annotation of its own and a label pass', () => {
    const { chart, ing } = ingress();
    ing.metadata.addAnnotation('example.com/owner', 'team-shop');
    ApiObject.of(ing).addJsonPatch(JsonPatch.add('/metadata/labels/tier', 'edge'));
    const rendered = find(Testing.synth(chart), 'Ingress');
    expect(rendered.metadata.annotations['example.com/owner']).toBe('team-shop');
    expect(rendered.metadata.labels.tier).toBe('edge');
  });
});
