import { RuleId } from './rule-id';

/**
 * A deliberate, reviewed deviation from one hardening control.
 *
 * Constructs of this library refuse to weaken a default unless the matching exception is given.
 * The reason is written into the manifest as the annotation `exception.cdk8s-secure.io/<RULE-ID>`
 * and the audit reports the finding as suppressed with that reason.
 *
 * @example
 * SecurityException.of(RuleId.CTR_READONLY_ROOTFS, 'legacy CMS writes its cache below /var/www');
 */
export class SecurityException {
  /**
   * An exception to the control `rule`.
   *
   * @param rule the control that is relaxed
   * @param reason why; at least 10 characters, written into the manifest for reviewers and auditors
   */
  public static of(rule: RuleId, reason: string): SecurityException {
    return new SecurityException(rule, reason);
  }

  /** The control that is relaxed. */
  public readonly rule: RuleId;

  /** Why the control is relaxed. */
  public readonly reason: string;

  private constructor(rule: RuleId, reason: string) {
    this.rule = rule;
    this.reason = reason;
  }
}
