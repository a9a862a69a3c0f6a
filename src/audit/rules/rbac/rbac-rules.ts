import { RuleContext, Violation } from '../../engine/audit-rule';
import { AuditedObject } from '../../engine/audited-object';
import { asArray, asObject, asString, stringMap } from '../../engine/json';

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
  return rule.apiGroups.map(normalised).some(group => group === '' || group === '*');
}

/**
 * Trimmed and lower-cased: the API server matches RBAC strings exactly, so `' Create'` grants nothing, but a rule
 * spelt that way is meant to grant, and the audit judges what it was meant to do.
 */
export function normalised(value: string): string {
  return value.trim().toLowerCase();
}

/** The verbs of `rule` among `verbs` (`*` included), as written. */
export function grantedVerbs(rule: PolicyRuleView, verbs: readonly string[]): string[] {
  return rule.verbs.filter(verb => normalised(verb) === '*' || verbs.includes(normalised(verb)));
}

/**
 * The resources of `rule` that cover `resource` (`pods` or `pods/exec`): the resource itself, `*`, a star followed by
 * `/<subresource>` (which the API server matches), and `<resource>/` followed by a star (which it does not, but which
 * is meant to).
 */
export function coveringResources(rule: PolicyRuleView, resource: string): string[] {
  const [base, sub] = resource.split('/');
  return rule.resources.filter(given => {
    const r = normalised(given);
    return r === '*' || r === resource || (sub !== undefined && (r === `*/${sub}` || r === `${base}/*`));
  });
}

/** Whether the rule concerns `group` (`''` for the core group). */
export function coversGroup(rule: PolicyRuleView, group: string): boolean {
  return group === '' ? coversCoreGroup(rule) : rule.apiGroups.map(normalised).some(g => g === '*' || g === group);
}

/** One finding of a rule check on one policy rule: what it grants, for the message. */
export type PolicyRuleCheck = (rule: PolicyRuleView) => { readonly field: 'verbs' | 'resources' | 'resourceNames'; readonly grants: string } | undefined;

/**
 * Runs `check` on each rule of a Role or ClusterRole, and, for an aggregated ClusterRole, on the rules of the
 * ClusterRoles in the output its `aggregationRule` selects (the controller copies their rules into it, so whoever
 * is bound to the aggregate gets them).
 */
export function checkPolicyRules(object: AuditedObject, context: RuleContext, check: PolicyRuleCheck): Violation[] {
  const violations: Violation[] = [];
  for (const rule of policyRules(object)) {
    const found = check(rule);
    if (found) {
      violations.push({ path: `${rule.path}.${found.field}`, message: `rule ${rule.index} ${found.grants}` });
    }
  }
  for (const member of aggregatedRoles(object, context)) {
    for (const rule of policyRules(member)) {
      const found = check(rule);
      if (found) {
        violations.push({
          path: 'aggregationRule',
          message: `aggregates ClusterRole/${member.name}, whose rule ${rule.index} ${found.grants}`,
        });
      }
    }
  }
  return violations;
}

/** The ClusterRoles of the output that an aggregated ClusterRole's selectors match (itself excluded). */
function aggregatedRoles(object: AuditedObject, context: RuleContext): AuditedObject[] {
  if (object.kind !== 'ClusterRole') {
    return [];
  }
  const selectors = asArray(asObject(object.json.aggregationRule)?.clusterRoleSelectors).map(asObject);
  if (selectors.length === 0) {
    return [];
  }
  return context.index.ofKind('ClusterRole')
    .filter(member => member !== object && selectors.some(selector => selector !== undefined && selects(selector, member.labels)));
}

/** Whether a label selector selects `labels` (matchLabels and the In, NotIn, Exists and DoesNotExist expressions). */
function selects(selector: Record<string, unknown>, labels: Readonly<Record<string, string>>): boolean {
  const matchLabels = stringMap(selector.matchLabels);
  const expressions = asArray(selector.matchExpressions).map(asObject);
  if (Object.keys(matchLabels).length === 0 && expressions.length === 0) {
    // An empty selector matches every ClusterRole.
    return true;
  }
  if (!Object.entries(matchLabels).every(([key, value]) => labels[key] === value)) {
    return false;
  }
  return expressions.every(expression => {
    const key = asString(expression?.key) ?? '';
    const values = asArray(expression?.values).map(String);
    switch (asString(expression?.operator)) {
      case 'In': return labels[key] !== undefined && values.includes(labels[key]);
      case 'NotIn': return labels[key] === undefined || !values.includes(labels[key]);
      case 'Exists': return labels[key] !== undefined;
      case 'DoesNotExist': return labels[key] === undefined;
      default: return false;
    }
  });
}
