import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Audit, ReportFormat, RuleId, Severity } from '../../src';
import { runCli } from '../../src/audit/cli/run-cli';

const DEPLOYMENT = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata: {name: web, namespace: shop}',
  'spec:',
  '  replicas: 3',
  '  selector: {matchLabels: {app: web}}',
  '  template:',
  '    metadata: {labels: {app: web}}',
  '    spec:',
  '      containers:',
  '      - name: web',
  '        image: registry.example.com/web:1.0',
  '        securityContext:',
  '          privileged: true',
  '',
].join('\n');

const POLICY_AND_BUDGET = [
  '# the web app\'s network policy and budget, kept in another file',
  'apiVersion: networking.k8s.io/v1',
  'kind: NetworkPolicy',
  'metadata: {name: web, namespace: shop}',
  'spec: {podSelector: {matchLabels: {app: web}}, policyTypes: [Ingress, Egress]}',
  '---',
  'apiVersion: policy/v1',
  'kind: PodDisruptionBudget',
  'metadata: {name: web, namespace: shop}',
  'spec: {maxUnavailable: 1, selector: {matchLabels: {app: web}}}',
  '',
].join('\n');

const CROSS_RESOURCE = [RuleId.NS_DEFAULT_DENY, RuleId.AVAIL_PDB];

function tempDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-secure-files-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('Audit.ofYamlDocuments', () => {
  test('cross-resource rules see the objects of every text, and findings name the file and line of their text', () => {
    const together = Audit.ofYamlDocuments([{ file: 'deploy.yaml', text: DEPLOYMENT }, { file: 'policy.yaml', text: POLICY_AND_BUDGET }]);
    const alone = Audit.ofYamlDocuments([{ file: 'deploy.yaml', text: DEPLOYMENT }]);
    const crossRules = (report: Audit | ReturnType<typeof Audit.ofYaml>) => (report as ReturnType<typeof Audit.ofYaml>).findings
      .filter(f => CROSS_RESOURCE.includes(f.ruleId)).map(f => f.ruleId);
    expect(crossRules(alone)).toEqual(expect.arrayContaining(CROSS_RESOURCE));
    expect(crossRules(together)).toEqual([]);
    expect(together.objectCount).toBe(3);
    const privileged = together.findings.find(f => f.ruleId === RuleId.CTR_NOT_PRIVILEGED)!;
    expect([privileged.file, privileged.documentIndex, privileged.line]).toEqual(['deploy.yaml', 0, 14]);
    const policyFinding = Audit.ofYamlDocuments([{ file: 'policy.yaml', text: POLICY_AND_BUDGET }, { file: 'deploy.yaml', text: DEPLOYMENT }],
      { packs: undefined }).findings.find(f => f.file === 'deploy.yaml');
    expect(policyFinding?.documentIndex).toBe(0);
  });

  test('a malformed document of one text is a problem with its file and line; the rest is audited', () => {
    const report = Audit.ofYamlDocuments([{ file: 'bad.yaml', text: 'a: [unclosed\n---\n' + POLICY_AND_BUDGET }, { file: 'deploy.yaml', text: DEPLOYMENT }]);
    expect(report.problems.filter(p => p.severity === Severity.ERROR).map(p => [p.file, p.documentIndex, p.line])).toEqual([['bad.yaml', 0, 1]]);
    expect(report.objectCount).toBe(3);
  });

  test('the read options bound each document', () => {
    const report = Audit.ofYamlDocuments([{ file: 'deploy.yaml', text: DEPLOYMENT }], {}, { maxDocumentSize: 100 });
    expect(report.objectCount).toBe(0);
    expect(report.problems[0].message).toMatch(/more than the limit of 100 bytes per document/);
  });

  test.each([
    ['not a list', 'deploy.yaml', /Audit.ofYamlDocuments\(documents\): received "deploy.yaml"; is not a list of \{ file, text \}/],
    ['an entry without text', [{ file: 'a.yaml' }], /received documents\[0\] = an object with keys \["file"\]/],
    ['a number for the file', [{ file: 1, text: '' }], /documents\[0\]/],
  ])('plain JavaScript: %s gets the library\'s error', (_name, documents, message) => {
    expect(() => Audit.ofYamlDocuments(documents as never)).toThrow(message);
  });
});

describe('Audit.ofFiles', () => {
  test('reads files and directories as the CLI does: the same JSON report, byte for byte', async () => {
    const dir = tempDir({
      'apps/deploy.yaml': DEPLOYMENT,
      'apps/net/policy.yml': POLICY_AND_BUDGET,
      'apps/notes.txt': 'not read',
      'single.json': JSON.stringify({
        apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'shop' }, spec: { hostPID: true, containers: [{ name: 'c', image: 'x' }] },
      }, null, 2),
    });
    const report = Audit.ofFiles([path.join(dir, 'apps'), path.join(dir, 'single.json')]);
    expect(report.objectCount).toBe(4);
    expect([...new Set(report.findings.map(f => path.relative(dir, f.file!)))].sort()).toEqual(['apps/deploy.yaml', 'single.json']);
    expect(report.findings.find(f => f.ruleId === RuleId.POD_NO_HOSTPID)?.line).toBe(9);
    let stdout = '';
    const code = await runCli(['audit', '--format', 'json', path.join(dir, 'apps'), path.join(dir, 'single.json')], {
      stdout: { write: (text: string) => { stdout += text; } },
      stderr: { write: () => undefined },
      env: {},
      cwd: dir,
      readStdin: async () => '',
    });
    expect(code).toBe(1);
    expect(report.render(ReportFormat.JSON)).toBe(stdout);
  });

  test('what cannot be read is an ERROR problem, and the other files are still audited', () => {
    const dir = tempDir({ 'deploy.yaml': DEPLOYMENT, 'big.yaml': `# ${'x'.repeat(500)}\n${POLICY_AND_BUDGET}` });
    execFileSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
    const report = Audit.ofFiles([dir, path.join(dir, 'missing.yaml'), path.join(dir, 'pipe.yaml')], {}, { maxInputSize: 400 });
    expect(report.problems.map(p => [path.basename(p.file ?? ''), p.severity])).toEqual([
      ['pipe.yaml', Severity.WARNING], ['big.yaml', Severity.ERROR], ['missing.yaml', Severity.ERROR], ['pipe.yaml', Severity.ERROR],
    ]);
    expect(report.objectCount).toBe(1);
  });

  test.each([
    ['a string', 'dist/', /Audit.ofFiles\(paths\): received "dist\/"; is not a list of file or directory paths/],
    ['a number in the list', ['a.yaml', 3], /received paths\[1\] = 3/],
  ])('plain JavaScript: %s gets the library\'s error', (_name, paths, message) => {
    expect(() => Audit.ofFiles(paths as never)).toThrow(message);
  });

  test('a limit that is not a positive whole number gets the library\'s error', () => {
    expect(() => Audit.ofFiles(['a.yaml'], {}, { maxInputSize: -1 })).toThrow(/Audit.ofFiles\(readOptions\): invalid 'maxInputSize': received -1/);
    expect(() => Audit.ofYamlDocuments([], {}, { maxDocumentNodes: '5' as never })).toThrow(/invalid 'maxDocumentNodes': received "5"/);
  });
});
