import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { runCli } from '../../src/audit/cli/run-cli';

const FIXTURES = path.join(__dirname, '..', 'audit', 'fixtures');
const HARDENED = path.join(FIXTURES, 'hardened.yaml');
const INSECURE = path.join(FIXTURES, 'insecure.yaml');

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function cli(argv: string[], options: { stdin?: string; tty?: boolean; env?: Record<string, string> } = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { isTTY: options.tty ?? false, write: (text: string) => { stdout += text; } },
    stderr: { write: (text: string) => { stderr += text; } },
    env: options.env ?? {},
    readStdin: async () => options.stdin ?? '',
  });
  return { code, stdout, stderr };
}

function tempFile(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-secure-cli-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

/** The hardened fixture plus one Service of type NodePort: warnings only. */
function warningsOnly(): string {
  return tempFile('warnings.yaml', `${fs.readFileSync(HARDENED, 'utf8')}
---
apiVersion: v1
kind: Service
metadata: { name: edge, namespace: shop }
spec:
  type: NodePort
  selector: { app.kubernetes.io/name: web }
  ports: [{ port: 443, targetPort: 8080 }]
`);
}

describe('exit codes', () => {
  test.each(['text', 'json', 'markdown', 'sarif'])('0 for a clean file (--format %s)', async format => {
    const run = await cli(['audit', '--format', format, HARDENED]);
    expect(run.code).toBe(0);
    expect(run.stdout.length).toBeGreaterThan(0);
  });

  test.each(['text', 'json', 'markdown', 'sarif'])('1 for findings at or above --fail-on (--format %s)', async format => {
    const run = await cli(['audit', '--format', format, INSECURE]);
    expect(run.code).toBe(1);
  });

  test.each([
    ['error', 0],
    ['warning', 1],
    ['info', 1],
  ])('--fail-on %s with warnings only exits %d', async (failOn, code) => {
    expect((await cli(['audit', '--fail-on', failOn, warningsOnly()])).code).toBe(code);
  });

  test('--fail-on info fails on INFO findings', async () => {
    const file = tempFile('info.yaml', fs.readFileSync(HARDENED, 'utf8').replace(/\n\s*priorityClassName: shop-default/g, ''));
    expect((await cli(['audit', '--fail-on', 'warning', file])).code).toBe(0);
    expect((await cli(['audit', '--fail-on', 'info', file])).code).toBe(1);
  });

  test('2 for a missing file, still reporting the readable ones', async () => {
    const run = await cli(['audit', '--format', 'json', INSECURE, '/no/such/file.yaml']);
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout);
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.problems).toEqual([{ severity: 'error', file: '/no/such/file.yaml', message: expect.stringMatching(/^cannot read the file: ENOENT/) }]);
    expect(run.stderr).toContain('some input could not be read');
  });

  test('2 for malformed YAML, reporting file, document index and line', async () => {
    const file = tempFile('broken.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: ok, namespace: team }\n---\nkind: [Pod\n');
    const run = await cli(['audit', file]);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain(`ERROR      ${file}, document 1, line 5: malformed YAML, document skipped:`);
  });

  test.each([
    [['audit'], 'no input: name one or more files or directories, or - for standard input'],
    [['lint', 'x.yaml'], 'unknown command "lint"; use audit, rules, explain or --version'],
    [['audit', '--pack', 'cis', 'x.yaml'], 'unknown audit pack "cis"; use one of pss-baseline, pss-restricted, hardened'],
    [['audit', '--format', 'html', 'x.yaml'], 'unknown format "html"; use text, json, markdown, sarif or junit'],
    [['audit', '--fail-on', 'fatal', 'x.yaml'], 'unknown severity "fatal" for --fail-on; use error, warning or info'],
    [['audit', '--frobnicate', 'x.yaml'], 'unknown option --frobnicate'],
    [['audit', '--format'], '--format needs a value'],
    [['audit', '--suppress', 'SVC-TYPE', 'x.yaml'], '--suppress "SVC-TYPE" is not RULE:TARGET:REASON'],
    [['audit', '--suppress', 'NOPE:*:a long enough reason', 'x.yaml'], '--suppress names the unknown rule "NOPE"'],
    [['audit', '--suppress', 'SVC-TYPE:*:short', 'x.yaml'], "audit options: invalid 'suppressions[0].reason': received \"short\""],
  ])('2 for the usage error %j', async (argv, message) => {
    const run = await cli(argv);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`cdk8s-secure: ${message}`);
    expect(run.stderr).toContain('Usage: cdk8s-secure audit');
    expect(run.stdout).toEqual('');
  });

  test('--help prints the usage and exits 0', async () => {
    for (const argv of [[], ['--help'], ['audit', '--help']]) {
      const run = await cli(argv);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Exit codes: 0 no active finding');
    }
  });
});

describe('input', () => {
  test('reads standard input with -, including List kinds', async () => {
    const stdin = JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'x' }, spec: { hostIPC: true, containers: [{ name: 'c', image: 'a:1' }] } }],
    });
    const run = await cli(['audit', '--pack', 'pss-baseline', '--format', 'json', '-'], { stdin });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).findings.map((f: any) => [f.id, f.file, f.documentIndex])).toEqual([['pss-baseline/POD-NO-HOSTIPC', '-', 0]]);
  });

  test('reads the manifest files of a directory, recursively, in name order', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-secure-dir-'));
    fs.mkdirSync(path.join(dir, 'b'));
    fs.copyFileSync(INSECURE, path.join(dir, 'b', 'insecure.yml'));
    fs.copyFileSync(HARDENED, path.join(dir, 'a.yaml'));
    fs.writeFileSync(path.join(dir, 'README.md'), '# not a manifest');
    const run = await cli(['audit', '--format', 'json', dir]);
    const files = [...new Set(JSON.parse(run.stdout).findings.map((f: any) => f.file))];
    expect(files).toEqual([path.join(dir, 'b', 'insecure.yml')]);
    expect(JSON.parse(run.stdout).summary.objects).toBe(35);
  });

  test.each([
    ['an empty directory', () => fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-secure-empty-'))],
    ['a file without objects', () => tempFile('empty.yaml', '# nothing rendered\n---\n')],
  ])('2 for input without any object (%s), unless --allow-empty', async (_case, input) => {
    const target = input();
    const run = await cli(['audit', target]);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('the input holds no Kubernetes object');
    expect((await cli(['audit', '--allow-empty', target])).code).toBe(0);
  });

  test('--allowed-registry enables IMG-REGISTRY', async () => {
    const without = JSON.parse((await cli(['audit', '--format', 'json', INSECURE])).stdout);
    const withList = JSON.parse((await cli(['audit', '--format', 'json', '--allowed-registry', 'registry.example.com', INSECURE])).stdout);
    expect(without.findings.some((f: any) => f.ruleId === 'IMG-REGISTRY')).toBe(false);
    expect(withList.findings.some((f: any) => f.ruleId === 'IMG-REGISTRY')).toBe(true);
  });

  test('--priority-class names platform PriorityClasses', async () => {
    const file = tempFile('pc.yaml', fs.readFileSync(HARDENED, 'utf8').replace(/priorityClassName: shop-default/g, 'priorityClassName: platform-high'));
    expect((await cli(['audit', file])).code).toBe(1);
    expect((await cli(['audit', '--priority-class', 'platform-high', file])).code).toBe(0);
  });

  test('--required-label makes META-LABELS require an organisation label on workloads', async () => {
    expect((await cli(['audit', HARDENED])).code).toBe(0);
    const run = await cli(['audit', '--format', 'json', '--required-label', 'team,example.com/cost-center', HARDENED]);
    expect(run.code).toBe(1);
    const missing = JSON.parse(run.stdout).findings.filter((f: any) => f.ruleId === 'META-LABELS').map((f: any) => `${f.kind}/${f.name} ${f.path}`);
    expect(missing.sort()).toEqual([
      'CronJob/cleanup metadata.labels.team', 'CronJob/cleanup metadata.labels["example.com/cost-center"]',
      'Deployment/web metadata.labels.team', 'Deployment/web metadata.labels["example.com/cost-center"]',
    ].sort());
    expect((await cli(['audit', '--required-label', 'app.kubernetes.io/part-of', HARDENED])).code).toBe(0);
  });

  test('--framework limits the related controls of markdown and sarif reports', async () => {
    // The fixture's findings leave no room for the table under the default size budget.
    expect((await cli(['audit', '--format', 'markdown', INSECURE])).stdout).toContain('_Related controls are not listed here, for length');
    const all = (await cli(['audit', '--format', 'markdown', '--markdown-max-length', '500000', INSECURE])).stdout;
    expect(all).toContain('| Rule | PSS | CIS Kubernetes 1.8 | NSA/CISA 1.2 | NIST 800-53r5 | PCI DSS 4.0 | HIPAA | ISO 27001:2022 | GDPR |');
    const run = await cli(['audit', '--format', 'markdown', '--markdown-max-length=500000', '--framework', 'pci-dss,ISO-27001', INSECURE]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('| Rule | PSS | PCI DSS 4.0 | ISO 27001:2022 |\n');
    const sarif = JSON.parse((await cli(['audit', '--format', 'sarif', '--framework', 'gdpr', INSECURE])).stdout);
    for (const rule of sarif.runs[0].tool.driver.rules) {
      expect(Object.keys(rule.properties.relatedControls).filter((key) => key !== 'podSecurityStandard')).toEqual(['gdpr']);
    }
  });

  test('--framework with an unknown name is a usage error naming the known ones', async () => {
    const run = await cli(['audit', '--framework', 'sox', HARDENED]);
    expect(run.code).toBe(2);
    expect(run.stderr + run.stdout).toContain('unknown framework "sox" for --framework; use cis-kubernetes, nsa-cisa, nist-800-53, pci-dss, hipaa, iso-27001, gdpr');
  });

  test('--required-label with an invalid key is a usage error', async () => {
    const run = await cli(['audit', '--required-label', 'cost center', HARDENED]);
    expect(run.code).toBe(2);
    expect(run.stderr + run.stdout).toContain("invalid 'requiredLabels[0]': received \"cost center\"; the label key has a name");
  });
});

describe('suppressions', () => {
  test('--suppress RULE:Kind/namespace/name:reason suppresses and reports the reason', async () => {
    const run = await cli(['audit', '--format', 'json', '--suppress', 'SVC-TYPE:Service/shop/edge:public load balancer of the shop', warningsOnly()]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.findings.filter((f: any) => f.suppressed).map((f: any) => [f.id, f.suppressionReason]))
      .toEqual([['hardened/SVC-TYPE', 'public load balancer of the shop']]);
  });

  test('a suppressions file, and unused suppressions are reported', async () => {
    const file = tempFile('suppressions.yaml', [
      '- { rule: SVC-TYPE, kind: Service, name: edge, reason: public load balancer of the shop }',
      '- { rule: RBAC-EXEC, reason: debugging role of the on-call team }',
    ].join('\n'));
    const run = await cli(['audit', '--suppressions', file, warningsOnly()]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Unused suppressions (matched no finding; remove them):\n'
      + `  RBAC-EXEC on object suppression (${file}) on objects * */*: debugging role of the on-call team`);
  });

  test.each([
    ['not a list', 'rule: SVC-TYPE', 'is not a list of { rule, reason, kind?, namespace?, name?, approvalReference?, expires? }'],
    ['a short reason', '- { rule: SVC-TYPE, reason: public }', "invalid 'suppressions[0].reason'"],
  ])('a suppressions file that is %s is a usage error', async (_what, text, message) => {
    const run = await cli(['audit', '--suppressions', tempFile('s.yaml', text), HARDENED]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });

  test('exception annotations in files are ignored unless a policy file honours them', async () => {
    const file = tempFile('annotated.yaml', fs.readFileSync(HARDENED, 'utf8').replace('kind: Service\nmetadata:\n  name: web\n',
      'kind: Service\nmetadata:\n  name: web\n  annotations:\n    exception.cdk8s-secure.io/SVC-TYPE: public load balancer of the shop\n')
      .replace('  type: ClusterIP', '  type: LoadBalancer'));
    const strict = await cli(['audit', '--format', 'json', file]);
    expect(strict.code).toBe(1);
    expect(JSON.parse(strict.stdout).summary.suppressed).toBe(0);
    const policy = tempFile('policy.yaml', 'annotationExceptions: allowed-rules\nexceptions:\n  allowedRules: [SVC-TYPE]\n');
    const run = await cli(['audit', '--policy', policy, '--format', 'json', file]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).summary.suppressed).toBe(1);
  });
});

describe('output', () => {
  test('text is coloured on a terminal only, and never with NO_COLOR or --no-color', async () => {
    expect((await cli(['audit', INSECURE], { tty: true })).stdout).toContain('\u001b[31m');
    expect((await cli(['audit', INSECURE], { tty: false })).stdout).not.toContain('\u001b[');
    expect((await cli(['audit', INSECURE], { tty: true, env: { NO_COLOR: '1' } })).stdout).not.toContain('\u001b[');
    expect((await cli(['audit', '--no-color', INSECURE], { tty: true })).stdout).not.toContain('\u001b[');
    expect((await cli(['audit', '--color', INSECURE], { tty: false })).stdout).toContain('\u001b[31m');
  });

  test('--output writes the report to a file and the summary to stderr', async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-secure-out-')), 'reports', 'audit.sarif');
    const run = await cli(['audit', '--format', 'sarif', '--output', out, INSECURE]);
    expect(run.code).toBe(1);
    expect(run.stdout).toEqual('');
    expect(run.stderr).toMatch(/^audit \(pss-baseline, pss-restricted, hardened\) of 17 objects: \d+ errors/);
    const log = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(log.version).toEqual('2.1.0');
  });

  test('--output JSON (written finding by finding) and --write-baseline are byte for byte the report written to stdout', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-secure-out-'));
    for (const perPack of [[], ['--per-pack']]) {
      const stdout = await cli(['audit', '--format', 'json', ...perPack, INSECURE, HARDENED]);
      const out = path.join(dir, 'report.json');
      const baseline = path.join(dir, 'baseline.json');
      const written = await cli(['audit', '--format', 'json', ...perPack, '--output', out, '--write-baseline', baseline, INSECURE, HARDENED]);
      expect(written.code).toBe(stdout.code);
      expect(JSON.parse(stdout.stdout).findings.length).toBeGreaterThan(50);
      expect(fs.readFileSync(out, 'utf8')).toBe(stdout.stdout);
      expect(fs.readFileSync(baseline, 'utf8')).toBe(stdout.stdout);
    }
  });

  test('SARIF results point at the file and the line of the offending field', async () => {
    const log = JSON.parse((await cli(['audit', '--format', 'sarif', '--pack', 'pss-baseline', INSECURE])).stdout);
    const privileged = log.runs[0].results.find((r: any) => r.ruleId === 'pss-baseline/CTR-NOT-PRIVILEGED');
    const lines = fs.readFileSync(INSECURE, 'utf8').split('\n');
    const physical = privileged.locations[0].physicalLocation;
    expect(physical.artifactLocation.uri).toEqual(pathToFileURL(INSECURE).href);
    expect(lines[physical.region.startLine - 1].trim()).toEqual('privileged: true');
  });

  test('markdown is ready for a pull-request comment', async () => {
    const run = await cli(['audit', '--format', 'markdown', INSECURE]);
    expect(run.stdout).toMatch(/^## cdk8s-secure audit\n/);
    expect(run.stdout).toMatch(new RegExp(`<details open><summary>Deployment legacy/api — \\d+ errors — <code>${INSECURE}, document 1</code></summary>`));
  });
});
