import { isNamespacedKind } from '../../../profile/known-kinds';
import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule } from '../../engine/audit-rule';
import { Severity } from '../../severity';

const RESERVED = new Set(['default', 'kube-system', 'kube-public']);

/** Namespaced objects name their namespace explicitly, and it is not a reserved one. */
export const wlNamespace: AuditRule = {
  id: RuleId.WL_NAMESPACE,
  group: RuleGroup.NAMESPACES,
  title: 'Namespaced objects set `metadata.namespace`, never `default`, `kube-system` or `kube-public`',
  explanation: 'Objects without a namespace land wherever kubectl points (usually `default`), where no policies, '
    + 'quotas or Pod Security labels apply; kube-system holds the control plane\'s own credentials.',
  fix: 'Put workloads in a SecureNamespace (a Chart with `namespace: ns.name`, or metadata.namespace).',
  severity: Severity.WARNING,
  appliesTo: 'every object of a namespaced built-in kind',
  cis: ['5.7.1', '5.7.4'],
  documentation: 'https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/',
  check: object => {
    if (isNamespacedKind(object.kind) !== true) {
      return [];
    }
    if (!object.namespace) {
      return [{ path: 'metadata.namespace', message: `the ${object.kind} names no namespace (it lands in the current one, usually default)` }];
    }
    return RESERVED.has(object.namespace)
      ? [{ path: 'metadata.namespace', message: `the ${object.kind} is in the reserved namespace ${object.namespace}` }]
      : [];
  },
};
