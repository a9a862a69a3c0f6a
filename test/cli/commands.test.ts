import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Audit, Pack } from '../../src';
import { parseCliArgs, UsageError } from '../../src/audit/cli/cli-args';
import { runCli } from '../../src/audit/cli/run-cli';

const ROOT = path.join(__dirname, '..', '..');
const INSECURE = path.join(ROOT, 'test', 'audit', 'fixtures', 'insecure.yaml');
const PACKAGE_VERSION = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version as string;

async function cli(argv: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (text: string) => { stdout += text; } },
    stderr: { write: (text: string) => { stderr += text; } },
    env: {},
    readStdin: async () => stdin,
  });
  return { code, stdout, stderr };
}

describe('--version', () => {
  test.each([['--version'], ['-V'], ['version']])('%s prints the package version', async flag => {
    const run = await cli([flag]);
    expect(run.code).toBe(0);
    expect(run.stdout).toEqual(`${PACKAGE_VERSION}\n`);
  });

  test('takes no arguments', async () => {
    const run = await cli(['--version', 'x']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--version takes no arguments');
  });
});

describe('rules', () => {
  test('lists every rule of every pack with its severity per pack', async () => {
    const run = await cli(['rules']);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^RULE\s+pss-baseline\s+pss-restricted\s+hardened\s+TITLE$/);
    const privileged = lines.find(line => line.startsWith('CTR-NOT-PRIVILEGED '))!;
    expect(privileged.split(/\s{2,}/).slice(1, 4)).toEqual(['error', 'error', 'error']);
    const readOnly = lines.find(line => line.startsWith('CTR-READONLY-ROOTFS '))!;
    expect(readOnly.split(/\s{2,}/).slice(1, 3)).toEqual(['-', '-']);
    expect(run.stdout).toContain(`\n${Audit.ruleIds(Pack.HARDENED).length} rules;`);
    expect(lines.slice(1).filter(line => /^[A-Z][A-Z0-9-]+ /.test(line))).toHaveLength(Audit.ruleIds(Pack.HARDENED).length);
  });

  test('--pack and --severity filter, --format json gives the data', async () => {
    const run = await cli(['rules', '--pack', 'hardened', '--severity', 'info', '--format', 'json']);
    expect(run.code).toBe(0);
    const rules = JSON.parse(run.stdout) as Array<{ id: string; severities: Record<string, string>; fix: string }>;
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      expect(Object.keys(rule.severities)).toEqual(['hardened']);
      expect(rule.severities.hardened).toBe('info');
      expect(rule.fix.length).toBeGreaterThan(0);
    }
    const baseline = JSON.parse((await cli(['rules', '--pack', 'pss-baseline', '--format', 'json'])).stdout);
    expect(baseline).toHaveLength(13);
  });

  test('--framework keeps rules related to a control of that framework and lists only its controls', async () => {
    const all = JSON.parse((await cli(['rules', '--format', 'json'])).stdout) as Array<{ id: string }>;
    const pci = JSON.parse((await cli(['rules', '--framework', 'pci-dss', '--format', 'json'])).stdout) as Array<{ id: string; relatedControls: object }>;
    expect(pci.length).toBeGreaterThan(0);
    expect(pci.length).toBeLessThanOrEqual(all.length);
    for (const rule of pci) {
      expect(Object.keys(rule.relatedControls).filter(key => key !== 'podSecurityStandard')).toEqual(['pciDss']);
      expect((rule.relatedControls as { pciDss: string[] }).pciDss.length).toBeGreaterThan(0);
    }
  });

  test.each([
    [['rules', '--severity', 'fatal'], 'unknown severity "fatal" for --severity'],
    [['rules', '--format', 'sarif'], 'rules writes text or json, not sarif'],
    [['rules', 'extra'], 'rules takes no arguments besides its options'],
    [['rules', '--bogus'], 'unknown option --bogus'],
  ])('%j is a usage error', async (argv, message) => {
    const run = await cli(argv);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`cdk8s-secure: ${message}`);
  });
});

describe('explain', () => {
  test('explains a rule: title, fix, packs with severities, related controls', async () => {
    const run = await cli(['explain', 'ctr-not-privileged']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^CTR-NOT-PRIVILEGED: /);
    expect(run.stdout).toContain('\nFix: ');
    expect(run.stdout).toContain('Packs: pss-baseline (error), pss-restricted (error), hardened (error)');
    expect(run.stdout).toContain('Pod Security Standard: baseline');
    const json = JSON.parse((await cli(['explain', 'CTR-NOT-PRIVILEGED', '--format', 'json'])).stdout);
    expect(json.id).toBe('CTR-NOT-PRIVILEGED');
    expect(json.severities).toEqual({ 'pss-baseline': 'error', 'pss-restricted': 'error', 'hardened': 'error' });
  });

  test.each([
    [['explain'], 'explain needs exactly one rule id'],
    [['explain', 'A', 'B'], 'explain needs exactly one rule id'],
    [['explain', 'NOPE'], 'unknown rule "NOPE"; cdk8s-secure rules lists them'],
  ])('%j is a usage error', async (argv, message) => {
    const run = await cli(argv);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`cdk8s-secure: ${message}`);
  });
});

describe('--stdin-filename', () => {
  test('names standard input in findings and SARIF, so results map to a file of the repository', async () => {
    const stdin = fs.readFileSync(INSECURE, 'utf8');
    const run = await cli(['audit', '--format', 'sarif', '--stdin-filename', 'charts/shop/rendered.yaml', '-'], stdin);
    expect(run.code).toBe(1);
    const uris = new Set(JSON.parse(run.stdout).runs[0].results.map((r: any) => r.locations[0].physicalLocation.artifactLocation.uri));
    expect([...uris]).toEqual(['charts/shop/rendered.yaml']);
    const json = JSON.parse((await cli(['audit', '--format', 'json', '--stdin-filename=rendered.yaml', '-'], stdin)).stdout);
    expect(new Set(json.findings.map((f: any) => f.file))).toEqual(new Set(['rendered.yaml']));
  });

  test('without standard input among the inputs it is a usage error', async () => {
    const run = await cli(['audit', '--stdin-filename', 'x.yaml', INSECURE]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--stdin-filename names standard input');
  });
});

describe('argument parsing with util.parseArgs', () => {
  test('a later --color/--no-color wins, -o is --output, -- ends the options', () => {
    expect(parseCliArgs(['audit', '--color', '--no-colour', 'a.yaml']).colour).toBe(false);
    expect(parseCliArgs(['audit', '--no-color', '--colour', 'a.yaml']).colour).toBe(true);
    expect(parseCliArgs(['audit', '-o', 'r.json', 'a.yaml']).output).toBe('r.json');
    expect(parseCliArgs(['audit', '--', '--odd-name.yaml', '-']).files).toEqual(['--odd-name.yaml', '-']);
    expect(parseCliArgs(['audit', '--pack', 'hardened', '--pack=pss-baseline,pss-restricted', 'a.yaml']).packs!.map(p => p.name))
      .toEqual(['hardened', 'pss-baseline', 'pss-restricted']);
  });

  test.each([
    [['audit', '--format=', 'a.yaml'], '--format needs a value'],
    [['audit', '--output'], '--output needs a value'],
    [['audit', '--allow-empty=yes', 'a.yaml'], '--allow-empty takes no value'],
    [['audit', '-x', 'a.yaml'], 'unknown option -x'],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(UsageError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});

describe('the text summary', () => {
  test('counts every input problem it lists: INFO ones as notes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-secure-notes-'));
    fs.copyFileSync(INSECURE, path.join(dir, 'app.yaml'));
    fs.symlinkSync(dir, path.join(dir, 'loop.yaml'));
    fs.writeFileSync(path.join(dir, 'broken.yaml'), 'kind: [Pod\n');
    const run = await cli(['audit', dir]);
    const listed = run.stdout.split('Input problems:\n')[1].split('\n\n')[0].split('\n');
    expect(listed).toHaveLength(2);
    expect(run.stdout).toMatch(/, 1 input problem, 1 input note\n$/);
  });
});
