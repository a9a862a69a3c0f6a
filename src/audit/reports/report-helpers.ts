import { AuditProblem, UnusedSuppression } from '../audit-problem';
import { describeObject } from '../engine/audited-object';
import { ORIGIN_LABELS } from '../engine/suppressions';
import { Finding } from '../finding';

/**
 * Where a suppressed finding's exception came from, with its approval and expiry, e.g.
 * `typed exception (app/api/Api); approval SEC-1; until 2027-03-31`.
 */
export function suppressionProvenance(finding: Finding): string {
  const parts = [`${finding.suppressionOrigin ? ORIGIN_LABELS[finding.suppressionOrigin] : 'suppression'}`
    + `${finding.suppressionSource ? ` (${finding.suppressionSource})` : ''}`];
  if (finding.suppressionApprovalReference !== undefined) parts.push(`approval ${finding.suppressionApprovalReference}`);
  if (finding.suppressionExpires !== undefined) parts.push(`until ${finding.suppressionExpires}`);
  return parts.join('; ');
}

/** The packs that report a finding with its severity in each, e.g. `pss-baseline (error), hardened (error)`. */
export function describePacks(finding: Finding): string {
  return (finding.packs ?? [{ pack: finding.pack, severity: finding.severity }]).map(entry => `${entry.pack} (${entry.severity})`).join(', ');
}

/** The findings of one object, in report order. */
export interface ObjectGroup {
  readonly label: string;
  readonly location?: string;
  readonly findings: Finding[];
}

/** Where the object is: its construct path or its file and document. */
export function objectLocation(finding: Finding): string | undefined {
  if (finding.constructPath) {
    return finding.constructPath;
  }
  if (finding.file !== undefined) {
    return `${finding.file}, document ${finding.documentIndex ?? 0}`;
  }
  return undefined;
}

/** Groups findings by object, keeping the report order. */
export function groupByObject(findings: readonly Finding[]): ObjectGroup[] {
  const groups = new Map<string, ObjectGroup>();
  for (const finding of findings) {
    const key = `${finding.file ?? ''}\u0000${finding.documentIndex ?? ''}\u0000${finding.constructPath ?? ''}\u0000${describeObject(finding)}`;
    let group = groups.get(key);
    if (!group) {
      group = { label: describeObject(finding), location: objectLocation(finding), findings: [] };
      groups.set(key, group);
    }
    group.findings.push(finding);
  }
  return [...groups.values()];
}

/** `file:line` or `file, document N` for a problem. */
export function problemLocation(problem: AuditProblem): string {
  if (problem.file === undefined) {
    return problem.documentIndex !== undefined ? `manifest ${problem.documentIndex}` : 'input';
  }
  const parts = [problem.file];
  if (problem.documentIndex !== undefined) parts.push(`document ${problem.documentIndex}`);
  if (problem.line !== undefined) parts.push(`line ${problem.line}`);
  return parts.join(', ');
}

/** Where an unused suppression is declared, and of which origin. */
export function suppressionTarget(suppression: UnusedSuppression): string {
  const origin = ORIGIN_LABELS[suppression.origin] ?? 'suppression';
  if (suppression.constructPath !== undefined) {
    return `${origin} on construct ${suppression.constructPath}`;
  }
  const object = [suppression.kind ?? '*', `${suppression.namespace ?? '*'}/${suppression.name ?? '*'}`].join(' ');
  return `${origin}${suppression.source ? ` (${suppression.source})` : ''} on objects ${object}`;
}
