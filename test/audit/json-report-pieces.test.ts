import * as fs from 'fs';
import * as path from 'path';
import { AuditProblem } from '../../src/audit/audit-problem';
import { AuditReport, ReportFormat } from '../../src/audit/audit-report';
import { AuditedObject } from '../../src/audit/engine/audited-object';
import { buildReport } from '../../src/audit/engine/build-report';
import { parseManifestText } from '../../src/audit/engine/parse-manifest-text';
import { toolInfo } from '../../src/audit/engine/tool-info';
import { fixOf, JSON_REPORT_SCHEMA_VERSION, writeJsonReport } from '../../src/audit/reports/json-report';

/** The JSON report written in pieces (finding by finding) is the text `JSON.stringify` gives for the whole report. */

function reportOf(file: string): AuditReport {
  const objects: AuditedObject[] = [];
  const problems: AuditProblem[] = [];
  parseManifestText(fs.readFileSync(path.join(__dirname, 'fixtures', file), 'utf8'), file, objects, problems);
  return buildReport(undefined, objects, { evaluationDate: '2026-01-01' }, problems);
}

/** The report as one `JSON.stringify` of the whole document (how it was rendered before it was written in pieces). */
function wholeDocument(report: AuditReport, perPack: boolean): string {
  const view = perPack ? report : report.onePerProblem();
  return `${JSON.stringify({
    schemaVersion: JSON_REPORT_SCHEMA_VERSION,
    tool: 'cdk8s-secure',
    toolVersion: toolInfo().version,
    view: perPack ? 'per-pack' : 'one-per-problem',
    packs: view.packs,
    frameworks: view.frameworks,
    objectCount: view.objectCount,
    summary: view.counts(),
    findings: view.findings.map(finding => ({ ...finding, fix: fixOf(finding.ruleId) })),
    unusedSuppressions: view.unusedSuppressions,
    problems: view.problems,
  }, null, 2)}\n`;
}

describe('JSON report written in pieces', () => {
  const reports: Array<[string, AuditReport]> = [
    ['insecure fixture', reportOf('insecure.yaml')],
    ['hardened fixture', reportOf('hardened.yaml')],
    ['a report read back from its JSON (its findings have a fix)',
      new AuditReport(JSON.parse(reportOf('insecure.yaml').render(ReportFormat.JSON, { perPack: true })))],
    ['no findings', new AuditReport({ packs: ['hardened'], findings: [], objectCount: 0, frameworks: [] })],
  ];

  test.each(reports)('%s: the same text as one JSON.stringify, in both views', (_name, report) => {
    for (const perPack of [false, true]) {
      const pieces: string[] = [];
      writeJsonReport(perPack ? report : report.onePerProblem(), perPack, chunk => pieces.push(chunk));
      expect(pieces.join('')).toBe(wholeDocument(report, perPack));
      expect(report.render(ReportFormat.JSON, { perPack })).toBe(wholeDocument(report, perPack));
    }
  });

  test('a large report is written in several pieces, none of them the whole report', () => {
    const report = reportOf('insecure.yaml');
    const finding = report.findings[0];
    const many = new AuditReport({ packs: report.packs, objectCount: 1, findings: Array.from({ length: 3000 }, (_, i) => ({ ...finding, name: `n${i}` })) });
    const pieces: string[] = [];
    writeJsonReport(many, true, chunk => pieces.push(chunk));
    const text = pieces.join('');
    expect(pieces.length).toBeGreaterThan(10);
    expect(Math.max(...pieces.map(piece => piece.length))).toBeLessThan(text.length / 10);
    expect(text).toBe(wholeDocument(many, true));
    expect(JSON.parse(text).findings).toHaveLength(3000);
  });
});
