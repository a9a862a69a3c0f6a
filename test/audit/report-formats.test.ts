import * as fs from 'fs';
import * as path from 'path';
import { toBeValidSarifLog } from '@microsoft/jest-sarif';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { hardened, loadFixture, web, webContainer } from './support';
import { AnnotationExceptions, Audit, AuditReport, Pack, ReportFormat, RuleId, Severity } from '../../src';

expect.extend({ toBeValidSarifLog });
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      toBeValidSarifLog(): R;
    }
  }
}

const PACKAGE = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));

/** A Deployment that breaks most rules: privileged, host namespaces, no resources, no probes, a mutable image. */
function badDeployment(index: number): Record<string, any> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: `bad-${index}`, namespace: 'legacy' },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: `bad-${index}` } },
      template: {
        metadata: { labels: { app: `bad-${index}` } },
        spec: {
          hostPID: true,
          hostNetwork: true,
          volumes: [{ name: 'host', hostPath: { path: '/' } }],
          containers: ['app', 'sidecar'].map(name => ({
            name,
            image: `docker.io/library/${name}:latest`,
            securityContext: { privileged: true, allowPrivilegeEscalation: true, runAsUser: 0, capabilities: { add: ['SYS_ADMIN'] } },
            ports: [{ containerPort: 80, hostPort: 80 }],
            volumeMounts: [{ name: 'host', mountPath: '/host' }],
          })),
        },
      },
    },
  };
}

/** The hardened fixture with one privileged container excepted by an annotation whose reason is hostile markup. */
function hostileReasonReport(): AuditReport {
  const objects = hardened();
  delete webContainer(objects).livenessProbe;
  web(objects).metadata.annotations = { 'exception.cdk8s-secure.io/CTR-PROBES': '<script>alert(1)</script> | **bold** [x](javascript:alert(1))' };
  return Audit.ofManifests(objects, {
    packs: [Pack.HARDENED],
    annotationExceptions: AnnotationExceptions.ALLOWED_RULES,
    exceptionPolicy: { allowedRules: [RuleId.CTR_PROBES] },
  });
}

describe('Markdown within a pull-request comment', () => {
  const report = Audit.ofManifests(Array.from({ length: 25 }, (_, i) => badDeployment(i)));

  test('25 bad Deployments stay under 60,000 characters, most severe first, with an "N more" line', () => {
    const perPack = report.findings.length;
    const distinct = report.onePerProblem().findings.length;
    expect(distinct).toBeLessThan(perPack);
    const markdown = report.toMarkdown();
    expect(markdown.length).toBeLessThan(60_000);
    expect(markdown.length).toBeGreaterThan(50_000);
    const severities = [...markdown.matchAll(/^\| (🔴 error|🟠 warning|🔵 info) \|/gmu)].map(match => match[1]);
    expect(severities.length).toBeGreaterThan(100);
    // Errors come first (a section of them, per object): only errors are listed before the budget ends.
    expect(markdown).toContain('### Errors (');
    expect(severities.every(severity => severity === '🔴 error')).toBe(true);
    const errors = report.onePerProblem().active(Severity.INFO).filter(finding => finding.severity === Severity.ERROR).length;
    expect(severities.length).toBeLessThan(errors);
    const more = /\*\*(\d+) more findings\*\* \((\d+) errors, (\d+) warnings, (\d+) info\) are not listed here, to keep this report under 60,000 characters: see /
      .exec(markdown);
    expect(more).not.toBeNull();
    expect(Number(more![1]) + severities.length).toEqual(distinct);
    // Every object section that is opened is closed.
    expect(markdown.split('<details open>').length).toEqual(markdown.split('</details>').length);
  });

  test('the budget and the pointer to the full report are options; without a limit nothing is left out', () => {
    const small = report.toMarkdown({ markdownMaxLength: 10_000, fullReportLocation: 'the audit.sarif artifact' });
    expect(small.length).toBeLessThan(10_000);
    expect(small).toContain('characters: see the audit.sarif artifact.');
    const all = report.toMarkdown({ markdownMaxLength: 10_000_000 });
    expect(all).not.toContain(' more findings**');
    const sections = [...all.matchAll(/^### (Errors|Warnings|Info) \(\d+\)$/gm)].map(match => match[1]);
    expect(sections).toEqual(['Errors', 'Warnings', 'Info']);
    expect([...all.matchAll(/^\| (🔴 error|🟠 warning|🔵 info) \|/gmu)]).toHaveLength(report.onePerProblem().findings.length);
    expect(all).toContain('<details><summary>Related controls</summary>');
  });

  test('the per-pack view lists a problem once per pack', () => {
    const all = report.toMarkdown({ markdownMaxLength: 10_000_000, perPack: true });
    expect([...all.matchAll(/^\| (🔴 error|🟠 warning|🔵 info) \|/gmu)]).toHaveLength(report.findings.length);
  });

  test('an annotation reason with <script> and | renders as text, in Markdown and in HTML', () => {
    const markdown = hostileReasonReport().toMarkdown();
    expect(markdown).not.toContain('<script>');
    expect(markdown).not.toContain('**bold**');
    expect(markdown).not.toContain('[x](javascript:');
    const row = markdown.split('\n').find(line => line.includes('hardened/CTR-PROBES'))!;
    expect(row).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &#124; \\*\\*bold\\*\\* \\[x\\](javascript:alert(1))');
    // The row still has the five cells of its table: the pipe in the reason does not open a sixth.
    expect(row.split(/(?<!\\)\|/).length - 2).toBe(5);
  });

  test('a message naming localhost/<profile> is text, not an HTML tag', () => {
    const objects = hardened();
    webContainer(objects).securityContext.seccompProfile = { type: 'Localhost', localhostProfile: '<img src=x onerror=alert(1)>' };
    const markdown = Audit.ofManifests(objects, { packs: [Pack.HARDENED] }).toMarkdown({ markdownMaxLength: 1_000_000 });
    expect(markdown).not.toMatch(/<img/);
  });
});

describe('SARIF', () => {
  test('validates against the official SARIF 2.1.0 schema: construct, manifest and file audits, suppressions and problems', () => {
    const objects = hardened();
    webContainer(objects).securityContext.privileged = true;
    const logs = [
      hostileReasonReport().toSarif(),
      Audit.ofManifests([...objects, 'not an object'], { packs: Pack.all() }).toSarif(),
      Audit.ofManifests([...objects, 'not an object'], { packs: Pack.all() }).toSarif({ perPack: true }),
      Audit.ofYaml(fs.readFileSync(path.join(__dirname, 'fixtures', 'insecure.yaml'), 'utf8'), {}, 'deploy/insecure.yaml').toSarif(),
      Audit.ofManifests([]).toSarif(),
    ].map(text => JSON.parse(text));
    for (const log of logs) {
      expect(log).toBeValidSarifLog();
    }
  });

  test('a log that breaks the schema fails the check (the validation is real)', () => {
    const log = JSON.parse(Audit.ofManifests(hardened()).toSarif());
    log.runs[0].results = [{ message: 'not an object' }];
    expect(() => expect(log).toBeValidSarifLog()).toThrow();
  });

  test('carries the tool version and semantic version of package.json, and the repository as information URI', () => {
    const driver = JSON.parse(Audit.ofManifests(hardened()).toSarif()).runs[0].tool.driver;
    expect(driver.version).toEqual(PACKAGE.version);
    expect(driver.semanticVersion).toEqual(PACKAGE.version);
    expect(driver.informationUri).toEqual(PACKAGE.repository.url.replace(/\.git$/, ''));
    expect(driver.informationUri).not.toMatch(/\.git$/);
  });

  test('one result per problem listing its packs, with the fix', () => {
    const objects = hardened();
    webContainer(objects).securityContext.privileged = true;
    const report = Audit.ofManifests(objects, { packs: Pack.all() });
    const results = JSON.parse(report.toSarif()).runs[0].results.filter((result: any) => result.ruleId.endsWith('/CTR-NOT-PRIVILEGED'));
    expect(results).toHaveLength(1);
    expect(results[0].ruleId).toEqual('pss-baseline/CTR-NOT-PRIVILEGED');
    expect(results[0].properties.packs.map((entry: any) => entry.pack)).toEqual(['pss-baseline', 'pss-restricted', 'hardened']);
    expect(results[0].properties.fix).toContain('privileged: false');
    const perPack = JSON.parse(report.toSarif({ perPack: true })).runs[0].results.filter((result: any) => result.ruleId.endsWith('/CTR-NOT-PRIVILEGED'));
    expect(perPack.map((result: any) => result.ruleId)).toEqual(['pss-baseline/CTR-NOT-PRIVILEGED', 'pss-restricted/CTR-NOT-PRIVILEGED', 'hardened/CTR-NOT-PRIVILEGED']);
  });
});

describe('JUnit XML', () => {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: name => ['testsuite', 'testcase'].includes(name) });

  test('is well-formed, with one failing test case per active finding and a skipped one per suppressed finding', () => {
    const report = Audit.ofYaml(fs.readFileSync(path.join(__dirname, 'fixtures', 'insecure.yaml'), 'utf8'), {}, 'deploy/insecure.yaml');
    const xml = report.render(ReportFormat.JUNIT);
    expect(XMLValidator.validate(xml)).toBe(true);
    const document = parser.parse(xml);
    const cases = document.testsuites.testsuite.flatMap((suite: any) => suite.testcase);
    const view = report.onePerProblem();
    const active = view.findings.filter(finding => !finding.suppressed);
    expect(cases.filter((testcase: any) => testcase.failure)).toHaveLength(active.length);
    expect(Number(document.testsuites.failures)).toEqual(active.length);
    const privileged = cases.find((testcase: any) => testcase.name.startsWith('pss-baseline/CTR-NOT-PRIVILEGED '));
    expect(privileged.classname).toEqual('Deployment legacy/api');
    expect(privileged.file).toEqual('deploy/insecure.yaml');
    expect(Number(privileged.line)).toBeGreaterThan(1);
    expect(privileged.failure.type).toEqual('error');
    expect(privileged.failure['#text']).toContain('Fix: ');

    const suppressed = parser.parse(hostileReasonReport().toJunit());
    const probes = suppressed.testsuites.testsuite.flatMap((suite: any) => suite.testcase).find((testcase: any) => testcase.name.startsWith('hardened/CTR-PROBES'));
    expect(probes.skipped.message).toContain('<script>alert(1)</script> | **bold**');
    expect(XMLValidator.validate(hostileReasonReport().toJunit())).toBe(true);
  });

  test('a clean audit is one passing test case; input problems are errors', () => {
    const clean = parser.parse(Audit.ofManifests(hardened()).toJunit());
    expect(clean.testsuites.tests).toEqual('1');
    expect(clean.testsuites.failures).toEqual('0');
    const broken = Audit.ofYaml('kind: [Pod\n', {}, 'broken.yaml').toJunit();
    expect(XMLValidator.validate(broken)).toBe(true);
    expect(parser.parse(broken).testsuites.errors).toEqual('1');
  });

  test('control characters that XML forbids are replaced, so the document stays well-formed', () => {
    const objects = hardened();
    web(objects).metadata.name = 'web';
    webContainer(objects).name = 'web\u0001\u001b[31m';
    const xml = Audit.ofManifests(objects, { packs: [Pack.HARDENED] }).toJunit();
    expect(XMLValidator.validate(xml)).toBe(true);
  });
});

describe('JSON', () => {
  test('has a schema version, the tool version and a fix per finding', () => {
    const json = JSON.parse(Audit.ofManifests(loadFixture('insecure.yaml')).toJson());
    expect(json.schemaVersion).toBe(2);
    expect(json.toolVersion).toEqual(PACKAGE.version);
    for (const finding of json.findings) {
      expect(typeof finding.fix).toBe('string');
      expect(finding.fix.length).toBeGreaterThan(10);
      expect(finding.packs.length).toBeGreaterThan(0);
    }
  });
});
