import * as path from 'path';
import { pathToFileURL } from 'url';
import { ReportContents } from './report-contents';
import { ruleInfoById } from '../engine/catalog';
import { controlsOf } from '../engine/frameworks';
import { packEntries } from '../engine/packs';
import { Finding } from '../finding';
import { Pack } from '../pack';
import { Severity } from '../severity';
import { SuppressionOrigin } from '../suppression-origin';

/** The SARIF 2.1.0 JSON schema. */
export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

const LEVEL: Record<Severity, string> = {
  [Severity.ERROR]: 'error',
  [Severity.WARNING]: 'warning',
  [Severity.INFO]: 'note',
};

/** The score code-scanning tools use to rank security results. */
const SECURITY_SEVERITY: Record<Severity, string> = {
  [Severity.ERROR]: '8.0',
  [Severity.WARNING]: '5.0',
  [Severity.INFO]: '2.0',
};

/**
 * Renders a report as a SARIF 2.1.0 log: one reporting descriptor per rule of each pack run (id
 * `<pack>/<RULE-ID>`), one result per finding (suppressed ones carry a SARIF suppression with the reason), and
 * the input problems as tool execution notifications.
 */
export function renderSarifReport(report: ReportContents): string {
  const descriptors: Array<Record<string, unknown>> = [];
  const indexById = new Map<string, number>();
  const findings = report.findings;
  const packs = report.packs.map(name => Pack.all().find(pack => pack.name === name)).filter((pack): pack is Pack => !!pack);
  for (const pack of packs) {
    for (const entry of packEntries(pack)) {
      addDescriptor(`${pack.name}/${entry.rule.id}`, entry.rule.id, entry.severity);
    }
  }
  for (const finding of findings) {
    addDescriptor(finding.id, finding.ruleId, finding.severity);
  }

  const results = findings.map(finding => result(finding, indexById.get(finding.id)!));
  const notifications = report.problems.map(problem => ({
    level: LEVEL[problem.severity],
    message: { text: problem.message },
    ...(problem.file !== undefined ? {
      locations: [{
        physicalLocation: {
          artifactLocation: { uri: toUri(problem.file) },
          ...(problem.line !== undefined ? { region: { startLine: problem.line } } : {}),
        },
      }],
    } : {}),
  }));

  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'cdk8s-secure',
          informationUri: 'https://github.com/acme/cdk8s-secure',
          rules: descriptors,
        },
      },
      invocations: [{
        executionSuccessful: !report.problems.some(problem => problem.severity === Severity.ERROR),
        toolExecutionNotifications: notifications,
      }],
      results,
    }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;

  function addDescriptor(id: string, ruleId: string, severity: Severity): void {
    if (indexById.has(id)) {
      return;
    }
    const info = ruleInfoById(ruleId);
    const controls = info ? controlsOf(info.relatedControls, report.frameworks) : undefined;
    const help = info ? `${info.explanation}\n\nFix: ${info.fix}` : 'No description.';
    indexById.set(id, descriptors.length);
    descriptors.push({
      id,
      name: ruleId.toLowerCase().replace(/(^|-)([a-z])/g, (_match: string, _dash: string, letter: string) => letter.toUpperCase()),
      shortDescription: { text: info?.title ?? ruleId },
      fullDescription: { text: info?.explanation ?? ruleId },
      help: {
        text: help,
        markdown: info ? `**${info.title}**\n\n${info.explanation}\n\n**Fix:** ${info.fix}` : help,
      },
      ...(info?.documentation ? { helpUri: info.documentation } : {}),
      defaultConfiguration: { level: LEVEL[severity] },
      properties: {
        'tags': ['security', 'kubernetes', id.split('/')[0]],
        'precision': 'very-high',
        'security-severity': SECURITY_SEVERITY[severity],
        'ruleId': ruleId,
        'group': info?.group,
        'relatedControls': controls,
      },
    });
  }
}

function result(finding: Finding, ruleIndex: number): Record<string, unknown> {
  const logicalName = [finding.kind, finding.namespace, finding.name].filter(part => part !== undefined).join('/');
  const location: Record<string, unknown> = {
    logicalLocations: [{
      name: finding.name,
      fullyQualifiedName: finding.path ? `${logicalName}:${finding.path}` : logicalName,
      kind: 'object',
    }],
  };
  if (finding.file !== undefined) {
    location.physicalLocation = {
      artifactLocation: { uri: toUri(finding.file) },
      region: { startLine: finding.line ?? 1 },
    };
  }
  return {
    ruleId: finding.id,
    ruleIndex,
    level: LEVEL[finding.severity],
    message: { text: `${finding.kind} ${finding.namespace ? `${finding.namespace}/` : ''}${finding.name}: ${finding.message}` },
    locations: [location],
    partialFingerprints: {
      'objectPath/v1': `${finding.id}|${logicalName}|${finding.path}`,
    },
    properties: {
      path: finding.path,
      ...(finding.constructPath ? { constructPath: finding.constructPath } : {}),
      ...(finding.documentIndex !== undefined ? { documentIndex: finding.documentIndex } : {}),
      ...(finding.ignoredException !== undefined ? { ignoredException: finding.ignoredException } : {}),
      ...(finding.exceptionExpired !== undefined ? { exceptionExpired: finding.exceptionExpired } : {}),
    },
    ...(finding.suppressed ? { suppressions: [sarifSuppression(finding)] } : {}),
  };
}

/**
 * The SARIF suppression of a suppressed finding: `inSource` when the manifest or the app's code declares it (a typed
 * exception, `Audit.suppress()`, an annotation), `external` for object suppressions; its origin, source, approval
 * and expiry as properties.
 */
function sarifSuppression(finding: Finding): Record<string, unknown> {
  return {
    kind: finding.suppressionOrigin === SuppressionOrigin.OBJECT_SUPPRESSION ? 'external' : 'inSource',
    justification: finding.suppressionReason ?? '',
    properties: {
      origin: finding.suppressionOrigin,
      ...(finding.suppressionSource !== undefined ? { source: finding.suppressionSource } : {}),
      ...(finding.suppressionApprovalReference !== undefined ? { approvalReference: finding.suppressionApprovalReference } : {}),
      ...(finding.suppressionExpires !== undefined ? { expires: finding.suppressionExpires } : {}),
    },
  };
}

/** The URI of a file name: relative names stay relative, absolute ones become file: URLs (`-` is standard input). */
function toUri(file: string): string {
  if (file === '-') {
    return 'stdin';
  }
  if (path.isAbsolute(file)) {
    return pathToFileURL(file).href;
  }
  return file.split(/[\\/]/).map(encodeURIComponent).join('/');
}
