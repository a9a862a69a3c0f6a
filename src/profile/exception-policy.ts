import { RuleId } from './rule-id';

/**
 * The platform team's exception policy: which controls app teams may relax, which nobody may, and what an
 * exception must carry. Set it in `SecurityPolicy` (`exceptionPolicy`) for an app, and in the CLI's policy file
 * (`exceptions:`) for manifests.
 *
 * An app team relaxes a control with a typed `SecurityException` on a construct or with `Audit.suppress()` in
 * code; both are checked against this policy when they are made, and an exception that breaks it is an error
 * at synth naming the policy.
 */
export interface ExceptionPolicy {
  /**
   * The rules app teams may except. An exception to any other rule is an error at synth; in an audit of
   * manifests, an exception annotation of another rule is not honoured.
   *
   * @default - every rule that is not in `neverExceptable`
   */
  readonly allowedRules?: RuleId[];

  /**
   * The rules nobody may except: no typed exception, no `Audit.suppress()`, no object suppression of an audit's
   * options or policy file and no annotation accepts their findings. Typical: `CTR_NOT_PRIVILEGED`,
   * `POD_NO_HOSTPID`, `POD_NO_HOSTIPC`, `POD_NO_HOSTNETWORK`, `POD_NO_HOSTPATH`, `POD_NO_HOSTPROCESS`.
   *
   * @default - none
   */
  readonly neverExceptable?: RuleId[];

  /**
   * Whether every exception and suppression must carry an approval reference (e.g. a ticket id).
   *
   * @default false
   */
  readonly requireApprovalReference?: boolean;

  /**
   * Whether every exception and suppression must carry an expiry date.
   *
   * @default false
   */
  readonly requireExpiry?: boolean;

  /**
   * The longest an exception may be approved for: an expiry date more than this many days after the day it is
   * judged is not accepted (at synth for typed exceptions and `Audit.suppress()`, in the audit for the others).
   *
   * @default - no limit
   */
  readonly maxExpiryDays?: number;
}
