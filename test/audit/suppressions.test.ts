import { ApiObject, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { hardened, Manifest, pod } from './support';
import { AnnotationExceptions, Audit, Pack, RuleId, SuppressionOrigin } from '../../src';

const PRIVILEGED = { securityContext: { privileged: true } };

function privilegedPod(scope: Construct, id: string, namespace = 'team'): ApiObject {
  const manifest = pod({}, PRIVILEGED, { name: id, namespace });
  return new ApiObject(scope, id, manifest as never);
}

function privilegedFindings(scope: Construct): Array<[string, boolean, string | undefined]> {
  return Audit.of(scope, { packs: [Pack.PSS_BASELINE] }).findings
    .filter(f => f.ruleId === RuleId.CTR_NOT_PRIVILEGED)
    .map(f => [f.name, f.suppressed, f.suppressionReason]);
}

describe('Audit.suppress', () => {
  test('applies to the construct and its children, never to siblings or other charts', () => {
    // GIVEN
    const app = Testing.app();
    const chart = new Chart(app, 'one');
    const group = new Construct(chart, 'group');
    privilegedPod(group, 'inside');
    privilegedPod(new Construct(group, 'nested'), 'deeper');
    privilegedPod(chart, 'sibling');
    const other = new Chart(app, 'two');
    privilegedPod(other, 'elsewhere');

    // WHEN
    Audit.suppress(group, RuleId.CTR_NOT_PRIVILEGED, 'CSI node plugins need privileged mode');

    // THEN
    expect(privilegedFindings(app)).toEqual([
      ['inside', true, 'CSI node plugins need privileged mode'],
      ['deeper', true, 'CSI node plugins need privileged mode'],
      ['sibling', false, undefined],
      ['elsewhere', false, undefined],
    ]);
  });

  test('suppresses in every pack, only the named rule', () => {
    const chart = Testing.chart();
    const object = privilegedPod(chart, 'p');
    Audit.suppress(object, RuleId.CTR_NOT_PRIVILEGED, 'CSI node plugins need privileged mode');
    const report = Audit.of(chart);
    expect(report.findings.filter(f => f.ruleId === RuleId.CTR_NOT_PRIVILEGED).map(f => [f.id, f.suppressed])).toEqual([
      ['pss-baseline/CTR-NOT-PRIVILEGED', true], ['pss-restricted/CTR-NOT-PRIVILEGED', true], ['hardened/CTR-NOT-PRIVILEGED', true],
    ]);
    expect(report.active().some(f => f.ruleId === RuleId.CTR_READONLY_ROOTFS)).toBe(true);
  });

  test('a suppression on the app applies when a chart of it is audited', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'one');
    privilegedPod(chart, 'p');
    Audit.suppress(app, RuleId.CTR_NOT_PRIVILEGED, 'the whole cluster is a CI sandbox');
    expect(privilegedFindings(chart)).toEqual([['p', true, 'the whole cluster is a CI sandbox']]);
  });

  test('a suppression that matched nothing is reported as unused', () => {
    const chart = Testing.chart();
    const object = privilegedPod(chart, 'p');
    Audit.suppress(object, RuleId.SVC_TYPE, 'public load balancer of the shop');
    Audit.suppress(object, RuleId.CTR_NOT_PRIVILEGED, 'CSI node plugins need privileged mode');
    const report = Audit.of(chart, { packs: [Pack.PSS_BASELINE] });
    expect(report.unusedSuppressions).toEqual([{
      rule: 'SVC-TYPE', reason: 'public load balancer of the shop', constructPath: 'test/p', origin: SuppressionOrigin.CODE_SUPPRESSION, source: 'test/p',
    }]);
    expect(report.counts().unusedSuppressions).toBe(1);
    expect(report.summary()).toContain('1 unused suppression');
  });

  test('a suppression of a rule the packs do not run is unused', () => {
    const chart = Testing.chart();
    Audit.suppress(privilegedPod(chart, 'p'), RuleId.CTR_READONLY_ROOTFS, 'the legacy CMS writes below /var/www');
    expect(Audit.of(chart, { packs: [Pack.PSS_BASELINE] }).unusedSuppressions.map(s => s.rule)).toEqual(['CTR-READONLY-ROOTFS']);
    expect(Audit.of(chart, { packs: [Pack.HARDENED] }).unusedSuppressions).toEqual([]);
  });

  test.each([
    ['', "test/p: invalid 'reason': received \"\"; a suppression needs a reason of at least 10 characters that reviewers can judge. "
      + "Fix: explain why the finding is acceptable, e.g. Audit.suppress(construct, RuleId.CTR_NOT_PRIVILEGED, 'vendor image writes to /var/lib/app')."],
    ['too short', "test/p: invalid 'reason': received \"too short\""],
    ['          ', "test/p: invalid 'reason'"],
  ])('a reason of %j is rejected', (reason, message) => {
    const chart = Testing.chart();
    const object = privilegedPod(chart, 'p');
    expect(() => Audit.suppress(object, RuleId.CTR_NOT_PRIVILEGED, reason)).toThrow(message);
  });

  test('an unknown rule id is rejected', () => {
    const chart = Testing.chart();
    expect(() => Audit.suppress(chart, 'NO-SUCH-RULE' as RuleId, 'a reason long enough'))
      .toThrow("test: invalid 'rule': received \"NO-SUCH-RULE\"; is not a rule id. Fix: use a RuleId member, e.g. RuleId.CTR_READONLY_ROOTFS.");
  });
});

describe('exception annotations', () => {
  const annotated = (reason: string): Manifest[] => {
    const objects = hardened();
    const deployment = objects.find(o => o.kind === 'Deployment')!;
    deployment.metadata.annotations = { 'exception.cdk8s-secure.io/CTR-SECRETS-AS-FILES': reason };
    deployment.spec.template.spec.containers[0].env.push({ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'web-db', key: 'password' } } });
    return objects;
  };

  test('are ignored by default: the finding stays active and says which annotation was not honoured', () => {
    const report = Audit.ofManifests(annotated('the vendor image reads DB_PASSWORD only from env'));
    expect(report.active().map(f => [f.id, f.ignoredException])).toEqual([[
      'hardened/CTR-SECRETS-AS-FILES',
      'the exception annotation (annotation exception.cdk8s-secure.io/CTR-SECRETS-AS-FILES on Deployment shop/web) is not honoured: '
        + 'this audit ignores exception annotations (annotation exceptions: ignore)',
    ]]);
    expect(report.suppressed()).toEqual([]);
  });

  test('with AnnotationExceptions.ALLOWED_RULES, suppress the rule on that object with the annotated reason and its origin', () => {
    const report = Audit.ofManifests(annotated('the vendor image reads DB_PASSWORD only from env'), { annotationExceptions: AnnotationExceptions.ALLOWED_RULES, exceptionPolicy: { allowedRules: [RuleId.CTR_SECRETS_AS_FILES] } });
    expect(report.active()).toEqual([]);
    expect(report.suppressed().map(f => [f.id, f.kind, f.suppressionReason, f.suppressionOrigin, f.suppressionSource])).toEqual([[
      'hardened/CTR-SECRETS-AS-FILES', 'Deployment', 'the vendor image reads DB_PASSWORD only from env', SuppressionOrigin.MANIFEST_ANNOTATION,
      'annotation exception.cdk8s-secure.io/CTR-SECRETS-AS-FILES on Deployment shop/web',
    ]]);
    expect(report.unusedSuppressions).toEqual([]);
  });

  test('a reason shorter than 10 characters does not suppress, and is reported', () => {
    const report = Audit.ofManifests(annotated('legacy'), { annotationExceptions: AnnotationExceptions.ALLOWED_RULES, exceptionPolicy: { allowedRules: [RuleId.CTR_SECRETS_AS_FILES] } });
    expect(report.active().map(f => f.id)).toEqual(['hardened/CTR-SECRETS-AS-FILES']);
    expect(report.problems.map(p => [p.severity, p.message])).toEqual([[
      'warning', 'Deployment shop/web: the exception annotation exception.cdk8s-secure.io/CTR-SECRETS-AS-FILES is ignored because its reason "legacy" is shorter than 10 characters',
    ]]);
  });

  test('never apply to objects of a construct tree, and are findings there', () => {
    const chart = Testing.chart();
    const object = privilegedPod(chart, 'p');
    object.metadata.addAnnotation('exception.cdk8s-secure.io/CTR-NOT-PRIVILEGED', 'CSI node plugins need privileged mode');
    expect(privilegedFindings(chart)).toEqual([['p', false, undefined]]);
    const annotationFindings = Audit.of(chart, { packs: [Pack.HARDENED] }).active().filter(f => f.ruleId === RuleId.META_EXCEPTION_ANNOTATION);
    expect(annotationFindings.map(f => [f.severity, f.message]))
      .toEqual([['error', 'no construct of this app recorded an exception to CTR-NOT-PRIVILEGED for this object, so the annotation '
        + 'exception.cdk8s-secure.io/CTR-NOT-PRIVILEGED approves nothing']]);
  });
});

describe('object suppressions of manifest audits', () => {
  const objects = (): Manifest[] => [pod({}, PRIVILEGED, { name: 'a' }), pod({}, PRIVILEGED, { name: 'b', namespace: 'other' })];
  const suppressedNames = (suppressions: Array<Record<string, string>>) => Audit.ofManifests(objects(), {
    packs: [Pack.PSS_BASELINE],
    suppressions: suppressions.map(s => ({ rule: RuleId.CTR_NOT_PRIVILEGED, reason: 'CSI node plugins need privileged mode', ...s })),
  }).suppressed().map(f => f.name);

  test.each([
    [{ kind: 'Pod', namespace: 'team', name: 'a' }, ['a']],
    [{ namespace: 'other' }, ['b']],
    [{ kind: 'Pod' }, ['a', 'b']],
    [{ name: 'c' }, []],
    [{ kind: 'Deployment' }, []],
  ])('%j suppresses %j', (target, expected) => {
    expect(suppressedNames([target])).toEqual(expected);
  });

  test('an object suppression that matched nothing is reported', () => {
    const report = Audit.ofManifests(objects(), {
      packs: [Pack.PSS_BASELINE],
      suppressions: [{ rule: RuleId.CTR_NOT_PRIVILEGED, reason: 'CSI node plugins need privileged mode', name: 'c' }],
    });
    expect(report.unusedSuppressions).toEqual([{
      rule: 'CTR-NOT-PRIVILEGED', reason: 'CSI node plugins need privileged mode', name: 'c', origin: SuppressionOrigin.OBJECT_SUPPRESSION, source: 'audit options',
    }]);
  });

  test('a short reason is an input error', () => {
    expect(() => Audit.ofManifests([], { suppressions: [{ rule: RuleId.SVC_TYPE, reason: 'public' }] })).toThrow(
      "audit options: invalid 'suppressions[0].reason': received \"public\"; a suppression needs a reason of at least 10 characters "
      + 'that reviewers can judge. Fix: explain why the finding is acceptable.');
  });

  test('an unknown rule is an input error', () => {
    expect(() => Audit.ofManifests([], { suppressions: [{ rule: 'SVC' as RuleId, reason: 'public load balancer' }] }))
      .toThrow("audit options: invalid 'suppressions[0].rule': received \"SVC\"; is not a rule id");
  });
});
