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
  const chunks: string[] = [];
  writeJsonReport(report, perPack, chunk => chunks.push(chunk));
  return chunks.join('');
}

/** What `JSON.stringify({ a: [element] }, null, 2)` writes around the element, and how the element (an object) ends. */
const WRAPPER_START = '{\n  "a": [\n    ';
const WRAPPER_END = '\n  ]\n}';
const ELEMENT_END = '\n    }';

const fixJson = new Map<string, string>();

/** The fix text of a rule as a JSON string. */
function fixJsonOf(ruleId: string): string {
  let json = fixJson.get(ruleId);
  if (json === undefined) {
    json = JSON.stringify(fixOf(ruleId));
    fixJson.set(ruleId, json);
  }
  return json;
}

/** Stands for the findings in the report's frame, which is written around them. */
const FINDINGS_MARK = '\u0000findings\u0000';

/**
 * Writes the JSON report in pieces, each finding on its own: the same text as `JSON.stringify` of the whole report
 * with an indent of 2, without holding it as one string (a report of a whole cluster is tens of megabytes, twice
 * over once it is encoded for writing).
 */
export function writeJsonReport(report: ReportContents, perPack: boolean, write: (chunk: string) => void): void {
  const frame = `${JSON.stringify({
    schemaVersion: JSON_REPORT_SCHEMA_VERSION,
    tool: 'cdk8s-secure',
    toolVersion: toolInfo().version,
    view: perPack ? 'per-pack' : 'one-per-problem',
    packs: report.packs,
    frameworks: report.frameworks,
    objectCount: report.objectCount,
    summary: report.counts(),
    findings: FINDINGS_MARK,
    unusedSuppressions: report.unusedSuppressions,
    problems: report.problems,
  }, null, 2)}\n`;
  const mark = JSON.stringify(FINDINGS_MARK);
  const at = frame.indexOf(mark);
  write(frame.slice(0, at));
  const findings = report.findings;
  if (findings.length === 0) {
    write('[]');
  } else {
    // Each finding as `JSON.stringify` writes it as an element of the top-level object's array (indented by four
    // spaces), with its rule's fix as the last field; without copying the finding or re-indenting its text.
    let batch: string[] = [];
    let length = 0;
    findings.forEach((finding, i) => {
      // A finding read back from a JSON report has its `fix` already, in its place among the fields.
      const withFix = 'fix' in finding ? { ...finding, fix: fixOf(finding.ruleId) } : finding;
      const wrapped = JSON.stringify({ a: [withFix] }, null, 2);
      const element = wrapped.slice(WRAPPER_START.length, wrapped.length - WRAPPER_END.length - (withFix === finding ? ELEMENT_END.length : 0));
      const piece = withFix === finding
        ? `${i > 0 ? ',' : '['}\n    ${element},\n      "fix": ${fixJsonOf(finding.ruleId)}${ELEMENT_END}`
        : `${i > 0 ? ',' : '['}\n    ${element}`;
      batch.push(piece);
      length += piece.length;
      if (length > 65536) {
        write(batch.join(''));
        batch = [];
        length = 0;
      }
    });
    batch.push('\n  ]');
    write(batch.join(''));
  }
  write(frame.slice(at + mark.length));
}
