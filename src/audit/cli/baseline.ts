import { AuditReport } from '../audit-report';
import { describeObject } from '../engine/audited-object';
import { findingFingerprint, FingerprintFields } from '../engine/fingerprint';
import { asObject, asString } from '../engine/json';
import { atLeast } from '../engine/severity-order';
import { Finding } from '../finding';
import { markdownText } from '../reports/markdown-report';
import { Severity } from '../severity';

/** An active finding of the baseline run, as its JSON report holds it. */
export interface BaselineEntry extends FingerprintFields {
  readonly id: string;
  readonly severity: string;
  readonly message: string;
}

/** Today's active findings against a baseline's. */
export interface BaselineComparison {
  readonly file: string;
  /** Active findings whose fingerprint the baseline does not hold. */
  readonly added: Finding[];
  /** Active findings the baseline holds too. */
  readonly known: Finding[];
  /** Baseline findings that are no longer found (fixed, or suppressed since). */
  readonly fixed: BaselineEntry[];
}

/**
 * The active findings of a JSON report (`--format json` or `--write-baseline`), which is what a baseline file is.
 *
 * @throws an Error naming the problem when `parsed` is not such a report
 */
export function readBaseline(parsed: unknown, file: string): BaselineEntry[] {
  const findings = asObject(parsed)?.findings;
  if (!Array.isArray(findings)) {
    throw new Error(`the baseline ${file} is not a JSON report of cdk8s-secure (no findings list); write one with --write-baseline ${file}`);
  }
  const entries: BaselineEntry[] = [];
  findings.forEach((item, index) => {
    const finding = asObject(item);
    const text = (key: string) => asString(finding?.[key]);
    if (!finding || text('ruleId') === undefined || text('kind') === undefined || text('name') === undefined || text('path') === undefined) {
      throw new Error(`the baseline ${file}: findings[${index}] has no ruleId, kind, name and path; write the baseline with --write-baseline`);
    }
    if (finding.suppressed === true) return;
    entries.push({
      id: text('id') ?? text('ruleId')!,
      ruleId: text('ruleId')!,
      severity: text('severity') ?? '',
      message: text('message') ?? '',
      kind: text('kind')!,
      namespace: text('namespace'),
      name: text('name')!,
      path: text('path')!,
    });
  });
  return entries;
}

/** Splits the report's active findings into new and known ones, and lists the baseline's findings that are gone. */
export function compareToBaseline(report: AuditReport, baseline: readonly BaselineEntry[], file: string): BaselineComparison {
  const before = new Set(baseline.map(findingFingerprint));
  const active = report.findings.filter(finding => !finding.suppressed);
  const now = new Set(active.map(findingFingerprint));
  return {
    file,
    added: active.filter(finding => !before.has(findingFingerprint(finding))),
    known: active.filter(finding => before.has(findingFingerprint(finding))),
    fixed: baseline.filter((entry, index) => !now.has(findingFingerprint(entry))
      && baseline.findIndex(other => findingFingerprint(other) === findingFingerprint(entry)) === index),
  };
}

/** Whether a new finding is at least as serious as `failOn` (the exit code with a baseline). */
export function baselineFails(comparison: BaselineComparison, failOn: Severity): boolean {
  return comparison.added.some(finding => atLeast(finding.severity, failOn));
}

function line(finding: BaselineEntry | Finding): string {
  return `${finding.severity.toUpperCase()} ${finding.id} ${describeObject(finding)} ${finding.path || '(object)'}: ${finding.message}`;
}

/** One line for logs, e.g. `baseline b.json: 1 new finding, 40 unchanged, 2 fixed`. */
export function baselineSummary(comparison: BaselineComparison): string {
  const count = comparison.added.length;
  return `baseline ${comparison.file}: ${count} new finding${count === 1 ? '' : 's'}, ${comparison.known.length} unchanged, ${comparison.fixed.length} fixed`;
}

/** The comparison as text: the summary, the new findings and the fixed ones. */
export function renderBaselineText(comparison: BaselineComparison): string {
  const lines = [baselineSummary(comparison)];
  if (comparison.added.length > 0) lines.push('New findings:', ...comparison.added.map(finding => `  ${line(finding)}`));
  if (comparison.fixed.length > 0) lines.push('Fixed since the baseline:', ...comparison.fixed.map(entry => `  ${line(entry)}`));
  return `${lines.join('\n')}\n`;
}

/** The comparison as a Markdown section, escaped as the Markdown report is. */
export function renderBaselineMarkdown(comparison: BaselineComparison): string {
  const lines = ['### Against the baseline', '', `**${markdownText(baselineSummary(comparison))}**`, ''];
  const list = (title: string, items: ReadonlyArray<BaselineEntry | Finding>) => {
    if (items.length === 0) return;
    lines.push(`${title}:`, '', ...items.slice(0, 200).map(item => `- ${markdownText(line(item))}`));
    if (items.length > 200) lines.push(`- ${items.length - 200} more`);
    lines.push('');
  };
  list('New findings', comparison.added);
  list('Fixed since the baseline', comparison.fixed);
  return `${lines.join('\n')}\n`;
}

/** Adds the comparison to a JSON report: a `baseline` member and each finding's `baselineState`. */
export function addBaselineToJson(json: string, comparison: BaselineComparison): string {
  const document = JSON.parse(json) as { findings: Array<FingerprintFields & { suppressed?: boolean; baselineState?: string }> };
  const added = new Set(comparison.added.map(findingFingerprint));
  for (const finding of document.findings) {
    if (!finding.suppressed) finding.baselineState = added.has(findingFingerprint(finding)) ? 'new' : 'unchanged';
  }
  return `${JSON.stringify({
    ...document,
    baseline: { file: comparison.file, new: comparison.added.length, unchanged: comparison.known.length, fixed: comparison.fixed },
  }, null, 2)}\n`;
}

/** Adds the comparison to a SARIF log: each active result's `baselineState` (`new` or `unchanged`), as SARIF defines it. */
export function addBaselineToSarif(sarif: string, comparison: BaselineComparison): string {
  type Result = { partialFingerprints: Record<string, string>; suppressions?: unknown[]; baselineState?: string };
  const log = JSON.parse(sarif) as { runs: Array<{ results: Result[] }> };
  const added = new Set(comparison.added.map(findingFingerprint));
  for (const result of log.runs[0].results) {
    if (result.suppressions) continue;
    result.baselineState = Object.values(result.partialFingerprints).some(fingerprint => added.has(fingerprint)) ? 'new' : 'unchanged';
  }
  return `${JSON.stringify(log, null, 2)}\n`;
}
