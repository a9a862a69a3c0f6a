import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule, Violation } from '../../engine/audit-rule';
import { checkPod } from '../../engine/container-checks';
import { asArray, asObject, joinPath } from '../../engine/json';
import { POD_BEARING_KINDS } from '../../engine/pod-template';
import { Severity } from '../../severity';

/** Pods tolerate the taints they name, never every taint. */
export const podTolerations: AuditRule = {
  id: RuleId.POD_TOLERATIONS,
  group: RuleGroup.PRIVILEGE_ISOLATION,
  title: 'No toleration of every taint (`operator: Exists` without a `key`)',
  explanation: 'A toleration with `operator: Exists` and no key matches every taint: the pods also run on control-plane nodes '
    + '(where a node agent with hostPath reads the control plane\'s files and credentials), on nodes reserved for other '
    + 'teams, and stay on nodes that are not ready or being drained. DaemonSets copied from vendor charts often carry it. '
    + 'Passes: every toleration names a `key` (e.g. `node-role.kubernetes.io/control-plane` when the agent must run there, '
    + 'as a reviewed choice).',
  fix: 'List the taints the pods must tolerate, each with its key (and effect), instead of `operator: Exists` alone; an agent '
    + 'that must run on every node whatever its taints needs a SecurityException with the reason.',
  severity: Severity.WARNING,
  kinds: POD_BEARING_KINDS,
  appliesTo: 'pod templates',
  cis: [],
  documentation: 'https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/',
  check: object => checkPod(object, pod => {
    const violations: Violation[] = [];
    asArray(pod.spec.tolerations).forEach((entry, i) => {
      const toleration = asObject(entry);
      const key = toleration?.key;
      if (toleration && toleration.operator === 'Exists' && (key === undefined || key === null || key === '')) {
        const effect = typeof toleration.effect === 'string' && toleration.effect !== '' ? `every ${toleration.effect} taint` : 'every taint';
        violations.push({
          path: joinPath(joinPath(pod.specPath, 'tolerations'), i),
          message: `toleration #${i} (operator Exists without a key) tolerates ${effect}, control-plane nodes included`,
        });
      }
    });
    return violations;
  }),
};
