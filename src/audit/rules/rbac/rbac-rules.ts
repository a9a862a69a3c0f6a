import { AuditedObject } from '../../engine/audited-object';
import { asArray, asObject } from '../../engine/json';

/** One rule of a Role or ClusterRole. */
export interface PolicyRuleView {
  readonly index: number;
  readonly path: string;
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
  readonly resourceNames: readonly string[];
}

/** The rules of a Role or ClusterRole. */
export function policyRules(role: AuditedObject): PolicyRuleView[] {
  return asArray(role.json.rules).map((entry, index) => {
    const rule = asObject(entry) ?? {};
    return {
      index,
      path: `rules[${index}]`,
      apiGroups: asArray(rule.apiGroups).map(String),
      resources: asArray(rule.resources).map(String),
      verbs: asArray(rule.verbs).map(String),
      resourceNames: asArray(rule.resourceNames).map(String),
    };
  });
}

/** Whether the rule concerns the core API group. */
export function coversCoreGroup(rule: PolicyRuleView): boolean {
  return rule.apiGroups.includes('') || rule.apiGroups.includes('*');
}
