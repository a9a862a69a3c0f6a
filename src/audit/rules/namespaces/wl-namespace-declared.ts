import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule } from '../../engine/audit-rule';
import { POD_BEARING_KINDS } from '../../engine/pod-template';
import { Severity } from '../../severity';

/** Namespaces WL-NAMESPACE already judges (a workload there is reported by it). */
const JUDGED_ELSEWHERE = new Set(['default', 'kube-system', 'kube-public']);

/**
 * The namespace of a workload is declared in the output. When the output declares no Namespace at all, its
 * namespaces are evidently provided elsewhere (the platform, another repository): the finding is then INFO.
 */
export const wlNamespaceDeclared: AuditRule = {
  id: RuleId.WL_NAMESPACE_DECLARED,
  group: RuleGroup.NAMESPACES,
  title: 'The namespace of every workload is declared in the output (a Namespace object, e.g. from SecureNamespace)',
  explanation: 'A workload in a namespace the output does not declare relies on someone else for the namespace\'s Pod Security '
    + 'labels, default-deny NetworkPolicy, quota and LimitRange, or fails to apply when the namespace does not exist (often a '
    + 'typo of a declared one).',
  fix: 'Declare the namespace with SecureNamespace in the same app, or audit the files that declare it together with the workloads.',
  severity: Severity.WARNING,
  kinds: POD_BEARING_KINDS,
  appliesTo: 'pod-bearing workloads outside default, kube-system and kube-public',
  cis: [],
  documentation: 'https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/',
  check: (object, context) => {
    if (!object.namespace || JUDGED_ELSEWHERE.has(object.namespace)) {
      return [];
    }
    const declared = context.index.memo('declared-namespaces', () => new Set(context.index.ofKind('Namespace')
      .filter(namespace => namespace.apiVersion === 'v1').map(namespace => namespace.name)));
    if (declared.has(object.namespace)) {
      return [];
    }
    return [{
      path: 'metadata.namespace',
      message: declared.size === 0
        ? `namespace ${object.namespace} is not declared in the audited objects (none are); make sure the cluster provides it hardened`
        : `namespace ${object.namespace} is not declared in the audited objects (they declare ${[...declared].sort().join(', ')})`,
      severity: declared.size === 0 ? Severity.INFO : undefined,
    }];
  },
};
