import { Audit, Pack, RuleId, Severity } from '../../../src';
import { find, hardened, Manifest, pod } from '../support';
import { describeRule } from './rule-case';

const D = 'Deployment/web';
const NS = 'Namespace/shop';
const remove = (o: Manifest[], kind: string, name?: string) => { o.splice(o.indexOf(find(o, kind, name)), 1); };

describeRule(RuleId.NS_PSA, [
  { name: 'other labels besides', change: o => { find(o, 'Namespace').metadata.labels.team = 'shop'; }, expected: [] },
  {
    name: 'enforce baseline',
    change: o => { find(o, 'Namespace').metadata.labels['pod-security.kubernetes.io/enforce'] = 'baseline'; },
    expected: [
      `${NS} metadata.labels["pod-security.kubernetes.io/enforce"]`,
    ],
  },
  {
    name: 'warn-version latest',
    change: o => { find(o, 'Namespace').metadata.labels['pod-security.kubernetes.io/warn-version'] = 'latest'; },
    expected: [
      `${NS} metadata.labels["pod-security.kubernetes.io/warn-version"]`,
    ],
  },
  {
    name: 'no labels',
    change: o => { delete find(o, 'Namespace').metadata.labels; },
    expected: ['enforce', 'audit', 'warn']
      .flatMap(mode => [`${NS} metadata.labels["pod-security.kubernetes.io/${mode}"]`, `${NS} metadata.labels["pod-security.kubernetes.io/${mode}-version"]`]),
  },
]);

describeRule(RuleId.NS_DEFAULT_DENY, [
  {
    name: 'without the namespace default-deny, each workload still has its own policy',
    change: o => {
      remove(o, 'NetworkPolicy', 'default-deny-all');
      find(o, 'NetworkPolicy', 'allow-cluster-dns').spec.policyTypes = ['Ingress', 'Egress'];
      find(o, 'CronJob').spec.jobTemplate.spec.template.metadata.labels = { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'web' };
    },
    expected: [],
  },
  {
    name: 'default deny split over two policies',
    change: o => {
      find(o, 'NetworkPolicy', 'default-deny-all').spec.policyTypes = ['Ingress'];
      find(o, 'NetworkPolicy', 'allow-cluster-dns').spec.policyTypes = ['Egress'];
    },
    expected: [],
  },
  {
    name: 'no NetworkPolicy at all',
    change: o => o.filter(x => x.kind !== 'NetworkPolicy'),
    expected: [
      `${NS} `, `${D} spec.template.metadata.labels`, 'CronJob/cleanup spec.jobTemplate.spec.template.metadata.labels',
    ],
  },
  {
    name: 'the default deny only covers Ingress',
    change: o => {
      find(o, 'NetworkPolicy', 'default-deny-all').spec.policyTypes = ['Ingress'];
      remove(o, 'NetworkPolicy', 'allow-cluster-dns');
    },
    expected: [`${NS} `, 'CronJob/cleanup spec.jobTemplate.spec.template.metadata.labels'],
  },
  { name: 'a workload in a namespace without policies', change: o => { o.push(pod()); }, expected: ['Pod/p metadata.labels'] },
  {
    name: 'policyTypes defaulted from the rules: ingress only',
    change: o => {
      o.push({ ...pod(), metadata: { name: 'p', namespace: 'team', labels: { app: 'p' } } }, {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'p', namespace: 'team' },
        spec: { podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['p'] }] }, ingress: [] },
      });
    },
    expected: ['Pod/p metadata.labels'],
  },
]);

describeRule(RuleId.NS_DNS_EGRESS, [
  {
    name: 'egress to a named mesh control plane besides DNS',
    change: o => {
      find(o, 'NetworkPolicy', 'allow-cluster-dns').spec.egress.push({
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-system' } }, podSelector: { matchLabels: { app: 'istiod' } } }],
        ports: [{ port: 15012, protocol: 'TCP' }],
      });
    },
    expected: [],
  },
  { name: 'DNS to any destination', change: o => { delete find(o, 'NetworkPolicy', 'allow-cluster-dns').spec.egress[0].to; }, expected: [`${NS} `, `${NS} `] },
  {
    name: 'all ports to the internet',
    change: o => {
      find(o, 'NetworkPolicy', 'allow-cluster-dns').spec.egress.push({ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] });
    },
    expected: [`${NS} `],
  },
  {
    name: 'HTTPS to every namespace',
    change: o => {
      find(o, 'NetworkPolicy', 'allow-cluster-dns').spec.egress.push({ to: [{ namespaceSelector: {} }], ports: [{ port: 443 }] });
    },
    expected: [`${NS} `],
  },
  { name: 'no DNS at all is only advice', change: o => { remove(o, 'NetworkPolicy', 'allow-cluster-dns'); }, expected: [`${NS} `], severity: Severity.INFO },
]);

describeRule(RuleId.NS_QUOTA, [
  {
    name: 'the cpu/memory aliases over two quotas',
    change: o => {
      find(o, 'ResourceQuota').spec.hard = { 'cpu': '4', 'memory': '8Gi', 'limits.cpu': '8' };
      o.push({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q2', namespace: 'shop' }, spec: { hard: { 'limits.memory': '16Gi' } } });
    },
    expected: [],
  },
  { name: 'no limits.memory', change: o => { delete find(o, 'ResourceQuota').spec.hard['limits.memory']; }, expected: [`${NS} `] },
  { name: 'the quota is in another namespace', change: o => { find(o, 'ResourceQuota').metadata.namespace = 'other'; }, expected: [`${NS} `] },
]);

describeRule(RuleId.NS_LIMITRANGE, [
  { name: 'a Pod limit besides', change: o => { find(o, 'LimitRange').spec.limits.push({ type: 'Pod', max: { cpu: '4' } }); }, expected: [] },
  { name: 'no min', change: o => { delete find(o, 'LimitRange').spec.limits[0].min; }, expected: [`${NS} `] },
  { name: 'only a Pod limit', change: o => { find(o, 'LimitRange').spec.limits[0].type = 'Pod'; }, expected: [`${NS} `] },
]);

describeRule(RuleId.NS_DEFAULT_SA, [
  { name: 'no Namespace in the output, nothing to judge', change: o => o.filter(x => x.kind !== 'Namespace' && x.metadata.name !== 'default'), expected: [] },
  { name: 'the default ServiceAccount is not in the output', change: o => { remove(o, 'ServiceAccount', 'default'); }, expected: [`${NS} `] },
  { name: 'the default ServiceAccount automounts', change: o => { find(o, 'ServiceAccount', 'default').automountServiceAccountToken = true; }, expected: [`${NS} `] },
]);

describeRule(RuleId.ING_TLS, [
  { name: 'a wildcard certificate', change: o => { find(o, 'Ingress').spec.tls[0].hosts = ['*.example.com']; }, expected: [] },
  { name: 'no TLS', change: o => { delete find(o, 'Ingress').spec.tls; }, expected: ['Ingress/web spec.tls'], severity: Severity.ERROR },
  { name: 'a host without TLS', change: o => { find(o, 'Ingress').spec.rules.push({ host: 'admin.shop.example.com', http: { paths: [] } }); }, expected: ['Ingress/web spec.rules[1].host'] },
  {
    name: 'a wildcard covers one level only',
    change: o => {
      find(o, 'Ingress').spec.tls[0].hosts = ['*.example.com'];
      find(o, 'Ingress').spec.rules[0].host = 'a.shop.example.com';
    },
    expected: ['Ingress/web spec.rules[0].host'],
  },
]);

describeRule(RuleId.ING_CLASS, [
  { name: 'set', change: () => undefined, expected: [] },
  { name: 'unset', change: o => { delete find(o, 'Ingress').spec.ingressClassName; }, expected: ['Ingress/web spec.ingressClassName'] },
]);

const traefik = (o: Manifest[], middlewares: string, sts = 31536000) => {
  const ingress = find(o, 'Ingress');
  ingress.spec.ingressClassName = 'traefik';
  ingress.metadata.annotations = {
    'traefik.ingress.kubernetes.io/router.entrypoints': 'websecure',
    'traefik.ingress.kubernetes.io/router.tls': 'true',
    'traefik.ingress.kubernetes.io/router.middlewares': middlewares,
  };
  o.push({ apiVersion: 'traefik.io/v1alpha1', kind: 'Middleware', metadata: { name: 'web-hsts', namespace: 'shop' }, spec: { headers: { stsSeconds: sts } } });
};
describeRule(RuleId.ING_REDIRECT_HSTS, [
  { name: 'ingress-nginx redirect (HSTS from the controller)', change: () => undefined, expected: [] },
  { name: 'Traefik TLS-only router with an HSTS Middleware', change: o => traefik(o, 'shop-web-hsts@kubernetescrd'), expected: [] },
  {
    name: 'a generic controller with redirect and HSTS header annotations',
    change: o => {
      const ingress = find(o, 'Ingress');
      ingress.spec.ingressClassName = 'haproxy';
      ingress.metadata.annotations = { 'haproxy.org/ssl-redirect': 'true', 'haproxy.org/response-set-header': 'Strict-Transport-Security "max-age=31536000"' };
    },
    expected: [],
  },
  {
    name: 'ingress-nginx with ssl-redirect false',
    change: o => {
      find(o, 'Ingress').metadata.annotations = { 'nginx.ingress.kubernetes.io/ssl-redirect': 'false' };
    },
    expected: ['Ingress/web metadata.annotations'],
  },
  {
    name: 'ingress-nginx with TLS and no annotations (the controller redirects TLS hosts by default)',
    change: o => {
      find(o, 'Ingress').metadata.annotations = {};
      find(o, 'Ingress').spec.ingressClassName = 'nginx';
    },
    expected: [],
  },
  {
    name: 'ingress-nginx without TLS and no annotations (nothing to redirect to)',
    change: o => {
      find(o, 'Ingress').metadata.annotations = {};
      find(o, 'Ingress').spec.ingressClassName = 'nginx';
      delete find(o, 'Ingress').spec.tls;
    },
    expected: ['Ingress/web metadata.annotations'],
  },
  { name: 'Traefik without the HSTS Middleware in the output', change: o => traefik(o, 'shop-other@kubernetescrd'), expected: ['Ingress/web metadata.annotations'] },
  {
    name: 'Traefik with a router on the web entry point',
    change: o => {
      traefik(o, 'shop-web-hsts@kubernetescrd');
      find(o, 'Ingress').metadata.annotations['traefik.ingress.kubernetes.io/router.entrypoints'] = 'web,websecure';
    },
    expected: ['Ingress/web metadata.annotations'],
  },
  {
    name: 'no annotations, unknown controller',
    change: o => {
      delete find(o, 'Ingress').metadata.annotations;
      find(o, 'Ingress').spec.ingressClassName = 'other';
    },
    expected: ['Ingress/web metadata.annotations', 'Ingress/web metadata.annotations'],
  },
]);

describeRule(RuleId.ING_BACKEND, [
  {
    name: 'a resource backend',
    change: o => {
      find(o, 'Ingress').spec.defaultBackend = { resource: { apiGroup: 'k8s.example.com', kind: 'StorageBucket', name: 'static' } };
    },
    expected: [],
  },
  {
    name: 'a missing Service',
    change: o => { find(o, 'Ingress').spec.rules[0].http.paths[0].backend.service.name = 'ghost'; },
    expected: [
      'Ingress/web spec.rules[0].http.paths[0].backend.service.name',
    ],
  },
  {
    name: 'a default backend in another namespace',
    change: o => {
      find(o, 'Ingress').spec.defaultBackend = { service: { name: 'web', port: { number: 80 } } };
      find(o, 'Service').metadata.namespace = 'other';
    },
    expected: ['Ingress/web spec.defaultBackend.service.name', 'Ingress/web spec.rules[0].http.paths[0].backend.service.name'],
  },
]);

describeRule(RuleId.SVC_TYPE, [
  { name: 'ClusterIP', change: () => undefined, expected: [] },
  { name: 'NodePort', change: o => { find(o, 'Service').spec.type = 'NodePort'; }, expected: ['Service/web spec.type'] },
  { name: 'LoadBalancer', change: o => { find(o, 'Service').spec.type = 'LoadBalancer'; }, expected: ['Service/web spec.type'] },
]);

describeRule(RuleId.SVC_NO_EXTERNALIPS, [
  { name: 'an empty list', change: o => { find(o, 'Service').spec.externalIPs = []; }, expected: [] },
  { name: 'externalIPs', change: o => { find(o, 'Service').spec.externalIPs = ['203.0.113.7']; }, expected: ['Service/web spec.externalIPs'], severity: Severity.ERROR },
]);

const role = (rules: Manifest[], kind = 'Role'): Manifest => ({
  apiVersion: 'rbac.authorization.k8s.io/v1', kind, metadata: { name: 'r', ...(kind === 'Role' ? { namespace: 'shop' } : {}) }, rules,
});
describeRule(RuleId.RBAC_NO_ADMIN, [
  { name: 'a binding to view', change: o => { find(o, 'RoleBinding').roleRef = { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }; }, expected: [] },
  {
    name: 'a binding to cluster-admin',
    change: o => {
      find(o, 'RoleBinding').roleRef = { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' };
    },
    expected: ['RoleBinding/web-config-reader roleRef.name'],
  },
  ...['admin', 'edit'].map(name => ({
    name: `a binding to the built-in ${name} ClusterRole`,
    change: (o: Manifest[]) => { find(o, 'RoleBinding').roleRef = { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name }; },
    expected: ['RoleBinding/web-config-reader roleRef.name'],
  })),
  {
    name: 'wildcards in a ClusterRole',
    change: o => { o.push(role([{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }], 'ClusterRole')); },
    expected: [
      'ClusterRole/r rules[0].verbs', 'ClusterRole/r rules[0].resources',
    ],
  },
]);

describeRule(RuleId.RBAC_SECRETS, [
  { name: 'get on named secrets', change: o => { o.push(role([{ apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: ['web-db'] }])); }, expected: [] },
  { name: 'secrets of another API group', change: o => { o.push(role([{ apiGroups: ['example.com'], resources: ['secrets'], verbs: ['list'] }])); }, expected: [] },
  { name: 'list on all secrets', change: o => { o.push(role([{ apiGroups: [''], resources: ['secrets'], verbs: ['list', 'create'] }])); }, expected: ['Role/r rules[0].resourceNames'] },
]);

describeRule(RuleId.RBAC_EXEC, [
  { name: 'pods/log', change: o => { o.push(role([{ apiGroups: [''], resources: ['pods/log'], verbs: ['get'] }])); }, expected: [] },
  { name: 'pods/exec', change: o => { o.push(role([{ apiGroups: [''], resources: ['pods', 'pods/exec'], verbs: ['create'] }])); }, expected: ['Role/r rules[0].resources'] },
]);

test('namespace rules judge only the Namespace objects present in the output', () => {
  const objects = hardened().filter(object => object.kind !== 'Namespace');
  const namespaceRules = [RuleId.NS_PSA, RuleId.NS_QUOTA, RuleId.NS_LIMITRANGE, RuleId.NS_DEFAULT_SA, RuleId.NS_DNS_EGRESS];
  const report = Audit.ofManifests(objects.filter(o => !['ResourceQuota', 'LimitRange', 'NetworkPolicy'].includes(o.kind)), { packs: [Pack.HARDENED] });
  expect(report.findings.filter(f => (namespaceRules as string[]).includes(f.ruleId))).toEqual([]);
  // the workload half of NS-DEFAULT-DENY still applies
  expect(report.findings.filter(f => f.ruleId === RuleId.NS_DEFAULT_DENY).map(f => `${f.kind}/${f.name}`)).toEqual(['Deployment/web', 'CronJob/cleanup']);
});
