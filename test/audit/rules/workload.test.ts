import { RuleId, Severity } from '../../../src';
import { find, Manifest, web, webContainer, webPod } from '../support';
import { describeRule } from './rule-case';

const D = 'Deployment/web';
const P = 'spec.template.spec';
const C = `${P}.containers[0]`;
const DIGEST = `sha256:${'a'.repeat(64)}`;

const hpa = (minReplicas?: number): Manifest => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'web', namespace: 'shop' },
  spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 5, ...(minReplicas ? { minReplicas } : {}) },
});

describeRule(RuleId.CTR_RESOURCES, [
  { name: 'an ephemeral container without resources', change: o => { webPod(o).ephemeralContainers = [{ name: 'debug', image: 'busybox:1.36' }]; }, expected: [] },
  { name: 'no cpu limit', change: o => { delete webContainer(o).resources.limits.cpu; }, expected: [`${D} ${C}.resources.limits.cpu`] },
  {
    name: 'no resources at all',
    change: o => { delete webContainer(o).resources; },
    expected: ['requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory'].map(p => `${D} ${C}.resources.${p}`),
  },
]);

describeRule(RuleId.CTR_EPHEMERAL_STORAGE, [
  { name: 'both set', change: () => undefined, expected: [] },
  { name: 'no ephemeral-storage limit', change: o => { delete webContainer(o).resources.limits['ephemeral-storage']; }, expected: [`${D} ${C}.resources.limits.ephemeral-storage`] },
]);

describeRule(RuleId.CTR_PROBES, [
  { name: 'a Job needs no probes', change: o => { delete find(o, 'CronJob').spec.jobTemplate.spec.template.spec.containers[0].readinessProbe; }, expected: [] },
  {
    name: 'a grpc and a tcpSocket probe on declared ports',
    change: o => {
      webContainer(o).readinessProbe = { grpc: { port: 8080 } };
      webContainer(o).livenessProbe = { tcpSocket: { port: 'http' } };
    },
    expected: [],
  },
  { name: 'an exec probe', change: o => { webContainer(o).livenessProbe = { exec: { command: ['/bin/true'] } }; }, expected: [] },
  { name: 'no liveness probe', change: o => { delete webContainer(o).livenessProbe; }, expected: [`${D} ${C}.livenessProbe`] },
  { name: 'readiness on an undeclared port', change: o => { webContainer(o).readinessProbe.httpGet.port = 9090; }, expected: [`${D} ${C}.readinessProbe.httpGet.port`] },
  { name: 'a startup probe on an undeclared port name', change: o => { webContainer(o).startupProbe = { httpGet: { port: 'metrics' } }; }, expected: [`${D} ${C}.startupProbe.httpGet.port`] },
]);

describeRule(RuleId.IMG_TAG, [
  { name: 'a version tag without digest', change: o => { webContainer(o).image = 'registry.example.com/shop/web:1.4.2'; }, expected: [] },
  { name: 'a digest without tag', change: o => { webContainer(o).image = `registry.example.com/shop/web@${DIGEST}`; }, expected: [] },
  { name: ':latest', change: o => { webContainer(o).image = 'nginx:latest'; }, expected: [`${D} ${C}.image`] },
  { name: 'no tag', change: o => { webContainer(o).image = 'registry.example.com:5000/shop/web'; }, expected: [`${D} ${C}.image`] },
]);

describeRule(RuleId.IMG_DIGEST, [
  { name: 'tag and digest', change: () => undefined, expected: [] },
  { name: 'a tag only', change: o => { webContainer(o).image = 'registry.example.com/shop/web:1.4.2'; }, expected: [`${D} ${C}.image`], severity: Severity.INFO },
]);

describeRule(RuleId.IMG_PULL_ALWAYS, [
  { name: 'Always for a tagged image', change: o => { Object.assign(webContainer(o), { image: 'nginx:1.27', imagePullPolicy: 'Always' }); }, expected: [] },
  { name: 'IfNotPresent for a digest-pinned image', change: () => undefined, expected: [] },
  { name: 'unset for a digest-pinned image', change: o => { delete webContainer(o).imagePullPolicy; }, expected: [] },
  {
    name: 'unset for :latest (the default Always is not explicit)',
    change: o => {
      Object.assign(webContainer(o), { image: 'nginx:latest', imagePullPolicy: undefined });
    },
    expected: [`${D} ${C}.imagePullPolicy`],
  },
  { name: 'IfNotPresent for a tagged image', change: o => { webContainer(o).image = 'nginx:1.27'; }, expected: [`${D} ${C}.imagePullPolicy`] },
  { name: 'default policy for a tagged image', change: o => { webContainer(o).image = 'nginx:1.27'; delete webContainer(o).imagePullPolicy; }, expected: [`${D} ${C}.imagePullPolicy`] },
]);

describeRule(RuleId.IMG_REGISTRY, [
  { name: 'not judged without an allowlist', change: o => { webContainer(o).image = 'evil.example.net/x:1'; }, expected: [] },
  { name: 'an allowed registry', allowedRegistries: ['registry.example.com'], change: () => undefined, expected: [] },
  { name: 'an allowed path prefix', allowedRegistries: ['https://registry.example.com/shop/'], change: () => undefined, expected: [] },
  { name: 'Docker Hub official images by docker.io/library', allowedRegistries: ['docker.io/library', 'registry.example.com'], change: o => { webContainer(o).image = 'nginx:1.27'; }, expected: [] },
  {
    name: 'a registry outside the allowlist',
    allowedRegistries: ['registry.example.com'],
    change: o => { webContainer(o).image = 'registry.example.com.evil.net/shop/web:1'; },
    expected: [`${D} ${C}.image`],
  },
  { name: 'a prefix that is not a path boundary', allowedRegistries: ['registry.example.com/sh'], change: () => undefined, expected: [`${D} ${C}.image`, `CronJob/cleanup spec.jobTemplate.${C}.image`] },
]);

describeRule(RuleId.CTR_NO_SECRET_ENV, [
  {
    name: 'a *_FILE reference, a numeric CACHE_TTL and a secretKeyRef',
    change: o => {
      webContainer(o).env.push({ name: 'CACHE_TTL', value: '3600' }, { name: 'API_KEY', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } });
    },
    expected: [],
  },
  {
    name: 'a name the scanners read as a secret (TOKEN_TTL, BEARER_REALM): a warning',
    change: o => { webContainer(o).env.push({ name: 'TOKEN_TTL', value: '3600' }, { name: 'BEARER_REALM', value: 'shop' }); },
    expected: [`${D} ${C}.env[2].value`, `${D} ${C}.env[3].value`],
    severity: Severity.WARNING,
  },
  { name: 'a literal DB_PASSWORD', change: o => { webContainer(o).env.push({ name: 'DB_PASSWORD', value: 'hunter22' }); }, expected: [`${D} ${C}.env[2].value`], severity: Severity.ERROR },
  { name: 'a camelCase apiKey', change: o => { webContainer(o).env.push({ name: 'stripeApiKey', value: 'abc123def' }); }, expected: [`${D} ${C}.env[2].value`] },
  {
    name: 'a private key under an innocent name',
    change: o => { webContainer(o).env.push({ name: 'CONFIG', value: '-----BEGIN RSA PRIVATE KEY-----\nMIIE' }); },
    expected: [`${D} ${C}.env[2].value`],
  },
]);

describeRule(RuleId.CTR_SECRETS_AS_FILES, [
  { name: 'a secret volume', change: () => undefined, expected: [] },
  {
    name: 'a secretKeyRef env var',
    change: o => { webContainer(o).env.push({ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'web-db', key: 'password' } } }); },
    expected: [`${D} ${C}.env[2].valueFrom.secretKeyRef`],
    severity: Severity.WARNING,
  },
  { name: 'envFrom a Secret', change: o => { webContainer(o).envFrom = [{ secretRef: { name: 'web-db' } }]; }, expected: [`${D} ${C}.envFrom[0].secretRef`] },
]);

describeRule(RuleId.CM_NO_SECRETS, [
  { name: 'tokenUrl and a numeric password length', change: o => { Object.assign(find(o, 'ConfigMap').data, { tokenUrl: 'https://idp/token', PASSWORD_MIN_LENGTH: '12' }); }, expected: [] },
  { name: 'a password key', change: o => { find(o, 'ConfigMap').data.DB_PASSWORD = 'hunter22'; }, expected: ['ConfigMap/web-config data.DB_PASSWORD'] },
  { name: 'a password in a properties file', change: o => { find(o, 'ConfigMap').data['app.properties'] += 'db.password=hunter22\n'; }, expected: ['ConfigMap/web-config data["app.properties"]'] },
  { name: 'a key file in binaryData', change: o => { find(o, 'ConfigMap').binaryData = { 'tls.key': 'AAAA' }; }, expected: ['ConfigMap/web-config binaryData["tls.key"]'] },
]);

describeRule(RuleId.POD_NO_SA_TOKEN, [
  { name: 'both false', change: () => undefined, expected: [] },
  { name: 'the pod mounts the token', change: o => { delete webPod(o).automountServiceAccountToken; }, expected: [`${D} ${P}.automountServiceAccountToken`] },
  { name: 'the ServiceAccount automounts', change: o => { find(o, 'ServiceAccount', 'web').automountServiceAccountToken = true; }, expected: ['ServiceAccount/web automountServiceAccountToken'] },
]);

describeRule(RuleId.POD_OWN_SA, [
  { name: 'the deprecated serviceAccount field naming an emitted account', change: o => { delete webPod(o).serviceAccountName; webPod(o).serviceAccount = 'web'; }, expected: [] },
  { name: 'the default account', change: o => { webPod(o).serviceAccountName = 'default'; }, expected: [`${D} ${P}.serviceAccountName`] },
  { name: 'no account', change: o => { delete webPod(o).serviceAccountName; }, expected: [`${D} ${P}.serviceAccountName`] },
  { name: 'an account that is not in the output', change: o => { webPod(o).serviceAccountName = 'ghost'; }, expected: [`${D} ${P}.serviceAccountName`] },
  {
    name: 'an account of another namespace',
    change: o => { find(o, 'ServiceAccount', 'web').metadata.namespace = 'other'; },
    expected: [
      `${D} ${P}.serviceAccountName`, 'CronJob/cleanup spec.jobTemplate.spec.template.spec.serviceAccountName',
    ],
  },
]);

describeRule(RuleId.AVAIL_REPLICAS, [
  { name: 'one replica with an HPA minimum of 2', change: o => { web(o).spec.replicas = 1; o.push(hpa(2)); }, expected: [] },
  { name: 'one replica', change: o => { web(o).spec.replicas = 1; }, expected: [`${D} spec.replicas`] },
  { name: 'replicas unset', change: o => { delete web(o).spec.replicas; }, expected: [`${D} spec.replicas`] },
  { name: 'an HPA with the default minimum of 1', change: o => { o.push(hpa()); }, expected: [`${D} spec.replicas`] },
]);

describeRule(RuleId.AVAIL_PDB, [
  { name: 'one replica needs no budget', change: o => { web(o).spec.replicas = 1; o.splice(o.indexOf(find(o, 'PodDisruptionBudget')), 1); }, expected: [] },
  { name: 'minAvailable 50% of 2', change: o => { find(o, 'PodDisruptionBudget').spec = { minAvailable: '50%', selector: find(o, 'PodDisruptionBudget').spec.selector }; }, expected: [] },
  { name: 'no budget', change: o => { o.splice(o.indexOf(find(o, 'PodDisruptionBudget')), 1); }, expected: [`${D} spec.template.metadata.labels`] },
  { name: 'a budget in another namespace', change: o => { find(o, 'PodDisruptionBudget').metadata.namespace = 'other'; }, expected: [`${D} spec.template.metadata.labels`] },
  { name: 'a budget selecting other pods', change: o => { find(o, 'PodDisruptionBudget').spec.selector.matchLabels['app.kubernetes.io/name'] = 'api'; }, expected: [`${D} spec.template.metadata.labels`] },
  {
    name: 'minAvailable 2 of 2 blocks drains',
    change: o => { find(o, 'PodDisruptionBudget').spec = { minAvailable: 2, selector: find(o, 'PodDisruptionBudget').spec.selector }; },
    expected: [`${D} spec.template.metadata.labels`],
  },
  { name: 'maxUnavailable 0', change: o => { find(o, 'PodDisruptionBudget').spec.maxUnavailable = 0; }, expected: [`${D} spec.template.metadata.labels`] },
  { name: 'maxUnavailable 100% lets a drain evict both', change: o => { find(o, 'PodDisruptionBudget').spec.maxUnavailable = '100%'; }, expected: [`${D} spec.template.metadata.labels`] },
  { name: 'maxUnavailable 2 of 2', change: o => { find(o, 'PodDisruptionBudget').spec.maxUnavailable = 2; }, expected: [`${D} spec.template.metadata.labels`] },
  { name: 'maxUnavailable 50% of 2 keeps one', change: o => { find(o, 'PodDisruptionBudget').spec.maxUnavailable = '50%'; }, expected: [] },
  {
    name: 'minAvailable 0 protects nothing',
    change: o => { find(o, 'PodDisruptionBudget').spec = { minAvailable: 0, selector: find(o, 'PodDisruptionBudget').spec.selector }; },
    expected: [`${D} spec.template.metadata.labels`],
  },
  {
    name: 'neither maxUnavailable nor minAvailable',
    change: o => { find(o, 'PodDisruptionBudget').spec = { selector: find(o, 'PodDisruptionBudget').spec.selector }; },
    expected: [`${D} spec.template.metadata.labels`],
  },
  {
    name: 'an HPA minimum of 3 counts as replicas',
    change: o => { web(o).spec.replicas = 1; o.push(hpa(3)); o.splice(o.indexOf(find(o, 'PodDisruptionBudget')), 1); },
    expected: [
      `${D} spec.template.metadata.labels`,
    ],
  },
]);

describeRule(RuleId.AVAIL_SPREAD, [
  {
    name: 'podAntiAffinity on hostname',
    change: o => {
      delete webPod(o).topologySpreadConstraints;
      webPod(o).affinity = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname' } }] } };
    },
    expected: [],
  },
  { name: 'a single replica', change: o => { delete webPod(o).topologySpreadConstraints; web(o).spec.replicas = 1; }, expected: [] },
  { name: 'no spreading', change: o => { delete webPod(o).topologySpreadConstraints; }, expected: [`${D} ${P}.topologySpreadConstraints`] },
  {
    name: 'anti-affinity on zones only',
    change: o => {
      delete webPod(o).topologySpreadConstraints;
      webPod(o).affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'topology.kubernetes.io/zone' }] } };
    },
    expected: [`${D} ${P}.topologySpreadConstraints`],
  },
]);

describeRule(RuleId.WL_ROLLING, [
  { name: 'the default 25% of 2 replicas rounds down to 0', change: o => { delete web(o).spec.strategy; }, expected: [] },
  { name: 'maxUnavailable "0%"', change: o => { web(o).spec.strategy.rollingUpdate.maxUnavailable = '0%'; }, expected: [] },
  { name: 'Recreate', change: o => { web(o).spec.strategy = { type: 'Recreate' }; }, expected: [`${D} spec.strategy.type`] },
  { name: 'maxUnavailable 1', change: o => { web(o).spec.strategy.rollingUpdate.maxUnavailable = 1; }, expected: [`${D} spec.strategy.rollingUpdate.maxUnavailable`] },
  { name: 'the default 25% of 4 replicas', change: o => { delete web(o).spec.strategy; web(o).spec.replicas = 4; }, expected: [`${D} spec.strategy.rollingUpdate.maxUnavailable`] },
]);

describeRule(RuleId.POD_PRIORITY_CLASS, [
  { name: 'a platform PriorityClass', platformPriorityClasses: ['platform-high'], change: o => { webPod(o).priorityClassName = 'platform-high'; }, expected: [] },
  { name: 'a system PriorityClass', change: o => { webPod(o).priorityClassName = 'system-cluster-critical'; }, expected: [] },
  { name: 'unset is advice', change: o => { delete webPod(o).priorityClassName; }, expected: [`${D} ${P}.priorityClassName`], severity: Severity.INFO },
  { name: 'a missing PriorityClass is an error', change: o => { webPod(o).priorityClassName = 'gold'; }, expected: [`${D} ${P}.priorityClassName`], severity: Severity.ERROR },
]);

describeRule(RuleId.META_LABELS, [
  { name: 'a ReplicaSet is not a workload controller here', change: o => { o.push({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'rs', namespace: 'shop' }, spec: {} }); }, expected: [] },
  { name: 'no version label', change: o => { delete web(o).metadata.labels['app.kubernetes.io/version']; }, expected: [`${D} metadata.labels["app.kubernetes.io/version"]`] },
  { name: 'instance differs from the name', change: o => { web(o).metadata.labels['app.kubernetes.io/instance'] = 'web-1'; }, expected: [`${D} metadata.labels["app.kubernetes.io/instance"]`] },
  {
    name: 'no labels on the CronJob',
    change: o => { delete find(o, 'CronJob').metadata.labels; },
    expected: ['name', 'instance', 'part-of', 'version', 'managed-by']
      .map(label => `CronJob/cleanup metadata.labels["app.kubernetes.io/${label}"]`),
  },
  {
    name: 'the organisation\'s required labels are present',
    requiredLabels: ['app.kubernetes.io/part-of'],
    change: () => {},
    expected: [],
  },
  {
    name: 'an organisation\'s required label is missing on every workload controller',
    requiredLabels: ['team'],
    change: o => { web(o).metadata.labels.team = 'checkout'; },
    expected: ['CronJob/cleanup metadata.labels.team'],
  },
  {
    name: 'a required label that is also a recommended one is reported once',
    requiredLabels: ['app.kubernetes.io/part-of'],
    change: o => { delete web(o).metadata.labels['app.kubernetes.io/part-of']; },
    expected: [`${D} metadata.labels["app.kubernetes.io/part-of"]`],
  },
  {
    name: 'an empty required label counts as missing',
    requiredLabels: ['example.com/cost-center', 'team'],
    change: o => {
      for (const kind of ['Deployment', 'CronJob']) {
        find(o, kind).metadata.labels.team = 'checkout';
        find(o, kind).metadata.labels['example.com/cost-center'] = kind === 'Deployment' ? '' : 'cc-1';
      }
    },
    expected: [`${D} metadata.labels["example.com/cost-center"]`],
  },
]);

describeRule(RuleId.WL_NAMESPACE, [
  { name: 'cluster-scoped kinds need none', change: o => { delete find(o, 'PriorityClass').metadata.namespace; }, expected: [] },
  { name: 'custom resources are not judged', change: o => { o.push({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }); }, expected: [] },
  { name: 'no namespace', change: o => { delete web(o).metadata.namespace; }, expected: [`${D} metadata.namespace`] },
  { name: 'kube-system', change: o => { find(o, 'ConfigMap').metadata.namespace = 'kube-system'; }, expected: ['ConfigMap/web-config metadata.namespace'] },
  { name: 'default', change: o => { find(o, 'Service').metadata.namespace = 'default'; }, expected: ['Service/web metadata.namespace'] },
]);
