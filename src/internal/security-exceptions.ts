import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { invalidProp } from './errors';
import { exceptionAnnotationKey, MIN_EXCEPTION_REASON_LENGTH } from '../profile/exception-annotation';
import { RuleId } from '../profile/rule-id';
import { SecurityException } from '../profile/security-exception';

/**
 * The validated set of exceptions given to one construct (internal to the library).
 */
export class SecurityExceptions {
  private readonly byRule = new Map<string, string>();

  /**
   * @param scope the construct that received the exceptions (named in errors)
   * @param prop the prop that carried them (named in errors)
   * @param exceptions the exceptions as given by the user
   */
  constructor(private readonly scope: IConstruct, private readonly prop: string, exceptions: SecurityException[] = []) {
    for (const exception of exceptions) {
      const reason = (exception.reason ?? '').trim();
      if (reason.length < MIN_EXCEPTION_REASON_LENGTH) {
        throw invalidProp(scope, `${prop}[${exception.rule}].reason`, exception.reason,
          `an exception needs a reason of at least ${MIN_EXCEPTION_REASON_LENGTH} characters that reviewers can judge`,
          `explain why the workload needs this deviation, e.g. SecurityException.of(RuleId.${ruleKey(exception.rule)}, 'vendor image writes to /var/lib/app')`);
      }
      if (this.byRule.has(exception.rule)) {
        throw invalidProp(scope, prop, exception.rule, 'the same control is excepted twice', 'give one exception per control');
      }
      this.byRule.set(exception.rule, reason);
    }
  }

  /** Whether an exception to `rule` was given. */
  public has(rule: RuleId): boolean {
    return this.byRule.has(rule);
  }

  /**
   * Throws the library's standard error unless an exception to `rule` was given.
   *
   * @param prop the prop whose value weakens the control
   * @param value the value received
   * @param problem what the value would weaken
   */
  public require(rule: RuleId, prop: string, value: unknown, problem: string): void {
    if (!this.has(rule)) {
      throw invalidProp(this.scope, prop, value, problem,
        `keep the hardened default, or add SecurityException.of(RuleId.${ruleKey(rule)}, '<why>') to '${this.prop}'`);
    }
  }

  /** Writes one `exception.cdk8s-secure.io/<RULE-ID>` annotation per exception, in rule order. */
  public annotate(target: ApiObject): void {
    for (const rule of [...this.byRule.keys()].sort()) {
      target.metadata.addAnnotation(exceptionAnnotationKey(rule), this.byRule.get(rule)!);
    }
  }

  /** The excepted rules and their reasons, sorted by rule id. */
  public entries(): Array<{ rule: string; reason: string }> {
    return [...this.byRule.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([rule, reason]) => ({ rule, reason }));
  }
}

function ruleKey(rule: string): string {
  return rule.replace(/-/g, '_');
}
