import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import { buildApp } from '../../examples/quickstart/main';
import {
  AuditValidation, IValidationContext, ObjectSuppression, RuleId, SecureDeployment, ValidationViolation,
} from '../../src';

const EXAMPLE_PACK = path.join(__dirname, '..', '..', 'examples', 'custom-pack', 'team-label-pack.ts');

/** A validation context as cdk8s-cli builds it, recording what the plugin reports. */
function fakeContext(manifests: string[]) {
  const violations: ValidationViolation[] = [];
  const logs: string[] = [];
  let submitted: { status: string; metadata?: Record<string, string> } | undefined;
  const context: IValidationContext = {
    manifests,
    report: {
      addViolation: (violation) => { violations.push(violation); },
      submit: (status, metadata) => { submitted = { status, metadata }; },
    },
    logger: { log: (message) => { logs.push(message); } },
  };
  return { context, violations, logs, submitted: () => submitted };
}

/** Synthesizes `build` into a fresh directory with the construct metadata cdk8s-cli asks for; returns the manifests. */
function synth(build: (app: App) => void): string[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'plugin-'));
  const app = new App({ outdir, recordConstructMetadata: true });
  build(app);
  app.synth();
  return fs.readdirSync(outdir).filter(file => file.endsWith('.k8s.yaml')).sort().map(file => path.join(outdir, file));
}

/** An insecure SecureDeployment-free app: a privileged pod next to a hardened SecureDeployment named like it. */
function insecureApp(app: App): void {
  const chart = new Chart(app, 'shop', { namespace: 'shop' });
  new SecureDeployment(chart, 'Web', { image: 'ghcr.io/acme/web:1.0.0', port: 8080 });
  new ApiObject(chart, 'debug', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'debug' },
    spec: { containers: [{ name: 'app', image: 'busybox', securityContext: { privileged: true } }] },
  });
}

/** Runs the plugin in a directory without a policy file. */
async function validate(props: ConstructorParameters<typeof AuditValidation>[0], manifests: string[]) {
  const fake = fakeContext(manifests);
  const cwd = process.cwd();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plugin-cwd-'));
  process.chdir(dir);
  try {
    await new AuditValidation(props).validate(fake.context);
  } finally {
    process.chdir(cwd);
  }
  return fake;
}

describe('the cdk8s-cli validation plugin', () => {
  test('passes the quickstart example and submits success with its summary', async () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'plugin-'));
    buildApp(outdir).synth();
    const manifests = fs.readdirSync(outdir).map(file => path.join(outdir, file));
    const result = await validate({}, manifests);
    expect(result.violations).toEqual([]);
    expect(result.submitted()?.status).toBe('success');
    expect(result.submitted()?.metadata?.Packs).toBe('pss-baseline, pss-restricted, hardened');
  });

  test('fails an insecure app, one violation per rule, with resource, manifest, line and construct path', async () => {
    const manifests = synth(insecureApp);
    const result = await validate({ failOn: 'error' }, manifests);
    expect(result.submitted()?.status).toBe('failure');
    const privileged = result.violations.find(v => v.ruleName.startsWith('pss-baseline/CTR-NOT-PRIVILEGED'))!;
    expect(privileged.ruleName).toBe('pss-baseline/CTR-NOT-PRIVILEGED (error)');
    expect(privileged.fix).not.toBe('');
    expect(privileged.violatingResources).toEqual([{
      resourceName: 'debug',
      manifestPath: manifests[0],
      locations: [expect.stringMatching(/^line \d+: spec\.containers\[0\]\.securityContext\.privileged: container 'app' runs privileged \[pss-baseline: error, pss-restricted: error, hardened: error\]$/)],
    }]);
    // Only findings at failOn or above are violations.
    expect(result.violations.every(v => v.ruleName.endsWith('(error)'))).toBe(true);
  });

  test('objects of a SecureDeployment share metadata.name: they are named by kind, with the construct that made them', async () => {
    const manifests = synth(app => {
      const chart = new Chart(app, 'shop', { namespace: 'shop' });
      new SecureDeployment(chart, 'Web', { image: 'ghcr.io/acme/web:1.0.0', port: 8080 });
    });
    const metadata = JSON.parse(fs.readFileSync(path.join(path.dirname(manifests[0]), 'construct-metadata.json'), 'utf8'));
    expect(Object.keys(metadata.resources)).toEqual(expect.arrayContaining([expect.stringMatching(/web/)]));
    // The example pack's team label rule judges the Deployment only, not its Service or NetworkPolicy of that name.
    const result = await validate({ failOn: 'warning', packs: ['acme-platform'], packModules: [EXAMPLE_PACK] }, manifests);
    const tag = result.violations.find(v => v.ruleName.includes('/ACME-TEAM-LABEL'))!;
    expect(tag.violatingResources).toHaveLength(1);
    const resource = tag.violatingResources[0];
    expect(resource.resourceName).toMatch(/^Deployment\/shop\/shop-web-[a-z0-9]+$/);
    expect(resource.locations[0]).toBe('construct: shop/Web');
    expect(result.submitted()?.status).toBe('failure');
  });

  test('suppressions from the properties accept findings; custom packs come from packModules', async () => {
    const manifests = synth(insecureApp);
    const suppressions: ObjectSuppression[] = [{ rule: RuleId.CTR_NOT_PRIVILEGED, reason: 'debug pod of the incident runbook', name: 'debug' }];
    const suppressed = await validate({ failOn: 'error', packs: ['hardened'], suppressions }, manifests);
    expect(suppressed.violations.map(v => v.ruleName)).not.toContain('hardened/CTR-NOT-PRIVILEGED (error)');

    const custom = await validate({ packs: ['acme-platform'], packModules: [EXAMPLE_PACK] }, manifests);
    expect(custom.violations.map(v => v.ruleName)).toContain('acme-platform/ACME-TEAM-LABEL (warning)');
    expect(custom.submitted()?.metadata?.Packs).toBe('acme-platform');
  });

  test('invalid properties are refused with a clear error', () => {
    expect(() => new AuditValidation({ failOn: 'fatal' })).toThrow("cdk8s-secure validation plugin: invalid property 'failOn': received \"fatal\"; is not a severity. Fix: use error, warning or info.");
    expect(() => new AuditValidation({ packs: 'hardened' as unknown as string[] })).toThrow("invalid property 'packs': received \"hardened\"; is not a list of strings");
    expect(() => new AuditValidation({ pack: ['x'] } as never)).toThrow("invalid property 'pack': received [\"x\"]; is not a property of the plugin");
  });
});
