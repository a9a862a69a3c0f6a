import { RuleId, Severity } from '../../../src';
import { find, Manifest } from '../support';
import { describeRule } from './rule-case';

const role = (rules: Manifest[], kind = 'Role', name = 'r', labels?: Record<string, string>): Manifest => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind,
  metadata: { name, ...(kind === 'Role' ? { namespace: 'shop' } : {}), ...(labels ? { labels } : {}) },
  rules,
});
const add = (...objects: Manifest[]) => (o: Manifest[]) => { o.push(...objects); };
const subjects = (...list: Manifest[]) => (o: Manifest[]) => { find(o, 'RoleBinding').subjects = list; };
const B = 'RoleBinding/web-config-reader';
const group = (name: string): Manifest => ({ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name });

describeRule(RuleId.RBAC_BROAD_SUBJECT, [
  { name: "the app's own ServiceAccount", change: () => undefined, expected: [] },
  { name: 'a team group and a user', change: subjects(group('shop-devs'), { kind: 'User', name: 'jane@example.com' }), expected: [] },
  { name: 'a control-plane user (a single identity)', change: subjects({ kind: 'User', name: 'system:kube-scheduler' }), expected: [] },
  ...['system:authenticated', 'system:unauthenticated', 'system:serviceaccounts', 'system:serviceaccounts:shop', 'system:serviceaccounts:kube-system',
    'system:masters', 'system:nodes', 'system:bootstrappers', 'System:Authenticated', ' system:masters '].map(name => ({
    name: `the group ${JSON.stringify(name)}`, change: subjects(group(name)), expected: [`${B} subjects[0].name`], severity: Severity.ERROR,
  })),
  { name: 'the user system:anonymous', change: subjects({ kind: 'User', name: 'system:anonymous' }), expected: [`${B} subjects[0].name`] },
  {
    name: 'a ClusterRoleBinding to every ServiceAccount, second subject',
    change: add({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'all-sa' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [group('shop-devs'), group('system:serviceaccounts')],
    }),
    expected: ['ClusterRoleBinding/all-sa subjects[1].name'],
  },
  { name: 'subjects that are not objects', change: subjects('system:masters' as unknown as Manifest, null as unknown as Manifest), expected: [] },
]);

describeRule(RuleId.RBAC_ESCALATE, [
  { name: 'read roles', change: add(role([{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'], verbs: ['get', 'list'] }])), expected: [] },
  { name: '* verbs on configmaps', change: add(role([{ apiGroups: [''], resources: ['configmaps'], verbs: ['*'] }])), expected: [] },
  ...['escalate', 'bind', 'impersonate', 'Bind', ' escalate'].map(verb => ({
    name: `the verb ${JSON.stringify(verb)}`,
    change: add(role([{ apiGroups: ['rbac.authorization.k8s.io', ''], resources: ['roles', 'users'], verbs: ['get', verb] }])),
    expected: ['Role/r rules[0].verbs'],
    severity: Severity.ERROR,
  })),
  { name: '* verbs on clusterroles', change: add(role([{ apiGroups: ['*'], resources: ['clusterroles'], verbs: ['*'] }], 'ClusterRole')), expected: ['ClusterRole/r rules[0].verbs'] },
  { name: '* verbs on every resource', change: add(role([{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }], 'ClusterRole')), expected: ['ClusterRole/r rules[0].verbs'] },
  { name: '* verbs on serviceaccounts (impersonate)', change: add(role([{ apiGroups: [''], resources: ['serviceaccounts'], verbs: ['*'] }])), expected: ['Role/r rules[0].verbs'] },
  {
    name: 'an aggregated ClusterRole that collects impersonate',
    change: add(
      { ...role([], 'ClusterRole', 'aggregate'), aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'example.com/aggregate-to-ops': 'true' } }] } },
      role([{ apiGroups: [''], resources: ['users'], verbs: ['impersonate'] }], 'ClusterRole', 'member', { 'example.com/aggregate-to-ops': 'true' }),
      role([{ apiGroups: [''], resources: ['users'], verbs: ['impersonate'] }], 'ClusterRole', 'unselected', { 'example.com/other': 'true' }),
    ),
    expected: ['ClusterRole/aggregate aggregationRule', 'ClusterRole/member rules[0].verbs', 'ClusterRole/unselected rules[0].verbs'],
  },
  {
    name: 'matchExpressions select the member',
    change: add(
      { ...role([], 'ClusterRole', 'aggregate'), aggregationRule: { clusterRoleSelectors: [{ matchExpressions: [{ key: 'tier', operator: 'In', values: ['ops'] }] }] } },
      role([{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'], verbs: ['bind'] }], 'ClusterRole', 'member', { tier: 'ops' }),
    ),
    expected: ['ClusterRole/aggregate aggregationRule', 'ClusterRole/member rules[0].verbs'],
  },
]);

describeRule(RuleId.RBAC_SA_TOKEN, [
  { name: 'read serviceaccounts', change: add(role([{ apiGroups: [''], resources: ['serviceaccounts'], verbs: ['get'] }])), expected: [] },
  { name: 'get on the token subresource', change: add(role([{ apiGroups: [''], resources: ['serviceaccounts/token'], verbs: ['get'] }])), expected: [] },
  {
    name: 'create tokens',
    change: add(role([{ apiGroups: [''], resources: ['serviceaccounts/token'], verbs: ['create'] }])),
    expected: ['Role/r rules[0].resources'],
    severity: Severity.ERROR,
  },
  { name: '*/token', change: add(role([{ apiGroups: [''], resources: ['*/token'], verbs: ['create'] }])), expected: ['Role/r rules[0].resources'] },
  { name: '* resources, * verbs', change: add(role([{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }])), expected: ['Role/r rules[0].resources'] },
  { name: 'upper-case spelling', change: add(role([{ apiGroups: [''], resources: ['ServiceAccounts/Token'], verbs: ['CREATE'] }])), expected: ['Role/r rules[0].resources'] },
]);

describeRule(RuleId.RBAC_CREATE_PODS, [
  {
    name: 'delete pods, create Deployments (a deployer)',
    change: add(role([
      { apiGroups: [''], resources: ['pods'], verbs: ['delete'] }, { apiGroups: ['apps'], resources: ['deployments'], verbs: ['create'] },
    ])),
    expected: [],
  },
  { name: 'create pods in another API group', change: add(role([{ apiGroups: ['example.com'], resources: ['pods'], verbs: ['create'] }])), expected: [] },
  {
    name: 'create pods',
    change: add(role([{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'create'] }])),
    expected: ['Role/r rules[0].verbs'],
    severity: Severity.WARNING,
  },
  { name: '* verbs on pods', change: add(role([{ apiGroups: ['*'], resources: ['pods'], verbs: ['*'] }], 'ClusterRole')), expected: ['ClusterRole/r rules[0].verbs'] },
  { name: 'create on *', change: add(role([{ apiGroups: [''], resources: ['*'], verbs: ['create'] }])), expected: ['Role/r rules[0].verbs'] },
]);

describeRule(RuleId.RBAC_NODES_PROXY, [
  { name: 'nodes/metrics', change: add(role([{ apiGroups: [''], resources: ['nodes/metrics', 'nodes/stats'], verbs: ['get'] }], 'ClusterRole')), expected: [] },
  {
    name: 'get on nodes/proxy',
    change: add(role([{ apiGroups: [''], resources: ['nodes/proxy'], verbs: ['get'] }], 'ClusterRole')),
    expected: ['ClusterRole/r rules[0].resources'],
    severity: Severity.ERROR,
  },
  { name: '*/proxy', change: add(role([{ apiGroups: ['*'], resources: ['*/proxy'], verbs: ['list'] }], 'ClusterRole')), expected: ['ClusterRole/r rules[0].resources'] },
  { name: 'nodes/*', change: add(role([{ apiGroups: [''], resources: ['nodes/*'], verbs: ['get'] }], 'ClusterRole')), expected: ['ClusterRole/r rules[0].resources'] },
]);

// The existing RBAC rules, against the spellings and wildcards that grant the same.
describeRule(RuleId.RBAC_EXEC, [
  { name: 'pods/log is not exec', change: add(role([{ apiGroups: [''], resources: ['pods/log'], verbs: ['*'] }])), expected: [] },
  ...['pods/ephemeralcontainers', 'pods/portforward', 'pods/proxy', 'services/proxy'].map(resource => ({
    name: `${resource} (runs code in, or connects into, another pod)`,
    change: add(role([{ apiGroups: [''], resources: [resource], verbs: ['patch', 'create'] }])),
    expected: ['Role/r rules[0].resources'],
  })),
  { name: 'get on pods/exec (WebSocket)', change: add(role([{ apiGroups: [''], resources: ['pods/exec'], verbs: ['get'] }])), expected: ['Role/r rules[0].resources'] },
  { name: 'create on pods/attach', change: add(role([{ apiGroups: [''], resources: ['pods/attach'], verbs: ['create'] }])), expected: ['Role/r rules[0].resources'] },
  { name: '*/exec', change: add(role([{ apiGroups: [''], resources: ['*/exec'], verbs: ['create'] }])), expected: ['Role/r rules[0].resources'] },
  { name: '* resources in * groups', change: add(role([{ apiGroups: ['*'], resources: ['*'], verbs: ['create'] }])), expected: ['Role/r rules[0].resources'] },
  { name: 'upper-case Pods/Exec', change: add(role([{ apiGroups: [''], resources: ['Pods/Exec'], verbs: ['create'] }])), expected: ['Role/r rules[0].resources'] },
  {
    name: 'through an aggregated ClusterRole',
    change: add(
      { ...role([], 'ClusterRole', 'aggregate'), aggregationRule: { clusterRoleSelectors: [{ matchLabels: { agg: 'yes' } }] } },
      role([{ apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] }], 'ClusterRole', 'member', { agg: 'yes' }),
    ),
    expected: ['ClusterRole/aggregate aggregationRule', 'ClusterRole/member rules[0].resources'],
  },
]);

describeRule(RuleId.RBAC_SECRETS, [
  { name: 'create secrets only', change: add(role([{ apiGroups: [''], resources: ['secrets'], verbs: ['create'] }])), expected: [] },
  { name: 'watch on * resources', change: add(role([{ apiGroups: [''], resources: ['*'], verbs: ['watch'] }])), expected: ['Role/r rules[0].resourceNames'] },
  { name: '* verbs on secrets in * groups', change: add(role([{ apiGroups: ['*'], resources: ['secrets'], verbs: ['*'] }])), expected: ['Role/r rules[0].resourceNames'] },
  { name: 'secrets/*', change: add(role([{ apiGroups: [''], resources: ['secrets/*'], verbs: ['get'] }])), expected: ['Role/r rules[0].resourceNames'] },
  { name: 'upper-case Secrets and LIST', change: add(role([{ apiGroups: [''], resources: ['Secrets'], verbs: ['LIST'] }])), expected: ['Role/r rules[0].resourceNames'] },
]);

const secret = (fields: Manifest): Manifest => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'shop' }, type: 'Opaque', ...fields });
describeRule(RuleId.SECRET_NO_PLAINTEXT, [
  { name: 'a Secret without values (filled by the cluster)', change: add(secret({})), expected: [] },
  { name: 'empty data and stringData', change: add(secret({ data: {}, stringData: {} })), expected: [] },
  {
    name: 'stringData',
    change: add(secret({ stringData: { password: 'hunter2-hunter2' } })),
    expected: ['Secret/db stringData.password'],
    severity: Severity.ERROR,
  },
  { name: 'base64 data', change: add(secret({ data: { password: 'aHVudGVyMg==', user: 'YWRtaW4=' } })), expected: ['Secret/db data'], severity: Severity.ERROR },
  { name: 'a TLS Secret with its key', change: add(secret({ type: 'kubernetes.io/tls', data: { 'tls.crt': 'Y3J0', 'tls.key': 'a2V5' } })), expected: ['Secret/db data'] },
  { name: 'both', change: add(secret({ data: { a: 'YQ==' }, stringData: { b: 'b' } })), expected: ['Secret/db data.a', 'Secret/db stringData.b'] },
]);

const annotate = (annotations: Record<string, string>) => (o: Manifest[]) => {
  Object.assign(find(o, 'Ingress').metadata.annotations, annotations);
};
const I = 'Ingress/web';
describeRule(RuleId.ING_NO_SNIPPETS, [
  { name: 'dedicated annotations', change: annotate({ 'nginx.ingress.kubernetes.io/proxy-body-size': '8m', 'nginx.ingress.kubernetes.io/ssl-redirect': 'true' }), expected: [] },
  {
    name: 'a controller annotation whose value spans lines',
    change: annotate({ 'nginx.ingress.kubernetes.io/permanent-redirect': 'https://example.com;\nlocation /x { }' }),
    expected: [`${I} metadata.annotations["nginx.ingress.kubernetes.io/permanent-redirect"]`],
  },
  { name: 'a multi-line value of a non-controller annotation', change: annotate({ 'example.com/description': 'line one\nline two' }), expected: [] },
  {
    name: 'haproxy-ingress config-backend',
    change: annotate({ 'haproxy-ingress.github.io/config-backend': 'http-request deny' }),
    expected: [`${I} metadata.annotations["haproxy-ingress.github.io/config-backend"]`],
  },
  ...['configuration-snippet', 'server-snippet', 'auth-snippet', 'stream-snippet', 'modsecurity-snippet', 'ssl-passthrough'].map(name => ({
    name: `nginx.ingress.kubernetes.io/${name}`,
    change: annotate({ [`nginx.ingress.kubernetes.io/${name}`]: 'x' }),
    expected: [`${I} metadata.annotations["nginx.ingress.kubernetes.io/${name}"]`],
    severity: Severity.ERROR,
  })),
  {
    name: "NGINX Inc.'s snippets, a custom prefix and odd casing",
    change: annotate({ 'nginx.org/server-snippets': 'x', 'custom.example.com/location-snippet': 'x', 'Nginx.Ingress.Kubernetes.io/Server-Snippet': 'x' }),
    expected: [
      `${I} metadata.annotations["nginx.org/server-snippets"]`, `${I} metadata.annotations["custom.example.com/location-snippet"]`,
      `${I} metadata.annotations["Nginx.Ingress.Kubernetes.io/Server-Snippet"]`,
    ],
  },
]);
