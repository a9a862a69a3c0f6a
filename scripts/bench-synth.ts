/**
 * Synthesis benchmark: apps of N SecureDeployments (each with its ServiceAccount, Service,
 * NetworkPolicy and PodDisruptionBudget), N SecureStatefulSets and N SecureCronJobs, each against the
 * same hardened output written by hand with cdk8s-plus-28 objects and JSON patches. Writes docs/benchmarks.md.
 *
 * Every measurement runs in a fresh Node.js process (wall time of building + `app.synthYaml()`, and
 * the process's peak resident set size), on JavaScript transpiled once up front so that no
 * TypeScript compiler sits in the measured processes. Before measuring, both builders' output is
 * checked to be identical, so the comparison is like for like.
 *
 * Usage: `npm run bench` (runs this with ts-node); `BENCH_REPEATS=5` sets the runs per case;
 * `BENCH_SIZES=10,50` tries other sizes without writing the report.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Cron, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { SecureCronJob, SecureDeployment, SecureStatefulSet, SecurityPolicy } from '../src';

const DEFAULT_SIZES = [100, 1000, 5000];
const NAMESPACE = 'shop';
const IMAGE = 'ghcr.io/acme/api:1.4.2';
const TARGET_RATIO = 1.3;
/** How much the cost per added deployment may rise between size ranges and still count as linear growth (noise margin). */
const LINEAR_TOLERANCE = 1.25;

type Variant = 'secure' | 'hand';

/**
 * Apps that exercise the app-wide synth checks: every deployment naming a PriorityClass the app emits; a
 * SecurityPolicy requiring labels that every deployment carries; the deployments spread over 100 charts (namespaces).
 */
type Scenario = 'priority' | 'labels' | 'charts';
const SCENARIOS: readonly Scenario[] = ['priority', 'labels', 'charts'];
/**
 * Sizes per scenario. cdk8s validates the whole app once per chart it synthesizes (`chart.toJson()` validates the app),
 * so an app of 100 charts is validated 101 times per `synthYaml()`: the charts scenario uses fewer deployments.
 */
const SCENARIO_SIZES: Record<Scenario, readonly number[]> = { priority: [500, 2000], labels: [500, 2000], charts: [100, 400] };
const SYNTH_SCENARIOS_START = '<!-- synth-scenarios:start -->';
const SYNTH_SCENARIOS_END = '<!-- synth-scenarios:end -->';
const SCENARIO_NAMES: Record<Scenario, string> = {
  priority: 'every deployment with `priorityClassName` (a PriorityClass of the app)',
  labels: 'SecurityPolicy `requiredLabels: [team, cost-centre]`, carried by every deployment',
  charts: 'the deployments spread over 100 charts (namespaces)',
};
/** A scenario may cost this much more than the plain app of the same size (issue target for the priority class: 1.2x). */
const SCENARIO_TARGET_RATIO = 1.2;

/** The workload kinds measured: each has a secure builder and a hand-written one with identical output. */
type Kind = 'deployment' | 'statefulset' | 'cronjob';
const KINDS: Kind[] = ['deployment', 'statefulset', 'cronjob'];
const KIND_NAMES: Record<Kind, string> = { deployment: 'SecureDeployment', statefulset: 'SecureStatefulSet', cronjob: 'SecureCronJob' };

/** What one child process reports. */
interface Sample {
  readonly ms: number;
  readonly maxRssMiB: number;
}

function name(i: number): string {
  return `api-${String(i).padStart(4, '0')}`;
}

/** N SecureDeployments, the way an app team writes them. */
function buildSecure(app: App, n: number): void {
  const chart = new Chart(app, NAMESPACE, { namespace: NAMESPACE });
  for (let i = 0; i < n; i++) {
    new SecureDeployment(chart, name(i), { image: IMAGE, port: 8080, metadata: { name: name(i) } });
  }
}

/** The same objects, written by hand with cdk8s-plus-28 and JSON patches for what it cannot express. */
function buildHandWritten(app: App, n: number): void {
  const chart = new Chart(app, NAMESPACE, { namespace: NAMESPACE });
  const seconds = (s: number): Duration => Duration.seconds(s);
  for (let i = 0; i < n; i++) {
    const id = name(i);
    const labels = {
      'app.kubernetes.io/name': id,
      'app.kubernetes.io/instance': id,
      'app.kubernetes.io/part-of': NAMESPACE,
      'app.kubernetes.io/version': '1.4.2',
      'app.kubernetes.io/managed-by': 'cdk8s-secure',
    };
    const metadata = { name: id, namespace: NAMESPACE, labels };
    const serviceAccount = new kplus.ServiceAccount(chart, `${id}-sa`, { metadata, automountToken: false });
    const tmp = kplus.Volume.fromEmptyDir(chart, `${id}-tmp`, 'tmp', { sizeLimit: Size.mebibytes(64) });
    const deployment = new kplus.Deployment(chart, id, {
      metadata,
      podMetadata: { labels, annotations: { 'container.apparmor.security.beta.kubernetes.io/main': 'runtime/default' } },
      replicas: 2,
      strategy: kplus.DeploymentStrategy.rollingUpdate({
        maxSurge: kplus.PercentOrAbsolute.percent(25), maxUnavailable: kplus.PercentOrAbsolute.absolute(0),
      }),
      serviceAccount,
      automountServiceAccountToken: false,
      securityContext: { ensureNonRoot: true, user: 10001, group: 10001, fsGroup: 10001 },
      containers: [{
        name: 'main',
        image: IMAGE,
        imagePullPolicy: kplus.ImagePullPolicy.ALWAYS,
        ports: [{ number: 8080, name: 'http', protocol: kplus.Protocol.TCP }],
        securityContext: {
          ensureNonRoot: true,
          user: 10001,
          group: 10001,
          privileged: false,
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          capabilities: { drop: [kplus.Capability.ALL] },
          seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
        },
        resources: {
          cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) },
          memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) },
        },
        readiness: kplus.Probe.fromTcpSocket({
          port: 8080,
          initialDelaySeconds: seconds(0),
          periodSeconds: seconds(10),
          timeoutSeconds: seconds(2),
          failureThreshold: 3,
          successThreshold: 1,
        }),
        liveness: kplus.Probe.fromTcpSocket({
          port: 8080,
          initialDelaySeconds: seconds(10),
          periodSeconds: seconds(20),
          timeoutSeconds: seconds(2),
          failureThreshold: 3,
          successThreshold: 1,
        }),
        volumeMounts: [{ path: '/tmp', volume: tmp, readOnly: false }],
      }],
    });
    deployment.scheduling.spread({ topology: kplus.Topology.HOSTNAME, weight: 100 });
    const container = '/spec/template/spec/containers/0';
    // Patches apply before the generated serializer, which reads quantities and int-or-strings as `{ value }`.
    ApiObject.of(deployment).addJsonPatch(
      JsonPatch.add('/spec/template/spec/securityContext/seccompProfile', { type: 'RuntimeDefault' }),
      JsonPatch.add('/spec/template/spec/topologySpreadConstraints', [{
        maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: deployment.matchLabels },
      }]),
      JsonPatch.add(`${container}/resources/requests/ephemeral-storage`, { value: '64Mi' }),
      JsonPatch.add(`${container}/resources/limits/ephemeral-storage`, { value: '512Mi' }),
      JsonPatch.replace(`${container}/livenessProbe/tcpSocket/port`, { value: 'http' }),
    );
    new kplus.Service(deployment, 'Service', {
      metadata,
      selector: deployment,
      type: kplus.ServiceType.CLUSTER_IP,
      ports: [{ port: 8080, targetPort: 8080, name: 'http', protocol: kplus.Protocol.TCP }],
    });
    const policy = new kplus.NetworkPolicy(deployment, 'NetworkPolicy', { metadata, selector: deployment });
    policy.addIngressRule(kplus.Pods.select(policy, 'Self', { labels: deployment.matchLabels }), [kplus.NetworkPolicyPort.tcp(8080)]);
    policy.addEgressRule(kplus.Pods.select(policy, 'Dns', {
      labels: { 'k8s-app': 'kube-dns' }, namespaces: kplus.Namespaces.select(policy, 'KubeSystem', { names: ['kube-system'] }),
    }), [kplus.NetworkPolicyPort.udp(53), kplus.NetworkPolicyPort.tcp(53)]);
    new kplus.k8s.KubePodDisruptionBudget(deployment, 'PodDisruptionBudget', {
      metadata,
      spec: { maxUnavailable: kplus.k8s.IntOrString.fromNumber(1), unhealthyPodEvictionPolicy: 'AlwaysAllow', selector: { matchLabels: deployment.matchLabels } },
    });
  }
}

/** The scenario apps (see `Scenario`). */
function buildScenario(app: App, scenario: Scenario, n: number): void {
  if (scenario === 'labels') {
    SecurityPolicy.apply(app, { requiredLabels: ['team', 'cost-centre'] });
  }
  const charts = scenario === 'charts'
    ? Array.from({ length: 100 }, (_, i) => new Chart(app, `${NAMESPACE}-${i}`, { namespace: `${NAMESPACE}-${i}` }))
    : [new Chart(app, NAMESPACE, { namespace: NAMESPACE })];
  if (scenario === 'priority') {
    new kplus.k8s.KubePriorityClass(charts[0], 'critical', { metadata: { name: 'business-critical' }, value: 100000 });
  }
  for (let i = 0; i < n; i++) {
    new SecureDeployment(charts[i % charts.length], name(i), {
      image: IMAGE,
      port: 8080,
      metadata: { name: name(i), labels: scenario === 'labels' ? { 'team': 'shop', 'cost-centre': 'cc-1' } : undefined },
      priorityClassName: scenario === 'priority' ? 'business-critical' : undefined,
    });
  }
}

/** Labels, hardened security contexts and resources, shared by the hand-written builders. */
function handBasics(id: string, chart: Chart): {
  labels: Record<string, string>;
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  serviceAccount: kplus.ServiceAccount;
  container: kplus.ContainerProps;
  podSecurity: kplus.PodSecurityContextProps;
} {
  const labels = {
    'app.kubernetes.io/name': id,
    'app.kubernetes.io/instance': id,
    'app.kubernetes.io/part-of': NAMESPACE,
    'app.kubernetes.io/version': '1.4.2',
    'app.kubernetes.io/managed-by': 'cdk8s-secure',
  };
  const metadata = { name: id, namespace: NAMESPACE, labels };
  const serviceAccount = new kplus.ServiceAccount(chart, `${id}-sa`, { metadata, automountToken: false });
  const tmp = kplus.Volume.fromEmptyDir(chart, `${id}-tmp`, 'tmp', { sizeLimit: Size.mebibytes(64) });
  const container: kplus.ContainerProps = {
    name: 'main',
    image: IMAGE,
    imagePullPolicy: kplus.ImagePullPolicy.ALWAYS,
    securityContext: {
      ensureNonRoot: true,
      user: 10001,
      group: 10001,
      privileged: false,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: [kplus.Capability.ALL] },
      seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
    },
    resources: {
      cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) },
      memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) },
    },
    volumeMounts: [{ path: '/tmp', volume: tmp, readOnly: false }],
  };
  return { labels, metadata, serviceAccount, container, podSecurity: { ensureNonRoot: true, user: 10001, group: 10001, fsGroup: 10001 } };
}

/** The pod-template patches cdk8s-plus cannot express: pod seccomp and ephemeral-storage. */
function handPatches(template: string): JsonPatch[] {
  const container = `${template}/spec/containers/0`;
  return [
    JsonPatch.add(`${template}/spec/securityContext/seccompProfile`, { type: 'RuntimeDefault' }),
    JsonPatch.add(`${container}/resources/requests/ephemeral-storage`, { value: '64Mi' }),
    JsonPatch.add(`${container}/resources/limits/ephemeral-storage`, { value: '512Mi' }),
  ];
}

/** The NetworkPolicy of a hand-written workload: its own pods in (on `ports`), DNS out. */
function handPolicy(
  workload: kplus.Workload, metadata: { name: string; namespace: string; labels: Record<string, string> }, ports?: kplus.NetworkPolicyPort[],
): void {
  const policy = new kplus.NetworkPolicy(workload, 'NetworkPolicy', { metadata, selector: workload });
  policy.addIngressRule(kplus.Pods.select(policy, 'Self', { labels: workload.matchLabels }), ports);
  if (!ports) {
    // cdk8s-plus writes an empty list; the secure policy leaves ports out (every port of its own pods).
    ApiObject.of(policy).addJsonPatch(JsonPatch.remove('/spec/ingress/0/ports'));
  }
  policy.addEgressRule(kplus.Pods.select(policy, 'Dns', {
    labels: { 'k8s-app': 'kube-dns' }, namespaces: kplus.Namespaces.select(policy, 'KubeSystem', { names: ['kube-system'] }),
  }), [kplus.NetworkPolicyPort.udp(53), kplus.NetworkPolicyPort.tcp(53)]);
}

const NIGHTLY = Cron.schedule({ minute: '0', hour: '2' });

/** N SecureCronJobs, the way an app team writes them. */
function buildSecureCronJobs(app: App, n: number): void {
  const chart = new Chart(app, NAMESPACE, { namespace: NAMESPACE });
  for (let i = 0; i < n; i++) {
    new SecureCronJob(chart, name(i), { image: IMAGE, schedule: NIGHTLY, metadata: { name: name(i) } });
  }
}

/** The same CronJobs, ServiceAccounts and NetworkPolicies, written by hand with cdk8s-plus-28. */
function buildHandWrittenCronJobs(app: App, n: number): void {
  const chart = new Chart(app, NAMESPACE, { namespace: NAMESPACE });
  for (let i = 0; i < n; i++) {
    const id = name(i);
    const { labels, metadata, serviceAccount, container, podSecurity } = handBasics(id, chart);
    const cron = new kplus.CronJob(chart, id, {
      metadata,
      podMetadata: { labels, annotations: { 'container.apparmor.security.beta.kubernetes.io/main': 'runtime/default' } },
      schedule: NIGHTLY,
      timeZone: 'Etc/UTC',
      startingDeadline: Duration.seconds(300),
      concurrencyPolicy: kplus.ConcurrencyPolicy.FORBID,
      backoffLimit: 3,
      activeDeadline: Duration.seconds(3600),
      select: true,
      serviceAccount,
      automountServiceAccountToken: false,
      securityContext: podSecurity,
      containers: [container],
    });
    ApiObject.of(cron).addJsonPatch(...handPatches('/spec/jobTemplate/spec/template'));
    handPolicy(cron, metadata);
  }
}

const DATA_PATH = '/var/lib/postgresql/data';

/** N SecureStatefulSets with a 20Gi data volume each, the way an app team writes them. */
function buildSecureStatefulSets(app: App, n: number): void {
  const chart = new Chart(app, NAMESPACE, { namespace: NAMESPACE });
  for (let i = 0; i < n; i++) {
    new SecureStatefulSet(chart, name(i), {
      image: IMAGE, port: 5432, metadata: { name: name(i) }, storage: [{ path: DATA_PATH, size: Size.gibibytes(20), name: 'data' }],
    });
  }
}

/** The same StatefulSets, headless Services, ServiceAccounts, NetworkPolicies and PodDisruptionBudgets, written by hand. */
function buildHandWrittenStatefulSets(app: App, n: number): void {
  const chart = new Chart(app, NAMESPACE, { namespace: NAMESPACE });
  const seconds = (x: number): Duration => Duration.seconds(x);
  for (let i = 0; i < n; i++) {
    const id = name(i);
    const { labels, metadata, serviceAccount, container, podSecurity } = handBasics(id, chart);
    const service = new kplus.Service(chart, `${id}-svc`, {
      metadata, clusterIP: 'None', type: kplus.ServiceType.CLUSTER_IP, ports: [{ port: 5432, targetPort: 5432, name: 'http', protocol: kplus.Protocol.TCP }],
    });
    const set = new kplus.StatefulSet(chart, id, {
      metadata,
      podMetadata: { labels, annotations: { 'container.apparmor.security.beta.kubernetes.io/main': 'runtime/default' } },
      replicas: 2,
      service,
      serviceAccount,
      automountServiceAccountToken: false,
      securityContext: { ...podSecurity, fsGroupChangePolicy: kplus.FsGroupChangePolicy.ON_ROOT_MISMATCH },
      containers: [{
        ...container,
        ports: [{ number: 5432, name: 'http', protocol: kplus.Protocol.TCP }],
        readiness: kplus.Probe.fromTcpSocket({
          port: 5432,
          initialDelaySeconds: seconds(0),
          periodSeconds: seconds(10),
          timeoutSeconds: seconds(2),
          failureThreshold: 3,
          successThreshold: 1,
        }),
        liveness: kplus.Probe.fromTcpSocket({
          port: 5432,
          initialDelaySeconds: seconds(10),
          periodSeconds: seconds(20),
          timeoutSeconds: seconds(2),
          failureThreshold: 3,
          successThreshold: 1,
        }),
      }],
    });
    set.scheduling.spread({ topology: kplus.Topology.HOSTNAME, weight: 100 });
    ApiObject.of(set).addJsonPatch(
      ...handPatches('/spec/template'),
      JsonPatch.add('/spec/template/spec/topologySpreadConstraints', [{
        maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: set.matchLabels },
      }]),
      JsonPatch.replace('/spec/template/spec/containers/0/livenessProbe/tcpSocket/port', { value: 'http' }),
      JsonPatch.add('/spec/template/spec/containers/0/volumeMounts/-', { name: 'data', mountPath: DATA_PATH }),
      JsonPatch.add('/spec/volumeClaimTemplates', [{
        metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: { value: '20Gi' } } } },
      }]),
      JsonPatch.add('/spec/persistentVolumeClaimRetentionPolicy', { whenDeleted: 'Retain', whenScaled: 'Retain' }),
    );
    handPolicy(set, metadata, [kplus.NetworkPolicyPort.tcp(5432)]);
    new kplus.k8s.KubePodDisruptionBudget(set, 'PodDisruptionBudget', {
      metadata,
      spec: { maxUnavailable: kplus.k8s.IntOrString.fromNumber(1), unhealthyPodEvictionPolicy: 'AlwaysAllow', selector: { matchLabels: set.matchLabels } },
    });
  }
}

const BUILDERS: Record<Kind, Record<Variant, (app: App, n: number) => void>> = {
  deployment: { secure: buildSecure, hand: buildHandWritten },
  statefulset: { secure: buildSecureStatefulSets, hand: buildHandWrittenStatefulSets },
  cronjob: { secure: buildSecureCronJobs, hand: buildHandWrittenCronJobs },
};

function build(variant: Variant | Scenario, n: number, kind: Kind = 'deployment'): App {
  const app = new App({ outdir: os.tmpdir() });
  if (variant === 'secure' || variant === 'hand') {
    BUILDERS[kind][variant](app, n);
  } else {
    buildScenario(app, variant, n);
  }
  return app;
}

/** Child mode: build, synthesize, report one sample as JSON on stdout. */
function runChild(variant: Variant | Scenario, n: number, kind: Kind): void {
  const start = process.hrtime.bigint();
  const yaml = build(variant, n, kind).synthYaml();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (yaml.length === 0) {
    throw new Error('empty synthesis');
  }
  const sample: Sample = { ms, maxRssMiB: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(JSON.stringify(sample));
}

/** Both builders must emit the same manifests (compared with object order and key order normalized). */
function checkSameOutput(n: number, kind: Kind = 'deployment'): void {
  const normalize = (variant: Variant): string => {
    const docs = build(variant, n, kind).charts.flatMap((chart) => chart.toJson() as Array<Record<string, any>>);
    docs.sort((a, b) => `${a.kind}/${a.metadata.name}`.localeCompare(`${b.kind}/${b.metadata.name}`));
    return JSON.stringify(docs, (_, value) => (value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b))) : value));
  };
  const secure = normalize('secure');
  const hand = normalize('hand');
  if (secure !== hand) {
    let at = 0;
    while (secure[at] === hand[at]) {
      at++;
    }
    throw new Error(`the hand-written benchmark app no longer matches ${KIND_NAMES[kind]}'s output:\n`
      + `${KIND_NAMES[kind]}: ...${secure.slice(at - 200, at + 200)}\nhand-written:     ...${hand.slice(at - 200, at + 200)}`);
  }
}

/** Transpiles `src/` and this script to CommonJS in a temporary directory; returns the script's path there. */
function transpile(root: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require('typescript') as typeof import('typescript');
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-synth-'));
  const files = [path.join(root, 'scripts', 'bench-synth.ts')];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(full);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        files.push(full);
      }
    }
  };
  walk(path.join(root, 'src'));
  for (const file of files) {
    const { outputText } = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      fileName: file,
    });
    const target = path.join(out, path.relative(root, file)).replace(/\.ts$/, '.js');
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, outputText);
  }
  return path.join(out, 'scripts', 'bench-synth.js');
}

function measure(script: string, root: string, variant: Variant | Scenario, n: number, kind: Kind): Sample {
  const output = execFileSync(process.execPath, [script, '--child', variant, String(n), kind], {
    env: { ...process.env, NODE_PATH: path.join(root, 'node_modules') },
    encoding: 'utf8',
    maxBuffer: 1024 * 1024,
  });
  return JSON.parse(output) as Sample;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Sizes per kind: the new kinds are measured at smaller sizes to keep `npm run bench` short on a shared machine. */
const SIZES: Record<Kind, number[]> = { deployment: DEFAULT_SIZES, statefulset: [100, 500, 2000], cronjob: [100, 500, 2000] };

interface Row {
  readonly n: number;
  readonly secure: Sample;
  readonly hand: Sample;
}

function main(): void {
  const root = path.resolve(__dirname, '..');
  const repeats = Number(process.env.BENCH_REPEATS ?? 5);
  const scenariosOnly = process.env.BENCH_SYNTH_SCENARIOS_ONLY === '1';
  const custom = process.env.BENCH_SIZES ? process.env.BENCH_SIZES.split(',').map(Number) : undefined;
  for (const kind of KINDS) {
    checkSameOutput(3, kind);
  }
  const script = transpile(root);
  const results: Array<{ kind: Kind; rows: Row[] }> = [];
  const scenarioRows: ScenarioRow[] = [];
  try {
    for (const kind of scenariosOnly ? [] : KINDS) {
      const rows: Row[] = [];
      for (const n of custom ?? SIZES[kind]) {
        const samples: Record<Variant, Sample[]> = { secure: [], hand: [] };
        for (let r = 0; r < repeats; r++) {
          // Alternate the order so that drift on the shared machine hits both variants alike.
          const order: Variant[] = r % 2 === 0 ? ['secure', 'hand'] : ['hand', 'secure'];
          for (const variant of order) {
            samples[variant].push(measure(script, root, variant, n, kind));
          }
        }
        const summarize = (list: Sample[]): Sample => ({ ms: median(list.map((x) => x.ms)), maxRssMiB: median(list.map((x) => x.maxRssMiB)) });
        const row = { n, secure: summarize(samples.secure), hand: summarize(samples.hand) };
        rows.push(row);
        console.log(`${KIND_NAMES[kind]} n=${n}: secure ${row.secure.ms.toFixed(0)} ms / ${row.secure.maxRssMiB.toFixed(0)} MiB, `
          + `hand-written ${row.hand.ms.toFixed(0)} ms / ${row.hand.maxRssMiB.toFixed(0)} MiB`);
      }
      results.push({ kind, rows });
    }
    const chosen = process.env.BENCH_SYNTH_SCENARIOS ? SCENARIOS.filter((scenario) => process.env.BENCH_SYNTH_SCENARIOS!.split(',').includes(scenario)) : SCENARIOS;
    for (const scenario of scenariosOnly || !custom ? chosen : []) {
      for (const n of SCENARIO_SIZES[scenario]) {
        const samples: Record<string, Sample[]> = { secure: [], [scenario]: [] };
        const rounds = n > 1000 ? 2 : Math.min(repeats, 3);
        for (let r = 0; r < rounds; r++) {
          const order: Array<Variant | Scenario> = r % 2 === 0 ? ['secure', scenario] : [scenario, 'secure'];
          for (const variant of order) {
            samples[variant].push(measure(script, root, variant, n, 'deployment'));
          }
        }
        const ms = (variant: Variant | Scenario) => median(samples[variant].map((sample) => sample.ms));
        scenarioRows.push({ scenario, n, rounds, plain: ms('secure'), time: ms(scenario) });
        console.log(`${scenario} n=${n}: plain ${ms('secure').toFixed(0)} ms, ${scenario} ${ms(scenario).toFixed(0)} ms`);
      }
    }
  } finally {
    fs.rmSync(path.dirname(path.dirname(script)), { recursive: true, force: true });
  }
  const doc = path.join(root, 'docs', 'benchmarks.md');
  const previous = fs.existsSync(doc) ? fs.readFileSync(doc, 'utf8') : '';
  const previousScenarios = previous.includes(SYNTH_SCENARIOS_START)
    ? previous.slice(previous.indexOf(SYNTH_SCENARIOS_START), previous.indexOf(SYNTH_SCENARIOS_END) + SYNTH_SCENARIOS_END.length) : '';
  if (scenariosOnly) {
    const section = scenarioReport(scenarioRows);
    fs.writeFileSync(doc, previousScenarios ? previous.replace(previousScenarios, section) : `${previous.trimEnd()}\n\n${section}\n`);
    console.log('wrote the app-wide checks section of docs/benchmarks.md');
  } else if (!custom) {
    fs.writeFileSync(doc, `${report(results, repeats)}\n${scenarioReport(scenarioRows)}\n`);
    console.log('wrote docs/benchmarks.md');
  }
}

const DESCRIPTIONS: Record<Kind, string[]> = {
  deployment: [
    'Apps of N deployments, each with its ServiceAccount, ClusterIP Service, NetworkPolicy and PodDisruptionBudget, built and',
    'synthesized with `app.synthYaml()`. "Hand-written" builds the identical manifests directly from cdk8s-plus-28 objects plus',
    'JSON patches for the fields cdk8s-plus cannot express (pod seccomp, topology spread, ephemeral-storage, named probe port);',
    'the script checks that both outputs are identical before measuring.',
  ],
  statefulset: [
    'Apps of N stateful sets (a 20Gi data volume each), each with its headless Service, ServiceAccount, NetworkPolicy and',
    'PodDisruptionBudget. "Hand-written" builds the identical manifests from cdk8s-plus-28 objects plus JSON patches (pod seccomp,',
    'topology spread, ephemeral-storage, named probe port, the volume claim template, its mount and the retention policy).',
  ],
  cronjob: [
    'Apps of N cron jobs, each with its ServiceAccount and NetworkPolicy. "Hand-written" builds the identical manifests from',
    'cdk8s-plus-28 objects plus JSON patches (pod seccomp, ephemeral-storage).',
  ],
};

function reportSection(kind: Kind, rows: Row[]): string[] {
  const label = KIND_NAMES[kind];
  const ratio = (a: number, b: number): string => (a / b).toFixed(2);
  const within = rows.every((r) => r.secure.ms / r.hand.ms <= TARGET_RATIO && r.secure.maxRssMiB / r.hand.maxRssMiB <= TARGET_RATIO);
  const perObject = (r: Row): number => (r.secure.ms * 1000) / r.n;
  // Cost of each added workload between consecutive sizes; flat (or falling) means linear growth.
  const marginals = rows.slice(1).map((r, i) => (r.secure.ms - rows[i].secure.ms) / (r.n - rows[i].n));
  const linear = marginals.every((m) => m <= marginals[0] * LINEAR_TOLERANCE);
  return [
    `## Synthesis: ${label} vs hand-written cdk8s-plus`,
    '',
    ...DESCRIPTIONS[kind],
    '',
    `| N | ${label} time | hand-written time | time ratio | ${label} peak RSS | hand-written peak RSS | memory ratio | ${label} per workload |`,
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.n.toLocaleString('en-US')} | ${r.secure.ms.toFixed(0)} ms | ${r.hand.ms.toFixed(0)} ms | ${ratio(r.secure.ms, r.hand.ms)} `
      + `| ${r.secure.maxRssMiB.toFixed(0)} MiB | ${r.hand.maxRssMiB.toFixed(0)} MiB | ${ratio(r.secure.maxRssMiB, r.hand.maxRssMiB)} `
      + `| ${perObject(r).toFixed(0)} µs |`),
    '',
    `Within target at every size: **${within ? 'yes' : 'no'}**.`,
    '',
    `Growth: ${linear ? 'linear' : '**not linear**'}. The cost of each added workload ${linear ? 'does not rise' : 'rises'} from one size`,
    `range to the next (last range ${(marginals[marginals.length - 1] / marginals[0]).toFixed(2)}x the first; linear means at most ${LINEAR_TOLERANCE}x).`,
    '',
    `| from N | to N | ${label} per added workload | hand-written per added workload |`,
    '|---:|---:|---:|---:|',
    ...rows.slice(1).map((r, i) => {
      const prev = rows[i];
      const marginal = (a: number, b: number): string => `${(((a - b) * 1000) / (r.n - prev.n)).toFixed(0)} µs`;
      return `| ${prev.n.toLocaleString('en-US')} | ${r.n.toLocaleString('en-US')} | ${marginal(r.secure.ms, prev.secure.ms)} | ${marginal(r.hand.ms, prev.hand.ms)} |`;
    }),
    '',
  ];
}

function report(results: Array<{ kind: Kind; rows: Row[] }>, repeats: number): string {
  const cpu = os.cpus();
  return [
    '# Benchmarks',
    '',
    `Each cell is the median of ${repeats} runs, each in a fresh Node.js process running pre-transpiled JavaScript: wall time`,
    'from the first construct to the YAML string, and the peak resident set size of the process (which includes the Node.js',
    `runtime and the loaded libraries). Target: each secure construct within ${TARGET_RATIO}x of hand-written in both, with linear growth.`,
    'The time per workload is higher at small N because it includes the fixed start-up cost.',
    '',
    ...results.flatMap(({ kind, rows }) => reportSection(kind, rows)),
    `Machine: ${cpu.length} x ${cpu[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node.js ${process.version}, ${os.platform()}.`,
    'The machine is shared with other jobs, so absolute figures vary between runs; the ratios, measured with alternating order,',
    'are the meaningful part. Reproduce with `npm run bench` (`BENCH_REPEATS=<n>` for more runs).',
    '',
  ].join('\n');
}

interface ScenarioRow {
  readonly scenario: Scenario;
  readonly n: number;
  readonly rounds: number;
  readonly plain: number;
  readonly time: number;
}

function scenarioReport(rows: readonly ScenarioRow[]): string {
  const lines = [
    SYNTH_SCENARIOS_START,
    '## Synthesis: app-wide checks',
    '',
    'SecureDeployment apps (as above) with what makes synthesis check the whole app, each beside the plain app of the same',
    'size measured in the same rounds (alternating order, fresh processes; the median of the rounds). Target: linear growth',
    `(the ratio to the plain app does not grow with N); for the priority class, within ${SCENARIO_TARGET_RATIO}x of the plain app at 2,000.`,
    'Generated by `scripts/bench-synth.ts` (`BENCH_SYNTH_SCENARIOS_ONLY=1` runs only this section, `BENCH_SYNTH_SCENARIOS=priority,labels`',
    'only those scenarios).',
    '',
    '| Scenario | N | rounds | plain app | scenario | ratio |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows.map((row) => `| ${SCENARIO_NAMES[row.scenario]} | ${row.n.toLocaleString('en-US')} | ${row.rounds} | ${row.plain.toFixed(0)} ms `
      + `| ${row.time.toFixed(0)} ms | ${(row.time / row.plain).toFixed(2)} |`),
    '',
  ];
  for (const scenario of SCENARIOS) {
    const own = rows.filter((row) => row.scenario === scenario);
    if (own.length < 2) continue;
    const [small, large] = [own[0], own[own.length - 1]];
    const growth = (large.time / small.time) / (large.n / small.n);
    lines.push(`- ${SCENARIO_NAMES[scenario]}: time ×${(large.time / small.time).toFixed(2)} for N ×${large.n / small.n} `
      + `(${growth.toFixed(2)} of linear; the plain app ×${(large.plain / small.plain).toFixed(2)}).`);
  }
  lines.push('', `Machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'unknown CPU'} (shared), Node.js ${process.version}; `
    + `load average ${os.loadavg()[0].toFixed(1)} at the end.`, SYNTH_SCENARIOS_END);
  return lines.join('\n');
}

if (process.argv[2] === '--child') {
  runChild(process.argv[3] as Variant | Scenario, Number(process.argv[4]), (process.argv[5] ?? 'deployment') as Kind);
} else if (process.argv[2] === '--check') {
  for (const kind of KINDS) {
    checkSameOutput(3, kind);
  }
  console.log(`the hand-written apps match ${KINDS.map((kind) => KIND_NAMES[kind]).join(', ')}`);
} else {
  main();
}
