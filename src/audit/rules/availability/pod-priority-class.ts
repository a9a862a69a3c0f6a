import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule } from '../../engine/audit-rule';
import { checkPod } from '../../engine/container-checks';
import { asString } from '../../engine/json';
import { POD_BEARING_KINDS } from '../../engine/pod-template';
import { Severity } from '../../severity';

/**
 * Pods name a PriorityClass that exists. Unset is INFO; a name that is neither in the output nor a platform
 * PriorityClass of the policy is an ERROR (the pods would not be admitted).
 */
export const podPriorityClass: AuditRule = {
  id: RuleId.POD_PRIORITY_CLASS,
  group: RuleGroup.AVAILABILITY,
  title: '`priorityClassName` set, naming a PriorityClass that exists (in the output or provided by the platform)',
  explanation: 'Without a priority, the scheduler may preempt these pods for less important ones under pressure. '
    + 'A PriorityClass that does not exist makes the pods fail admission.',
  fix: 'Give SecureDeployment a priority class name emitted with the app, or list the platform\'s classes in the '
    + 'audit policy (AuditOptions.platformPriorityClasses).',
  severity: Severity.INFO,
  kinds: POD_BEARING_KINDS,
  appliesTo: 'pod templates',
  cis: [],
  documentation: 'https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/',
  check: (object, context) => checkPod(object, pod => {
    const name = asString(pod.spec.priorityClassName);
    const path = `${pod.specPath}.priorityClassName`;
    if (!name) {
      return [{ path, message: 'the pod sets no priorityClassName' }];
    }
    const emitted = context.index.memo('priority-class-names', () => new Set(context.index.ofKind('PriorityClass').map(pc => pc.name)));
    if (emitted.has(name) || context.policy.platformPriorityClasses.has(name)) {
      return [];
    }
    return [{
      path,
      message: `PriorityClass ${name} is neither in the output nor a platform PriorityClass; the pods would be rejected`,
      severity: Severity.ERROR,
    }];
  }),
};
