import { RuleId } from '../../../profile/rule-id';
import { MAX_DAEMONSET_UNAVAILABLE_PERCENT } from '../../../profile/workload-kind-limits';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule, Violation } from '../../engine/audit-rule';
import { AuditedObject } from '../../engine/audited-object';
import { asNumber, asObject, asString, getIn, JsonObject } from '../../engine/json';
import { ObjectIndex } from '../../engine/object-index';
import { effectiveReplicas, resolveIntOrPercent } from '../../engine/workload-replicas';
import { Severity } from '../../severity';

function deploymentViolations(object: AuditedObject, index: ObjectIndex, strategy: JsonObject): Violation[] {
  const { replicas } = effectiveReplicas(object, index);
  const raw = getIn(strategy, 'rollingUpdate', 'maxUnavailable') ?? '25%';
  const maxUnavailable = resolveIntOrPercent(raw, replicas, false);
  if (maxUnavailable === undefined || maxUnavailable > 0) {
    return [{
      path: 'spec.strategy.rollingUpdate.maxUnavailable',
      message: `maxUnavailable ${JSON.stringify(raw)} lets a rollout take ${maxUnavailable ?? '?'} of ${replicas} serving pod(s) away`,
    }];
  }
  return [];
}

function statefulSetViolations(object: AuditedObject, strategy: JsonObject): Violation[] {
  // maxUnavailable above 1 (alpha in 1.28) replaces several members of a quorum at once.
  const raw = getIn(strategy, 'rollingUpdate', 'maxUnavailable');
  if (raw === undefined || raw === null) {
    return [];
  }
  const replicas = asNumber(getIn(object.json, 'spec', 'replicas')) ?? 1;
  const maxUnavailable = resolveIntOrPercent(raw, replicas, true);
  if (maxUnavailable === undefined || maxUnavailable > 1) {
    return [{
      path: 'spec.updateStrategy.rollingUpdate.maxUnavailable',
      message: `maxUnavailable ${JSON.stringify(raw)} replaces ${maxUnavailable ?? '?'} pods at once; a StatefulSet rolls one pod at a time`,
    }];
  }
  return [];
}

function daemonSetViolations(strategy: JsonObject): Violation[] {
  const raw = getIn(strategy, 'rollingUpdate', 'maxUnavailable') ?? 1;
  const text = asString(raw);
  const percent = text !== undefined ? /^(\d+)%$/.exec(text) : null;
  const tooMany = percent ? Number(percent[1]) > MAX_DAEMONSET_UNAVAILABLE_PERCENT
    : typeof raw === 'number' ? raw > 1 || raw < 0 || !Number.isInteger(raw) : true;
  if (tooMany) {
    return [{
      path: 'spec.updateStrategy.rollingUpdate.maxUnavailable',
      message: `maxUnavailable ${JSON.stringify(raw)} takes the agent off ${percent ? `${percent[1]}% of the` : typeof raw === 'number' ? raw : 'an unknown number of'} `
        + `nodes at once; use 1 or at most ${MAX_DAEMONSET_UNAVAILABLE_PERCENT}%`,
    }];
  }
  return [];
}

/** Workloads roll out with RollingUpdate and never take serving capacity (or node coverage) away in bulk. */
export const wlRolling: AuditRule = {
  id: RuleId.WL_ROLLING,
  group: RuleGroup.AVAILABILITY,
  title: 'Deployments, StatefulSets and DaemonSets use RollingUpdate; Deployments keep capacity (maxUnavailable resolves to 0), '
    + `StatefulSets replace one pod at a time, DaemonSets at most 1 node or ${MAX_DAEMONSET_UNAVAILABLE_PERCENT}% at once`,
  explanation: 'A Deployment\'s `Recreate` stops every pod before starting the new ones: an outage on each release; a maxUnavailable '
    + 'above 0 removes serving pods before their replacements are ready. `OnDelete` (StatefulSets, DaemonSets) updates a pod '
    + 'only when someone deletes it by hand, so a security fix in a new image never reaches the running pods. A StatefulSet '
    + 'maxUnavailable above 1 replaces several members of a quorum at once. A DaemonSet maxUnavailable such as 100% takes '
    + 'the node agent (log shipper, runtime monitor) off every node at once. Passes: Deployments RollingUpdate with '
    + 'maxUnavailable resolving to 0; StatefulSets and DaemonSets `updateStrategy.type` RollingUpdate (the default), '
    + `StatefulSet maxUnavailable unset or 1, DaemonSet maxUnavailable 0, 1 or a percentage up to ${MAX_DAEMONSET_UNAVAILABLE_PERCENT}%.`,
  fix: 'SecureDeployment rolls out with maxUnavailable 0 and a surge of 25%; do not switch to Recreate. Keep StatefulSets and '
    + `DaemonSets on RollingUpdate, with a DaemonSet maxUnavailable of 1 (or at most ${MAX_DAEMONSET_UNAVAILABLE_PERCENT}%).`,
  severity: Severity.WARNING,
  kinds: ['Deployment', 'StatefulSet', 'DaemonSet'],
  appliesTo: 'Deployments, StatefulSets and DaemonSets',
  cis: [],
  documentation: 'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#strategy',
  check: (object, context) => {
    const field = object.kind === 'Deployment' ? 'strategy' : 'updateStrategy';
    const strategy = asObject(getIn(object.json, 'spec', field)) ?? {};
    const type = strategy.type ?? 'RollingUpdate';
    if (type !== 'RollingUpdate') {
      const effect = type === 'OnDelete' ? ': pods are updated only when deleted by hand' : '';
      return [{ path: `spec.${field}.type`, message: `the ${object.kind} uses the ${asString(type) ?? JSON.stringify(type)} strategy${effect}` }];
    }
    if (object.kind === 'Deployment') {
      return deploymentViolations(object, context.index, strategy);
    }
    return object.kind === 'StatefulSet' ? statefulSetViolations(object, strategy) : daemonSetViolations(strategy);
  },
};
