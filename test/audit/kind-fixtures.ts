import { find, Manifest, web } from './support';

/** The pod template of the hardened Deployment `web`, relabelled for workload `name`. */
function hardenedTemplate(objects: Manifest[], name: string): Manifest {
  const template = JSON.parse(JSON.stringify(web(objects).spec.template)) as Manifest;
  const selector = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': name };
  template.metadata.labels = { ...selector, 'app.kubernetes.io/part-of': 'shop' };
  template.spec.topologySpreadConstraints[0].labelSelector.matchLabels = selector;
  return template;
}

function metadata(name: string): Manifest {
  return {
    name,
    namespace: 'shop',
    labels: {
      'app.kubernetes.io/name': name,
      'app.kubernetes.io/instance': name,
      'app.kubernetes.io/part-of': 'shop',
      'app.kubernetes.io/version': '1.4.2',
      'app.kubernetes.io/managed-by': 'cdk8s-secure',
    },
  };
}

const selectorOf = (name: string) => ({ 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': name });

/**
 * Hardened objects of the kinds with kind-specific rules, built from the hardened fixture's pod template: a
 * StatefulSet `db` with its headless Service and PodDisruptionBudget, a DaemonSet `agent` and a Job `migrate`.
 * Each passes every rule of every pack (a test says so), as the output of the workload constructs must.
 */
export function hardenedKinds(objects: Manifest[]): Manifest[] {
  const dbTemplate = hardenedTemplate(objects, 'db');
  dbTemplate.spec.securityContext.fsGroupChangePolicy = 'OnRootMismatch';
  dbTemplate.spec.containers[0].volumeMounts.push({ name: 'data', mountPath: '/var/lib/app' });
  const agentTemplate = hardenedTemplate(objects, 'agent');
  delete agentTemplate.spec.topologySpreadConstraints;
  const migrateTemplate = hardenedTemplate(objects, 'migrate');
  delete migrateTemplate.spec.topologySpreadConstraints;
  migrateTemplate.spec.restartPolicy = 'Never';
  for (const probe of ['readinessProbe', 'livenessProbe']) {
    delete migrateTemplate.spec.containers[0][probe];
  }
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: metadata('db'),
      spec: {
        replicas: 2,
        serviceName: 'db',
        selector: { matchLabels: selectorOf('db') },
        updateStrategy: { type: 'RollingUpdate' },
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
        template: dbTemplate,
        volumeClaimTemplates: [{
          metadata: { name: 'data' },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } },
        }],
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'db', namespace: 'shop' },
      spec: { clusterIP: 'None', selector: selectorOf('db'), ports: [{ name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP' }] },
    },
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'db', namespace: 'shop' },
      spec: { maxUnavailable: 1, selector: { matchLabels: selectorOf('db') } },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: metadata('agent'),
      spec: {
        selector: { matchLabels: selectorOf('agent') },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
        template: agentTemplate,
      },
    },
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: metadata('migrate'),
      spec: { backoffLimit: 3, activeDeadlineSeconds: 600, ttlSecondsAfterFinished: 3600, template: migrateTemplate },
    },
  ];
}

/** The hardened fixture with the hardened objects of `hardenedKinds` added. */
export function withKinds(objects: Manifest[]): Manifest[] {
  objects.push(...hardenedKinds(objects));
  return objects;
}

export const db = (objects: Manifest[]): Manifest => find(objects, 'StatefulSet', 'db');
export const agent = (objects: Manifest[]): Manifest => find(objects, 'DaemonSet', 'agent');
export const migrate = (objects: Manifest[]): Manifest => find(objects, 'Job', 'migrate');
export const cleanup = (objects: Manifest[]): Manifest => find(objects, 'CronJob', 'cleanup');
