import { ReportContents } from './report-contents';
import { describePacks, groupByObject, problemLocation, suppressionProvenance, suppressionTarget } from './report-helpers';
import { describeObject } from '../engine/audited-object';
import { ruleInfoById } from '../engine/catalog';
import { frameworkColumns } from '../engine/frameworks';
import { Finding } from '../finding';
import { Severity } from '../severity';

/** The default size budget: under the 65,536 characters a pull-request comment may hold, with room to spare. */
export const DEFAULT_MARKDOWN_MAX_LENGTH = 60_000;

/** Where the "N more" line sends readers by default. */
const DEFAULT_FULL_REPORT = 'the full JSON or SARIF report of this audit';

/** What the Markdown renderer takes besides the report. */
export interface MarkdownOptions {
  readonly markdownMaxLength?: number;
  readonly fullReportLocation?: string;
}

const SECTION: Record<Severity, string> = {
  [Severity.ERROR]: 'Errors',
  [Severity.WARNING]: 'Warnings',
  [Severity.INFO]: 'Info',
};

const ICON: Record<Severity, string> = {
  [Severity.ERROR]: '🔴 error',
  [Severity.WARNING]: '🟠 warning',
  [Severity.INFO]: '🔵 info',
};

/**
 * Text for an HTML context (a `<summary>`, the inside of an HTML block): markup characters as entities, so that a
 * value like `localhost/<profile>` or an annotation reason with `<script>` is shown as text, never read as HTML.
 */
export function htmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '&#124;').replace(/\r?\n|\r/g, ' ');
}

/**
 * Text for a Markdown context (a table cell, a paragraph): HTML escaped as in `htmlText`, and every character that
 * could start Markdown syntax (emphasis, code, links, images, strike-through, table cells) escaped with a backslash.
 */
export function markdownText(text: string): string {
  return htmlText(text.replace(/[\\`*_[\]~!#]/g, '\\$&'));
}

/** A field path or other literal in code style, escaped for Markdown (no backticks, whose content cannot be escaped). */
function code(text: string): string {
  return `<code>${markdownText(text || '(object)')}</code>`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 || word === 'info' ? '' : 's'}`;
}

function severityCounts(findings: readonly Finding[]): string {
  const count = (severity: Severity) => findings.filter(finding => finding.severity === severity).length;
  return [
    plural(count(Severity.ERROR), 'error'), plural(count(Severity.WARNING), 'warning'), plural(count(Severity.INFO), 'info'),
  ].filter(part => !part.startsWith('0 ')).join(', ');
}

/** The severity of a finding in `pack`, or undefined when the pack does not report it. */
function severityIn(finding: Finding, pack: string): Severity | undefined {
  if (finding.packs) return finding.packs.find(entry => entry.pack === pack)?.severity;
  return finding.pack === pack ? finding.severity : undefined;
}

/**
 * Renders a report as Markdown for a pull-request comment, within `markdownMaxLength` characters: summary table,
 * active findings most severe first in one collapsible section per object, then suppressed findings, unused
 * suppressions, input problems and related controls as far as they fit; what does not fit is counted in an
 * "N more" line naming where the full report is. Every interpolated text is escaped for Markdown and HTML.
 */
export function renderMarkdownReport(report: ReportContents, options: MarkdownOptions = {}): string {
  const maxLength = options.markdownMaxLength ?? DEFAULT_MARKDOWN_MAX_LENGTH;
  const fullReport = options.fullReportLocation ?? DEFAULT_FULL_REPORT;
  const findings = report.findings;
  const active = findings.filter(finding => !finding.suppressed);

  const head: string[] = ['## cdk8s-secure audit', '', `**${markdownText(report.summary())}**`, ''];
  head.push('| Pack | Errors | Warnings | Info | Suppressed |', '|---|---:|---:|---:|---:|');
  for (const pack of report.packs) {
    const ofPack = findings.filter(finding => severityIn(finding, pack) !== undefined);
    const count = (severity: Severity) => ofPack.filter(finding => !finding.suppressed && severityIn(finding, pack) === severity).length;
    head.push(`| ${markdownText(pack)} | ${count(Severity.ERROR)} | ${count(Severity.WARNING)} | ${count(Severity.INFO)} | `
      + `${ofPack.filter(f => f.suppressed).length} |`);
  }
  head.push('');

  const out = new Budget(maxLength);
  out.add(head);
  // Room kept for the "N more" line and the closing of an open section.
  const reserve = 400;
  const shown: Finding[] = [];
  if (active.length > 0) {
    // Most severe first: a section per severity, and in it a collapsible section per object.
    let full = false;
    for (const severity of [Severity.ERROR, Severity.WARNING, Severity.INFO]) {
      const ofSeverity = active.filter(finding => finding.severity === severity);
      if (ofSeverity.length === 0 || full) continue;
      const title = [`### ${SECTION[severity]} (${ofSeverity.length})`, ''];
      for (const [index, group] of groupByObject(ofSeverity).entries()) {
        const summary = `<details open><summary>${htmlText(`${group.label} — ${severityCounts(group.findings)}`)}`
          + `${group.location ? ` — <code>${htmlText(group.location)}</code>` : ''}</summary>`;
        const opening = [...index === 0 ? title : [], summary, '', '| Severity | Rule | Path | Message | Packs |', '|---|---|---|---|---|'];
        const closing = ['', '</details>', ''];
        if (!out.fits([...opening, row(group.findings[0]), ...closing], reserve)) {
          full = true;
          break;
        }
        out.add(opening);
        for (const finding of group.findings) {
          const line = row(finding);
          if (!out.fits([line, ...closing], reserve)) {
            full = true;
            break;
          }
          out.add([line]);
          shown.push(finding);
        }
        out.add(closing);
        if (full) break;
      }
    }
    const hidden = active.filter(finding => !shown.includes(finding));
    if (hidden.length > 0) {
      out.add([`**${hidden.length} more finding${hidden.length === 1 ? '' : 's'}** (${severityCounts(hidden)}) are not listed here, `
        + `to keep this report under ${maxLength.toLocaleString('en-US')} characters: see ${markdownText(fullReport)}.`, '']);
    }
  } else {
    out.add(['No active findings.', '']);
  }

  const suppressed = findings.filter(finding => finding.suppressed);
  const tail: Array<{ omitted: string; lines: string[] }> = [];
  if (suppressed.length > 0) {
    tail.push({
      omitted: `${suppressed.length} suppressed finding${suppressed.length === 1 ? ' is' : 's are'}`,
      lines: ['### Suppressed findings', '', '| Finding | Object | Path | Reason | Origin |', '|---|---|---|---|---|',
        ...suppressed.map(finding => `| ${code(finding.id)} | ${markdownText(describeObject(finding))} | ${code(finding.path)} `
          + `| ${markdownText(finding.suppressionReason ?? '')} | ${markdownText(suppressionProvenance(finding))} |`), ''],
    });
  }
  const unused = report.unusedSuppressions;
  if (unused.length > 0) {
    tail.push({
      omitted: `${unused.length} unused suppression${unused.length === 1 ? ' is' : 's are'}`,
      lines: ['### Unused suppressions', '', 'These suppressions matched no finding; remove them so they cannot hide a future one.', '',
        '| Rule | Target | Reason |', '|---|---|---|',
        ...unused.map(suppression => `| ${code(suppression.rule)} | ${markdownText(suppressionTarget(suppression))} | ${markdownText(suppression.reason)} |`), ''],
    });
  }
  const problems = report.problems;
  if (problems.length > 0) {
    tail.push({
      omitted: `${problems.length} input problem${problems.length === 1 ? ' is' : 's are'}`,
      lines: ['### Input problems', '', '| Severity | Where | Problem |', '|---|---|---|',
        ...problems.map(problem => `| ${ICON[problem.severity]} | ${markdownText(problemLocation(problem))} | ${markdownText(problem.message)} |`), ''],
    });
  }
  const controls = relatedControlsSection(shown.length > 0 ? shown : findings, report.frameworks);
  if (controls.length > 0) {
    tail.push({ omitted: 'Related controls are', lines: controls });
  }
  for (const section of tail) {
    if (out.fits(section.lines, reserve)) {
      out.add(section.lines);
    } else {
      out.add([`_${section.omitted} not listed here, for length: see ${markdownText(fullReport)}._`, '']);
    }
  }
  return `${out.text()}\n`;

  function row(finding: Finding): string {
    const message = finding.ignoredException === undefined ? finding.message : `${finding.message} (not excepted: ${finding.ignoredException})`;
    const packs = describePacks(finding);
    return `| ${ICON[finding.severity]} | ${code(finding.ruleId)} | ${code(finding.path)}${finding.line !== undefined ? ` (line ${finding.line})` : ''} `
      + `| ${markdownText(message)} | ${markdownText(packs)} |`;
  }
}

/** Lines of text that must stay under a number of characters (joined with newlines, plus the final one). */
class Budget {
  private readonly lines: string[] = [];
  private length = 1;

  constructor(private readonly max: number) {}

  /** Whether `lines` fit with `reserve` characters left over. */
  public fits(lines: readonly string[], reserve: number): boolean {
    return this.length + lines.reduce((sum, line) => sum + line.length + 1, 0) + reserve <= this.max;
  }

  public add(lines: readonly string[]): void {
    for (const line of lines) {
      this.lines.push(line);
      this.length += line.length + 1;
    }
  }

  public text(): string {
    return this.lines.join('\n');
  }
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
    const list = (ids: readonly string[]) => markdownText(ids.join(', ') || '—');
    lines.push(`| ${code(id)} | ${c.podSecurityStandard ?? '—'} | ${columns.map(column => list(c[column.field])).join(' | ')} |`);
  }
  lines.push('', '</details>', '');
  return lines;
}
