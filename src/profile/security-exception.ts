import { RuleId } from './rule-id';

/**
 * The platform team's approval of one exception: a reference to where it was approved and how long it holds.
 * A `SecurityPolicy` whose exception policy sets `requireApprovalReference` or `requireExpiry` rejects
 * exceptions without them.
 */
export interface ExceptionApproval {
  /**
   * Where the exception was approved, e.g. a ticket id such as `SEC-1234` or a review URL. Printed in every
   * report next to the reason.
   *
   * @default - no approval reference
   */
  readonly reference?: string;

  /**
   * The last day (UTC) on which the exception applies, as `YYYY-MM-DD`. From the next day on the audit reports
   * the finding as active again, saying that the exception expired and when.
   *
   * @default - the exception does not expire
   */
  readonly expires?: string;
}

/**
 * A deliberate, reviewed deviation from one hardening control.
 *
 * Constructs of this library refuse to weaken a default unless the matching exception is given, and refuse an
 * exception that weakens nothing. The construct records the exception for `Audit.of()` / `Audit.gate()`, and
 * documents it in the manifest as the annotation `exception.cdk8s-secure.io/<RULE-ID>: <reason>` (plus the
 * approval reference and expiry, when given). The annotation documents the exception; it does not approve it.
 *
 * @example
 * SecurityException.of(RuleId.CTR_READONLY_ROOTFS, 'legacy CMS writes its cache below /var/www',
 *   { reference: 'SEC-142', expires: '2027-03-31' });
 */
export class SecurityException {
  /**
   * An exception to the control `rule`.
   *
   * @param rule the control that is relaxed
   * @param reason why; at least 10 characters, written into the manifest for reviewers and auditors
   * @param approval the approval reference and expiry the organisation's exception policy may require
   */
  public static of(rule: RuleId, reason: string, approval: ExceptionApproval = {}): SecurityException {
    return new SecurityException(rule, reason, approval);
  }

  /** The control that is relaxed. */
  public readonly rule: RuleId;

  /** Why the control is relaxed. */
  public readonly reason: string;

  /** Where the exception was approved, when given. */
  public readonly approvalReference?: string;

  /** The last day (UTC, `YYYY-MM-DD`) on which the exception applies, when given. */
  public readonly expires?: string;

  private constructor(rule: RuleId, reason: string, approval: ExceptionApproval) {
    this.rule = rule;
    this.reason = reason;
    // Plain JavaScript callers may pass anything; the constructs check the values and name the prop.
    if (approval === null || typeof approval !== 'object' || Array.isArray(approval)) {
      throw new Error(`SecurityException.of(${String(rule)}): invalid 'approval': received ${JSON.stringify(approval) ?? String(approval)}; `
        + "is not an approval object. Fix: pass { reference: 'SEC-1234', expires: '2027-03-31' }, or leave it out.");
    }
    const given: Partial<ExceptionApproval> = approval;
    this.approvalReference = given.reference;
    this.expires = given.expires;
  }
}
