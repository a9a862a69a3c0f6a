/**
 * Annotation key prefix that documents a typed security exception on a Kubernetes object.
 *
 * `exception.cdk8s-secure.io/<RULE-ID>: <reason>` says that the object deliberately deviates from the control
 * `<RULE-ID>` for the stated reason. Constructs of this library write it whenever a typed exception weakens a
 * default. It documents the exception and never approves one: `Audit.of()` honours only the exceptions the
 * constructs recorded, and an audit of manifests honours annotations only where its options (or the CLI's
 * policy file) allow them.
 */
export const EXCEPTION_ANNOTATION_PREFIX = 'exception.cdk8s-secure.io/';

/** Annotation key prefix that documents the approval reference of an exception: `exception-approval.cdk8s-secure.io/<RULE-ID>`. */
export const EXCEPTION_APPROVAL_ANNOTATION_PREFIX = 'exception-approval.cdk8s-secure.io/';

/** Annotation key prefix that documents the expiry of an exception: `exception-expires.cdk8s-secure.io/<RULE-ID>`. */
export const EXCEPTION_EXPIRES_ANNOTATION_PREFIX = 'exception-expires.cdk8s-secure.io/';

/** The three prefixes of exception annotations, each followed by a rule id. */
export const EXCEPTION_ANNOTATION_PREFIXES = [
  EXCEPTION_ANNOTATION_PREFIX, EXCEPTION_APPROVAL_ANNOTATION_PREFIX, EXCEPTION_EXPIRES_ANNOTATION_PREFIX,
] as const;

/** Shortest reason accepted for an exception or a suppression: a reason must explain, not just exist. */
export const MIN_EXCEPTION_REASON_LENGTH = 10;

/** Longest approval reference accepted (a ticket id or a URL). */
export const MAX_APPROVAL_REFERENCE_LENGTH = 200;

/** Whether `key` is an exception annotation (reason, approval or expiry) of any rule. */
export function isExceptionAnnotationKey(key: string): boolean {
  return EXCEPTION_ANNOTATION_PREFIXES.some((prefix) => key.startsWith(prefix));
}

/** The exception-related fields as documented in annotations. */
export interface DocumentedException {
  readonly rule: string;
  readonly reason: string;
  readonly approvalReference?: string;
  readonly expires?: string;
}

/** The annotations that document `exception`, keyed by annotation key. */
export function exceptionAnnotations(exception: DocumentedException): Record<string, string> {
  return {
    [`${EXCEPTION_ANNOTATION_PREFIX}${exception.rule}`]: exception.reason,
    ...(exception.approvalReference === undefined ? {} : { [`${EXCEPTION_APPROVAL_ANNOTATION_PREFIX}${exception.rule}`]: exception.approvalReference }),
    ...(exception.expires === undefined ? {} : { [`${EXCEPTION_EXPIRES_ANNOTATION_PREFIX}${exception.rule}`]: exception.expires }),
  };
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `text` is a calendar date written `YYYY-MM-DD`. */
export function isIsoDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) {
    return false;
  }
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Today's date in UTC, `YYYY-MM-DD`. */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Whether an exception that applies until `expires` (inclusive) has expired on `today` (both `YYYY-MM-DD`). */
export function hasExpired(expires: string, today: string): boolean {
  return expires < today;
}

/**
 * Why an approval reference or expiry date is not acceptable, or `undefined`; `field` names which in the problem.
 */
export function approvalProblem(field: 'reference' | 'expires', value: unknown): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'string') {
    return 'is not a string';
  }
  if (field === 'expires') {
    return isIsoDate(value) ? undefined : 'is not a date written YYYY-MM-DD (e.g. "2027-03-31")';
  }
  // Printable ASCII only (ticket ids and URLs): no line breaks, no invisible or look-alike characters.
  if (!/^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/.test(value) || value.length > MAX_APPROVAL_REFERENCE_LENGTH) {
    return `an approval reference is 1 to ${MAX_APPROVAL_REFERENCE_LENGTH} printable ASCII characters without leading or trailing spaces, `
      + 'e.g. a ticket id or a URL';
  }
  return undefined;
}

/**
 * The first problem of an approval reference and expiry date, with the field it is in (named as on
 * `SecurityException` and `ObjectSuppression`), or `undefined` when both are acceptable.
 */
export function approvalFieldsProblem(approvalReference: unknown, expires: unknown):
{ readonly field: 'approvalReference' | 'expires'; readonly value: unknown; readonly problem: string } | undefined {
  const referenceProblem = approvalProblem('reference', approvalReference);
  if (referenceProblem) {
    return { field: 'approvalReference', value: approvalReference, problem: referenceProblem };
  }
  const expiresProblem = approvalProblem('expires', expires);
  return expiresProblem ? { field: 'expires', value: expires, problem: expiresProblem } : undefined;
}
