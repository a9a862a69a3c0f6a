import { ApiObject, Chart, Testing } from 'cdk8s';
import { find, hardened } from './support';
import { acmePack, TeamLabelRule } from '../../examples/custom-pack/team-label-pack';
import { Audit, IAuditRule, ManifestIndex, Pack, RuleId, RuleViolation, SecurityPolicy, Severity } from '../../src';

/** A rule that reports every ConfigMap, and remembers what it saw. */
class EveryConfigMap implements IAuditRule {
  public readonly id = 'TEST-CONFIGMAP';
  public readonly severity = Severity.INFO;
  public readonly title = 'ConfigMaps are reported';
  public readonly fix = 'Remove the ConfigMap';
  public seen: string[] = [];
  public evaluate(index: ManifestIndex): RuleViolation[] {
    this.seen = index.objects.map(object => `${object.kind}/${object.name}`);
    return index.ofKind('ConfigMap').map(object => ({ objectPosition: object.position, path: 'data', message: `ConfigMap ${object.name}` }));
  }
}

function configMap(name: string) {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'team' }, data: { a: 'b' } };
}

function ruleLike(overrides: Record<string, unknown>): IAuditRule {
  const rule = new EveryConfigMap();
  return Object.assign(rule, overrides) as unknown as IAuditRule;
}

describe('custom rules and packs', () => {
  test('a custom rule sees every audited object and reports on the object it names, with file and line', () => {
    const rule = new EveryConfigMap();
    const pack = Pack.custom('test-pack', 'test', { rules: [rule] });
    const text = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: b\n';
    const report = Audit.ofYamlDocuments([{ file: 'a.yaml', text }], { packs: [pack] });
    expect(rule.seen).toEqual(['Secret/s', 'ConfigMap/c']);
    expect(report.findings.map(f => [f.id, f.severity, f.kind, f.name, f.path, f.file, f.line])).toEqual([
      ['test-pack/TEST-CONFIGMAP', 'info', 'ConfigMap', 'c', 'data', 'a.yaml', 11],
    ]);
  });

  test('a custom pack runs the built-in rules it chooses, at the severities it chooses', () => {
    const objects = hardened();
    find(objects, 'Deployment').spec.template.spec.containers[0].image = 'registry.example.com/web:latest';
    const pack = Pack.custom('tags', 'image tags only', { builtInRules: [RuleId.IMG_TAG], severities: [{ rule: RuleId.IMG_TAG, severity: Severity.INFO }] });
    const findings = Audit.ofManifests(objects, { packs: [pack] }).findings;
    expect(findings.map(f => [f.id, f.severity])).toEqual([['tags/IMG-TAG', 'info']]);
    expect(Audit.ruleIds(pack)).toEqual([RuleId.IMG_TAG]);
  });

  test('the example pack reports a missing or malformed team label and nothing on labelled workloads', () => {
    const objects = hardened();
    const deployment = find(objects, 'Deployment');
    find(objects, 'CronJob').metadata.labels = { ...find(objects, 'CronJob').metadata.labels, team: 'team-ops' };
    const labelled = Audit.ofManifests(objects, { packs: [acmePack] }).active().filter(f => f.ruleId === 'ACME-TEAM-LABEL' as RuleId);
    expect(labelled.map(f => f.message)).toEqual([`Deployment ${deployment.metadata.name} has no team label`]);
    deployment.metadata.labels.team = 'payments';
    const wrong = Audit.ofManifests(objects, { packs: [acmePack] }).active().filter(f => f.ruleId === 'ACME-TEAM-LABEL' as RuleId);
    expect(wrong.map(f => [f.id, f.severity, f.path])).toEqual([['acme-platform/ACME-TEAM-LABEL', 'warning', 'metadata.labels.team']]);
    expect(wrong[0].message).toContain('does not match team-<name>');
    deployment.metadata.labels.team = 'team-payments';
    expect(Audit.ofManifests(objects, { packs: [acmePack] }).active().map(f => f.id)).toEqual([]);
  });

  test('the example pack keeps every hardened rule and raises IMG-TAG to an error', () => {
    expect(Audit.ruleIds(acmePack)).toEqual([...Audit.ruleIds(Pack.HARDENED), 'ACME-TEAM-LABEL']);
    const objects = hardened();
    find(objects, 'Deployment').spec.template.spec.containers[0].image = 'registry.example.com/web:latest';
    const tag = Audit.ofManifests(objects, { packs: [acmePack, Pack.HARDENED] }).onePerProblem().findings.filter(f => f.ruleId === RuleId.IMG_TAG);
    expect(tag.map(f => [f.id, f.severity, f.packs])).toEqual([['acme-platform/IMG-TAG', 'error',
      [{ pack: 'acme-platform', severity: 'error' }, { pack: 'hardened', severity: 'warning' }]]]);
  });

  test('Audit.gate fails synthesis on a custom rule, naming the construct path', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'shop');
    new ApiObject(chart, 'settings', configMap('settings'));
    Audit.gate(app, { packs: [Pack.custom('gate-pack', 'test', { rules: [new EveryConfigMap()] })], failOn: Severity.INFO });
    expect(() => app.synthYaml()).toThrow(/INFO gate-pack\/TEST-CONFIGMAP at shop\/settings \(ConfigMap team\/settings\) data: ConfigMap settings/);
  });

  test('Audit.gate with the example pack fails on an unlabelled workload', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'shop');
    for (const object of hardened()) {
      new ApiObject(chart, `${object.kind}-${object.metadata.name}`.toLowerCase(), object as never);
    }
    Audit.gate(app, { packs: [acmePack] });
    expect(() => app.synthYaml()).toThrow(/WARNING acme-platform\/ACME-TEAM-LABEL at shop\/deployment-[a-z-]+ .*has no team label/);
  });

  test('a rule that throws or returns a violation of an unknown object becomes an ERROR finding', () => {
    const throwing = ruleLike({ id: 'TEST-THROWS', evaluate: () => { throw new Error('boom'); } });
    const stray = ruleLike({ id: 'TEST-STRAY', evaluate: () => [{ objectPosition: 7, path: '', message: 'x' }] });
    const findings = Audit.ofManifests([configMap('c')], { packs: [Pack.custom('broken', 'test', { rules: [throwing, stray] })] }).findings;
    expect(findings.map(f => [f.ruleId, f.severity])).toEqual([['TEST-STRAY', 'error'], ['TEST-THROWS', 'error']]);
    expect(findings[1].message).toContain('the custom rule TEST-THROWS failed (boom)');
    expect(findings[0].message).toContain('"objectPosition":7');
  });

  test('custom rules appear in the rule catalog of the reports (fix in JSON, related controls)', () => {
    const report = Audit.ofManifests([{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x', namespace: 'a' }, spec: {} }],
      { packs: [Pack.custom('labels', 'test', { rules: [new TeamLabelRule()] })] });
    const json = JSON.parse(report.toJson());
    const finding = json.findings.find((f: { ruleId: string }) => f.ruleId === 'ACME-TEAM-LABEL');
    expect(finding.fix).toBe('Set metadata.labels.team to the owning team, e.g. team: team-payments');
    expect(report.toSarif()).toContain('ACME-TEAM-LABEL');
  });

  test('findings of a custom rule can be suppressed by an object suppression, with its reason', () => {
    const pack = Pack.custom('cm', 'test', { rules: [new EveryConfigMap()] });
    const report = Audit.ofManifests([configMap('a'), configMap('b')], {
      packs: [pack],
      suppressions: [{ rule: 'TEST-CONFIGMAP' as RuleId, name: 'a', reason: 'legacy settings, removed next quarter' }],
    });
    expect(report.findings.map(f => [f.name, f.suppressed, f.suppressionReason])).toEqual([
      ['a', true, 'legacy settings, removed next quarter'], ['b', false, undefined],
    ]);
    expect(() => Audit.ofManifests([], { packs: [Pack.HARDENED], suppressions: [{ rule: 'TEST-CONFIGMAP' as RuleId, reason: 'no such rule here' }] }))
      .toThrow("invalid 'suppressions[0].rule': received \"TEST-CONFIGMAP\"; is not a rule id");
  });

  describe('invalid packs and rules are refused with a clear error', () => {
    test.each([
      ['a built-in rule id', { id: 'IMG-TAG' }, "invalid 'rules[0].id': received \"IMG-TAG\"; IMG-TAG is the id of a built-in rule"],
      ['a malformed id', { id: 'team label' }, "invalid 'rules[0].id': received \"team label\"; a custom rule id is upper-case words"],
      ['an unknown control', { relatedControls: { nist: ['XX-99'] } }, "invalid 'rules[0].relatedControls.nist[0]': received \"XX-99\"; is not a control id of the compliance mapping"],
      ['an unknown framework', { relatedControls: { sox: ['1'] } }, "invalid 'rules[0].relatedControls.sox'"],
      ['a bad severity', { severity: 'fatal' }, "invalid 'rules[0].severity': received \"fatal\"; is not a severity"],
      ['no evaluate method', { evaluate: undefined }, "invalid 'rules[0].evaluate': received nothing; is not a method"],
      ['an empty title', { title: ' ' }, "invalid 'rules[0].title'"],
    ])('%s', (_label, overrides, message) => {
      expect(() => Pack.custom('p', 'test', { rules: [ruleLike(overrides)] })).toThrow(`custom audit pack "p": ${message}`);
    });

    test('a built-in pack name, a pack without rules, duplicate ids, unknown severity rules', () => {
      expect(() => Pack.custom('hardened', 'x', { builtInRules: [RuleId.IMG_TAG] })).toThrow("invalid 'name': received \"hardened\"; is the name of a built-in pack");
      expect(() => Pack.custom('p', 'x', {})).toThrow("invalid 'props': received {}; the pack runs no rule");
      expect(() => Pack.custom('p', 'x', { rules: [new EveryConfigMap(), new EveryConfigMap()] })).toThrow("invalid 'rules[1].id': received \"TEST-CONFIGMAP\"; two custom rules");
      expect(() => Pack.custom('p', 'x', { builtInRules: ['NOPE' as RuleId] })).toThrow("invalid 'builtInRules[0]': received \"NOPE\"; is not the id of a built-in rule");
      expect(() => Pack.custom('p', 'x', { builtInRules: [RuleId.IMG_TAG], severities: [{ rule: 'OTHER-RULE', severity: Severity.INFO }] }))
        .toThrow("invalid 'severities[0].rule': received \"OTHER-RULE\"");
      expect(() => Pack.custom('p', 'x', { basePacks: [acmePack] })).toThrow("invalid 'basePacks[0]'");
    });

    test('two different custom rules with one id in one audit are refused', () => {
      const a = Pack.custom('pa', 'x', { rules: [new EveryConfigMap()] });
      const b = Pack.custom('pb', 'x', { rules: [new EveryConfigMap()] });
      expect(() => Audit.ofManifests([], { packs: [a, b] })).toThrow('the packs pa and pb hold two different custom rules with the id TEST-CONFIGMAP');
    });
  });

  describe('severity overrides and exclusions, and the exception policy', () => {
    const tagged = () => {
      const objects = hardened();
      find(objects, 'Deployment').spec.template.spec.containers[0].image = 'registry.example.com/web:latest';
      return objects;
    };

    test('the options override a rule\'s severity in every pack and exclude rules', () => {
      const raised = Audit.ofManifests(tagged(), { packs: [Pack.HARDENED], ruleSeverities: [{ rule: RuleId.IMG_TAG, severity: Severity.ERROR }] });
      expect(raised.findings.filter(f => f.ruleId === RuleId.IMG_TAG).map(f => f.severity)).toEqual(['error']);
      const excluded = Audit.ofManifests(tagged(), { packs: [Pack.HARDENED], excludedRules: [RuleId.IMG_TAG] });
      expect(excluded.findings.filter(f => f.ruleId === RuleId.IMG_TAG)).toEqual([]);
      expect(Audit.ofManifests(tagged(), { packs: [Pack.HARDENED] }).findings.filter(f => f.ruleId === RuleId.IMG_TAG).length).toBe(1);
    });

    test('excluding or downgrading a never-exceptable rule is refused', () => {
      const exceptionPolicy = { neverExceptable: [RuleId.IMG_TAG, RuleId.CTR_NOT_PRIVILEGED] };
      expect(() => Audit.ofManifests(tagged(), { exceptionPolicy, excludedRules: [RuleId.IMG_TAG] }))
        .toThrow("audit options: invalid 'excludedRules[0]': received \"IMG-TAG\"; the exception policy marks IMG-TAG never exceptable");
      const lowered = [{ rule: RuleId.CTR_NOT_PRIVILEGED, severity: Severity.WARNING }];
      expect(() => Audit.ofManifests(tagged(), { exceptionPolicy, ruleSeverities: lowered }))
        .toThrow('the exception policy marks CTR-NOT-PRIVILEGED never exceptable, and warning is below its severity error in the pack pss-baseline');
      // Raising one is fine.
      expect(() => Audit.ofManifests(tagged(), { exceptionPolicy, ruleSeverities: [{ rule: RuleId.IMG_TAG, severity: Severity.ERROR }] })).not
        .toThrow();
    });

    test('a custom pack cannot silence a never-exceptable built-in rule by leaving it out or lowering it', () => {
      const exceptionPolicy = { neverExceptable: [RuleId.IMG_TAG] };
      const leavesOut = Pack.custom('quiet', 'only labels', { rules: [new TeamLabelRule()] });
      expect(() => Audit.ofManifests(tagged(), { packs: [leavesOut], exceptionPolicy }))
        .toThrow('the exception policy marks IMG-TAG never exceptable, and no pack of this audit runs it (custom packs quiet leave it out)');
      // With a built-in pack that runs it beside the custom pack, the audit runs.
      const beside = Audit.ofManifests(tagged(), { packs: [leavesOut, Pack.HARDENED], exceptionPolicy });
      expect(beside.findings.some(f => f.ruleId === RuleId.IMG_TAG)).toBe(true);
      const lowers = Pack.custom('lowers', 'x', { basePacks: [Pack.HARDENED], severities: [{ rule: RuleId.IMG_TAG, severity: Severity.INFO }] });
      expect(() => Audit.ofManifests(tagged(), { packs: [lowers, Pack.HARDENED], exceptionPolicy }))
        .toThrow('the custom pack lowers runs IMG-TAG at info, below its built-in severity warning');
      // The example pack raises IMG-TAG, which the policy allows.
      expect(Audit.ofManifests(tagged(), { packs: [acmePack], exceptionPolicy }).findings.some(f => f.id === 'acme-platform/IMG-TAG')).toBe(true);
    });

    test('in Audit.of() and Audit.gate(), the SecurityPolicy\'s never-exceptable rules bind custom packs and exclusions', () => {
      const app = Testing.app();
      SecurityPolicy.apply(app, { exceptionPolicy: { neverExceptable: [RuleId.CTR_NOT_PRIVILEGED] } });
      const chart = new Chart(app, 'shop');
      new ApiObject(chart, 'settings', configMap('settings'));
      const quiet = Pack.custom('quiet-app', 'only configmaps', { rules: [new EveryConfigMap()] });
      expect(() => Audit.of(app, { packs: [quiet] })).toThrow('the exception policy marks CTR-NOT-PRIVILEGED never exceptable, and no pack of this audit runs it');
      expect(() => Audit.of(app, { excludedRules: [RuleId.CTR_NOT_PRIVILEGED] })).toThrow("invalid 'excludedRules[0]'");
      expect(Audit.of(app, { packs: [quiet, Pack.PSS_BASELINE] }).findings.map(f => f.id)).toEqual(['quiet-app/TEST-CONFIGMAP']);
    });

    test('unknown rule ids in the overrides are refused', () => {
      expect(() => Audit.ofManifests([], { excludedRules: ['NOPE'] })).toThrow("invalid 'excludedRules[0]': received \"NOPE\"; is not the id of a built-in rule or of a custom rule of the packs");
      expect(() => Audit.ofManifests([], { ruleSeverities: [{ rule: RuleId.IMG_TAG, severity: 'fatal' as Severity }] }))
        .toThrow("invalid 'ruleSeverities[0].severity': received \"fatal\"; is not a severity");
      expect(() => Audit.ofManifests([], { excludedRules: 'IMG-TAG' as unknown as string[] })).toThrow("invalid 'excludedRules': received \"IMG-TAG\"; is not a list");
    });
  });
});
