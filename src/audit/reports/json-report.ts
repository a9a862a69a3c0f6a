import { ReportContents } from './report-contents';
import { ruleInfoById } from '../engine/catalog';
import { toolInfo } from '../engine/tool-info';

/**
 * The version of the JSON report's layout. 2: `schemaVersion`, `toolVersion`, `view`, a `fix` and (in the default
 * view) the `packs` of every finding.
 */
export const JSON_REPORT_SCHEMA_VERSION = 2;

const fixes = new Map<string, string>();

/** The fix text of a rule (cached: the catalogue entry is computed per call). */
export function fixOf(ruleId: string): string {
  let fix = fixes.get(ruleId);
  if (fix === undefined) {
    fix = ruleInfoById(ruleId)?.fix ?? '';
    fixes.set(ruleId, fix);
  }
  return fix;
}

/** Renders a report as JSON with a stable key order; `new AuditReport(JSON.parse(json))` reads it back. */
export function renderJsonReport(report: ReportContents, perPack: boolean): string {
  const document = {
    schemaVersion: JSON_REPORT_SCHEMA_VERSION,
    tool: 'cdk8s-secure',
    toolVersion: toolInfo().version,
    view: perPack ? 'per-pack' : 'one-per-problem',
    packs: report.packs,
    frameworks: report.frameworks,
    objectCount: report.objectCount,
    summary: report.counts(),
    findings: report.findings.map(finding => ({ ...finding, fix: fixOf(finding.ruleId) })),
    unusedSuppressions: report.unusedSuppressions,
    problems: report.problems,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
