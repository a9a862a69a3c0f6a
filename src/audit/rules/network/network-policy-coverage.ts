import { AuditedObject } from '../../engine/audited-object';
import { asArray, asObject, getIn, JsonObject } from '../../engine/json';
import { isEmptySelector, SelectorIndex } from '../../engine/label-selector';
import { ObjectIndex } from '../../engine/object-index';

/** A NetworkPolicy with the directions it isolates. */
export interface PolicyDirections {
  readonly policy: AuditedObject;
  readonly ingress: boolean;
  readonly egress: boolean;
  readonly selectsAll: boolean;
  /** Whether an ingress rule without peers admits every source. */
  readonly ingressOpen: boolean;
  /** Whether an egress rule without peers admits every destination. */
  readonly egressOpen: boolean;
}

/**
 * The directions a NetworkPolicy isolates: `policyTypes` when given, otherwise Ingress always and Egress when
 * it has egress rules (the API server's defaulting).
 *
 * @see https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/
 */
export function policyDirections(policy: AuditedObject): PolicyDirections {
  const spec = asObject(policy.json.spec) ?? {};
  const types = asArray(spec.policyTypes).map(String);
  const explicit = types.length > 0;
  return {
    policy,
    ingress: explicit ? types.includes('Ingress') : true,
    egress: explicit ? types.includes('Egress') : spec.egress !== undefined,
    selectsAll: isEmptySelector(asObject(spec.podSelector)),
    ingressOpen: hasRuleWithoutPeers(spec.ingress, 'from'),
    egressOpen: hasRuleWithoutPeers(spec.egress, 'to'),
  };
}

function hasRuleWithoutPeers(rules: unknown, peersKey: 'from' | 'to'): boolean {
  return asArray(rules).some(rule => asArray(asObject(rule)?.[peersKey]).length === 0);
}

/** The NetworkPolicies of each namespace, indexed by pod selector. */
export function policiesByNamespace(index: ObjectIndex): Map<string, SelectorIndex<PolicyDirections>> {
  return index.memo('network-policy-selectors', () => {
    const result = new Map<string, SelectorIndex<PolicyDirections>>();
    for (const policy of index.ofKind('NetworkPolicy')) {
      const selector: JsonObject = asObject(getIn(policy.json, 'spec', 'podSelector')) ?? {};
      const key = policy.namespace ?? '';
      const selectors = result.get(key) ?? new SelectorIndex<PolicyDirections>();
      selectors.add(selector, policyDirections(policy));
      result.set(key, selectors);
    }
    return result;
  });
}

/** The NetworkPolicies (same namespace) that select pods with `labels`. */
export function policiesSelecting(index: ObjectIndex, namespace: string | undefined, labels: Readonly<Record<string, string>>): PolicyDirections[] {
  return policiesByNamespace(index).get(namespace ?? '')?.matching(labels) ?? [];
}
