import { AuditCounts } from './audit-counts';
import { AuditProblem, UnusedSuppression } from './audit-problem';
import { ALL_FRAMEWORKS } from './engine/frameworks';
import { mergePackFindings } from './engine/merge-packs';
import { atLeast } from './engine/severity-order';
import { Finding } from './finding';
import { renderJsonReport } from './reports/json-report';
import { renderJunitReport } from './reports/junit-report';
import { renderMarkdownReport } from './reports/markdown-report';
import { renderSarifReport } from './reports/sarif-report';
import { renderTextReport } from './reports/text-report';
import { Severity } from './severity';

/** The data of an audit report. */
export interface AuditReportProps {
  /** The packs that were run, by name, in order. */
  readonly packs: string[];

  /** Every finding, suppressed ones included. */
  readonly findings: Finding[];

  /** How many Kubernetes objects were audited. */
  readonly objectCount: number;

  /**
   * Suppressions that matched no finding.
   *
   * @default - none
   */
  readonly unusedSuppressions?: UnusedSuppression[];

  /**
   * Problems with the input (unreadable files, malformed YAML, skipped documents, unknown kinds).
   *
   * @default - none
   */
  readonly problems?: AuditProblem[];

  /**
   * The frameworks (`ComplianceFramework` values) whose related controls the reports list.
   *
   * @default - every framework
   */
  readonly frameworks?: string[];
}

/** Options of the text report. */
export interface TextReportOptions {
  /**
   * Colour the output with ANSI escape codes (for terminals).
   *
   * @default false
   */
  readonly colour?: boolean;
}

/** Options of every report format. */
export interface ReportOptions extends TextReportOptions {
  /**
   * List a problem once per pack that reports it (finding ids `<pack>/<RULE-ID>` for each pack), as before packs
   * were merged, instead of once with the packs it belongs to.
   *
   * @default false
   */
  readonly perPack?: boolean;

  /**
   * Markdown: the most characters the report may have (a pull-request comment holds at most 65,536). The most
   * severe findings are listed first; those that do not fit are counted in an "N more" line.
   *
   * @default 60000
   */
  readonly markdownMaxLength?: number;

  /**
   * Markdown: where the complete report is, named in the "N more" line, e.g. `the audit.sarif artifact of this job`.
   *
   * @default "the full JSON or SARIF report of this audit"
   */
  readonly fullReportLocation?: string;
}

/** The output formats of a report. */
export enum ReportFormat {
  /** Human-readable text for terminals, grouped by object. */
  TEXT = 'text',
  /** Machine-readable JSON with every finding, problem and unused suppression. */
  JSON = 'json',
  /** Markdown for pull-request comments: summary table, details, suppressions, related controls. */
  MARKDOWN = 'markdown',
  /** SARIF 2.1.0, for code-scanning tools. */
  SARIF = 'sarif',
  /** JUnit XML, which CI systems show as test results: one test case per rule and object, failing when active. */
  JUNIT = 'junit',
}

/**
 * The outcome of an audit: every finding (suppressed ones included, each with its reason), the suppressions
 * that matched nothing and the problems met in the input, with renderers for terminals, JSON, pull requests
 * and code scanning.
 */
export class AuditReport {
  /** The packs that were run, by name. */
  public readonly packs: string[];

  /** How many Kubernetes objects were audited. */
  public readonly objectCount: number;

  private readonly allFindings: Finding[];
  private readonly unused: UnusedSuppression[];
  private readonly inputProblems: AuditProblem[];
  private readonly chosenFrameworks: string[];
  /** The one-per-problem view, made once (the report does not change). */
  private merged: AuditReport | undefined;

  /**
   * @param props the report data, e.g. as produced by `Audit.of()` or read back from a JSON report
   */
  constructor(props: AuditReportProps) {
    this.packs = [...props.packs];
    this.objectCount = props.objectCount;
    this.allFindings = [...props.findings];
    this.unused = [...(props.unusedSuppressions ?? [])];
    this.inputProblems = [...(props.problems ?? [])];
    this.chosenFrameworks = props.frameworks === undefined ? [...ALL_FRAMEWORKS] : ALL_FRAMEWORKS.filter(name => props.frameworks!.includes(name));
  }

  /** The frameworks (`ComplianceFramework` values) whose related controls the reports list, in report order. */
  public get frameworks(): string[] {
    return [...this.chosenFrameworks];
  }

  /** Every finding, including suppressed and INFO ones. */
  public get findings(): Finding[] {
    return [...this.allFindings];
  }

  /** Suppressions that matched no finding (stale suppressions to remove). */
  public get unusedSuppressions(): UnusedSuppression[] {
    return [...this.unused];
  }

  /** Problems with the input: unreadable files, malformed YAML, skipped documents, unknown kinds. */
  public get problems(): AuditProblem[] {
    return [...this.inputProblems];
  }

  /**
   * The findings that are not suppressed and at least as serious as `minimum`. An app "audits clean" when
   * `active()` is empty.
   *
   * @param minimum the least severity to include
   * @default Severity.WARNING
   */
  public active(minimum: Severity = Severity.WARNING): Finding[] {
    return this.allFindings.filter(finding => !finding.suppressed && atLeast(finding.severity, minimum));
  }

  /** The suppressed findings, each with its reason. */
  public suppressed(): Finding[] {
    return this.allFindings.filter(finding => finding.suppressed);
  }

  /** Whether some active finding is at least as serious as `failOn` (what the gate and the CLI fail on). */
  public failsAt(failOn: Severity): boolean {
    return this.allFindings.some(finding => !finding.suppressed && atLeast(finding.severity, failOn));
  }

  /** Counts by severity, suppressed, unused suppressions, problems and objects. */
  public counts(): AuditCounts {
    const active = this.allFindings.filter(finding => !finding.suppressed);
    return {
      errors: active.filter(finding => finding.severity === Severity.ERROR).length,
      warnings: active.filter(finding => finding.severity === Severity.WARNING).length,
      infos: active.filter(finding => finding.severity === Severity.INFO).length,
      suppressed: this.allFindings.length - active.length,
      unusedSuppressions: this.unused.length,
      problems: this.inputProblems.filter(problem => problem.severity !== Severity.INFO).length,
      objects: this.objectCount,
    };
  }

  /**
   * One line for logs, e.g.
   * `audit (pss-baseline, pss-restricted, hardened) of 12 objects: 0 errors, 2 warnings, 3 info, 1 suppressed`.
   */
  public summary(): string {
    const counts = this.counts();
    const parts = [
      `${counts.errors} error${counts.errors === 1 ? '' : 's'}`,
      `${counts.warnings} warning${counts.warnings === 1 ? '' : 's'}`,
      `${counts.infos} info`,
      `${counts.suppressed} suppressed`,
    ];
    if (counts.unusedSuppressions > 0) {
      parts.push(`${counts.unusedSuppressions} unused suppression${counts.unusedSuppressions === 1 ? '' : 's'}`);
    }
    if (counts.problems > 0) {
      parts.push(`${counts.problems} input problem${counts.problems === 1 ? '' : 's'}`);
    }
    // INFO problems (e.g. a symbolic link to a directory that was not followed) are listed too, so they are counted.
    const notes = this.inputProblems.length - counts.problems;
    if (notes > 0) {
      parts.push(`${notes} input note${notes === 1 ? '' : 's'}`);
    }
    return `audit (${this.packs.join(', ')}) of ${counts.objects} object${counts.objects === 1 ? '' : 's'}: ${parts.join(', ')}`;
  }

  /**
   * The same report with one finding per problem: the findings that several packs report for the same field of the
   * same object become one, listing the packs and their severities (`Finding.packs`), with the severity and id of
   * the pack it is most serious in. Reports render this view unless `perPack` is set; `failsAt` is the same in both.
   */
  public onePerProblem(): AuditReport {
    this.merged ??= new AuditReport({
      packs: this.packs,
      findings: mergePackFindings(this.allFindings, this.packs),
      objectCount: this.objectCount,
      unusedSuppressions: this.unused,
      problems: this.inputProblems,
      frameworks: this.chosenFrameworks,
    });
    return this.merged;
  }

  /** The report as text for terminals, grouped by object. */
  public toText(options: ReportOptions = {}): string {
    return renderTextReport(this.view(options), options.colour ?? false);
  }

  /** The report as JSON (stable key order). */
  public toJson(options: ReportOptions = {}): string {
    return renderJsonReport(this.view(options), !!options.perPack);
  }

  /** The report as Markdown for a pull-request comment, within `markdownMaxLength` characters. */
  public toMarkdown(options: ReportOptions = {}): string {
    return renderMarkdownReport(this.view(options), options);
  }

  /** The report as a SARIF 2.1.0 log for code-scanning tools. */
  public toSarif(options: ReportOptions = {}): string {
    return renderSarifReport(this.view(options), !!options.perPack);
  }

  /** The report as JUnit XML: one test case per rule and object, failing for active findings. */
  public toJunit(options: ReportOptions = {}): string {
    return renderJunitReport(this.view(options));
  }

  /** The report in `format`. */
  public render(format: ReportFormat, options: ReportOptions = {}): string {
    switch (format) {
      case ReportFormat.JSON: return this.toJson(options);
      case ReportFormat.MARKDOWN: return this.toMarkdown(options);
      case ReportFormat.SARIF: return this.toSarif(options);
      case ReportFormat.JUNIT: return this.toJunit(options);
      default: return this.toText(options);
    }
  }

  private view(options: ReportOptions): AuditReport {
    return options.perPack ? this : this.onePerProblem();
  }
}
