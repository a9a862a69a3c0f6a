/**
 * The benchmark corpus of the audit: namespaces with their quota, limit range, default-deny and DNS policies and default
 * ServiceAccount, and apps made of a Deployment, Service, ServiceAccount, NetworkPolicy, PodDisruptionBudget,
 * HorizontalPodAutoscaler, ConfigMap and Ingress; every fourth app is insecure, so the engine also builds findings.
 */
const OBJECTS_PER_NAMESPACE = 250;
const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;

export type Manifest = Record<string, unknown>;

function namespaceObjects(ns: string): Manifest[] {
  const meta = (name: string) => ({ name, namespace: ns });
  return [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: ns,
        labels: Object.fromEntries(['enforce', 'audit', 'warn'].flatMap(mode => [
          [`pod-security.kubernetes.io/${mode}`, 'restricted'], [`pod-security.kubernetes.io/${mode}-version`, 'v1.28'],
        ])),
      },
    },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('default'), automountServiceAccountToken: false },
    {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: meta('quota'),
      spec: { hard: { 'requests.cpu': '40', 'requests.memory': '80Gi', 'limits.cpu': '80', 'limits.memory': '160Gi' } },
    },
    {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: meta('limits'),
      spec: { limits: [{ type: 'Container', default: { cpu: '500m' }, defaultRequest: { cpu: '100m' }, max: { cpu: '2' }, min: { cpu: '10m' } }] },
    },
    { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta('default-deny'), spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta('dns'),
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{
          to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
          ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
        }],
      },
    },
  ];
}

function appObjects(ns: string, name: string, insecure: boolean): Manifest[] {
  const labels = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': name };
  const meta = { name, namespace: ns };
  const securityContext = insecure ? { privileged: true } : {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    runAsUser: 10001,
    runAsGroup: 10001,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { ...meta, labels: { ...labels, 'app.kubernetes.io/part-of': ns, 'app.kubernetes.io/version': '1.0.0', 'app.kubernetes.io/managed-by': 'cdk8s-secure' } },
      spec: {
        replicas: 2,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
        selector: { matchLabels: labels },
        template: {
          metadata: { labels, annotations: { [`container.apparmor.security.beta.kubernetes.io/${name}`]: 'runtime/default' } },
          spec: {
            serviceAccountName: name,
            automountServiceAccountToken: false,
            hostNetwork: insecure || undefined,
            securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
            topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: labels } }],
            containers: [{
              name,
              image: insecure ? 'acme/app:latest' : `registry.example.com/${name}:1.0.0@${DIGEST}`,
              ports: [{ name: 'http', containerPort: 8080 }],
              env: insecure ? [{ name: 'DB_PASSWORD', value: 'hunter22' }] : [{ name: 'LOG_LEVEL', value: 'info' }],
              readinessProbe: { httpGet: { path: '/ready', port: 'http' } },
              livenessProbe: { httpGet: { path: '/live', port: 8080 } },
              resources: insecure ? {} : {
                requests: { 'cpu': '100m', 'memory': '128Mi', 'ephemeral-storage': '64Mi' },
                limits: { 'cpu': '500m', 'memory': '256Mi', 'ephemeral-storage': '256Mi' },
              },
              securityContext,
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
            }],
            volumes: [{ name: 'tmp', emptyDir: {} }],
          },
        },
      },
    },
    { apiVersion: 'v1', kind: 'Service', metadata: meta, spec: { type: insecure ? 'NodePort' : 'ClusterIP', selector: labels, ports: [{ port: 80, targetPort: 'http' }] } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta, automountServiceAccountToken: false },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta,
      spec: { podSelector: { matchLabels: labels }, policyTypes: ['Ingress', 'Egress'], ingress: [{ ports: [{ port: 8080 }] }], egress: [] },
    },
    { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: meta, spec: { maxUnavailable: 1, selector: { matchLabels: labels } } },
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: meta,
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name }, minReplicas: 2, maxReplicas: 10 },
    },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${name}-config`, namespace: ns }, data: { LOG_FORMAT: 'json' } },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { ...meta, annotations: { 'nginx.ingress.kubernetes.io/ssl-redirect': 'true' } },
      spec: {
        ingressClassName: 'nginx',
        tls: insecure ? undefined : [{ hosts: [`${name}.example.com`], secretName: `${name}-tls` }],
        rules: [{ host: `${name}.example.com`, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name, port: { number: 80 } } } }] } }],
      },
    },
  ];
}

/** About `target` objects (in whole apps), spread over namespaces of about 250 objects each. */
export function buildObjects(target: number): Manifest[] {
  const objects: Manifest[] = [];
  let app = 0;
  for (let n = 0; objects.length < target; n++) {
    const ns = `team-${String(n).padStart(3, '0')}`;
    objects.push(...namespaceObjects(ns));
    for (let i = 0; i < (OBJECTS_PER_NAMESPACE - 6) / 8 && objects.length < target; i++, app++) {
      objects.push(...appObjects(ns, `app-${String(app).padStart(5, '0')}`, app % 4 === 3));
    }
  }
  return JSON.parse(JSON.stringify(objects.slice(0, target)));
}

/**
 * `count` workloads of one Helm release, all labelled `app: shop` and told apart by `component`, each with a
 * NetworkPolicy and a PodDisruptionBudget selecting it: in one namespace, or spread over `namespaces`.
 */
export function sharedLabelObjects(count: number, namespaces: number): Manifest[] {
  const objects: Manifest[] = [];
  for (let i = 0; i < count; i++) {
    const namespace = namespaces === 1 ? 'shop' : `shop-${String(i % namespaces).padStart(3, '0')}`;
    const labels = { app: 'shop', component: `c${i}` };
    const meta = { name: `c${i}`, namespace };
    objects.push(
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { ...meta, labels },
        spec: { replicas: 2, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'main', image: `registry.example.com/c:1@${DIGEST}` }] } } },
      },
      { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta, spec: { podSelector: { matchLabels: labels }, policyTypes: ['Ingress', 'Egress'] } },
      { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: meta, spec: { maxUnavailable: 1, selector: { matchLabels: labels } } },
    );
  }
  return objects;
}
