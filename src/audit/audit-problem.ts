import { Severity } from './severity';
import { SuppressionOrigin } from './suppression-origin';

/**
 * Something about the audited input that is not a rule violation: an unreadable file, malformed YAML, a
 * document that is not a Kubernetes object, a kind the rules do not know, an exception annotation without a
 * usable reason.
 */
export interface AuditProblem {
  /** `ERROR` when input could not be audited at all, `WARNING` when a document was skipped, `INFO` for notes. */
  readonly severity: Severity;

  /** What is wrong, and what was done about it. */
  readonly message: string;

  /**
   * The file concerned (`-` for standard input).
   *
   * @default - not read from a file
   */
  readonly file?: string;

  /**
   * Zero-based index of the YAML document (or of the array entry for in-memory manifests).
   *
   * @default - the whole input
   */
  readonly documentIndex?: number;

  /**
   * One-based line in `file`.
   *
   * @default - unknown
   */
  readonly line?: number;
}

/**
 * A suppression that matched no finding in the audit: probably stale (the problem was fixed, or the rule id or
 * object name is wrong). Remove it, so that it cannot hide a future finding.
 */
export interface UnusedSuppression {
  /** The rule the suppression names. */
  readonly rule: string;

  /** The suppression's reason. */
  readonly reason: string;

  /** Where the exception or suppression came from. */
  readonly origin: SuppressionOrigin;

  /**
   * Where exactly: the construct path, the file or option, or the annotation key.
   *
   * @default - unknown
   */
  readonly source?: string;

  /**
   * The construct the exception was given to, or the suppression is attached to.
   *
   * @default - a suppression from the audit options, naming objects
   */
  readonly constructPath?: string;

  /**
   * The kind the suppression is limited to.
   *
   * @default - any kind, or a construct suppression
   */
  readonly kind?: string;

  /**
   * The namespace the suppression is limited to.
   *
   * @default - any namespace, or a construct suppression
   */
  readonly namespace?: string;

  /**
   * The object name the suppression is limited to.
   *
   * @default - any name, or a construct suppression
   */
  readonly name?: string;
}
