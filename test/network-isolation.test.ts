import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  Audit, IngressTls, Pack, RuleId, SecureDeployment, SecureIngress, SecureNamespace, SecurePeer, SecurityException, SecurityPolicy, Severity,
} from '../src';
import { activeFindings, chartIn, deploy, find, synth, WHY } from './secure-deployment-support';

const narrowPeersException = [SecurityException.of(RuleId.NETPOL_NARROW_PEERS, WHY)];

function policyOf(chart: Chart): any {
  return find(Testing.synth(chart), 'NetworkPolicy');
}

describe('allowFrom()/allowTo() reject peers that admit too much (NETPOL-NARROW-PEERS)', () => {
  test.each([
    ['allowFrom', '0.0.0.0/0', /ipBlock 0\.0\.0\.0\/0 is broader than \/16/],
    ['allowFrom', '::/0', /ipBlock ::\/0 is broader than \/48/],
    ['allowTo', '10.0.0.0/8', /ipBlock 10\.0\.0\.0\/8 is broader than \/16/],
    ['allowTo', '2001:db8::/32', /broader than \/48/],
    ['allowTo', '169.254.0.0/16', /instance-metadata address 169\.254\.169\.254/],
  ])('%s(SecurePeer.ipBlock(%j)) is an error naming the construct, the call, the peer and the fix', (method, cidr, problem) => {
    const api = deploy();
    const call = () => (method === 'allowFrom' ? api.allowFrom(SecurePeer.ipBlock(cidr)) : api.allowTo(SecurePeer.ipBlock(cidr)));
    expect(call).toThrow(problem);
    expect(call).toThrow(`shop/api: invalid '${method}(peer)': received "ipBlock ${cidr}"`);
    expect(call).toThrow('SecurityException.of(RuleId.NETPOL_NARROW_PEERS');
  });

  test('a narrow block, and a link-local block that excepts the metadata address, are accepted', () => {
    const api = deploy();
    api.allowTo(SecurePeer.ipBlock('203.0.113.0/24'));
    api.allowTo(SecurePeer.ipBlock('169.254.0.0/16', ['169.254.169.254/32']));
    const egress = policyOf(Chart.of(api)).spec.egress;
    expect(egress.slice(1)).toEqual([
      { to: [{ ipBlock: { cidr: '203.0.113.0/24' } }] },
      { to: [{ ipBlock: { cidr: '169.254.0.0/16', except: ['169.254.169.254/32'] } }] },
    ]);
  });

  test('with a NETPOL-NARROW-PEERS exception a public workload admits the internet; the audit reports it suppressed with the reason', () => {
    const chart = chartIn();
    const api = deploy({ exceptions: narrowPeersException }, chart);
    api.allowFrom(SecurePeer.ipBlock('0.0.0.0/0'));
    const policy = policyOf(chart);
    expect(policy.spec.ingress).toEqual([{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 8080, protocol: 'TCP' }] }]);
    expect(policy.metadata.annotations['exception.cdk8s-secure.io/NETPOL-NARROW-PEERS']).toEqual(WHY);
    const finding = Audit.of(chart, { packs: [Pack.HARDENED] }).findings.find((f) => f.ruleId === RuleId.NETPOL_NARROW_PEERS);
    expect(finding).toMatchObject({ kind: 'NetworkPolicy', suppressed: true, suppressionReason: WHY, path: 'spec.ingress[0].from[0].ipBlock.cidr' });
    expect(activeFindings(chart)).toEqual([]);
  });

  test('the exception is refused where the exception policy never allows it', () => {
    const chart = chartIn();
    SecurityPolicy.apply(Testing.app(), {});
    SecurityPolicy.apply(chart, { exceptionPolicy: { neverExceptable: [RuleId.NETPOL_NARROW_PEERS] } });
    expect(() => deploy({ exceptions: narrowPeersException }, chart)).toThrow(/NETPOL-NARROW-PEERS/);
  });

  test('an unused NETPOL-NARROW-PEERS exception fails synthesis', () => {
    const api = deploy({ exceptions: narrowPeersException });
    expect(() => synth(api)).toThrow(/exceptions\[NETPOL-NARROW-PEERS\]'.*relaxes nothing/);
  });
});

describe('escape hatches on the deployment\'s NetworkPolicy are judged at synth', () => {
  test('networkPolicy.addIngressRule(Pods.all() of every namespace) fails synthesis', () => {
    const chart = chartIn();
    const api = deploy({}, chart);
    api.networkPolicy.addIngressRule(kplus.Pods.all(chart, 'Everyone', { namespaces: kplus.Namespaces.all(chart, 'AllNamespaces') }));
    expect(() => Testing.synth(chart)).toThrow(/shop\/api: invalid 'networkPolicy\.spec\.ingress\[0\]\.from\[0\]\.namespaceSelector'.*every namespace/);
  });

  test('networkPolicy.addEgressRule(NetworkPolicyIpBlock.anyIpv4()) fails synthesis; with the exception it is accepted', () => {
    const chart = chartIn();
    const api = deploy({}, chart);
    api.networkPolicy.addEgressRule(kplus.NetworkPolicyIpBlock.anyIpv4(chart, 'Internet'));
    expect(() => Testing.synth(chart)).toThrow(/networkPolicy\.spec\.egress\[1\]\.to\[0\]\.ipBlock\.cidr'.*0\.0\.0\.0\/0/);

    const allowed = chartIn();
    const public_ = deploy({ exceptions: narrowPeersException }, allowed);
    public_.networkPolicy.addEgressRule(kplus.NetworkPolicyIpBlock.anyIpv4(allowed, 'Internet'));
    expect(policyOf(allowed).spec.egress[1]).toEqual({ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [] });
  });

  test.each([
    ['an allow-all ingress rule', JsonPatch.add('/spec/ingress/-', {}), /networkPolicy\.spec\.ingress\[1\]'.*no 'from' peers/],
    ['an allow-all egress list', JsonPatch.replace('/spec/egress', [{}]), /networkPolicy\.spec\.egress\[0\]'.*every destination/],
    ['Egress dropped from policyTypes', JsonPatch.replace('/spec/policyTypes', ['Ingress']), /networkPolicy\.spec\.policyTypes'.*no longer isolates Egress/],
    ['a pod selector for other pods', JsonPatch.replace('/spec/podSelector', { matchLabels: { app: 'other' } }), /networkPolicy\.spec\.podSelector'/],
  ])('a JSON patch with %s fails synthesis', (_what, patch, error) => {
    const chart = chartIn();
    const api = deploy({}, chart);
    ApiObject.of(api.networkPolicy).addJsonPatch(patch);
    expect(() => Testing.synth(chart)).toThrow(error);
  });
});

describe('SecureNamespace policies cannot be opened', () => {
  const make = () => {
    const chart = new Chart(Testing.app(), 'ns');
    return { chart, ns: new SecureNamespace(chart, 'shop', { metadata: { name: 'shop' } }) };
  };

  test.each([
    ['ingress: [{}] on the default-deny', JsonPatch.add('/spec/ingress', [{}]), /defaultDenyPolicy\.spec\.ingress'.*must allow nothing/],
    ['egress: [{}] on the default-deny', JsonPatch.add('/spec/egress', [{}]), /defaultDenyPolicy\.spec\.egress'.*must allow nothing/],
    ['Egress dropped from the default-deny', JsonPatch.replace('/spec/policyTypes', ['Ingress']), /defaultDenyPolicy\.spec\.policyTypes'.*no longer isolates Egress/],
    ['a pod selector on the default-deny', JsonPatch.add('/spec/podSelector', { matchLabels: { a: 'b' } }), /defaultDenyPolicy\.spec\.podSelector'.*every pod of the namespace/],
    ['the default-deny moved to another namespace', JsonPatch.replace('/metadata/namespace', 'elsewhere'), /defaultDenyPolicy\.metadata\.namespace'.*must stay in namespace "shop"/],
  ])('%s fails synthesis', (_what, patch, error) => {
    const { chart, ns } = make();
    ApiObject.of(ns.defaultDenyPolicy).addJsonPatch(patch);
    expect(() => Testing.synth(chart)).toThrow(error);
  });

  test('a rule added to the default-deny with cdk8s-plus fails synthesis', () => {
    const { chart, ns } = make();
    ns.defaultDenyPolicy.addIngressRule(kplus.Pods.all(chart, 'All'));
    expect(() => Testing.synth(chart)).toThrow(/ns\/shop: invalid 'defaultDenyPolicy\.spec\.ingress'/);
  });

  test('the DNS egress policy opened to every destination fails synthesis', () => {
    const { chart, ns } = make();
    ns.dnsEgressPolicy!.addEgressRule(kplus.NetworkPolicyIpBlock.anyIpv4(chart, 'Internet'));
    expect(() => Testing.synth(chart)).toThrow(/dnsEgressPolicy\.spec\.egress\[1\]\.to\[0\]\.ipBlock\.cidr'/);
  });

  test('the default output is unchanged and audits clean', () => {
    const { chart } = make();
    const policy = Testing.synth(chart).find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'default-deny-all');
    expect(policy?.spec.podSelector).toEqual({});
    expect([...policy?.spec.policyTypes].sort()).toEqual(['Egress', 'Ingress']);
    expect(policy?.spec.ingress ?? []).toEqual([]);
    expect(policy?.spec.egress ?? []).toEqual([]);
    expect(Audit.of(chart).active(Severity.WARNING)).toEqual([]);
  });
});

describe('SecureIngress backend policies cannot be opened', () => {
  test('a JSON patch adding an allow-all rule to the controller policy fails synthesis', () => {
    const chart = chartIn();
    const api = new SecureDeployment(chart, 'web', { image: 'ghcr.io/acme/web:1.0.0', port: 8080 });
    const ingress = new SecureIngress(chart, 'ingress', {
      tls: IngressTls.fromSecret('web-tls'), className: 'nginx', rules: [{ host: 'shop.example.com', backend: api }],
    } as any);
    const policy = ingress.node.findAll().find((c) => c instanceof ApiObject && c.kind === 'NetworkPolicy') as ApiObject;
    policy.addJsonPatch(JsonPatch.add('/spec/ingress/-', { from: [{ namespaceSelector: {} }] }));
    expect(() => Testing.synth(chart)).toThrow(/shop\/ingress: invalid 'networkPolicy\[[^\]]+\]\.spec\.ingress\[1\]\.from\[0\]\.namespaceSelector'/);
  });
});

describe('a deployment\'s selector and pod labels cannot be handed to other pods', () => {
  test('copying another deployment\'s pod labels with a JSON patch fails synthesis (its Service, policy and exceptions would select them)', () => {
    const chart = chartIn();
    const web = deploy({ exceptions: narrowPeersException }, chart);
    web.allowFrom(SecurePeer.ipBlock('0.0.0.0/0'));
    const api = new SecureDeployment(chart, 'payments', { image: 'ghcr.io/acme/payments:2.0.0', port: 8080 });
    const [key, value] = Object.entries(web.matchLabels)[0];
    const pointer = key.replace('~', '~0').replace('/', '~1');
    ApiObject.of(api).addJsonPatch(JsonPatch.replace(`/spec/template/metadata/labels/${pointer}`, value), JsonPatch.replace(`/spec/selector/matchLabels/${pointer}`, value));
    expect(() => Testing.synth(chart)).toThrow(/shop\/payments: invalid 'spec\.selector'.*must stay the deployment's own/);
    expect(() => Testing.synth(chart)).toThrow(/shop\/payments: invalid 'spec\.template\.metadata\.labels\[/);
  });
});
