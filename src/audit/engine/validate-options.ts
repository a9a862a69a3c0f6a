import { MIN_EXCEPTION_REASON_LENGTH } from '../../profile/exception-annotation';
import { RuleId } from '../../profile/rule-id';
import { labelKeyProblem } from '../../profile/workload-labels';
import { AuditOptions, ObjectSuppression } from '../audit-options';
import { EMPTY_FRAMEWORKS_PROBLEM, emptyFrameworksFix, FRAMEWORK_FIX, frameworkProblem } from './frameworks';
import { Pack } from '../pack';

const RULE_IDS: ReadonlySet<string> = new Set(Object.values(RuleId));

/** Whether `id` is the id of a rule. */
export function isRuleId(id: string): id is RuleId {
  return RULE_IDS.has(id);
}

/** Throws the standard input error for invalid audit options. */
export function validateOptions(options: AuditOptions): void {
  for (const field of ['packs', 'allowedRegistries', 'platformPriorityClasses', 'requiredLabels', 'frameworks', 'suppressions'] as const) {
    const value = options[field];
    if (value !== undefined && !Array.isArray(value)) {
      throw optionError(field, value, 'is not a list', `pass a list, e.g. ${field}: [...]`);
    }
  }
  if (options.frameworks !== undefined && options.frameworks.length === 0) {
    throw optionError('frameworks', options.frameworks, EMPTY_FRAMEWORKS_PROBLEM, emptyFrameworksFix('frameworks'));
  }
  (options.packs ?? []).forEach((pack, i) => {
    if (!(pack instanceof Pack) && !Pack.all().some(known => known.name === (pack as Pack)?.name)) {
      throw optionError(`packs[${i}]`, pack, 'is not a Pack', 'use Pack.PSS_BASELINE, Pack.PSS_RESTRICTED or Pack.HARDENED');
    }
  });
  (options.frameworks ?? []).forEach((framework, i) => {
    const problem = frameworkProblem(framework);
    if (problem) {
      throw optionError(`frameworks[${i}]`, framework, problem, FRAMEWORK_FIX);
    }
  });
  (options.requiredLabels ?? []).forEach((key, i) => {
    const problem = typeof key === 'string' ? labelKeyProblem(key) : 'is not a string';
    if (problem) {
      throw optionError(`requiredLabels[${i}]`, key, `the label key ${problem}`, 'give a label key such as "team" or "example.com/cost-center"');
    }
  });
  (options.suppressions ?? []).forEach((suppression: ObjectSuppression, i) => {
    if (!isRuleId(suppression.rule)) {
      throw optionError(`suppressions[${i}].rule`, suppression.rule, 'is not a rule id', 'use a RuleId member, e.g. RuleId.SVC_TYPE');
    }
    if (typeof suppression.reason !== 'string' || suppression.reason.trim().length < MIN_EXCEPTION_REASON_LENGTH) {
      throw optionError(`suppressions[${i}].reason`, suppression.reason,
        `a suppression needs a reason of at least ${MIN_EXCEPTION_REASON_LENGTH} characters that reviewers can judge`,
        'explain why the finding is acceptable');
    }
  });
}

/** The standard input error, for options that belong to no construct. */
function optionError(prop: string, value: unknown, problem: string, fix: string): Error {
  let shown: string;
  try {
    shown = value === undefined ? 'nothing' : JSON.stringify(value) ?? String(value);
  } catch {
    shown = String(value);
  }
  return new Error(`audit options: invalid '${prop}': received ${shown}; ${problem}. Fix: ${fix}.`);
}
