import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Testing } from 'cdk8s';
import { hardened, loadFixture, pod, web, webContainer } from './support';
import { AnnotationExceptions, Audit, AuditReport, ComplianceFramework, Pack, ReportFormat, RuleId, Severity } from '../../src';

const ESC = '\u001b[';

/** The hardened fixture with a few findings: one error, warnings, an info, a suppressed one, an unused suppression. */
function sampleReport(): AuditReport {
  const objects = hardened();
  webContainer(objects).securityContext.privileged = true;
  delete webContainer(objects).livenessProbe;
  webContainer(objects).image = 'registry.example.com/shop/web:1.4.2';
  web(objects).metadata.annotations = { 'exception.cdk8s-secure.io/CTR-PROBES': 'the legacy server has no health endpoint' };
  return Audit.ofManifests([...objects, 'not an object'], {
    packs: [Pack.PSS_BASELINE, Pack.HARDENED],
    suppressions: [{ rule: RuleId.SVC_TYPE, reason: 'public load balancer of the shop', kind: 'Service', name: 'edge' }],
    annotationExceptions: AnnotationExceptions.ALLOWED_RULES,
    exceptionPolicy: { allowedRules: [RuleId.CTR_PROBES] },
  });
}

describe('text report', () => {
  test('groups findings by object, lists suppressions, unused suppressions and problems, ends with the summary', () => {
    const text = sampleReport().toText();
    expect(text).not.toContain(ESC);
    expect(text).toMatch(/^Deployment shop\/web$/m);
    expect(text).toContain('  ERROR      pss-baseline/CTR-NOT-PRIVILEGED  spec.template.spec.containers[0].securityContext.privileged\n'
      + "             container 'web' runs privileged\n");
    expect(text).toContain('  suppressed hardened/CTR-PROBES  spec.template.spec.containers[0].livenessProbe\n'
      + "             container 'web' has no livenessProbe\n             reason: the legacy server has no health endpoint\n"
      + '             by: exception annotation (annotation exception.cdk8s-secure.io/CTR-PROBES on Deployment shop/web)\n');
    expect(text).toContain('Unused suppressions (matched no finding; remove them):\n'
      + '  SVC-TYPE on object suppression (audit options) on objects Service */edge: public load balancer of the shop\n');
    expect(text).toContain('Input problems:\n  WARNING    manifest 18: document is the string "not an object", not a Kubernetes object; skipped\n');
    expect(text).toContain("             container 'web' runs privileged\n             packs: pss-baseline (error), hardened (error)\n");
    expect(text.trim().split('\n').pop()).toEqual(
      'audit (pss-baseline, hardened) of 18 objects: 1 error, 1 warning, 1 info, 1 suppressed, 1 unused suppression, 1 input problem');
  });

  test('lists a problem once, with its packs, unless perPack asks for one finding per pack', () => {
    const report = sampleReport();
    expect(report.onePerProblem().findings.filter(finding => finding.ruleId === RuleId.CTR_NOT_PRIVILEGED)).toEqual([expect.objectContaining({
      id: 'pss-baseline/CTR-NOT-PRIVILEGED',
      severity: Severity.ERROR,
      packs: [{ pack: 'pss-baseline', severity: Severity.ERROR }, { pack: 'hardened', severity: Severity.ERROR }],
    })]);
    const perPack = report.toText({ perPack: true });
    expect(perPack).toContain('  ERROR      pss-baseline/CTR-NOT-PRIVILEGED  spec.template.spec.containers[0].securityContext.privileged\n');
    expect(perPack).toContain('  ERROR      hardened/CTR-NOT-PRIVILEGED  spec.template.spec.containers[0].securityContext.privileged\n');
    expect(perPack).not.toContain('packs:');
    expect(perPack.trim().split('\n').pop()).toMatch(/ of 18 objects: 2 errors, 1 warning,/);
    // The raw findings and the gate's verdict do not depend on the view.
    expect(report.findings.filter(finding => finding.ruleId === RuleId.CTR_NOT_PRIVILEGED).map(finding => finding.id))
      .toEqual(['pss-baseline/CTR-NOT-PRIVILEGED', 'hardened/CTR-NOT-PRIVILEGED']);
    expect(report.onePerProblem().failsAt(Severity.ERROR)).toBe(report.failsAt(Severity.ERROR));
    expect(report.onePerProblem().onePerProblem().findings).toEqual(report.onePerProblem().findings);
  });

  test('keeps findings of one problem apart when only one pack honours their exception', () => {
    const objects = hardened();
    webContainer(objects).securityContext.privileged = true;
    web(objects).metadata.annotations = { 'exception.cdk8s-secure.io/CTR-NOT-PRIVILEGED': 'the node agent needs the host devices' };
    const report = Audit.ofManifests(objects, {
      packs: [Pack.PSS_BASELINE, Pack.HARDENED],
      annotationExceptions: AnnotationExceptions.ALLOWED_RULES,
      exceptionPolicy: { allowedRules: [RuleId.CTR_NOT_PRIVILEGED] },
    }).onePerProblem();
    const privileged = report.findings.filter(finding => finding.ruleId === RuleId.CTR_NOT_PRIVILEGED);
    expect(privileged.map(finding => [finding.id, finding.suppressed])).toEqual([
      ['pss-baseline/CTR-NOT-PRIVILEGED', false], ['hardened/CTR-NOT-PRIVILEGED', true],
    ]);
    expect(report.failsAt(Severity.ERROR)).toBe(true);
  });

  test('is coloured only on request', () => {
    const text = sampleReport().toText({ colour: true });
    expect(text).toContain(`${ESC}31mERROR`);
    expect(text).toContain(`${ESC}2msuppressed`);
    expect(sampleReport().render(ReportFormat.TEXT)).not.toContain(ESC);
  });

  test('a clean report says so in one line', () => {
    expect(Audit.ofManifests(hardened(), { packs: [Pack.PSS_RESTRICTED] }).toText())
      .toEqual('audit (pss-restricted) of 18 objects: 0 errors, 0 warnings, 0 info, 0 suppressed\n');
  });
});

describe('JSON report', () => {
  test('holds the summary, every finding, unused suppressions and problems, and reads back into a report', () => {
    const report = sampleReport();
    const json = JSON.parse(report.render(ReportFormat.JSON));
    expect(Object.keys(json)).toEqual(['schemaVersion', 'tool', 'toolVersion', 'view', 'packs', 'frameworks', 'objectCount', 'summary', 'findings', 'unusedSuppressions', 'problems']);
    expect(json.frameworks).toEqual(['cis-kubernetes', 'nsa-cisa', 'nist-800-53', 'pci-dss', 'hipaa', 'iso-27001', 'gdpr']);
    expect(json.schemaVersion).toBe(2);
    expect(json.toolVersion).toEqual(JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version);
    expect(json.view).toBe('one-per-problem');
    expect(JSON.parse(report.toJson({ perPack: true })).view).toBe('per-pack');
    expect(json.summary).toEqual({ errors: 1, warnings: 1, infos: 1, suppressed: 1, unusedSuppressions: 1, problems: 1, objects: 18 });
    expect(json.findings[0]).toEqual({
      id: 'pss-baseline/CTR-NOT-PRIVILEGED',
      pack: 'pss-baseline',
      ruleId: 'CTR-NOT-PRIVILEGED',
      severity: 'error',
      title: 'Containers are not privileged (`privileged` unset or false)',
      message: "container 'web' runs privileged",
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      namespace: 'shop',
      name: 'web',
      path: 'spec.template.spec.containers[0].securityContext.privileged',
      suppressed: false,
      packs: [{ pack: 'pss-baseline', severity: 'error' }, { pack: 'hardened', severity: 'error' }],
      fix: 'SecureDeployment sets `privileged: false` on every container; remove the override.',
    });
    for (const finding of json.findings) {
      expect(finding.fix.length).toBeGreaterThan(10);
    }
    const again = new AuditReport(json);
    expect(again.objectCount).toEqual(18);
    expect(again.toJson()).toEqual(report.toJson());
  });

  test('is deterministic', () => {
    expect(sampleReport().toJson()).toEqual(sampleReport().toJson());
  });
});

describe('Markdown report', () => {
  const markdown = sampleReport().render(ReportFormat.MARKDOWN);

  test('has a summary table per pack', () => {
    expect(markdown).toContain('| Pack | Errors | Warnings | Info | Suppressed |\n|---|---:|---:|---:|---:|\n'
      + '| pss-baseline | 1 | 0 | 0 | 0 |\n| hardened | 1 | 1 | 1 | 1 |\n');
  });

  test('has details per object, escaped for tables', () => {
    expect(markdown).toContain('### Errors (1)\n\n<details open><summary>Deployment shop/web — 1 error</summary>\n\n'
      + '| Severity | Rule | Path | Message | Packs |\n|---|---|---|---|---|\n');
    expect(markdown).toContain('### Warnings (1)\n\n<details open><summary>Deployment shop/web — 1 warning</summary>\n\n');
    expect(markdown).toContain('| 🔴 error | <code>CTR-NOT-PRIVILEGED</code> | <code>spec.template.spec.containers\\[0\\].securityContext.privileged</code> '
      + "| container 'web' runs privileged | pss-baseline (error), hardened (error) |");
  });

  test('lists suppressed findings with reasons, unused suppressions and input problems', () => {
    expect(markdown).toContain('### Suppressed findings\n\n| Finding | Object | Path | Reason | Origin |\n|---|---|---|---|---|\n'
      + '| <code>hardened/CTR-PROBES</code> | Deployment shop/web | <code>spec.template.spec.containers\\[0\\].livenessProbe</code> '
      + '| the legacy server has no health endpoint '
      + '| exception annotation (annotation exception.cdk8s-secure.io/CTR-PROBES on Deployment shop/web) |');
    expect(markdown).toContain('| <code>SVC-TYPE</code> | object suppression (audit options) on objects Service \\*/edge | public load balancer of the shop |');
    expect(markdown).toContain('### Input problems');
  });

  test('lists the related controls of the reported rules', () => {
    expect(markdown).toContain('<details><summary>Related controls</summary>');
    expect(markdown).toContain('| <code>CTR-NOT-PRIVILEGED</code> | baseline | 5.2.2 | "Non-root" containers and "rootless" container engines, Pod security enforcement, '
      + 'Hardening container environments | AC-6, CM-6, CM-7, SC-39 | 2.2.1, 2.2.4, 2.2.6 | 164.312(a)(1), 164.308(a)(1)(ii)(B) | A.8.2, A.8.9, A.8.27 | '
      + 'Art. 32(1)(b), Art. 25(1) |');
  });

  test('lists only the chosen frameworks (the compliance profile), in report order, keeping the PSS level', () => {
    const objects = hardened();
    webContainer(objects).securityContext.privileged = true;
    const report = Audit.ofManifests(objects, {
      packs: [Pack.PSS_BASELINE],
      frameworks: [ComplianceFramework.ISO_27001, ComplianceFramework.PCI_DSS],
    });
    expect(report.frameworks).toEqual(['pci-dss', 'iso-27001']);
    const text = report.toMarkdown();
    expect(text).toContain('| Rule | PSS | PCI DSS 4.0 | ISO 27001:2022 |\n|---|---|---|---|\n'
      + '| <code>CTR-NOT-PRIVILEGED</code> | baseline | 2.2.1, 2.2.4, 2.2.6 | A.8.2, A.8.9, A.8.27 |');
    expect(text).not.toContain('AC-6');
    expect(new AuditReport(JSON.parse(report.toJson())).toMarkdown()).toEqual(text);
  });

  test('escapes pipes in messages', () => {
    const objects = [pod({}, { env: [{ name: 'A|B_PASSWORD', value: 'x|y-secret' }] })];
    expect(Audit.ofManifests(objects, { packs: [Pack.HARDENED] }).toMarkdown()).toContain('sets A&#124;B\\_PASSWORD to a literal value');
  });
});

/** Structural validation of a SARIF 2.1.0 log: the fields the specification requires, and index consistency. */
function validateSarif(log: any): string[] {
  const errors: string[] = [];
  const check = (condition: boolean, message: string) => { if (!condition) errors.push(message); };
  check(log.version === '2.1.0', 'version must be 2.1.0');
  check(typeof log.$schema === 'string' && /sarif-schema-2\.1\.0\.json$/.test(log.$schema), '$schema must name the 2.1.0 schema');
  check(Array.isArray(log.runs) && log.runs.length === 1, 'runs must hold one run');
  for (const run of log.runs ?? []) {
    const driver = run.tool?.driver;
    check(typeof driver?.name === 'string', 'tool.driver.name is required');
    const rules: any[] = driver?.rules ?? [];
    const ids = rules.map(rule => rule.id);
    check(new Set(ids).size === ids.length, 'rule ids must be unique');
    for (const rule of rules) {
      check(typeof rule.id === 'string', 'rule.id is required');
      for (const field of ['shortDescription', 'fullDescription', 'help']) {
        check(typeof rule[field]?.text === 'string' && rule[field].text.length > 0, `${rule.id}: ${field}.text is required`);
      }
      check(['error', 'warning', 'note', 'none'].includes(rule.defaultConfiguration?.level), `${rule.id}: defaultConfiguration.level`);
      check(typeof rule.properties === 'object', `${rule.id}: properties`);
    }
    check(Array.isArray(run.results), 'results is required');
    for (const [i, result] of (run.results ?? []).entries()) {
      check(typeof result.message?.text === 'string', `results[${i}].message.text is required`);
      check(['error', 'warning', 'note', 'none'].includes(result.level), `results[${i}].level`);
      check(Number.isInteger(result.ruleIndex) && rules[result.ruleIndex]?.id === result.ruleId, `results[${i}]: ruleIndex must point at ruleId`);
      for (const location of result.locations ?? []) {
        const physical = location.physicalLocation;
        if (physical) {
          check(typeof physical.artifactLocation?.uri === 'string', `results[${i}]: artifactLocation.uri`);
          check(Number.isInteger(physical.region?.startLine) && physical.region.startLine >= 1, `results[${i}]: region.startLine >= 1`);
        }
      }
      for (const suppression of result.suppressions ?? []) {
        check(['inSource', 'external'].includes(suppression.kind), `results[${i}]: suppression.kind`);
      }
    }
  }
  return errors;
}

describe('SARIF report', () => {
  test('is a valid SARIF 2.1.0 log for construct audits', () => {
    const log = JSON.parse(sampleReport().render(ReportFormat.SARIF));
    expect(validateSarif(log)).toEqual([]);
  });

  test('is a valid SARIF 2.1.0 log with files and lines for YAML audits', () => {
    const objects = loadFixture('insecure.yaml');
    const yaml = objects.map(o => JSON.stringify(o)).join('\n---\n');
    const log = JSON.parse(Audit.ofYaml(yaml, {}, 'deploy/insecure.yaml').toSarif());
    expect(validateSarif(log)).toEqual([]);
    const results = log.runs[0].results;
    expect(results.length).toBeGreaterThan(100);
    expect(results[0].locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'deploy/insecure.yaml' }, region: { startLine: 1 } });
  });

  test('describes each rule of each pack run, with help and related controls', () => {
    const log = JSON.parse(Audit.ofManifests([], { packs: [Pack.PSS_BASELINE, Pack.HARDENED] }).toSarif());
    const rules = log.runs[0].tool.driver.rules;
    expect(rules.map((rule: any) => rule.id)).toEqual([
      ...Audit.ruleIds(Pack.PSS_BASELINE).map(id => `pss-baseline/${id}`),
      ...Audit.ruleIds(Pack.HARDENED).map(id => `hardened/${id}`),
    ]);
    const seccomp = rules.find((rule: any) => rule.id === 'hardened/POD-SECCOMP');
    expect(seccomp.help.text).toContain('Fix: SecureDeployment sets `seccompProfile: { type: RuntimeDefault }`');
    expect(seccomp.properties.relatedControls.cis).toEqual(['5.7.2']);
    expect(seccomp.properties['security-severity']).toEqual('8.0');
    expect(seccomp.helpUri).toEqual('https://kubernetes.io/docs/tutorials/security/seccomp/');
  });

  test('lists the related controls of the chosen frameworks only', () => {
    const frameworks = [ComplianceFramework.CIS_KUBERNETES, ComplianceFramework.NIST_800_53];
    const log = JSON.parse(Audit.ofManifests([], { packs: [Pack.HARDENED], frameworks }).toSarif());
    const seccomp = log.runs[0].tool.driver.rules.find((rule: any) => rule.id === 'hardened/POD-SECCOMP');
    expect(seccomp.properties.relatedControls).toEqual({ podSecurityStandard: 'baseline', cis: ['5.7.2'], nist: ['AC-6', 'CM-6', 'CM-7', 'SC-39'] });
    expect(validateSarif(log)).toEqual([]);
  });

  test('maps severities to levels and suppressions to SARIF suppressions', () => {
    const results = JSON.parse(sampleReport().toSarif()).runs[0].results;
    const byRule = (id: string) => results.find((result: any) => result.ruleId === id);
    expect(byRule('pss-baseline/CTR-NOT-PRIVILEGED').level).toEqual('error');
    expect(byRule('hardened/IMG-DIGEST').level).toEqual('note');
    expect(byRule('hardened/CTR-PROBES').suppressions).toEqual([{
      kind: 'inSource',
      justification: 'the legacy server has no health endpoint',
      properties: { origin: 'manifest-annotation', source: 'annotation exception.cdk8s-secure.io/CTR-PROBES on Deployment shop/web' },
    }]);
  });

  test('reports input problems as tool execution notifications', () => {
    const invocation = JSON.parse(sampleReport().toSarif()).runs[0].invocations[0];
    expect(invocation.executionSuccessful).toBe(true);
    expect(invocation.toolExecutionNotifications).toEqual([{
      level: 'warning', message: { text: 'document is the string "not an object", not a Kubernetes object; skipped' },
    }]);
  });

  test('construct audits locate results by construct path, and by the file and line cdk8s writes', () => {
    const chart = Testing.chart();
    new ApiObject(chart, 'p', pod({ hostPID: true }) as never);
    const result = JSON.parse(Audit.of(chart, { packs: [Pack.PSS_BASELINE] }).toSarif()).runs[0].results[0];
    expect(result.locations).toEqual([{
      logicalLocations: [{ name: 'p', fullyQualifiedName: 'Pod/team/p:spec.hostPID', kind: 'object' }],
      physicalLocation: { artifactLocation: { uri: 'test.k8s.yaml' }, region: { startLine: expect.any(Number) } },
    }]);
    expect(result.properties.constructPath).toEqual('test/p');
  });
});

test('summary() and counts() for logs', () => {
  const report = sampleReport();
  expect(report.counts()).toEqual({ errors: 2, warnings: 1, infos: 1, suppressed: 1, unusedSuppressions: 1, problems: 1, objects: 18 });
  expect(report.failsAt(Severity.ERROR)).toBe(true);
  expect(Audit.ofManifests(hardened()).failsAt(Severity.INFO)).toBe(false);
});
