import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { SecureNamespace } from '../src';
import { validateManifests } from './support/kubernetes-schema';
import { find, Manifest } from './support/manifests';

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}

function setup(): { chart: Chart; ns: SecureNamespace } {
  const chart = new Chart(Testing.app(), 'test');
  const ns = new SecureNamespace(chart, 'Shop', { metadata: { name: 'shop' } });
  return { chart, ns };
}

/** Every (apiGroup, resource, verb) triple a set of rules grants, as "group/resource:verb". */
function grants(rules: Rule[]): string[] {
  return rules.flatMap((rule) => rule.apiGroups.flatMap((group) => rule.resources.flatMap((resource) =>
    rule.verbs.map((verb) => `${group}/${resource}:${verb}`)))).sort();
}

const READ = ['get', 'list', 'watch'];
const FORBIDDEN_RESOURCES = ['secrets', 'pods/exec', 'pods/attach', 'pods/portforward', 'pods/proxy', 'services/proxy',
  'serviceaccounts/token', 'roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'];
const FORBIDDEN_VERBS = ['escalate', 'bind', 'impersonate', 'deletecollection', '*'];

describe('grantReadOnly', () => {
  const { chart, ns } = setup();
  const binding = ns.grantReadOnly(kplus.Group.fromName(chart, 'Viewers', 'shop-viewers'), kplus.User.fromName(chart, 'Jane', 'jane@example.com'));
  const manifests = Testing.synth(chart);
  const role = find(manifests, 'Role', 'namespace-read-only');

  test('snapshot', () => {
    expect(manifests.filter((m) => m.kind === 'Role' || m.kind === 'RoleBinding')).toMatchSnapshot();
  });

  test('the Role reads workloads, pods and logs, config, networking, quota and limits, and nothing else', () => {
    expect(role.metadata).toEqual({ name: 'namespace-read-only', namespace: 'shop', labels: { 'app.kubernetes.io/managed-by': 'cdk8s-secure' } });
    const readable = (group: string, resources: string[]) => resources.flatMap((r) => READ.map((v) => `${group}/${r}:${v}`));
    expect(grants(role.rules)).toEqual([
      ...readable('', ['configmaps', 'endpoints', 'events', 'limitranges', 'persistentvolumeclaims', 'pods', 'pods/log', 'resourcequotas',
        'serviceaccounts', 'services']),
      ...readable('apps', ['daemonsets', 'deployments', 'replicasets', 'statefulsets']),
      ...readable('autoscaling', ['horizontalpodautoscalers']),
      ...readable('batch', ['cronjobs', 'jobs']),
      ...readable('discovery.k8s.io', ['endpointslices']),
      ...readable('events.k8s.io', ['events']),
      ...readable('networking.k8s.io', ['ingresses', 'networkpolicies']),
      ...readable('policy', ['poddisruptionbudgets']),
    ].sort());
  });

  test('the RoleBinding binds the subjects to the namespaced Role, never a ClusterRole', () => {
    expect(find(manifests, 'RoleBinding', 'namespace-read-only')).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'namespace-read-only', namespace: 'shop', labels: { 'app.kubernetes.io/managed-by': 'cdk8s-secure' } },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'namespace-read-only' },
      subjects: [
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'shop-viewers' },
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'jane@example.com' },
      ],
    });
    expect(binding.name).toEqual('namespace-read-only');
  });

  test('is valid against the Kubernetes 1.28 API', () => {
    expect(validateManifests(manifests)).toEqual([]);
  });
});

describe('grantDeployer', () => {
  const { chart, ns } = setup();
  ns.grantDeployer(kplus.Group.fromName(chart, 'Ci', 'shop-ci'));
  const manifests = Testing.synth(chart);
  const role = find(manifests, 'Role', 'namespace-deployer');
  const granted = grants(role.rules);

  test('snapshot', () => {
    expect(manifests.filter((m) => m.kind === 'Role' || m.kind === 'RoleBinding')).toMatchSnapshot();
  });

  test('manages the objects an application is deployed as', () => {
    const writes = (group: string, resources: string[]) => resources.flatMap((r) => ['create', 'delete', 'patch', 'update'].map((v) => `${group}/${r}:${v}`));
    expect(granted).toEqual(expect.arrayContaining([
      ...writes('', ['configmaps', 'persistentvolumeclaims', 'serviceaccounts', 'services']),
      ...writes('apps', ['deployments', 'statefulsets']),
      ...writes('autoscaling', ['horizontalpodautoscalers']),
      ...writes('batch', ['cronjobs', 'jobs']),
      ...writes('networking.k8s.io', ['ingresses', 'networkpolicies']),
      ...writes('policy', ['poddisruptionbudgets']),
      'apps/deployments/scale:patch', 'apps/statefulsets/scale:update', '/pods:delete',
    ]));
  });

  test('reads everything the read-only Role reads', () => {
    const { chart: other, ns: otherNs } = setup();
    otherNs.grantReadOnly(kplus.Group.fromName(other, 'Viewers', 'v'));
    const readOnly = grants(find(Testing.synth(other), 'Role', 'namespace-read-only').rules);
    expect(granted).toEqual(expect.arrayContaining(readOnly));
  });

  test('cannot create pods directly, write ReplicaSets or DaemonSets, or touch Secrets, exec or RBAC', () => {
    expect(granted).not.toContain('/pods:create');
    expect(granted.filter((g) => g.startsWith('apps/replicasets:') || g.startsWith('apps/daemonsets:'))
      .every((g) => READ.some((v) => g.endsWith(`:${v}`)))).toBe(true);
    expect(granted.filter((g) => g.startsWith('/secrets'))).toEqual([]);
  });

  test('the RoleBinding references the deployer Role', () => {
    const binding = find(manifests, 'RoleBinding', 'namespace-deployer');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'namespace-deployer' });
    expect(binding.subjects).toEqual([{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'shop-ci' }]);
  });
});

describe('both roles are least privilege (RBAC-NO-ADMIN, RBAC-SECRETS, RBAC-EXEC)', () => {
  const { chart, ns } = setup();
  ns.grantReadOnly(kplus.Group.fromName(chart, 'Viewers', 'v'));
  ns.grantDeployer(kplus.Group.fromName(chart, 'Ci', 'ci'));
  const manifests = Testing.synth(chart);
  const roles = manifests.filter((m) => m.kind === 'Role');

  test.each(['namespace-read-only', 'namespace-deployer'])('%s has no wildcard, no secrets, no exec/attach/portforward/proxy, no RBAC', (name) => {
    const rules: Rule[] = find(manifests, 'Role', name).rules;
    for (const rule of rules) {
      expect(rule.apiGroups).not.toContain('*');
      expect(rule.apiGroups).not.toContain('rbac.authorization.k8s.io');
      expect(rule.resources.filter((r) => r.includes('*') || FORBIDDEN_RESOURCES.includes(r))).toEqual([]);
      expect(rule.verbs.filter((v) => FORBIDDEN_VERBS.includes(v))).toEqual([]);
      expect(rule.resourceNames).toBeUndefined();
    }
  });

  test('only namespaced Roles and RoleBindings: no ClusterRole, no ClusterRoleBinding, no cluster-admin', () => {
    expect(roles).toHaveLength(2);
    const kinds = manifests.map((m) => m.kind);
    expect(kinds).not.toContain('ClusterRole');
    expect(kinds).not.toContain('ClusterRoleBinding');
    for (const binding of manifests.filter((m) => m.kind === 'RoleBinding')) {
      expect(binding.roleRef.kind).toEqual('Role');
      expect(binding.roleRef.name).not.toEqual('cluster-admin');
      expect(binding.metadata.namespace).toEqual('shop');
    }
  });
});

describe('subjects', () => {
  test('later grants add subjects to the same binding; the Role is emitted once', () => {
    const { chart, ns } = setup();
    const first = ns.grantReadOnly(kplus.Group.fromName(chart, 'A', 'team-a'));
    const second = ns.grantReadOnly(kplus.Group.fromName(chart, 'B', 'team-b'));
    expect(second).toBe(first);
    const manifests = Testing.synth(chart);
    expect(manifests.filter((m) => m.kind === 'Role')).toHaveLength(1);
    expect(find(manifests, 'RoleBinding', 'namespace-read-only').subjects.map((s: Manifest) => s.name)).toEqual(['team-a', 'team-b']);
  });

  test('a ServiceAccount (e.g. a CI runner in another namespace) can be bound', () => {
    const { chart, ns } = setup();
    const runner = kplus.ServiceAccount.fromServiceAccountName(chart, 'Runner', 'deployer', { namespaceName: 'ci' });
    ns.grantDeployer(runner);
    expect(find(Testing.synth(chart), 'RoleBinding', 'namespace-deployer').subjects).toEqual([
      { apiGroup: '', kind: 'ServiceAccount', name: 'deployer', namespace: 'ci' },
    ]);
  });

  test('the same subject may hold both roles', () => {
    const { chart, ns } = setup();
    ns.grantReadOnly(kplus.Group.fromName(chart, 'A', 'team-a'));
    expect(() => ns.grantDeployer(kplus.Group.fromName(chart, 'A2', 'team-a'))).not.toThrow();
  });

  test.each(['', '   '])('binding a role to an empty subject name %j fails', (name) => {
    const { chart, ns } = setup();
    expect(() => ns.grantReadOnly(kplus.Group.fromName(chart, 'Empty', name))).toThrow(
      `test/Shop: invalid 'grantReadOnly(subjects)': received ${JSON.stringify(name)}; a Group subject needs a name; `
      + 'an empty name binds nobody, or the wrong principal. Fix: pass the group or user name your identity provider sends');
  });

  test('binding the deployer role to an empty user fails', () => {
    const { chart, ns } = setup();
    expect(() => ns.grantDeployer(kplus.User.fromName(chart, 'Empty', ''))).toThrow(
      "invalid 'grantDeployer(subjects)': received \"\"; a User subject needs a name");
  });

  test('an empty subject creates nothing', () => {
    const { chart, ns } = setup();
    expect(() => ns.grantDeployer(kplus.Group.fromName(chart, 'Ok', 'ok'), kplus.User.fromName(chart, 'Empty', ''))).toThrow();
    expect(Testing.synth(chart).map((m) => m.kind)).not.toContain('RoleBinding');
  });

  test('no subjects fails', () => {
    const { ns } = setup();
    expect(() => ns.grantReadOnly()).toThrow("invalid 'grantReadOnly(subjects)': received []; a role binding needs at least one subject");
  });

  test('binding the same subject to the same role twice fails', () => {
    const { chart, ns } = setup();
    ns.grantReadOnly(kplus.Group.fromName(chart, 'A', 'team-a'));
    expect(() => ns.grantReadOnly(kplus.Group.fromName(chart, 'A2', 'team-a'))).toThrow(
      "invalid 'grantReadOnly(subjects)': received \"Group/team-a\"; this subject is already bound to the Role \"namespace-read-only\". "
      + 'Fix: bind each subject once.');
  });

  test('the same subject twice in one call fails and adds nothing', () => {
    const { chart, ns } = setup();
    expect(() => ns.grantDeployer(kplus.User.fromName(chart, 'A', 'jane'), kplus.User.fromName(chart, 'B', 'jane'))).toThrow(
      'received "User/jane"; this subject is already bound');
    ns.grantDeployer(kplus.User.fromName(chart, 'C', 'jane'));
    expect(find(Testing.synth(chart), 'RoleBinding', 'namespace-deployer').subjects).toHaveLength(1);
  });

  test('a user and a group of the same name are different subjects', () => {
    const { chart, ns } = setup();
    ns.grantReadOnly(kplus.User.fromName(chart, 'A', 'ops'));
    expect(() => ns.grantReadOnly(kplus.Group.fromName(chart, 'B', 'ops'))).not.toThrow();
  });

  test.each(['system:authenticated', 'system:unauthenticated', 'system:anonymous'])('binding everyone (%s) fails', (name) => {
    const { chart, ns } = setup();
    expect(() => ns.grantReadOnly(kplus.Group.fromName(chart, 'All', name))).toThrow(
      `invalid 'grantReadOnly(subjects)': received "${name}"; this subject stands for every user or every anonymous request`);
  });

  test('a ServiceAccount subject without a namespace fails', () => {
    const { chart, ns } = setup();
    const sa = new kplus.ServiceAccount(chart, 'Sa', { metadata: { name: 'ci' } });
    expect(() => ns.grantDeployer(sa)).toThrow(
      "invalid 'grantDeployer(subjects)': received \"ci\"; a ServiceAccount subject needs its namespace. Fix: give the ServiceAccount metadata.namespace, e.g. \"shop\".");
  });
});
