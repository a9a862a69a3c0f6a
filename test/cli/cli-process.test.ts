import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { aliasedContainers } from './bounds-fixtures';

const ROOT = path.join(__dirname, '..', '..');
const MAIN = path.join(ROOT, 'src', 'cli', 'main.ts');
const FIXTURES = path.join(ROOT, 'test', 'audit', 'fixtures');

/** Runs the real `cdk8s-secure` bin (its TypeScript source through ts-node) in a child process. */
function cdk8sSecure(args: string[], input?: string) {
  const result = spawnSync(process.execPath, ['-r', 'ts-node/register', MAIN, ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.dev.json'), TS_NODE_TRANSPILE_ONLY: 'true', NO_COLOR: '1' },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the cdk8s-secure bin', () => {
  test('starts with a node shebang', () => {
    expect(fs.readFileSync(MAIN, 'utf8').split('\n')[0]).toEqual('#!/usr/bin/env node');
  });

  test('exits 0 on a clean file', () => {
    const run = cdk8sSecure(['audit', path.join(FIXTURES, 'hardened.yaml')]);
    expect(run.stdout).toEqual('audit (pss-baseline, pss-restricted, hardened) of 18 objects: 0 errors, 0 warnings, 0 info, 0 suppressed\n');
    expect(run.code).toBe(0);
  });

  test('exits 1 on findings, writing SARIF to stdout', () => {
    const run = cdk8sSecure(['audit', '--format', 'sarif', 'test/audit/fixtures/insecure.yaml']);
    expect(run.code).toBe(1);
    const log = JSON.parse(run.stdout);
    expect(log.version).toEqual('2.1.0');
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toEqual('test/audit/fixtures/insecure.yaml');
    expect(run.stderr).toMatch(/^audit \(pss-baseline, pss-restricted, hardened\) of 17 objects/);
  });

  test('reads standard input and writes JSON', () => {
    const run = cdk8sSecure(['audit', '--pack', 'pss-restricted', '--format', 'json', '-'], fs.readFileSync(path.join(FIXTURES, 'insecure.yaml'), 'utf8'));
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).packs).toEqual(['pss-restricted']);
  });

  test('exits 2 on unreadable input and on usage errors', () => {
    expect(cdk8sSecure(['audit', 'missing.yaml']).code).toBe(2);
    const usage = cdk8sSecure(['audit', '--format', 'xml', 'x.yaml']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('cdk8s-secure: unknown format "xml"');
  });

  test('audits 98 aliases of a container with 1,000 host ports as SARIF on standard input: findings capped, no crash', () => {
    const run = cdk8sSecure(['audit', '--format', 'sarif', '-'], aliasedContainers());
    expect(run.code).toBe(1);
    const results = JSON.parse(run.stdout).runs[0].results as Array<{ ruleId: string }>;
    const hostPorts = results.filter(result => result.ruleId.endsWith('CTR-NO-HOSTPORT'));
    expect(hostPorts.length).toBeLessThanOrEqual(3 * 21);
    expect(run.stdout).toContain('… and 98980 more findings of this rule on this object');
    expect(run.stdout.length).toBeLessThan(2_000_000);
  });

  test('skips a named pipe in a directory instead of hanging, and refuses standard input over the limit with exit 2', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-secure-fifo-'));
    fs.copyFileSync(path.join(FIXTURES, 'hardened.yaml'), path.join(dir, 'app.yaml'));
    let fifo = true;
    try {
      execFileSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
    } catch {
      fifo = false; // no named pipes on this platform
    }
    if (fifo) {
      const run = cdk8sSecure(['audit', dir]);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('pipe.yaml: is a named pipe (FIFO), not a regular file; skipped without reading it');
    }
    const stdin = cdk8sSecure(['audit', '--max-input-size', '1K', '-'], 'x'.repeat(4096));
    expect(stdin.code).toBe(2);
    expect(stdin.stdout).toMatch(/-: cannot read standard input: standard input is [\d.]+ KiB, more than the limit of 1 KiB/);
    expect(stdin.stderr).not.toMatch(/\n\s+at /);
  });
});
