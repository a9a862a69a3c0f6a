import { ApiObject, App, Chart, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Audit, Pack, RuleId, SecureNamespace } from '../src';

function setup(): { chart: Chart; ns: SecureNamespace } {
  const chart = new Chart(Testing.app(), 'test');
  return { chart, ns: new SecureNamespace(chart, 'Shop', { metadata: { name: 'shop' } }) };
}

/** Synthesizes the app with its validations (Testing.synth() skips them). */
function synth(chart: Chart): void {
  (chart.node.root as App).synth();
}

const subject = (config: unknown): kplus.ISubject => ({ toSubjectConfiguration: () => config } as unknown as kplus.ISubject);

describe('grants to groups of identities the team does not own fail', () => {
  test.each([
    ['system:authenticated', 'stands for every user or every anonymous request'],
    ['system:unauthenticated', 'stands for every user or every anonymous request'],
    ['system:serviceaccounts', 'stands for every ServiceAccount of the cluster'],
    ['system:serviceaccounts:shop', 'stands for every ServiceAccount of the namespace "shop", including ones of other apps'],
    ['system:serviceaccounts:kube-system', 'stands for every ServiceAccount of the namespace "kube-system"'],
    ['system:masters', 'is the cluster superuser group (it bypasses RBAC)'],
    ['system:nodes', 'stands for every node of the cluster'],
    ['system:bootstrappers:kubeadm:default-node-token', 'is a group that Kubernetes manages for its own components'],
    ['system:kube-controller-manager', 'is a group that Kubernetes manages for its own components'],
    ['System:Authenticated', 'stands for every user or every anonymous request'],
    [' system:masters', 'is the cluster superuser group'],
    ['SYSTEM:SERVICEACCOUNTS\t', 'stands for every ServiceAccount of the cluster'],
  ])('the group %j', (name, problem) => {
    const { chart, ns } = setup();
    for (const grant of [ns.grantReadOnly.bind(ns), ns.grantDeployer.bind(ns)]) {
      expect(() => grant(kplus.Group.fromName(chart, `G${Math.random()}`, name))).toThrow(`received ${JSON.stringify(name)}; this subject ${problem}`);
    }
    expect(() => ns.grantReadOnly(kplus.Group.fromName(chart, 'X', name))).toThrow('Fix: bind the group of the team that owns the namespace');
  });

  test.each(['system:anonymous', 'system:authenticated'])('the user %s', (name) => {
    const { chart, ns } = setup();
    expect(() => ns.grantDeployer(kplus.User.fromName(chart, 'U', name))).toThrow('this subject stands for every user or every anonymous request');
  });

  test.each(['system:serviceaccount:other:ci', 'system:kube-scheduler', 'System:Node:worker-1'])('the reserved user name %j', (name) => {
    const { chart, ns } = setup();
    expect(() => ns.grantDeployer(kplus.User.fromName(chart, 'U', name))).toThrow(
      `invalid 'grantDeployer(subjects)': received ${JSON.stringify(name)}; names with the system: prefix are reserved for Kubernetes components and ServiceAccounts`);
  });

  test('a name with surrounding whitespace', () => {
    const { chart, ns } = setup();
    expect(() => ns.grantReadOnly(kplus.Group.fromName(chart, 'G', 'shop-devs '))).toThrow(
      'received "shop-devs "; the name has leading or trailing whitespace, so it binds nobody or a look-alike principal');
  });

  test('a ServiceAccount of another namespace is one identity, and is accepted', () => {
    const { chart, ns } = setup();
    const ci = kplus.ServiceAccount.fromServiceAccountName(chart, 'Ci', 'ci', { namespaceName: 'ci' });
    expect(() => ns.grantDeployer(ci)).not.toThrow();
  });
});

describe('plain JavaScript subjects get the library error', () => {
  test.each([
    [null, "invalid 'grantReadOnly(subjects)': received null; is not a subject"],
    ['system:masters', 'received "system:masters"; is not a subject'],
    [{}, 'is not a subject'],
  ])('%j', (given, message) => {
    const { ns } = setup();
    expect(() => ns.grantReadOnly(given as unknown as kplus.ISubject)).toThrow(message);
  });

  test.each([
    [{ kind: 'Group', name: 42 }, 'received 42; a Group subject needs a name'],
    [{ kind: 'Role', name: 'x' }, 'received "Role"; the subject kind is not Group, User or ServiceAccount'],
    [undefined, 'received nothing; the subject kind is not Group, User or ServiceAccount'],
  ])('a subject configuration %j', (config, message) => {
    const { ns } = setup();
    expect(() => ns.grantDeployer(subject(config))).toThrow(message);
  });
});

describe('subjects added behind the construct fail synthesis', () => {
  test('addSubjects() on the returned binding', () => {
    const { chart, ns } = setup();
    const binding = ns.grantReadOnly(kplus.Group.fromName(chart, 'Devs', 'shop-devs'));
    binding.addSubjects(kplus.Group.fromName(chart, 'All', 'system:authenticated'));
    expect(() => synth(chart)).toThrow(
      "test/Shop: invalid 'RoleBinding \"namespace-read-only\" subjects[1]': received \"system:authenticated\"; this subject stands for every user");
  });

  test('a JSON patch on the binding', () => {
    const { chart, ns } = setup();
    const binding = ns.grantDeployer(kplus.Group.fromName(chart, 'Ci', 'shop-ci'));
    ApiObject.of(binding).addJsonPatch(JsonPatch.add('/subjects/-', { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'system:masters' }));
    expect(() => synth(chart)).toThrow("invalid 'RoleBinding \"namespace-deployer\" subjects[1]': received \"system:masters\"");
  });

  test('the grants themselves synthesize', () => {
    const { chart, ns } = setup();
    ns.grantReadOnly(kplus.Group.fromName(chart, 'Devs', 'shop-devs'));
    ns.grantDeployer(kplus.User.fromName(chart, 'Jane', 'jane@example.com'));
    expect(() => synth(chart)).not.toThrow();
  });
});

test('the audit reports a binding to a broad group made outside the SecureNamespace (RBAC-BROAD-SUBJECT)', () => {
  const { chart } = setup();
  new kplus.k8s.KubeClusterRoleBinding(chart, 'Raw', {
    metadata: { name: 'raw' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
    subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'system:serviceaccounts' }],
  });
  const findings = Audit.of(chart, { packs: [Pack.HARDENED] }).active().filter((f) => f.ruleId === RuleId.RBAC_BROAD_SUBJECT);
  expect(findings.map((f) => [f.kind, f.name, f.path, f.severity])).toEqual([['ClusterRoleBinding', 'raw', 'subjects[0].name', 'error']]);
});

describe('the grant\'s RoleBinding and Role cannot be changed behind the construct', () => {
  test('a JSON patch re-pointing the binding at the built-in admin ClusterRole fails synthesis; the audit reports such a binding', () => {
    const { chart, ns } = setup();
    const binding = ns.grantReadOnly(kplus.Group.fromName(chart, 'Team', 'team-a'));
    const admin = { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' };
    ApiObject.of(binding).addJsonPatch(JsonPatch.replace('/roleRef', admin));
    expect(() => synth(chart)).toThrow(/invalid 'RoleBinding "namespace-read-only" roleRef'.*the namespace's own Role/);
    const report = Audit.ofManifests([{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'b', namespace: 'x' }, roleRef: admin, subjects: [] }],
      { packs: [Pack.HARDENED] });
    expect(report.findings.filter((f) => f.ruleId === RuleId.RBAC_NO_ADMIN).map((f) => f.path)).toEqual(['roleRef.name']);
  });

  test('a JSON patch adding rules to the namespace Role fails synthesis', () => {
    const { chart, ns } = setup();
    ns.grantDeployer(kplus.Group.fromName(chart, 'Team', 'team-a'));
    const role = chart.node.findAll().find((c) => c instanceof ApiObject && c.kind === 'Role') as ApiObject;
    role.addJsonPatch(JsonPatch.add('/rules/-', { apiGroups: [''], resources: ['secrets'], verbs: ['get'] }));
    expect(() => synth(chart)).toThrow(/invalid 'Role "namespace-deployer" rules'.*changed after the construct made them/);
  });

  test('a JSON patch that only reorders the Role\'s verbs and rules grants the same and passes; one more verb fails', () => {
    const { chart, ns } = setup();
    ns.grantDeployer(kplus.Group.fromName(chart, 'Team', 'team-a'));
    const role = chart.node.findAll().find((c) => c instanceof ApiObject && c.kind === 'Role') as ApiObject;
    const rules = JSON.parse(JSON.stringify(role.toJson().rules)) as Array<{ verbs: string[] }>;
    expect(rules.length).toBeGreaterThan(1);
    const reordered = rules.map((rule) => ({ ...rule, verbs: [...rule.verbs].reverse() })).reverse();
    role.addJsonPatch(JsonPatch.replace('/rules', reordered));
    expect(() => synth(chart)).not.toThrow();
    expect(Testing.synth(chart).find((o) => o.kind === 'Role')?.rules).toEqual(reordered);
    role.addJsonPatch(JsonPatch.add('/rules/0/verbs/-', 'escalate'));
    expect(() => synth(chart)).toThrow(/invalid 'Role "namespace-deployer" rules'.*changed after the construct made them/);
  });
});
