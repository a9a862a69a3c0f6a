import { fixOf } from './json-report';
import { ReportContents } from './report-contents';
import { describePacks, groupByObject, problemLocation, suppressionProvenance } from './report-helpers';
import { Severity } from '../severity';

/** Text as XML character data or attribute value: markup escaped, characters XML 1.0 forbids replaced. */
export function xmlText(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function attributes(values: Record<string, string | number>): string {
  return Object.entries(values).map(([key, value]) => ` ${key}="${xmlText(String(value))}"`).join('');
}

/**
 * Renders a report as JUnit XML (the Ant/Surefire layout CI systems read): one test suite per audited object with
 * findings, one test case per finding, failing (type = severity) when the finding is active and skipped when it is
 * suppressed; input problems of severity error or warning are test cases with an `<error>` in an `input` suite.
 * A clean audit is one passing test case, so that an empty report is not mistaken for a missing one.
 */
export function renderJunitReport(report: ReportContents): string {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  let skipped = 0;
  for (const group of groupByObject(report.findings)) {
    const cases: string[] = [];
    let suiteFailures = 0;
    let suiteSkipped = 0;
    for (const finding of group.findings) {
      const name = `${finding.id} ${finding.path || '(object)'}`;
      const head = `    <testcase${attributes({
        classname: group.label,
        name,
        ...(finding.file !== undefined ? { file: finding.file } : {}),
        ...(finding.line !== undefined ? { line: finding.line } : {}),
      })}>`;
      if (finding.suppressed) {
        suiteSkipped++;
        cases.push(`${head}\n      <skipped${attributes({ message: `suppressed: ${finding.suppressionReason ?? ''} (${suppressionProvenance(finding)})` })}/>\n    </testcase>`);
        continue;
      }
      suiteFailures++;
      const packs = describePacks(finding);
      const body = [
        `${finding.severity.toUpperCase()} ${finding.ruleId}: ${finding.title}`,
        `${group.label}${group.location ? ` (${group.location})` : ''}`,
        `Path: ${finding.path || '(object)'}${finding.line !== undefined ? ` (line ${finding.line})` : ''}`,
        `Message: ${finding.message}`,
        ...(finding.ignoredException !== undefined ? [`Not excepted: ${finding.ignoredException}`] : []),
        `Packs: ${packs}`,
        `Fix: ${fixOf(finding.ruleId)}`,
      ].join('\n');
      cases.push(`${head}\n      <failure${attributes({ message: finding.message, type: finding.severity })}>${xmlText(body)}</failure>\n    </testcase>`);
    }
    tests += group.findings.length;
    failures += suiteFailures;
    skipped += suiteSkipped;
    suites.push(`  <testsuite${attributes({ name: group.label, tests: group.findings.length, failures: suiteFailures, errors: 0, skipped: suiteSkipped })}>\n`
      + `${cases.join('\n')}\n  </testsuite>`);
  }
  const problems = report.problems.filter(problem => problem.severity !== Severity.INFO);
  if (problems.length > 0) {
    const cases = problems.map(problem => `    <testcase${attributes({ classname: 'input', name: problemLocation(problem) })}>\n`
      + `      <error${attributes({ message: problem.message, type: problem.severity })}>${xmlText(problem.message)}</error>\n    </testcase>`);
    tests += problems.length;
    errors += problems.length;
    suites.push(`  <testsuite${attributes({ name: 'input', tests: problems.length, failures: 0, errors: problems.length, skipped: 0 })}>\n`
      + `${cases.join('\n')}\n  </testsuite>`);
  }
  if (tests === 0) {
    tests = 1;
    suites.push(`  <testsuite${attributes({ name: 'cdk8s-secure audit', tests: 1, failures: 0, errors: 0, skipped: 0 })}>\n`
      + `    <testcase${attributes({ classname: 'cdk8s-secure', name: report.summary() })}/>\n  </testsuite>`);
  }
  return '<?xml version="1.0" encoding="UTF-8"?>\n'
    + `<testsuites${attributes({ name: 'cdk8s-secure audit', tests, failures, errors, skipped })}>\n${suites.join('\n')}\n</testsuites>\n`;
}
