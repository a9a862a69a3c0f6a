import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, YamlOutputType } from 'cdk8s';
import { pod } from './support';
import { Audit, Pack } from '../../src';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-secure-synth-'));
}

describe('physical locations of construct audits', () => {
  test('SARIF and JSON name the file cdk8s writes and the line of the offending field in it', () => {
    const outdir = tempDir();
    const app = new App({ outdir });
    const chart = new Chart(app, 'shop');
    new ApiObject(chart, 'config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config', namespace: 'team' }, data: { a: 'b' } });
    new ApiObject(chart, 'agent', pod({ hostPID: true }, { securityContext: { privileged: true } }, { name: 'agent' }) as never);
    const report = Audit.of(app, { packs: [Pack.PSS_BASELINE] });
    app.synth();
    const written = fs.readFileSync(path.join(outdir, 'shop.k8s.yaml'), 'utf8').split('\n');

    const results = JSON.parse(report.toSarif()).runs[0].results;
    expect(results.length).toBeGreaterThan(1);
    for (const result of results) {
      const physical = result.locations[0].physicalLocation;
      expect(physical.artifactLocation.uri).toEqual('shop.k8s.yaml');
      expect(result.locations[0].logicalLocations).toBeDefined();
      expect(result.properties.constructPath).toEqual('shop/agent');
    }
    const line = (ruleId: string) => results.find((result: any) => result.ruleId === `pss-baseline/${ruleId}`).locations[0].physicalLocation.region.startLine;
    expect(written[line('POD-NO-HOSTPID') - 1].trim()).toEqual('hostPID: true');
    expect(written[line('CTR-NOT-PRIVILEGED') - 1].trim()).toEqual('privileged: true');

    const finding = JSON.parse(report.toJson()).findings.find((f: any) => f.ruleId === 'POD-NO-HOSTPID');
    expect(finding).toEqual(expect.objectContaining({ file: 'shop.k8s.yaml', documentIndex: 1, constructPath: 'shop/agent' }));
  });

  test('a relative output directory is part of the name; one file per app is app.k8s.yaml', () => {
    const app = new App({ outdir: 'dist', yamlOutputType: YamlOutputType.FILE_PER_APP });
    new ApiObject(new Chart(app, 'first'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'team' } });
    new ApiObject(new Chart(app, 'second'), 'p', pod({ hostIPC: true }, {}, { name: 'p' }) as never);
    const finding = Audit.of(app, { packs: [Pack.PSS_BASELINE] }).findings[0];
    expect(finding).toEqual(expect.objectContaining({ ruleId: 'POD-NO-HOSTIPC', file: 'dist/app.k8s.yaml', documentIndex: 1 }));
    expect(finding.line).toBeGreaterThan(5);
  });

  test('no physical location when file names or order are only known at synthesis (nested charts)', () => {
    const app = new App({ outdir: tempDir() });
    const outer = new Chart(app, 'outer');
    new ApiObject(new Chart(outer, 'inner'), 'p', pod({ hostIPC: true }, {}, { name: 'p' }) as never);
    const finding = Audit.of(app, { packs: [Pack.PSS_BASELINE] }).findings[0];
    expect(finding.file).toBeUndefined();
    expect(finding.constructPath).toEqual('outer/inner/p');
  });

  test('two audits give byte-identical reports', () => {
    const build = () => {
      const app = new App({ outdir: 'dist' });
      new ApiObject(new Chart(app, 'c'), 'p', pod({ hostPID: true }, {}, { name: 'p' }) as never);
      return Audit.of(app).toSarif();
    };
    expect(build()).toEqual(build());
  });
});
