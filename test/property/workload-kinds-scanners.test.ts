import { App, Chart, Cron, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import { parseManifests, unexplainedScannerFindings } from './properties';
import {
  Audit, HostAccess, Pack, RuleId, SecureCronJob, SecureDaemonSet, SecureDeployment, SecureJob, SecureStatefulSet, SecurityException,
  SecurityPolicy, Severity,
} from '../../src';

/*
 * The scanner property for every workload kind: random valid props of SecureStatefulSet, SecureJob, SecureCronJob,
 * SecureDaemonSet and the Deployment's replica and autoscaling variants (typed exceptions included) synthesize into
 * output with no Polaris or kube-score finding that is not fixed or exempted with its reason (test/support/scanner-checks.ts,
 * re-implemented from the scanners' published check definitions), and that the audit accepts in every pack.
 * `FUZZ_RUNS` scales the number of cases, `FUZZ_SEED` replays a run.
 */

const total = Number(process.env.FUZZ_RUNS ?? 150);
const seed = Number(process.env.FUZZ_SEED ?? 20261202);
const numRuns = Math.max(5, Math.round(total * 0.4));

jest.setTimeout(180_000);

const IMAGE = 'registry.example.com/acme/app:1.4.2';
const WHY = 'documented deviation, reviewed by the platform team';

/** What one case builds: a kind and the choices that vary. */
interface KindCase {
  readonly kind: 'statefulset' | 'job' | 'cronjob' | 'daemonset' | 'deployment';
  readonly env: Record<string, string>;
  readonly secretFiles: string[];
  readonly writable: string[];
  readonly replicas: number;
  readonly writableRoot: boolean;
  readonly priorityClass: boolean;
  readonly storage: number;
  readonly schedule: string;
  readonly autoscale: boolean;
  readonly hostLogs: boolean;
}

const kindCase: fc.Arbitrary<KindCase> = fc.record({
  kind: fc.constantFrom('statefulset', 'job', 'cronjob', 'daemonset', 'deployment'),
  env: fc.dictionary(fc.constantFrom('LOG_LEVEL', 'APP_MODE', 'REGION', 'PASSWORD_FILE', 'AUTH_SERVER_URL'),
    fc.constantFrom('info', 'debug', 'eu'), { maxKeys: 3 }),
  secretFiles: fc.uniqueArray(fc.constantFrom('db-credentials', 'api-keys'), { maxLength: 2 }),
  writable: fc.uniqueArray(fc.constantFrom('/var/cache/app', '/var/log/app'), { maxLength: 2 }),
  replicas: fc.integer({ min: 1, max: 3 }),
  writableRoot: fc.boolean(),
  priorityClass: fc.boolean(),
  storage: fc.integer({ min: 1, max: 2 }),
  schedule: fc.constantFrom('daily', 'hourly', '15 3 * * 1-5'),
  autoscale: fc.boolean(),
  hostLogs: fc.boolean(),
});

/** Builds the case into a chart; returns the chart. */
function build(c: KindCase): Chart {
  const app: App = Testing.app();
  if (c.priorityClass) {
    SecurityPolicy.apply(app, { defaultPriorityClassName: 'system-cluster-critical' });
  }
  const chart = new Chart(app, 'shop', { namespace: 'shop' });
  const exceptions: SecurityException[] = [];
  const env = Object.fromEntries(Object.entries(c.env).map(([name, value]) => [name,
    kplus.EnvValue.fromValue(name === 'PASSWORD_FILE' ? '/mnt/secrets/db-credentials/password' : name === 'AUTH_SERVER_URL' ? 'https://auth.example.com' : value)]));
  const secrets = c.env.PASSWORD_FILE !== undefined && !c.secretFiles.includes('db-credentials') ? [...c.secretFiles, 'db-credentials'] : c.secretFiles;
  if (c.writableRoot) {
    exceptions.push(SecurityException.of(RuleId.CTR_READONLY_ROOTFS, WHY));
  }
  const common = {
    image: IMAGE,
    envVariables: Object.keys(env).length === 0 ? undefined : env,
    secretFiles: secrets.map((name) => ({ secret: kplus.Secret.fromSecretName(chart, `secret-${name}`, name), path: `/mnt/secrets/${name}` })),
    writablePaths: c.writable.map((path) => ({ path })),
    containerSecurityContext: c.writableRoot ? { readOnlyRootFilesystem: false } : undefined,
  };
  switch (c.kind) {
    case 'statefulset':
      if (c.replicas < 2) exceptions.push(SecurityException.of(RuleId.AVAIL_REPLICAS, WHY));
      new SecureStatefulSet(chart, 'db', {
        ...common,
        port: 5432,
        replicas: c.replicas,
        exceptions,
        storage: Array.from({ length: c.storage }, (_, i) => ({ path: `/data${i}`, size: Size.gibibytes(i + 1) })),
      });
      break;
    case 'job':
      new SecureJob(chart, 'migrate', { ...common, exceptions });
      break;
    case 'cronjob':
      new SecureCronJob(chart, 'backup', {
        ...common,
        exceptions,
        schedule: c.schedule === 'daily' ? Cron.daily() : c.schedule === 'hourly' ? Cron.hourly() : Cron.schedule({ minute: '15', hour: '3', weekDay: '1-5' }),
      });
      break;
    case 'daemonset':
      new SecureDaemonSet(chart, 'agent', {
        ...common,
        port: 2020,
        exceptions,
        hostAccess: c.hostLogs ? [HostAccess.readOnlyPath('/var/log', '/host/var/log', 'the log shipper reads the node logs, never writes them')] : undefined,
      });
      break;
    case 'deployment': {
      const autoscaled = c.autoscale;
      if ((autoscaled ? 1 : c.replicas) < 2 && (autoscaled || c.replicas === 1)) exceptions.push(SecurityException.of(RuleId.AVAIL_REPLICAS, WHY));
      new SecureDeployment(chart, 'web', {
        ...common,
        port: 8080,
        exceptions,
        ...(autoscaled ? { autoscaling: { minReplicas: 1, maxReplicas: 4 } } : { replicas: c.replicas }),
      });
      break;
    }
  }
  return chart;
}

describe('random valid workloads of every kind and the scanners', () => {
  test('carry no Polaris or kube-score finding that is not fixed or exempted with its reason, and no audit finding of warning or above', () => {
    const kinds = new Set<string>();
    fc.assert(fc.property(kindCase, (c) => {
      kinds.add(c.kind);
      const chart = build(c);
      const manifests = parseManifests(chart.toJson().map((object) => JSON.stringify(object)).join('\n---\n'));
      expect(unexplainedScannerFindings(manifests)).toEqual([]);
      const active = Audit.of(chart, { packs: [Pack.HARDENED] }).active()
        .filter((finding) => finding.severity !== Severity.INFO)
        // The chart has no SecureNamespace: the namespace rules are the namespace construct's (property suite of apps).
        .filter((finding) => ![RuleId.WL_NAMESPACE_DECLARED].includes(finding.ruleId))
        .map((finding) => `${finding.id} ${finding.kind}/${finding.name} ${finding.path}`);
      expect(active).toEqual([]);
    }), { numRuns, seed });
    expect(kinds.size).toBe(5);
  });
});
