import { ReportContents } from './report-contents';

/** Renders a report as JSON with a stable key order; `new AuditReport(JSON.parse(json))` reads it back. */
export function renderJsonReport(report: ReportContents): string {
  const document = {
    tool: 'cdk8s-secure',
    packs: report.packs,
    frameworks: report.frameworks,
    objectCount: report.objectCount,
    summary: report.counts(),
    findings: report.findings,
    unusedSuppressions: report.unusedSuppressions,
    problems: report.problems,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
