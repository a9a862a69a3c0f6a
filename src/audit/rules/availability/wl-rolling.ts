import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule } from '../../engine/audit-rule';
import { asObject, asString, getIn } from '../../engine/json';
import { effectiveReplicas, resolveIntOrPercent } from '../../engine/workload-replicas';
import { Severity } from '../../severity';

/** Deployments roll out with RollingUpdate and never take serving capacity away. */
export const wlRolling: AuditRule = {
  id: RuleId.WL_ROLLING,
  group: RuleGroup.AVAILABILITY,
  title: 'Deployments use RollingUpdate with a maxUnavailable that keeps capacity (resolves to 0 pods)',
  explanation: '`Recreate` stops every pod before starting the new ones: an outage on each release. A maxUnavailable '
    + 'above 0 removes serving pods before their replacements are ready.',
  fix: 'SecureDeployment rolls out with maxUnavailable 0 and a surge of 25%; do not switch to Recreate.',
  severity: Severity.WARNING,
  kinds: ['Deployment'],
  appliesTo: 'Deployments',
  cis: [],
  documentation: 'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#strategy',
  check: (object, context) => {
    const strategy = asObject(getIn(object.json, 'spec', 'strategy')) ?? {};
    const type = asString(strategy.type) ?? 'RollingUpdate';
    if (type !== 'RollingUpdate') {
      return [{ path: 'spec.strategy.type', message: `the Deployment uses the ${type} strategy` }];
    }
    const { replicas } = effectiveReplicas(object, context.index);
    const raw = getIn(strategy, 'rollingUpdate', 'maxUnavailable') ?? '25%';
    const maxUnavailable = resolveIntOrPercent(raw, replicas, false);
    if (maxUnavailable === undefined || maxUnavailable > 0) {
      return [{
        path: 'spec.strategy.rollingUpdate.maxUnavailable',
        message: `maxUnavailable ${JSON.stringify(raw)} lets a rollout take ${maxUnavailable ?? '?'} of ${replicas} serving pod(s) away`,
      }];
    }
    return [];
  },
};
