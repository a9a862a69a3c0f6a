import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule } from '../../engine/audit-rule';
import { asArray, asObject, getIn } from '../../engine/json';
import { podTemplateOf } from '../../engine/pod-template';
import { effectiveReplicas } from '../../engine/workload-replicas';
import { Severity } from '../../severity';

const HOSTNAME = 'kubernetes.io/hostname';

/** Replicated Deployments and StatefulSets spread their pods across nodes. */
export const availSpread: AuditRule = {
  id: RuleId.AVAIL_SPREAD,
  group: RuleGroup.AVAILABILITY,
  title: 'topologySpreadConstraints, or podAntiAffinity on kubernetes.io/hostname, for workloads with >= 2 replicas',
  explanation: 'Replicas scheduled on the same node fail together when that node does: the replicas give no availability.',
  fix: 'SecureDeployment adds a topology spread constraint across nodes (kubernetes.io/hostname).',
  severity: Severity.WARNING,
  kinds: ['Deployment', 'StatefulSet'],
  appliesTo: 'Deployments and StatefulSets with 2 or more replicas (or HPA minReplicas)',
  cis: [],
  documentation: 'https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/',
  check: (object, context) => {
    const pod = podTemplateOf(object);
    if (!pod || effectiveReplicas(object, context.index).replicas < 2) {
      return [];
    }
    if (asArray(pod.spec.topologySpreadConstraints).length > 0) {
      return [];
    }
    const antiAffinity = asObject(getIn(pod.spec, 'affinity', 'podAntiAffinity'));
    const terms = [
      ...asArray(antiAffinity?.requiredDuringSchedulingIgnoredDuringExecution),
      ...asArray(antiAffinity?.preferredDuringSchedulingIgnoredDuringExecution).map(entry => asObject(entry)?.podAffinityTerm),
    ];
    if (terms.some(term => asObject(term)?.topologyKey === HOSTNAME)) {
      return [];
    }
    return [{
      path: `${pod.specPath}.topologySpreadConstraints`,
      message: 'the pods are not spread across nodes (no topologySpreadConstraints, no podAntiAffinity on kubernetes.io/hostname)',
    }];
  },
};
