import { RuleId } from './rule-id';

const RULE_IDS: ReadonlySet<string> = new Set(Object.values(RuleId));

/** Whether `id` is the id of a rule. */
export function isRuleId(id: unknown): id is RuleId {
  return typeof id === 'string' && RULE_IDS.has(id);
}

/** `RuleId.X_Y` for the rule id `X-Y`, for fixes in messages. */
export function ruleIdMember(rule: string): string {
  return `RuleId.${rule.replace(/-/g, '_')}`;
}
