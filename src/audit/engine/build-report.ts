import { IConstruct } from 'constructs';
import { todayUtc } from '../../profile/exception-annotation';
import { AuditOptions } from '../audit-options';
import { AuditProblem } from '../audit-problem';
import { AuditReport } from '../audit-report';
import { AnnotationExceptions } from '../suppression-origin';
import { AuditedObject } from './audited-object';
import { runAudit } from './run-audit';
import { SuppressionResolver } from './suppressions';

/**
 * Runs the audit over collected objects and assembles the report.
 *
 * @param root the audited construct (its suppressions are reported when unused), if auditing a construct tree
 */
export function buildReport(
  root: IConstruct | undefined, objects: AuditedObject[], options: AuditOptions, problems: AuditProblem[], policyName = 'the exception policy',
): AuditReport {
  const suppressions = new SuppressionResolver(root, {
    objectSuppressions: options.suppressions ?? [],
    // A construct tree honours only what its constructs recorded.
    annotations: root ? AnnotationExceptions.IGNORE : options.annotationExceptions ?? AnnotationExceptions.IGNORE,
    policy: options.exceptionPolicy,
    policyName,
    today: options.evaluationDate ?? todayUtc(),
  }, problems);
  const result = runAudit(objects, options, suppressions, problems);
  return new AuditReport({
    packs: result.packs.map(pack => pack.name),
    findings: result.findings,
    objectCount: result.objectCount,
    unusedSuppressions: suppressions.unused(objects),
    problems,
    frameworks: options.frameworks === undefined ? undefined : [...new Set<string>(options.frameworks)],
  });
}
