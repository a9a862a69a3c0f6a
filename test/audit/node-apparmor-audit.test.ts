import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Audit, NodeAppArmor, Pack, RuleId, SecureDeployment, SecurityPolicy, SuppressionOrigin } from '../../src';
import { runCli } from '../../src/audit/cli/run-cli';

const IMAGE = 'registry.example.com/acme/api:1.4.2';

/** The synthesized output of a SecureDeployment app for clusters whose nodes have no AppArmor. */
function outputWithoutAppArmor(): any[] {
  const app = Testing.app();
  SecurityPolicy.apply(app, { nodeAppArmor: NodeAppArmor.UNAVAILABLE });
  const chart = new Chart(app, 'shop', { namespace: 'shop' });
  new SecureDeployment(chart, 'api', { image: IMAGE, port: 8080 });
  return Testing.synth(chart);
}

function appArmorFindings(manifests: unknown[], options: Parameters<typeof Audit.ofManifests>[1] = {}) {
  return Audit.ofManifests(manifests, { packs: [Pack.HARDENED], ...options }).findings.filter((f) => f.ruleId === RuleId.POD_APPARMOR);
}

/** A pod template with an unconfined AppArmor profile for its container. */
function unconfined(): any[] {
  const manifests = outputWithoutAppArmor();
  const deployment = manifests.find((m) => m.kind === 'Deployment');
  deployment.spec.template.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/main': 'unconfined' };
  return manifests;
}

describe('nodeAppArmor in the audit options', () => {
  test('by default, the library\'s output for nodes without AppArmor has active POD-APPARMOR findings in a manifest audit', () => {
    const findings = appArmorFindings(outputWithoutAppArmor());
    expect(findings.length).toBe(1);
    expect(findings[0].suppressed).toBe(false);
  });

  test('with NodeAppArmor.UNAVAILABLE, a container without a profile is suppressed by the platform policy', () => {
    const findings = appArmorFindings(outputWithoutAppArmor(), { nodeAppArmor: NodeAppArmor.UNAVAILABLE });
    expect(findings.map((f) => [f.suppressed, f.suppressionOrigin, f.suppressionSource])).toEqual([
      [true, SuppressionOrigin.PLATFORM_POLICY, 'nodeAppArmor: unavailable'],
    ]);
    expect(findings[0].suppressionReason).toContain('the nodes have no AppArmor');
  });

  test('it never accepts a profile that weakens confinement (unconfined), in any pack', () => {
    const report = Audit.ofManifests(unconfined(), { nodeAppArmor: NodeAppArmor.UNAVAILABLE });
    const findings = report.findings.filter((f) => f.ruleId === RuleId.POD_APPARMOR);
    expect(findings.map((f) => `${f.pack} ${f.suppressed}`).sort()).toEqual(['hardened false', 'pss-baseline false', 'pss-restricted false']);
    expect(findings.find((f) => f.pack === 'hardened')!.ignoredException)
      .toContain('it accepts only a control the nodes cannot provide being absent, not a setting that weakens it');
  });

  test('NodeAppArmor.AVAILABLE changes nothing', () => {
    expect(appArmorFindings(outputWithoutAppArmor(), { nodeAppArmor: NodeAppArmor.AVAILABLE }).map((f) => f.suppressed)).toEqual([false]);
  });

  test('Audit.of() takes it from the SecurityPolicy, for objects the library did not build too', () => {
    const app = Testing.app();
    SecurityPolicy.apply(app, { nodeAppArmor: NodeAppArmor.UNAVAILABLE });
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    new kplus.Deployment(chart, 'plain', { containers: [{ image: IMAGE, securityContext: { user: 10001, group: 10001 } }] });
    const findings = Audit.of(chart, { packs: [Pack.HARDENED] }).findings.filter((f) => f.ruleId === RuleId.POD_APPARMOR);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.suppressed && f.suppressionOrigin === SuppressionOrigin.PLATFORM_POLICY)).toBe(true);
  });

  test('a wrong value from plain JavaScript is a clear error', () => {
    expect(() => Audit.ofManifests([], { nodeAppArmor: 'off' as any }))
      .toThrow('invalid \'nodeAppArmor\': received "off"; is not a NodeAppArmor member ("available", "unavailable"). Fix: use NodeAppArmor.AVAILABLE or NodeAppArmor.UNAVAILABLE');
  });
});

describe('nodeAppArmor in the CLI policy file', () => {
  async function audit(policy: string): Promise<{ code: number; stdout: string; stderr: string }> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-secure-apparmor-'));
    fs.writeFileSync(path.join(dir, 'policy.yaml'), policy);
    fs.writeFileSync(path.join(dir, 'app.yaml'), outputWithoutAppArmor().map((m) => Yaml.stringify(m)).join('---\n'));
    let stdout = '';
    let stderr = '';
    const code = await runCli(['audit', '--policy', 'policy.yaml', '--format', 'json', 'app.yaml'], {
      stdout: { write: (text: string) => { stdout += text; } },
      stderr: { write: (text: string) => { stderr += text; } },
      env: {},
      cwd: dir,
      readStdin: async () => '',
    });
    return { code, stdout, stderr };
  }

  test('nodeAppArmor: unavailable passes the library\'s output, with the platform policy as provenance', async () => {
    const run = await audit('nodeAppArmor: unavailable\n');
    expect(run.stderr).not.toContain('POD-APPARMOR');
    expect(run.code).toBe(0);
    const findings = JSON.parse(run.stdout).findings.filter((f: { ruleId: string }) => f.ruleId === 'POD-APPARMOR');
    expect(findings.map((f: Record<string, unknown>) => [f.suppressed, f.suppressionOrigin])).toEqual([[true, 'platform-policy']]);
  });

  test('without it the same output fails', async () => {
    expect((await audit('failOn: warning\n')).code).toBe(1);
  });

  test('an unknown value exits 2 naming the field', async () => {
    const run = await audit('nodeAppArmor: off\n');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('nodeAppArmor');
    expect(run.stderr).toContain('use available or unavailable');
  });
});
