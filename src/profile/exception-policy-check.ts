import { approvalProblem } from './exception-annotation';
import { ExceptionPolicy } from './exception-policy';
import { RuleId } from './rule-id';
import { isRuleId } from './rule-ids';

/** What an exception carries that the policy judges. */
export interface ExceptionCandidate {
  readonly rule: string;
  readonly approvalReference?: string;
  readonly expires?: string;
}

/** Why an exception policy judges a candidate unacceptable: a problem and the fix. */
export interface ExceptionPolicyVerdict {
  readonly problem: string;
  readonly fix: string;
}

/** An exception policy and how messages name it (e.g. "the SecurityPolicy of the app"). */
export interface NamedExceptionPolicy {
  readonly policy: ExceptionPolicy;
  readonly name: string;
}

/**
 * Why one of `policies` does not accept `candidate` (`appTeam`: whether an app team made it, so `allowedRules`
 * applies), or `undefined` when every one does. `today` (`YYYY-MM-DD`) is the day `maxExpiryDays` counts from.
 */
export function exceptionPoliciesVerdict(
  policies: readonly NamedExceptionPolicy[], candidate: ExceptionCandidate, appTeam: boolean, today: string,
): ExceptionPolicyVerdict | undefined {
  for (const { policy, name } of policies) {
    const verdict = exceptionPolicyVerdict(policy, candidate, appTeam, name, today);
    if (verdict) {
      return verdict;
    }
  }
  return undefined;
}

/**
 * Why `policy` does not accept `candidate` (`appTeam`: whether an app team made it, so `allowedRules` applies),
 * or `undefined` when it does. `policyName` names the policy in the problem (e.g. "the SecurityPolicy of the app").
 */
function exceptionPolicyVerdict(
  policy: ExceptionPolicy, candidate: ExceptionCandidate, appTeam: boolean, policyName: string, today: string,
): ExceptionPolicyVerdict | undefined {
  const rule = candidate.rule as RuleId;
  if (policy.neverExceptable?.includes(rule)) {
    return {
      problem: `${policyName} never allows exceptions to ${rule}`,
      fix: 'restore the hardened setting; the platform team decides what is never exceptable',
    };
  }
  if (appTeam && policy.allowedRules !== undefined && !policy.allowedRules.includes(rule)) {
    return {
      problem: `${policyName} does not allow app teams to except ${rule} (allowed: ${policy.allowedRules.join(', ') || 'none'})`,
      fix: 'restore the hardened setting, or ask the platform team to add the rule to the exception policy\'s allowedRules',
    };
  }
  if (policy.requireApprovalReference && (candidate.approvalReference === undefined || approvalProblem('reference', candidate.approvalReference))) {
    return {
      problem: `${policyName} requires an approval reference on every exception`,
      fix: 'add the ticket that approved it: { reference: \'SEC-1234\' } in SecurityException.of() or Audit.suppress(), approvalReference in an object suppression',
    };
  }
  if (policy.requireExpiry && (candidate.expires === undefined || approvalProblem('expires', candidate.expires))) {
    return {
      problem: `${policyName} requires an expiry date on every exception`,
      fix: 'add the last day it applies: { expires: \'2027-03-31\' } in SecurityException.of() or Audit.suppress(), expires in an object suppression',
    };
  }
  if (policy.maxExpiryDays !== undefined && candidate.expires !== undefined && !approvalProblem('expires', candidate.expires)
    && daysBetween(today, candidate.expires) > policy.maxExpiryDays) {
    return {
      problem: `${policyName} approves exceptions for at most ${policy.maxExpiryDays} days, and this one runs until ${candidate.expires}`,
      fix: 'choose an earlier expiry date, and renew the exception when it is reviewed again',
    };
  }
  return undefined;
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`). */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Where an exception policy is wrong: the field, the value and the problem. */
export interface ExceptionPolicyProblem {
  readonly field: string;
  readonly value: unknown;
  readonly problem: string;
  readonly fix: string;
}

/**
 * Checks an exception policy given by a caller (possibly plain JavaScript or a parsed file) and returns it
 * normalised (sorted lists without duplicates), or the first problem.
 */
export function checkExceptionPolicy(policy: unknown): ExceptionPolicy | ExceptionPolicyProblem {
  const prototype = policy !== null && typeof policy === 'object' ? Object.getPrototypeOf(policy) : undefined;
  if (policy === null || typeof policy !== 'object' || (prototype !== Object.prototype && prototype !== null)) {
    return {
      field: '',
      value: policy,
      problem: 'is not an exception policy object',
      fix: 'pass { allowedRules?, neverExceptable?, requireApprovalReference?, requireExpiry?, maxExpiryDays? }',
    };
  }
  const given = policy as Record<string, unknown>;
  const known = ['allowedRules', 'neverExceptable', 'requireApprovalReference', 'requireExpiry', 'maxExpiryDays'];
  for (const key of Object.keys(given)) {
    if (!known.includes(key) && given[key] !== undefined) {
      return { field: key, value: given[key], problem: 'is not a field of the exception policy', fix: `use ${known.join(', ')}` };
    }
  }
  const lists: Record<string, RuleId[] | undefined> = {};
  for (const field of ['allowedRules', 'neverExceptable']) {
    const list = given[field];
    if (list === undefined) {
      continue;
    }
    if (!Array.isArray(list)) {
      return { field, value: list, problem: 'is not a list of rule ids', fix: 'pass a list of RuleId members, e.g. [RuleId.CTR_READONLY_ROOTFS]' };
    }
    for (const [i, id] of list.entries()) {
      if (typeof id !== 'string' || !isRuleId(id)) {
        return { field: `${field}[${i}]`, value: id, problem: 'is not a rule id', fix: 'use a RuleId member, e.g. RuleId.CTR_READONLY_ROOTFS' };
      }
    }
    lists[field] = [...new Set(list as RuleId[])].sort();
  }
  const both = (lists.allowedRules ?? []).filter((id) => lists.neverExceptable?.includes(id));
  if (both.length > 0) {
    return {
      field: 'allowedRules',
      value: both,
      problem: 'these rules are also never exceptable, so the policy contradicts itself',
      fix: 'list each rule in allowedRules or in neverExceptable, not both',
    };
  }
  for (const field of ['requireApprovalReference', 'requireExpiry']) {
    if (given[field] !== undefined && typeof given[field] !== 'boolean') {
      return { field, value: given[field], problem: 'is not a boolean', fix: 'pass true or false' };
    }
  }
  const maxDays = given.maxExpiryDays;
  if (maxDays !== undefined && (typeof maxDays !== 'number' || !Number.isInteger(maxDays) || maxDays < 1)) {
    return { field: 'maxExpiryDays', value: maxDays, problem: 'is not a whole number of days, 1 or more', fix: 'pass e.g. 90' };
  }
  return {
    allowedRules: lists.allowedRules,
    neverExceptable: lists.neverExceptable,
    requireApprovalReference: given.requireApprovalReference as boolean | undefined,
    requireExpiry: given.requireExpiry as boolean | undefined,
    maxExpiryDays: maxDays as number | undefined,
  };
}

/** Whether `result` of `checkExceptionPolicy` is a problem. */
export function isExceptionPolicyProblem(result: ExceptionPolicy | ExceptionPolicyProblem): result is ExceptionPolicyProblem {
  return 'problem' in result;
}
