import { Audit, ObjectSuppression, RuleId } from '../../src';

/**
 * Object suppressions are looked up by rule and object name; the findings they accept, the reasons reported and the
 * unused suppressions are those of comparing every suppression with every finding.
 */
describe('object suppressions indexed by rule and object', () => {
  const objects = Array.from({ length: 40 }, (_, i) => ({
    apiVersion: 'apps/v1',
    kind: i % 5 === 0 ? 'StatefulSet' : 'Deployment',
    metadata: { name: `app-${i % 13}`, namespace: `ns-${i % 3}` },
    spec: {
      selector: { matchLabels: { app: `a${i}` } },
      template: { metadata: { labels: { app: `a${i}` } }, spec: { hostNetwork: true, containers: [{ name: 'c', image: 'nginx:latest', securityContext: { privileged: true } }] } },
    },
  }));
  const rules = [RuleId.POD_NO_HOSTNETWORK, RuleId.CTR_NOT_PRIVILEGED, RuleId.IMG_TAG, RuleId.CTR_RESOURCES];
  const suppressions: ObjectSuppression[] = Array.from({ length: 120 }, (_, i) => ({
    rule: rules[i % rules.length],
    reason: `accepted risk number ${i} for the test`,
    kind: i % 7 === 0 ? 'StatefulSet' : i % 7 === 1 ? 'Deployment' : undefined,
    namespace: i % 4 === 0 ? undefined : `ns-${i % 3}`,
    name: i % 6 === 0 ? undefined : `app-${i % 17}`,
  }));

  test('each finding is accepted by the first suppression that names it, as a scan of all of them finds', () => {
    const report = Audit.ofManifests(objects, { suppressions });
    const matches = (s: ObjectSuppression, f: { ruleId: string; kind: string; namespace?: string; name: string }) => s.rule === f.ruleId
      && (s.kind === undefined || s.kind === f.kind) && (s.namespace === undefined || s.namespace === f.namespace)
      && (s.name === undefined || s.name === f.name);
    let suppressed = 0;
    for (const finding of report.findings) {
      const first = suppressions.find(s => matches(s, finding));
      expect([finding.suppressed, finding.suppressionReason]).toEqual([first !== undefined, first?.reason]);
      if (first) suppressed++;
    }
    expect(suppressed).toBeGreaterThan(20);
    expect(report.findings.length - suppressed).toBeGreaterThan(20);
    const unused = suppressions.filter(s => !report.findings.some(f => matches(s, f)));
    expect(unused.length).toBeGreaterThan(0);
    expect(report.unusedSuppressions.map(u => u.reason)).toEqual(unused.map(s => s.reason));
  });
});
