import { IConstruct } from 'constructs';
import { SecurityPolicy } from '../../policy/security-policy';
import { todayUtc } from '../../profile/exception-annotation';
import { NamedExceptionPolicy } from '../../profile/exception-policy-check';
import { AuditOptions } from '../audit-options';
import { AuditProblem } from '../audit-problem';
import { AuditReport } from '../audit-report';
import { AnnotationExceptions } from '../suppression-origin';
import { AuditedObject } from './audited-object';
import { runAudit } from './run-audit';
import { PlatformDecision, SuppressionResolver } from './suppressions';
import { NodeAppArmor } from '../../profile/node-apparmor';
import { RuleId } from '../../profile/rule-id';

/** The decision for nodes without AppArmor (one object, so that its use is counted once). */
const NO_APPARMOR: readonly PlatformDecision[] = [Object.freeze({
  rule: RuleId.POD_APPARMOR,
  reason: 'platform policy: the nodes have no AppArmor (nodeAppArmor: unavailable), so the containers request no AppArmor profile',
  source: 'nodeAppArmor: unavailable',
})];

/** The platform-level decisions of `options`. */
function platformDecisionsOf(options: AuditOptions): readonly PlatformDecision[] {
  return options.nodeAppArmor === NodeAppArmor.UNAVAILABLE ? NO_APPARMOR : [];
}

/**
 * Runs the audit over collected objects and assembles the report.
 *
 * @param root the audited construct (its suppressions are reported when unused), if auditing a construct tree
 * @param policyName how messages name `options.exceptionPolicy`
 * @param optionsFor the options an object is judged with (for objects below different SecurityPolicies)
 */
export function buildReport(
  root: IConstruct | undefined, objects: AuditedObject[], options: AuditOptions, problems: AuditProblem[], policyName = 'the exception policy',
  optionsFor?: (object: AuditedObject) => AuditOptions,
): AuditReport {
  const explicit: NamedExceptionPolicy[] = options.exceptionPolicy ? [{ policy: options.exceptionPolicy, name: policyName }] : [];
  const suppressions = new SuppressionResolver(root, {
    objectSuppressions: options.suppressions ?? [],
    // In an app, the suppressions of the audit options are the app's code too.
    objectSuppressionsByAppTeam: root !== undefined,
    // A construct tree honours only what its constructs recorded.
    annotations: root ? AnnotationExceptions.IGNORE : options.annotationExceptions ?? AnnotationExceptions.IGNORE,
    // Every SecurityPolicy above an object judges its exceptions, whichever scope is audited.
    policies: object => object.construct ? [...explicit, ...SecurityPolicy._exceptionPoliciesOf(object.construct)] : explicit,
    today: options.evaluationDate ?? todayUtc(),
    platformDecisions: object => platformDecisionsOf(optionsFor?.(object) ?? options),
  }, problems);
  // The never-exceptable rules of every SecurityPolicy above an audited object bind rule selections as the options' do.
  const policyNever = new Set<string>();
  for (const object of objects) {
    if (!object.construct) continue;
    for (const named of SecurityPolicy._exceptionPoliciesOf(object.construct)) {
      for (const rule of named.policy.neverExceptable ?? []) policyNever.add(rule);
    }
  }
  const result = runAudit(objects, options, suppressions, problems, optionsFor, [...policyNever]);
  return new AuditReport({
    packs: result.packs.map(pack => pack.name),
    findings: result.findings,
    objectCount: result.objectCount,
    unusedSuppressions: suppressions.unused(objects),
    problems,
    frameworks: options.frameworks === undefined ? undefined : [...new Set<string>(options.frameworks)],
  });
}
