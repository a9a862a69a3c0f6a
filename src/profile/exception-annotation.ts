import { RuleId } from './rule-id';

/**
 * Annotation key prefix that records a typed security exception on a Kubernetes object.
 *
 * `exception.cdk8s-secure.io/<RULE-ID>: <reason>` says that the object deliberately deviates from
 * the control `<RULE-ID>` for the stated reason. Constructs of this library write it whenever a typed
 * exception weakens a default; the audit engine reads it from any manifest (including YAML audited
 * from files) and reports the matching findings as suppressed, with the reason.
 */
export const EXCEPTION_ANNOTATION_PREFIX = 'exception.cdk8s-secure.io/';

/** Shortest reason accepted for an exception or a suppression: a reason must explain, not just exist. */
export const MIN_EXCEPTION_REASON_LENGTH = 10;

/** The annotation key that records an exception to `ruleId`. */
export function exceptionAnnotationKey(ruleId: RuleId | string): string {
  return `${EXCEPTION_ANNOTATION_PREFIX}${ruleId}`;
}
