/** Counts of an audit report, for summaries and CI logs. */
export interface AuditCounts {
  /** Active (not suppressed) findings of severity ERROR. */
  readonly errors: number;
  /** Active findings of severity WARNING. */
  readonly warnings: number;
  /** Active findings of severity INFO. */
  readonly infos: number;
  /** Suppressed findings (any severity). */
  readonly suppressed: number;
  /** Suppressions that matched nothing. */
  readonly unusedSuppressions: number;
  /** Input problems of severity ERROR or WARNING. */
  readonly problems: number;
  /** Audited objects. */
  readonly objects: number;
}
