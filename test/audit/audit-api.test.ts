import { ApiObject, Chart, Testing } from 'cdk8s';
import { Audit, Pack, RuleId, Severity } from '../../src';

function insecurePod(chart: Chart, id: string): ApiObject {
  return new ApiObject(chart, id, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: id, namespace: 'team' },
    spec: {
      hostNetwork: true,
      containers: [{ name: 'app', image: 'nginx:latest', securityContext: { privileged: true } }],
    },
  });
}

describe('Audit.of', () => {
  test('reports findings of every pack with object, path and construct path', () => {
    // GIVEN
    const chart = Testing.chart();
    insecurePod(chart, 'web');

    // WHEN
    const report = Audit.of(chart);

    // THEN
    const ids = report.findings.map(f => f.id);
    expect(ids).toContain('pss-baseline/POD-NO-HOSTNETWORK');
    expect(ids).toContain('pss-restricted/POD-NO-HOSTNETWORK');
    expect(ids).toContain('hardened/POD-NO-HOSTNETWORK');
    const privileged = report.findings.find(f => f.id === 'hardened/CTR-NOT-PRIVILEGED')!;
    expect(privileged).toMatchObject({
      pack: 'hardened',
      ruleId: RuleId.CTR_NOT_PRIVILEGED,
      severity: Severity.ERROR,
      kind: 'Pod',
      apiVersion: 'v1',
      namespace: 'team',
      name: 'web',
      path: 'spec.containers[0].securityContext.privileged',
      constructPath: 'test/web',
      suppressed: false,
    });
    expect(privileged.message).toEqual("container 'app' runs privileged");
  });

  test('packs option limits the packs that run', () => {
    const chart = Testing.chart();
    insecurePod(chart, 'web');
    const report = Audit.of(chart, { packs: [Pack.PSS_BASELINE] });
    expect(report.packs).toEqual(['pss-baseline']);
    expect(new Set(report.findings.map(f => f.pack))).toEqual(new Set(['pss-baseline']));
  });

  test('active() excludes suppressed and lower-severity findings', () => {
    const chart = Testing.chart();
    const pod = insecurePod(chart, 'web');
    Audit.suppress(pod, RuleId.POD_NO_HOSTNETWORK, 'CNI debugging pod needs the node network');
    const report = Audit.of(chart, { packs: [Pack.PSS_BASELINE] });
    expect(report.active().map(f => f.id)).toEqual(['pss-baseline/CTR-NOT-PRIVILEGED']);
    expect(report.suppressed().map(f => [f.id, f.suppressionReason])).toEqual([
      ['pss-baseline/POD-NO-HOSTNETWORK', 'CNI debugging pod needs the node network'],
    ]);
    expect(report.active(Severity.ERROR)).toHaveLength(1);
  });
});

describe('Audit.ofManifests', () => {
  test('audits plain objects', () => {
    const report = Audit.ofManifests([{
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'x' },
      spec: { hostPID: true, containers: [{ name: 'c', image: 'busybox:1.36' }] },
    }], { packs: [Pack.PSS_BASELINE] });
    expect(report.active().map(f => `${f.id} ${f.path}`)).toEqual(['pss-baseline/POD-NO-HOSTPID spec.hostPID']);
  });
});
