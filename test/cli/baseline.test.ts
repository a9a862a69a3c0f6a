import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../src/audit/cli/run-cli';

const INSECURE = path.join(__dirname, '..', 'audit', 'fixtures', 'insecure.yaml');

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (text: string) => { stdout += text; } },
    stderr: { write: (text: string) => { stderr += text; } },
    env: {},
    readStdin: async () => '',
  });
  return { code, stdout, stderr };
}

const NEW_SERVICE = `---
apiVersion: v1
kind: Service
metadata: { name: debug, namespace: legacy }
spec:
  type: NodePort
  selector: { app: api }
  ports: [{ port: 80, targetPort: 8080 }]
`;

describe('--baseline and --write-baseline', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-secure-baseline-'));
  const baseline = path.join(dir, 'baseline.json');
  const manifest = path.join(dir, 'app.yaml');

  beforeAll(async () => {
    fs.copyFileSync(INSECURE, manifest);
    const run = await cli(['audit', '--write-baseline', baseline, manifest]);
    expect(run.code).toBe(1);
  });

  test('with a baseline of today\'s findings the CLI exits 0 and lists nothing as new', async () => {
    const run = await cli(['audit', '--baseline', baseline, manifest]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/baseline .*baseline\.json: 0 new findings, \d+ unchanged, 0 fixed\n$/);
    expect(run.stdout).not.toContain('New findings:');
  });

  test('one new finding makes it exit 1 and is the only one listed as new, though every line moved', async () => {
    // Lines moved: a comment block on top shifts every object; the new Service is the only new problem.
    fs.writeFileSync(manifest, `# moved\n# by\n# three lines\n${fs.readFileSync(INSECURE, 'utf8')}${NEW_SERVICE}`);
    const run = await cli(['audit', '--format', 'json', '--baseline', baseline, manifest]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    const added = report.findings.filter((finding: any) => finding.baselineState === 'new');
    expect(added.map((finding: any) => `${finding.ruleId} ${finding.kind}/${finding.name}`)).toEqual(['SVC-TYPE Service/debug']);
    expect(report.baseline).toEqual(expect.objectContaining({ new: 1, fixed: [] }));
    expect(report.findings.filter((finding: any) => finding.baselineState === 'unchanged').length).toBeGreaterThan(50);
    expect(run.stderr).toMatch(/baseline\.json: 1 new finding, \d+ unchanged, 0 fixed/);

    const text = await cli(['audit', '--baseline', baseline, manifest]);
    expect(text.code).toBe(1);
    const listed = text.stdout.split('New findings:\n')[1].trim().split('\n');
    expect(listed).toEqual([expect.stringMatching(/^WARNING hardened\/SVC-TYPE Service legacy\/debug spec\.type: /)]);

    const sarif = JSON.parse((await cli(['audit', '--format', 'sarif', '--baseline', baseline, manifest])).stdout);
    const states = sarif.runs[0].results.map((result: any) => result.baselineState);
    expect(states.filter((state: string) => state === 'new')).toHaveLength(1);

    // --fail-on still applies: the new finding is a warning.
    expect((await cli(['audit', '--fail-on', 'error', '--baseline', baseline, manifest])).code).toBe(0);
  });

  test('findings that are gone are listed as fixed', async () => {
    const text = fs.readFileSync(INSECURE, 'utf8').replace(/privileged: true/g, 'privileged: false');
    fs.writeFileSync(manifest, text);
    const run = await cli(['audit', '--format', 'markdown', '--baseline', baseline, manifest]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/### Against the baseline\n\n\*\*baseline .*: 0 new findings, \d+ unchanged, [1-9]\d* fixed\*\*/);
    expect(run.stdout).toContain('Fixed since the baseline:');
    expect(run.stdout).toMatch(/- ERROR pss-baseline\/CTR-NOT-PRIVILEGED Deployment legacy\/api /);
  });

  test.each([
    ['missing', undefined, 'cannot read the baseline'],
    ['not JSON', 'kind: x', 'cannot read the baseline'],
    ['not a report', '{"results": []}', 'is not a JSON report of cdk8s-secure'],
    ['findings without fields', '{"findings": [{"ruleId": "SVC-TYPE"}]}', 'findings[0] has no ruleId, kind, name and path'],
  ])('a baseline that is %s exits 2', async (_what, content, message) => {
    const file = path.join(dir, `bad-${_what.replace(/ /g, '-')}.json`);
    if (content !== undefined) fs.writeFileSync(file, content);
    const run = await cli(['audit', '--baseline', file, INSECURE]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });
});
