import * as kplus from 'cdk8s-plus-28';
import { AppDesc, buildApp } from './app-model';
import { Endpoint, NetworkOracle, NetworkPolicyManifest, selectorMatches } from './network-oracle';
import { checkApiValidity, checkAudit, checkDeterminism, checkNetwork, parseManifests, synthesize } from './properties';

/** The evaluator on hand-written policies, and the properties failing on broken output: each check can fail. */

const pod = (namespace: string, labels: Record<string, string>, ports: Endpoint['containerPorts'] = []): Endpoint => ({
  id: `${namespace}/${JSON.stringify(labels)}`,
  kind: 'pod',
  namespace,
  labels,
  namespaceLabels: { 'kubernetes.io/metadata.name': namespace, 'team': namespace === 'a' ? 'blue' : 'red' },
  containerPorts: ports,
});
const policy = (namespace: string, spec: NetworkPolicyManifest['spec']): NetworkPolicyManifest => ({ metadata: { name: 'p', namespace }, spec });

describe('selectors', () => {
  const labels = { app: 'web', tier: 'front' };
  test.each([
    [{}, true],
    [{ matchLabels: { app: 'web' } }, true],
    [{ matchLabels: { app: 'api' } }, false],
    [{ matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }] }, true],
    [{ matchExpressions: [{ key: 'app', operator: 'In', values: ['api'] }] }, false],
    [{ matchExpressions: [{ key: 'missing', operator: 'NotIn', values: ['x'] }] }, true],
    [{ matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] }, false],
    [{ matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, true],
    [{ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, false],
    [{ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, false],
  ])('%j matches {app: web, tier: front}: %s', (selector, expected) => {
    expect(selectorMatches(selector, labels)).toBe(expected);
  });

  test('an unknown operator is an error, not a silent match', () => {
    expect(() => selectorMatches({ matchExpressions: [{ key: 'app', operator: 'Gt' }] }, labels)).toThrow('unknown selector operator Gt');
  });
});

describe('NetworkPolicy semantics', () => {
  const web = pod('a', { app: 'web' }, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
  const api = pod('a', { app: 'api' });
  const other = pod('b', { app: 'api' });
  const outside: Endpoint = { id: 'outside', kind: 'external', ip: '203.0.113.10' };

  test('without a selecting policy, everything is allowed; with one, only its rules', () => {
    expect(new NetworkOracle([]).allows(api, web, 'TCP', 1)).toBe(true);
    const oracle = new NetworkOracle([policy('a', {
      podSelector: { matchLabels: { app: 'web' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'api' } } }], ports: [{ port: 'http' }] }],
    })]);
    expect(oracle.allows(api, web, 'TCP', 8080)).toBe(true);
    expect(oracle.allows(api, web, 'TCP', 8081)).toBe(false);
    expect(oracle.allows(api, web, 'UDP', 8080)).toBe(false);
    // A podSelector alone means the policy's namespace.
    expect(oracle.allows(other, web, 'TCP', 8080)).toBe(false);
    // Egress of web is not isolated by an Ingress-only policy.
    expect(oracle.allows(web, outside, 'TCP', 443)).toBe(true);
  });

  test('default policyTypes: Ingress, plus Egress when egress rules are given', () => {
    const ingressOnly = new NetworkOracle([policy('a', { podSelector: {} })]);
    expect(ingressOnly.allows(api, web, 'TCP', 80)).toBe(false);
    expect(ingressOnly.allows(web, outside, 'TCP', 80)).toBe(true);
    const both = new NetworkOracle([policy('a', { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '203.0.113.0/24', except: ['203.0.113.10/32'] } }] }] })]);
    expect(both.egressAllows(web, outside, 'TCP', 80)).toBe(false);
    expect(both.egressAllows(web, { ...outside, ip: '203.0.113.11' }, 'TCP', 80)).toBe(true);
    expect(both.egressAllows(web, api, 'TCP', 80)).toBe(false);
  });

  test('policies add up, namespace selectors pick namespaces, ranges include both ends', () => {
    const oracle = new NetworkOracle([
      policy('a', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
      policy('a', {
        podSelector: { matchLabels: { app: 'web' } },
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'red' } } }], ports: [{ protocol: 'TCP', port: 9000, endPort: 9010 }] }],
      }),
    ]);
    expect(oracle.ingressAllows(other, web, 'TCP', 9000)).toBe(true);
    expect(oracle.ingressAllows(other, web, 'TCP', 9010)).toBe(true);
    expect(oracle.ingressAllows(other, web, 'TCP', 9011)).toBe(false);
    expect(oracle.ingressAllows(api, web, 'TCP', 9000)).toBe(false);
    // The egress of the source is isolated by the first policy.
    expect(oracle.allows(web, api, 'TCP', 9000)).toBe(false);
  });
});

const DESC: AppDesc = {
  namespaces: [{ name: 'shop', dns: 'kubeDns' }, { name: 'payments', dns: 'nodeLocal' }],
  deployments: [
    {
      id: 'web',
      namespace: 0,
      image: { repository: 'ghcr.io/acme/api', registry: 'ghcr.io/acme', tag: '1.2.3' },
      port: 8080,
      env: {},
      secretFiles: [],
      writablePaths: [],
      probes: 'default',
      startupProbe: false,
    },
    {
      id: 'api',
      namespace: 1,
      image: { repository: 'ghcr.io/acme/api', registry: 'ghcr.io/acme', digest: 'a'.repeat(64) },
      port: 9090,
      env: {},
      secretFiles: [],
      writablePaths: [],
      probes: 'http',
      startupProbe: false,
      priorityClass: 'system',
    },
  ],
  edges: [{ from: 0, to: 1, declaredBy: 'allowTo' }],
  controllerEdges: [],
  ingresses: [{ name: 'public', controller: 'nginx', backends: [0], tls: 'clusterIssuer' }],
};

describe('the properties fail on broken output', () => {
  test('the example passes all of them', () => {
    const { built, yaml } = synthesize(DESC);
    checkNetwork(DESC, built, parseManifests(yaml));
    checkApiValidity(parseManifests(yaml));
    checkAudit(DESC, buildApp(DESC));
    checkDeterminism(yaml, synthesize(DESC).yaml);
  });

  test('a connection the description does not declare is found', () => {
    const { built, yaml } = synthesize(DESC);
    const manifests = parseManifests(yaml);
    const webPolicy = manifests.find((m) => m.kind === 'NetworkPolicy' && m.metadata.name === built.deployments[0].name);
    webPolicy!.spec.egress.push({});
    expect(() => checkNetwork(DESC, built, manifests)).toThrow(/shop\/web -> .* allowed, declared denied/);
  });

  test('a declared connection the policies do not admit is found', () => {
    const { built, yaml } = synthesize(DESC);
    const manifests = parseManifests(yaml).filter((m) => !(m.kind === 'NetworkPolicy' && m.metadata.name.startsWith('public-to-')));
    expect(() => checkNetwork(DESC, built, manifests)).toThrow(/ingress-nginx\/controller -> shop\/web TCP\/8080: denied, declared allowed/);
  });

  test('a finding the audit should not report is found', () => {
    const built = buildApp(DESC);
    const deployment = built.deployments[0];
    new kplus.Deployment(deployment.node.scope!, 'plain', { containers: [{ image: 'nginx' }] });
    expect(() => checkAudit(DESC, built)).toThrow(/audit: findings/);
  });

  test('a NetworkPolicy port the API server refuses is found', () => {
    const manifests = parseManifests(synthesize(DESC).yaml);
    const controllerPolicy = manifests.find((m) => m.kind === 'NetworkPolicy' && m.metadata.name.startsWith('public-to-'))!;
    controllerPolicy.spec.ingress[0].ports = [{ protocol: 'TCP', port: 0, endPort: 65535 }];
    expect(() => checkApiValidity(manifests)).toThrow(/public-to-.* port outside 1-65535/);
    controllerPolicy.spec.ingress[0].ports = [{ protocol: 'TCP', port: 9000, endPort: 8000 }];
    expect(() => checkApiValidity(manifests)).toThrow(/invalid endPort/);
  });

  test('a difference between two builds is found', () => {
    const one = synthesize(DESC).yaml;
    expect(() => checkDeterminism(one, one.replace('8080', '8081'))).toThrow(/determinism: the YAML differs at line/);
  });
});
