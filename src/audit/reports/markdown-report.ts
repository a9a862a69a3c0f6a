import { ReportContents } from './report-contents';
import { groupByObject, problemLocation, suppressionProvenance, suppressionTarget } from './report-helpers';
import { describeObject } from '../engine/audited-object';
import { ruleInfoById } from '../engine/catalog';
import { frameworkColumns } from '../engine/frameworks';
import { Finding } from '../finding';
import { Severity } from '../severity';

const ICON: Record<Severity, string> = {
  [Severity.ERROR]: '🔴 error',
  [Severity.WARNING]: '🟠 warning',
  [Severity.INFO]: '🔵 info',
};

/** Escapes text for a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function code(text: string): string {
  return text ? `\`${text.replace(/`/g, '\'')}\`` : '(object)';
}

/** Renders a report as Markdown for a pull-request comment: summary table, details, suppressions, related controls. */
export function renderMarkdownReport(report: ReportContents): string {
  const lines: string[] = ['## cdk8s-secure audit', '', `**${report.summary()}**`, ''];
  const findings = report.findings;
  const active = findings.filter(finding => !finding.suppressed);

  lines.push('| Pack | Errors | Warnings | Info | Suppressed |', '|---|---:|---:|---:|---:|');
  for (const pack of report.packs) {
    const ofPack = findings.filter(finding => finding.pack === pack);
    const count = (severity: Severity) => ofPack.filter(finding => !finding.suppressed && finding.severity === severity).length;
    lines.push(`| ${pack} | ${count(Severity.ERROR)} | ${count(Severity.WARNING)} | ${count(Severity.INFO)} | ${ofPack.filter(f => f.suppressed).length} |`);
  }
  lines.push('');

  if (active.length > 0) {
    lines.push('### Findings', '');
    for (const group of groupByObject(active)) {
      lines.push(`#### ${group.label}${group.location ? ` — \`${group.location}\`` : ''}`, '');
      lines.push('| Severity | Finding | Path | Message |', '|---|---|---|---|');
      for (const finding of group.findings) {
        const message = finding.ignoredException === undefined ? finding.message : `${finding.message} (not excepted: ${finding.ignoredException})`;
        lines.push(`| ${ICON[finding.severity]} | \`${finding.id}\` | ${cell(code(finding.path))}${finding.line !== undefined ? ` (line ${finding.line})` : ''} | ${cell(message)} |`);
      }
      lines.push('');
    }
  } else {
    lines.push('No active findings.', '');
  }

  const suppressed = findings.filter(finding => finding.suppressed);
  if (suppressed.length > 0) {
    lines.push('### Suppressed findings', '', '| Finding | Object | Path | Reason | Origin |', '|---|---|---|---|---|');
    for (const finding of suppressed) {
      lines.push(`| \`${finding.id}\` | ${cell(describeObject(finding))} | ${cell(code(finding.path))} | ${cell(finding.suppressionReason ?? '')} `
        + `| ${cell(suppressionProvenance(finding))} |`);
    }
    lines.push('');
  }

  const unused = report.unusedSuppressions;
  if (unused.length > 0) {
    lines.push('### Unused suppressions', '', 'These suppressions matched no finding; remove them so they cannot hide a future one.', '',
      '| Rule | Target | Reason |', '|---|---|---|');
    for (const suppression of unused) {
      lines.push(`| \`${suppression.rule}\` | ${cell(suppressionTarget(suppression))} | ${cell(suppression.reason)} |`);
    }
    lines.push('');
  }

  const problems = report.problems;
  if (problems.length > 0) {
    lines.push('### Input problems', '', '| Severity | Where | Problem |', '|---|---|---|');
    for (const problem of problems) {
      lines.push(`| ${ICON[problem.severity]} | ${cell(problemLocation(problem))} | ${cell(problem.message)} |`);
    }
    lines.push('');
  }

  lines.push(...relatedControlsSection(findings, report.frameworks));
  return `${lines.join('\n')}\n`;
}

function relatedControlsSection(findings: readonly Finding[], frameworks: readonly string[]): string[] {
  const ruleIds = [...new Set(findings.map(finding => finding.ruleId))];
  if (ruleIds.length === 0) {
    return [];
  }
  const columns = frameworkColumns(frameworks);
  const lines = [
    '<details><summary>Related controls</summary>',
    '',
    'Controls of security frameworks that the reported rules relate to. A rule supports a control; '
      + 'passing the audit is not, on its own, evidence of compliance with any framework.',
    '',
    `| ${['Rule', 'PSS', ...columns.map(column => column.title)].join(' | ')} |`,
    `|${['Rule', 'PSS', ...columns].map(() => '---|').join('')}`,
  ];
  for (const id of ruleIds) {
    const info = ruleInfoById(id);
    if (!info) {
      continue;
    }
    const c = info.relatedControls;
    const list = (ids: readonly string[]) => cell(ids.join(', ') || '—');
    lines.push(`| \`${id}\` | ${c.podSecurityStandard ?? '—'} | ${columns.map(column => list(c[column.field])).join(' | ')} |`);
  }
  lines.push('', '</details>', '');
  return lines;
}
