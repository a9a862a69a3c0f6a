import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../src/audit/cli/run-cli';

const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'custom-pack');
const HARDENED = fs.readFileSync(path.join(__dirname, '..', 'audit', 'fixtures', 'hardened.yaml'), 'utf8');

async function cli(argv: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (text: string) => { stdout += text; } },
    stderr: { write: (text: string) => { stderr += text; } },
    env: {},
    cwd,
    readStdin: async () => '',
  });
  return { code, stdout, stderr };
}

/** A directory outside any repository holding the hardened manifests and a copy-free link to the example pack. */
function workdir(policy?: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pack-module-'));
  fs.writeFileSync(path.join(dir, 'app.yaml'), HARDENED);
  fs.writeFileSync(path.join(dir, 'acme.ts'), `export * from ${JSON.stringify(path.join(EXAMPLE, 'team-label-pack'))};\n`);
  fs.writeFileSync(path.join(dir, 'nothing.ts'), 'export const answer = 42;\n');
  if (policy !== undefined) fs.writeFileSync(path.join(dir, 'cdk8s-secure.policy.yaml'), policy);
  return dir;
}

describe('--pack-module', () => {
  test('the example pack, loaded relative to the working directory, fails the audit on the missing team label', async () => {
    const dir = workdir();
    const result = await cli(['audit', '--pack-module', './acme.ts', '--pack', 'acme-platform', '--format', 'json', 'app.yaml'], dir);
    expect(result.stderr).toBe('audit (acme-platform) of 18 objects: 0 errors, 2 warnings, 0 info, 0 suppressed\n');
    const report = JSON.parse(result.stdout);
    const ids = report.findings.filter((f: { suppressed: boolean }) => !f.suppressed).map((f: { id: string }) => f.id);
    expect(ids).toEqual(['acme-platform/ACME-TEAM-LABEL', 'acme-platform/ACME-TEAM-LABEL']);
    expect(result.code).toBe(1);
  });

  test('without --pack, its packs run beside the default packs', async () => {
    const dir = workdir();
    const result = await cli(['audit', '--pack-module', 'acme.ts', '--fail-on', 'error', '--format', 'json', 'app.yaml'], dir);
    const report = JSON.parse(result.stdout);
    expect(report.packs.map((p: { name: string } | string) => typeof p === 'string' ? p : p.name)).toEqual(['pss-baseline', 'pss-restricted', 'hardened', 'acme-platform']);
    expect(result.code).toBe(0);
  });

  test('a missing module, one that exports nothing usable, and an unknown pack name are clear errors', async () => {
    const dir = workdir();
    const missing = await cli(['audit', '--pack-module', './missing.js', 'app.yaml'], dir);
    expect([missing.code, missing.stderr]).toEqual([2, `cdk8s-secure: pack module ./missing.js: not found (looked for ${path.join(dir, 'missing.js')}); `
      + 'give the path of a JavaScript module, relative to the current directory\n']);
    const nothing = await cli(['audit', '--pack-module', './nothing.ts', 'app.yaml'], dir);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('pack module ./nothing.ts: exports no pack made with Pack.custom() and no custom rule');
    const unknown = await cli(['audit', '--pack-module', './acme.ts', '--pack', 'acme', 'app.yaml'], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown audit pack "acme"; use one of pss-baseline, pss-restricted, hardened, acme-platform');
  });

  test('the policy file excludes and re-rates rules; the app team\'s pack cannot drop a rule the policy requires', async () => {
    const excluded = workdir('excludedRules: [ACME-TEAM-LABEL]\n');
    const passes = await cli(['audit', '--pack-module', './acme.ts', '--pack', 'acme-platform', 'app.yaml'], excluded);
    expect(passes.code).toBe(0);
    const rated = workdir('ruleSeverities: { ACME-TEAM-LABEL: info }\n');
    const info = await cli(['audit', '--pack-module', './acme.ts', '--pack', 'acme-platform', '--format', 'json', 'app.yaml'], rated);
    expect(JSON.parse(info.stdout).findings.filter((f: { ruleId: string }) => f.ruleId === 'ACME-TEAM-LABEL').map((f: { severity: string }) => f.severity))
      .toEqual(['info', 'info']);
    expect(info.code).toBe(0);

    const strict = workdir('exceptions:\n  neverExceptable: [CTR-NOT-PRIVILEGED]\n');
    fs.writeFileSync(path.join(strict, 'quiet.ts'), 'import { Pack, RuleId } from \'cdk8s-secure\';\nexport const quiet = Pack.custom(\'quiet\', \'almost nothing\', { builtInRules: [RuleId.IMG_TAG] });\n');
    const refused = await cli(['audit', '--pack-module', './quiet.ts', '--pack', 'quiet', 'app.yaml'], strict);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('the exception policy marks CTR-NOT-PRIVILEGED never exceptable, and no pack of this audit runs it (custom packs quiet leave it out)');
    const selfExcluding = workdir('excludedRules: [CTR-NOT-PRIVILEGED]\nexceptions:\n  neverExceptable: [CTR-NOT-PRIVILEGED]\n');
    const contradiction = await cli(['audit', 'app.yaml'], selfExcluding);
    expect(contradiction.code).toBe(2);
    expect(contradiction.stderr).toContain('the exception policy marks CTR-NOT-PRIVILEGED never exceptable, so no audit may leave it out');
  });

  test('a policy file with an invalid severity names the key', async () => {
    const dir = workdir('ruleSeverities: { IMG-TAG: fatal }\n');
    const result = await cli(['audit', 'app.yaml'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("'ruleSeverities.IMG-TAG' is \"fatal\"; use error, warning or info");
  });

  test('rules lists the custom rules of the modules beside the built-in ones, at each pack\'s severity', async () => {
    const dir = workdir();
    const text = await cli(['rules', '--pack-module', './acme.ts', '--pack', 'hardened,acme-platform'], dir);
    expect(text.code).toBe(0);
    const line = text.stdout.split('\n').find((l) => l.startsWith('ACME-TEAM-LABEL'));
    expect(line).toMatch(/^ACME-TEAM-LABEL\s+-\s+warning\s+Workloads name their owning team/);
    expect(text.stdout.split('\n').find((l) => l.startsWith('IMG-TAG '))).toMatch(/^IMG-TAG\s+warning\s+error\s/);
    const json = JSON.parse((await cli(['rules', '--pack-module', './acme.ts', '--format', 'json'], dir)).stdout);
    expect(json.find((rule: { id: string }) => rule.id === 'ACME-TEAM-LABEL').severities).toEqual({ 'acme-platform': 'warning' });
    // Without the module, the custom rule is unknown.
    expect((await cli(['rules'], dir)).stdout).not.toContain('ACME-TEAM-LABEL');
  });

  test('explain describes a custom rule of a module, and an unknown id is a usage error', async () => {
    const dir = workdir();
    const explained = await cli(['explain', 'ACME-TEAM-LABEL', '--pack-module', './acme.ts'], dir);
    expect(explained.code).toBe(0);
    expect(explained.stdout).toContain('ACME-TEAM-LABEL: Workloads name their owning team in a team label (team-<name>)');
    expect(explained.stdout).toContain('Packs: acme-platform (warning)');
    expect(explained.stdout).toContain('Fix: Set metadata.labels.team to the owning team');
    const builtIn = await cli(['explain', 'IMG-TAG', '--pack-module', './acme.ts'], dir);
    expect(builtIn.stdout).toContain('acme-platform (error)');
    const unknown = await cli(['explain', 'ACME-NOPE', '--pack-module', './acme.ts'], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown rule "ACME-NOPE"; cdk8s-secure rules --pack-module FILE lists them');
    const missing = await cli(['rules', '--pack-module', './missing.js'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('pack module ./missing.js: not found');
  });
});
