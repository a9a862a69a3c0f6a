import { AuditProblem, UnusedSuppression } from '../audit-problem';
import { describeObject } from '../engine/audited-object';
import { Finding } from '../finding';

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

/** Where an unused suppression is declared. */
export function suppressionTarget(suppression: UnusedSuppression): string {
  if (suppression.constructPath !== undefined) {
    return `construct ${suppression.constructPath}`;
  }
  const object = [suppression.kind ?? '*', `${suppression.namespace ?? '*'}/${suppression.name ?? '*'}`].join(' ');
  return `objects ${object}`;
}
