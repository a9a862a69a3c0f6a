import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, Chart, Testing } from 'cdk8s';
import { hardened, pod } from './support';
import { Audit, Pack, RuleId, Severity } from '../../src';

function appWithPrivilegedPod() {
  const app = Testing.app({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'gate-')) });
  const chart = new Chart(app, 'shop');
  new ApiObject(chart, 'debug', pod({}, { securityContext: { privileged: true } }, { name: 'debug' }) as never);
  return { app, chart };
}

describe('Audit.gate', () => {
  test('app.synthYaml() throws listing every finding at or above failOn with construct paths', () => {
    const { app } = appWithPrivilegedPod();
    Audit.gate(app, { packs: [Pack.PSS_BASELINE], failOn: Severity.ERROR });
    expect(() => app.synthYaml()).toThrow(
      "[] ERROR pss-baseline/CTR-NOT-PRIVILEGED at shop/debug (Pod team/debug) spec.containers[0].securityContext.privileged: container 'app' runs privileged. "
      + "Fix or suppress with Audit.suppress(construct, RuleId.CTR_NOT_PRIVILEGED, '<reason>').");
  });

  test('app.synth() throws before writing, listing all findings', () => {
    const { app } = appWithPrivilegedPod();
    Audit.gate(app, { packs: [Pack.HARDENED] });
    let message = '';
    try {
      app.synth();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^Validation failed with the following errors:/);
    expect(message).toContain('hardened/CTR-NOT-PRIVILEGED at shop/debug');
    expect(message).toContain('WARNING hardened/CTR-READONLY-ROOTFS at shop/debug');
    expect(message).not.toContain('IMG-DIGEST'); // INFO is below the default failOn WARNING
    expect(fs.readdirSync(app.outdir)).toEqual([]);
  });

  test('a gated chart fails chart.toJson() too', () => {
    const { chart } = appWithPrivilegedPod();
    Audit.gate(chart, { packs: [Pack.PSS_BASELINE] });
    expect(() => chart.toJson()).toThrow('[shop] ERROR pss-baseline/CTR-NOT-PRIVILEGED at shop/debug');
  });

  test('suppressed findings and findings below failOn pass the gate', () => {
    const { app, chart } = appWithPrivilegedPod();
    Audit.suppress(chart, RuleId.CTR_NOT_PRIVILEGED, 'node debugging pod, removed after the incident');
    Audit.gate(app, { packs: [Pack.PSS_BASELINE] });
    expect(() => app.synthYaml()).not.toThrow();
  });

  test('a clean app synthesizes under the strictest gate', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'shop');
    hardened().forEach((manifest, i) => new ApiObject(chart, `o${i}`, manifest as never));
    Audit.gate(app, { packs: Pack.all(), failOn: Severity.WARNING });
    expect(app.synthYaml()).toContain('kind: Deployment');
  });

  test('Audit.of on a gated app reports without throwing', () => {
    const { app } = appWithPrivilegedPod();
    Audit.gate(app);
    expect(Audit.of(app).active().length).toBeGreaterThan(0);
  });

  test('an invalid failOn is an input error', () => {
    const { app } = appWithPrivilegedPod();
    expect(() => Audit.gate(app, { failOn: 'fatal' as Severity })).toThrow(
      "invalid 'failOn': received \"fatal\"; is not a severity. Fix: use Severity.ERROR, Severity.WARNING or Severity.INFO.");
  });
});
