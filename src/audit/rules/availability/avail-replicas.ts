import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule } from '../../engine/audit-rule';
import { effectiveReplicas } from '../../engine/workload-replicas';
import { Severity } from '../../severity';

/** Deployments and StatefulSets run at least two replicas (or an HPA keeps at least two). */
export const availReplicas: AuditRule = {
  id: RuleId.AVAIL_REPLICAS,
  group: RuleGroup.AVAILABILITY,
  title: 'At least 2 replicas (or a HorizontalPodAutoscaler with minReplicas >= 2)',
  explanation: 'A single replica is down during every node drain, eviction, crash and rollout.',
  fix: 'SecureDeployment runs 2 replicas by default; keep replicas (or the autoscaler minimum) at 2 or more.',
  severity: Severity.WARNING,
  kinds: ['Deployment', 'StatefulSet'],
  appliesTo: 'Deployments and StatefulSets',
  cis: [],
  documentation: 'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/',
  check: (object, context) => {
    const { replicas, autoscaler } = effectiveReplicas(object, context.index);
    if (replicas >= 2) {
      return [];
    }
    return [autoscaler
      ? { path: 'spec.replicas', message: `the HorizontalPodAutoscaler ${autoscaler.name} keeps only ${replicas} replica(s)` }
      : { path: 'spec.replicas', message: `the ${object.kind} runs ${replicas} replica(s)` }];
  },
};
