import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { stringify } from 'yaml';
import { RuleId, SecureDeployment, SecurityException } from '../../src';
import { runCli } from '../../src/audit/cli/run-cli';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function cli(argv: string[], cwd: string): Promise<Run> {
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

/** A fresh directory holding `files` (name → text); `.git` makes it a repository root. */
function workspace(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-secure-policy-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** YAML 1.2 text of the chart: dates such as an exception's expiry are written unquoted, as many tools do. */
function yamlOf(chart: Chart): string {
  return Testing.synth(chart).map((manifest) => stringify(manifest)).join('---\n');
}

/** A SecureDeployment's YAML, edited to privileged and carrying its own exception annotation (as a chart could). */
function selfApprovedPrivileged(): string {
  const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
  new SecureDeployment(chart, 'api', { image: 'ghcr.io/acme/api:1.4.2', port: 8080 });
  const manifests = Testing.synth(chart);
  const deployment = manifests.find((manifest) => manifest.kind === 'Deployment');
  deployment.metadata.annotations = { 'exception.cdk8s-secure.io/CTR-NOT-PRIVILEGED': 'the vendor agent needs privileged mode' };
  deployment.spec.template.spec.containers[0].securityContext.privileged = true;
  return manifests.map((manifest) => stringify(manifest)).join('---\n');
}

/** A SecureDeployment with a typed CTR-READONLY-ROOTFS exception (approved, expiring), as its synthesized YAML. */
function excepted(expires = '2099-12-31'): string {
  const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
  new SecureDeployment(chart, 'api', {
    image: 'ghcr.io/acme/api:1.4.2',
    port: 8080,
    containerSecurityContext: { readOnlyRootFilesystem: false },
    exceptions: [SecurityException.of(RuleId.CTR_READONLY_ROOTFS, 'the vendor CMS writes below /var/www', { reference: 'SEC-9', expires })],
  });
  return yamlOf(chart);
}

const HONOUR = 'annotationExceptions: allowed-rules\nexceptions:\n  allowedRules: [CTR-READONLY-ROOTFS]\n';

describe('the self-approved privileged deployment', () => {
  test('exits 1 with --pack pss-restricted, even with a policy file that honours annotations', async () => {
    const yaml = selfApprovedPrivileged();
    expect(yaml).toContain('privileged: true');
    expect(yaml).toContain('exception.cdk8s-secure.io/CTR-NOT-PRIVILEGED');
    const plain = workspace({ '.git/HEAD': '', 'app.yaml': yaml });
    const run = await cli(['audit', '--pack', 'pss-restricted', '--format', 'json', 'app.yaml'], plain);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).findings.filter((f: { suppressed: boolean }) => !f.suppressed).map((f: { id: string }) => f.id))
      .toContain('pss-restricted/CTR-NOT-PRIVILEGED');

    const lenient = workspace({ '.git/HEAD': '', 'app.yaml': yaml, 'cdk8s-secure.policy.yaml': `${HONOUR.replace('[CTR-READONLY-ROOTFS]', '[CTR-NOT-PRIVILEGED]')}` });
    const again = await cli(['audit', '--pack', 'pss-restricted', 'app.yaml'], lenient);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('does not apply to the Pod Security packs');
  });
});

describe('annotation exceptions in the CLI', () => {
  test('without a policy file they are ignored and the finding is active', async () => {
    const dir = workspace({ '.git/HEAD': '', 'app.yaml': excepted() });
    const run = await cli(['audit', '--pack', 'hardened', 'app.yaml'], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('not excepted: the exception annotation (annotation exception.cdk8s-secure.io/CTR-READONLY-ROOTFS');
    expect(run.stderr).not.toContain('policy file');
  });

  test('a policy file found at the repository root honours them for allowed rules, with provenance', async () => {
    const dir = workspace({ '.git/HEAD': '', 'cdk8s-secure.policy.yaml': HONOUR, 'deploy/app.yaml': excepted() });
    const run = await cli(['audit', '--pack', 'hardened', '--format', 'json', 'app.yaml'], path.join(dir, 'deploy'));
    expect(run.stderr).toContain(`cdk8s-secure: policy file ${path.join(dir, 'cdk8s-secure.policy.yaml')}`);
    expect(run.code).toBe(0);
    const suppressed = JSON.parse(run.stdout).findings.filter((f: { suppressed: boolean }) => f.suppressed);
    const provenance = suppressed.map((f: Record<string, string>) =>
      [f.ruleId, f.suppressionOrigin, f.suppressionApprovalReference, f.suppressionExpires]);
    expect(provenance).toEqual([
      ['CTR-READONLY-ROOTFS', 'manifest-annotation', 'SEC-9', '2099-12-31'],
    ]);
  });

  test('a policy file in a team directory below the repository root is not used', async () => {
    const dir = workspace({ '.git/HEAD': '', 'cdk8s-secure.policy.yaml': 'annotationExceptions: ignore\n', 'team/cdk8s-secure.policy.yaml': HONOUR, 'team/app.yaml': excepted() });
    const run = await cli(['audit', '--pack', 'hardened', 'app.yaml'], path.join(dir, 'team'));
    expect(run.stderr).toContain(`policy file ${path.join(dir, 'cdk8s-secure.policy.yaml')}`);
    expect(run.code).toBe(1);
  });

  test('a working directory reached through a symbolic link still finds the repository root', async () => {
    const repo = workspace({ '.git/HEAD': '', 'cdk8s-secure.policy.yaml': 'annotationExceptions: ignore\n', 'team/cdk8s-secure.policy.yaml': HONOUR, 'team/app.yaml': excepted() });
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-secure-link-'));
    fs.symlinkSync(path.join(repo, 'team'), path.join(outside, 'team'));
    const run = await cli(['audit', '--pack', 'hardened', 'app.yaml'], path.join(outside, 'team'));
    expect(run.stderr).toContain(`policy file ${fs.realpathSync(path.join(repo, 'cdk8s-secure.policy.yaml'))}`);
    expect(run.code).toBe(1);
  });

  test('a dangling policy file link at the repository root exits 2 instead of auditing without a policy', async () => {
    const repo = workspace({ '.git/HEAD': '', 'app.yaml': excepted() });
    fs.symlinkSync(path.join(repo, 'missing.yaml'), path.join(repo, 'cdk8s-secure.policy.yaml'));
    const run = await cli(['audit', 'app.yaml'], repo);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cannot read the policy file');
  });

  test('the search stops at the repository root', async () => {
    const outer = workspace({ 'cdk8s-secure.policy.yaml': HONOUR });
    fs.mkdirSync(path.join(outer, 'repo', '.git'), { recursive: true });
    fs.writeFileSync(path.join(outer, 'repo', 'app.yaml'), excepted());
    const run = await cli(['audit', '--pack', 'hardened', 'app.yaml'], path.join(outer, 'repo'));
    expect(run.code).toBe(1);
  });

  test('strict mode (--ignore-annotation-exceptions) reports annotation-suppressed findings as active', async () => {
    const dir = workspace({ '.git/HEAD': '', 'cdk8s-secure.policy.yaml': HONOUR, 'app.yaml': excepted() });
    const run = await cli(['audit', '--pack', 'hardened', '--ignore-annotation-exceptions', '--format', 'json', 'app.yaml'], dir);
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout);
    expect(json.summary.suppressed).toBe(0);
    expect(json.findings.map((f: { ruleId: string }) => f.ruleId)).toContain('CTR-READONLY-ROOTFS');
  });

  test('annotationExceptions: ignore in the policy file is strict too', async () => {
    const dir = workspace({ '.git/HEAD': '', 'cdk8s-secure.policy.yaml': 'annotationExceptions: ignore\n', 'app.yaml': excepted() });
    expect((await cli(['audit', '--pack', 'hardened', 'app.yaml'], dir)).code).toBe(1);
  });

  test('an annotation for a rule the exception policy does not allow is not honoured', async () => {
    const policy = 'annotationExceptions: allowed-rules\nexceptions:\n  allowedRules: [SVC-TYPE]\n';
    const dir = workspace({ '.git/HEAD': '', 'cdk8s-secure.policy.yaml': policy, 'app.yaml': excepted() });
    const run = await cli(['audit', '--pack', 'hardened', 'app.yaml'], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('does not allow app teams to except CTR-READONLY-ROOTFS');
  });

  test('an expired annotation exception counts again and says when it expired', async () => {
    const dir = workspace({ '.git/HEAD': '', 'cdk8s-secure.policy.yaml': HONOUR, 'app.yaml': excepted('2099-01-31') });
    const run = await cli(['audit', '--pack', 'hardened', '--evaluation-date', '2099-02-01', '--format', 'json', 'app.yaml'], dir);
    expect(run.code).toBe(1);
    const [finding] = JSON.parse(run.stdout).findings.filter((f: { ruleId: string }) => f.ruleId === 'CTR-READONLY-ROOTFS');
    expect(finding).toMatchObject({ suppressed: false, exceptionExpired: '2099-01-31' });
    expect((await cli(['audit', '--pack', 'hardened', '--evaluation-date', '2099-01-31', 'app.yaml'], dir)).code).toBe(0);
  });
});

describe('the policy file', () => {
  test('sets packs, fail-on and object suppressions, with the file as their provenance; the command line wins', async () => {
    const policy = [
      'packs: [hardened]',
      'failOn: error',
      'suppressions:',
      '  - rule: CTR-READONLY-ROOTFS',
      '    kind: Deployment',
      '    reason: the vendor CMS writes below /var/www',
      '    approvalReference: SEC-9',
      '    expires: "2099-12-31"',
    ].join('\n');
    const dir = workspace({ '.git/HEAD': '', 'policy.yaml': policy, 'app.yaml': excepted() });
    const run = await cli(['audit', '--policy', 'policy.yaml', '--format', 'json', 'app.yaml'], dir);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.packs).toEqual(['hardened']);
    const [finding] = json.findings.filter((f: { suppressed: boolean }) => f.suppressed);
    expect(finding).toMatchObject({ suppressionOrigin: 'object-suppression', suppressionSource: 'policy.yaml', suppressionApprovalReference: 'SEC-9' });
    // --fail-on info on the command line replaces failOn: error (the IMG-DIGEST info finding now fails).
    expect((await cli(['audit', '--policy', 'policy.yaml', '--fail-on', 'info', 'app.yaml'], dir)).code).toBe(1);
  });

  test('requireApprovalReference makes object suppressions without one not honoured', async () => {
    const policy = 'exceptions:\n  requireApprovalReference: true\nsuppressions:\n  - rule: CTR-READONLY-ROOTFS\n    reason: the vendor CMS writes below /var/www\n';
    const dir = workspace({ '.git/HEAD': '', 'cdk8s-secure.policy.yaml': policy, 'app.yaml': excepted() });
    const run = await cli(['audit', '--pack', 'hardened', 'app.yaml'], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('requires an approval reference on every exception');
  });

  test.each([
    ['packs: [hardened]\nfailon: error\n', "'failon' is not a known setting"],
    ['exceptions:\n  allowRules: [SVC-TYPE]\n', "'exceptions.allowRules' is not a field of the exception policy"],
    ['suppressions:\n  - rule: SVC-TYPE\n    reason: the shop load balancer\n    namspace: shop\n', "'suppressions[0].namspace' is not a known setting"],
    ['exceptions:\n  neverExceptable: [NOPE]\n', "'exceptions.neverExceptable[0]' is not a rule id"],
    ['annotationExceptions: sometimes\n', "'annotationExceptions' is \"sometimes\"; use ignore or allowed-rules"],
    ['packs: [strictest]\n', "'packs[0]' unknown audit pack \"strictest\""],
    ['failOn: fatal\n', "'failOn' is \"fatal\"; use error, warning or info"],
    ['suppressions:\n  - rule: NOPE\n    reason: the shop load balancer\n', "invalid 'suppressions[0].rule': received \"NOPE\""],
    ['suppressions:\n  - rule: SVC-TYPE\n    reason: the shop load balancer\n    expires: 2027-13-01\n', "invalid 'suppressions[0].expires'"],
    ['- just a list\n', 'is not a mapping of settings'],
    ['annotationExceptions: allowed-rules\nexceptions: null\n', "invalid 'annotationExceptions': received \"allowed-rules\"; annotations are honoured only for the rules"],
    ['packs: []\n', "invalid 'packs': received []; an empty list runs no rule"],
    ['packs: [hardened\n', 'cannot read the policy file'],
  ])('%j exits 2 naming the problem', async (policy, message) => {
    const dir = workspace({ '.git/HEAD': '', 'cdk8s-secure.policy.yaml': policy, 'app.yaml': excepted() });
    const run = await cli(['audit', 'app.yaml'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toContain('Usage:');
  });

  test('a --suppressions file is read as strictly: a number where a name belongs exits 2 instead of matching every object', async () => {
    const dir = workspace({ '.git/HEAD': '', 'app.yaml': excepted(), 's.yaml': '- rule: CTR-READONLY-ROOTFS\n  reason: the vendor CMS writes below /var/www\n  name: 404\n' });
    const run = await cli(['audit', '--suppressions', 's.yaml', 'app.yaml'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("suppressions file s.yaml: 'entries[0].name' is not a string (received 404)");
  });

  test('a missing --policy file exits 2', async () => {
    const dir = workspace({ '.git/HEAD': '', 'app.yaml': excepted() });
    const run = await cli(['audit', '--policy', 'nowhere.yaml', 'app.yaml'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cannot read the policy file nowhere.yaml');
  });
});
