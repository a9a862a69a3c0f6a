import { ReportContents } from './report-contents';
import { Severity } from '../severity';
import { groupByObject, problemLocation, suppressionProvenance, suppressionTarget } from './report-helpers';

const ANSI = {
  red: '\u001b[31m',
  yellow: '\u001b[33m',
  cyan: '\u001b[36m',
  dim: '\u001b[2m',
  bold: '\u001b[1m',
  reset: '\u001b[0m',
};

/** Renders a report as text grouped by object, with ANSI colours when `colour` is true. */
export function renderTextReport(report: ReportContents, colour: boolean): string {
  const paint = (style: keyof typeof ANSI, text: string) => colour ? `${ANSI[style]}${text}${ANSI.reset}` : text;
  const severityLabel = (severity: Severity, suppressed: boolean) => {
    const label = suppressed ? 'suppressed' : severity.toUpperCase();
    const padded = label.padEnd(10);
    if (suppressed) return paint('dim', padded);
    return severity === Severity.ERROR ? paint('red', padded) : severity === Severity.WARNING ? paint('yellow', padded) : paint('cyan', padded);
  };
  const lines: string[] = [];
  for (const group of groupByObject(report.findings)) {
    lines.push(paint('bold', group.label) + (group.location ? paint('dim', `  (${group.location})`) : ''));
    for (const finding of group.findings) {
      const where = finding.line !== undefined ? ` ${paint('dim', `line ${finding.line}`)}` : '';
      lines.push(`  ${severityLabel(finding.severity, finding.suppressed)} ${finding.id}  ${finding.path || '(object)'}${where}`);
      lines.push(`             ${finding.message}`);
      if (finding.suppressed) {
        lines.push(`             ${paint('dim', `reason: ${finding.suppressionReason ?? ''}`)}`);
        lines.push(`             ${paint('dim', `by: ${suppressionProvenance(finding)}`)}`);
      } else if (finding.ignoredException !== undefined) {
        lines.push(`             ${paint('yellow', `not excepted: ${finding.ignoredException}`)}`);
      }
    }
    lines.push('');
  }
  const unused = report.unusedSuppressions;
  if (unused.length > 0) {
    lines.push(paint('bold', 'Unused suppressions (matched no finding; remove them):'));
    for (const suppression of unused) {
      lines.push(`  ${suppression.rule} on ${suppressionTarget(suppression)}: ${suppression.reason}`);
    }
    lines.push('');
  }
  const problems = report.problems;
  if (problems.length > 0) {
    lines.push(paint('bold', 'Input problems:'));
    for (const problem of problems) {
      lines.push(`  ${severityLabel(problem.severity, false)} ${problemLocation(problem)}: ${problem.message}`);
    }
    lines.push('');
  }
  lines.push(report.summary());
  return `${lines.join('\n')}\n`;
}
