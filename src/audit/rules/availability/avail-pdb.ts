import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule } from '../../engine/audit-rule';
import { AuditedObject } from '../../engine/audited-object';
import { asObject, getIn } from '../../engine/json';
import { SelectorIndex } from '../../engine/label-selector';
import { ObjectIndex } from '../../engine/object-index';
import { podTemplateOf } from '../../engine/pod-template';
import { effectiveReplicas, resolveIntOrPercent } from '../../engine/workload-replicas';
import { Severity } from '../../severity';

function budgetsByNamespace(index: ObjectIndex): Map<string, SelectorIndex<AuditedObject>> {
  return index.memo('pdb-selectors', () => {
    const result = new Map<string, SelectorIndex<AuditedObject>>();
    for (const pdb of index.ofKind('PodDisruptionBudget')) {
      const selector = asObject(getIn(pdb.json, 'spec', 'selector'));
      if (!selector) {
        continue;
      }
      const key = pdb.namespace ?? '';
      const selectors = result.get(key) ?? new SelectorIndex<AuditedObject>();
      selectors.add(selector, pdb);
      result.set(key, selectors);
    }
    return result;
  });
}

/** Whether the budget lets at least one of `replicas` pods be evicted. */
function allowsDisruption(pdb: AuditedObject, replicas: number): boolean {
  const spec = asObject(pdb.json.spec) ?? {};
  if (spec.maxUnavailable !== undefined) {
    return (resolveIntOrPercent(spec.maxUnavailable, replicas, true) ?? 0) > 0;
  }
  if (spec.minAvailable !== undefined) {
    return (resolveIntOrPercent(spec.minAvailable, replicas, true) ?? replicas) < replicas;
  }
  return true; // neither set: the budget allows every disruption
}

/** Whether the budget keeps at least one of `replicas` pods running through a drain (it does not allow evicting them all). */
function keepsOneRunning(pdb: AuditedObject, replicas: number): boolean {
  const spec = asObject(pdb.json.spec) ?? {};
  if (spec.maxUnavailable !== undefined) {
    const max = resolveIntOrPercent(spec.maxUnavailable, replicas, true);
    return max !== undefined && max < replicas;
  }
  if (spec.minAvailable !== undefined) {
    return (resolveIntOrPercent(spec.minAvailable, replicas, true) ?? 0) > 0;
  }
  return false; // neither set: the budget allows every disruption
}

/** Replicated Deployments and StatefulSets are covered by a PodDisruptionBudget that allows disruptions. */
export const availPdb: AuditRule = {
  id: RuleId.AVAIL_PDB,
  group: RuleGroup.AVAILABILITY,
  title: 'Deployments and StatefulSets with >= 2 replicas are selected by a PodDisruptionBudget that allows disruptions',
  explanation: 'Without a budget a node drain may evict every replica at once, and so may a budget that allows evicting them all '
    + '(maxUnavailable 100%, minAvailable 0, or neither set); a budget that allows no disruption blocks node drains and cluster upgrades instead.',
  fix: 'SecureDeployment creates a PodDisruptionBudget with maxUnavailable 1 when it runs 2 or more replicas.',
  severity: Severity.WARNING,
  kinds: ['Deployment', 'StatefulSet'],
  appliesTo: 'Deployments and StatefulSets with 2 or more replicas (or HPA minReplicas)',
  cis: [],
  documentation: 'https://kubernetes.io/docs/tasks/run-application/configure-pdb/',
  check: (object, context) => {
    const { replicas } = effectiveReplicas(object, context.index);
    const pod = podTemplateOf(object);
    if (replicas < 2 || !pod) {
      return [];
    }
    const budgets = budgetsByNamespace(context.index).get(object.namespace ?? '')?.matching(pod.labels) ?? [];
    if (budgets.length === 0) {
      return [{ path: 'spec.template.metadata.labels', message: `no PodDisruptionBudget selects the pods of this ${object.kind} (${replicas} replicas)` }];
    }
    if (!budgets.some(pdb => allowsDisruption(pdb, replicas))) {
      return [{
        path: 'spec.template.metadata.labels',
        message: `the PodDisruptionBudget(s) ${budgets.map(pdb => pdb.name).join(', ')} allow no disruption of the ${replicas} replicas, which blocks node drains`,
      }];
    }
    if (!budgets.some(pdb => allowsDisruption(pdb, replicas) && keepsOneRunning(pdb, replicas))) {
      return [{
        path: 'spec.template.metadata.labels',
        message: `the PodDisruptionBudget(s) ${budgets.map(pdb => pdb.name).join(', ')} let a drain evict all ${replicas} replicas at once `
          + '(maxUnavailable of every replica, minAvailable 0, or neither set), which protects nothing',
      }];
    }
    return [];
  },
};
