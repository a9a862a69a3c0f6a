import { App, Chart, Cron, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  AuditOptions,
  HostAccess,
  IngressControllerProfile,
  IngressTls,
  PodSecurityLevel,
  RuleId,
  SecureCronJob,
  SecureDaemonSet,
  SecureDeployment,
  SecureIngress,
  SecureIngressBackend,
  SecureJob,
  SecureNamespace,
  SecurePeer,
  SecureStatefulSet,
  SecurityException,
  SecurityPolicy,
  WorkloadProbe,
} from 'cdk8s-secure';

const LOG_ACCESS = 'the log shipper reads the node logs below /var/log, read-only, to forward them to the central log store';

/**
 * A whole application on the workload family, in one tenant namespace with every connection declared:
 *
 *   internet -> ingress-nginx -> web (8080) -> db (Postgres StatefulSet, 5432)
 *   migrate (Job, once per release)   -> db
 *   backup (CronJob, nightly 02:30)   -> db, and -> the backup store 203.0.113.0/24:443
 *   logs (DaemonSet, /var/log read-only) -> the log store 198.51.100.0/24:443
 *
 * Everything else is denied by the namespace and by each workload's own NetworkPolicy.
 */
export function buildApp(outdir: string): App {
  const app = new App({ outdir });
  SecurityPolicy.apply(app, { allowedRegistries: ['registry.example.com'], requiredLabels: ['team'], defaultPriorityClassName: 'business-critical' });

  // Platform team: the namespace. A hostPath volume is refused by Pod Security admission at baseline and
  // restricted, so the namespace that runs the log shipper enforces privileged; audit and warn stay restricted,
  // and every other workload is hardened to restricted by its construct.
  const platform = new Chart(app, 'platform');
  // The platform chart emits the PriorityClass the policy gives every workload (Polaris priorityClassNotSet).
  new kplus.k8s.KubePriorityClass(platform, 'BusinessCritical', {
    metadata: { name: 'business-critical' },
    value: 100000,
    description: 'Customer-facing workloads: scheduled before batch work, preempted after system pods.',
  });
  const shop = new SecureNamespace(platform, 'Shop', {
    metadata: { name: 'shop' },
    podSecurityLevel: PodSecurityLevel.PRIVILEGED,
    exceptions: [SecurityException.of(RuleId.NS_PSA, `admission must admit the log shipper's read-only /var/log hostPath: ${LOG_ACCESS}`)],
  });

  const chart = new Chart(app, 'shop', { namespace: shop.name, labels: { team: 'shop' } });
  chart.addDependency(platform);
  const dbCredentials = kplus.Secret.fromSecretName(chart, 'DbCredentials', 'shop-db-credentials');

  // Postgres, non-root: the data directory is a persistent volume per pod, the socket directory an emptyDir.
  // The image runs a primary and a streaming standby (ordinal 0 is the primary).
  const db = new SecureStatefulSet(chart, 'Db', {
    image: 'registry.example.com/postgres:16.4',
    port: 5432,
    portName: 'postgres',
    storage: [{ path: '/var/lib/postgresql/data', size: Size.gibibytes(20), name: 'data' }],
    writablePaths: [{ path: '/var/run/postgresql' }],
    secretFiles: [{ secret: dbCredentials, path: '/var/run/secrets/db' }],
    resources: { memoryRequest: '512Mi', memoryLimit: '1Gi', cpuLimit: '1' },
  });

  const web = new SecureDeployment(chart, 'Web', {
    image: 'registry.example.com/acme/shop-web:2.3.1',
    port: 8080,
    readiness: WorkloadProbe.httpGet('/ready'),
    liveness: WorkloadProbe.httpGet('/healthz'),
    secretFiles: [{ secret: dbCredentials, path: '/var/run/secrets/db' }],
  });
  web.allowTo(SecurePeer.deployment(db));

  // The schema migration of each release.
  const migrate = new SecureJob(chart, 'Migrate', {
    image: 'registry.example.com/acme/shop-migrate:2.3.1',
    args: ['migrate', '--to', 'latest'],
    secretFiles: [{ secret: dbCredentials, path: '/var/run/secrets/db' }],
  });
  migrate.allowTo(SecurePeer.deployment(db));

  // The nightly backup, in the operations team's time zone.
  const backup = new SecureCronJob(chart, 'Backup', {
    image: 'registry.example.com/acme/pg-backup:1.2.0',
    schedule: Cron.schedule({ minute: '30', hour: '2' }),
    timeZone: 'Europe/Berlin',
    writablePaths: [{ path: '/var/backup', sizeLimit: Size.gibibytes(2) }],
    resources: { ephemeralStorageLimit: '3Gi' },
    secretFiles: [{ secret: dbCredentials, path: '/var/run/secrets/db' }],
  });
  backup.allowTo(SecurePeer.deployment(db));
  backup.allowTo(SecurePeer.ipBlock('203.0.113.0/24'), { ports: [kplus.NetworkPolicyPort.tcp(443)] });

  // The node agent: reads /var/log on every node, read-only, and forwards it.
  const logs = new SecureDaemonSet(chart, 'Logs', {
    image: 'registry.example.com/fluent-bit:3.1.9',
    port: 2020,
    portName: 'metrics',
    readiness: WorkloadProbe.httpGet('/api/v1/health'),
    liveness: WorkloadProbe.httpGet('/'),
    writablePaths: [{ path: '/fluent-bit/state' }],
    hostAccess: [HostAccess.readOnlyPath('/var/log', '/var/log', LOG_ACCESS)],
  });
  logs.allowTo(SecurePeer.ipBlock('198.51.100.0/24'), { ports: [kplus.NetworkPolicyPort.tcp(443)] });

  new SecureIngress(chart, 'Public', {
    controller: IngressControllerProfile.nginx({ maxRequestBodySize: Size.mebibytes(8), rateLimitRps: 20 }),
    tls: IngressTls.certManagerClusterIssuer('letsencrypt-prod'),
    rules: [{ host: 'shop.example.com', backend: SecureIngressBackend.fromDeployment(web) }],
  });

  return app;
}

/**
 * The platform team's audit of the synthesized YAML in CI: in YAML a typed exception is only an annotation, so the
 * two deliberate deviations above are accepted here, by object, with their reasons (what the policy file's
 * `suppressions:` would say).
 */
export const auditOptions: AuditOptions = {
  suppressions: [
    { rule: RuleId.NS_PSA, kind: 'Namespace', name: 'shop', reason: 'enforce privileged for the log shipper; audit and warn stay restricted' },
    { rule: RuleId.POD_NO_HOSTPATH, kind: 'DaemonSet', namespace: 'shop', reason: LOG_ACCESS },
    { rule: RuleId.POD_VOLUME_TYPES, kind: 'DaemonSet', namespace: 'shop', reason: LOG_ACCESS },
  ],
};

if (require.main === module) {
  buildApp('dist').synth();
}
