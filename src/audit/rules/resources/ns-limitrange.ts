import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule } from '../../engine/audit-rule';
import { asArray, asObject, getIn } from '../../engine/json';
import { Severity } from '../../severity';

const REQUIRED = ['default', 'defaultRequest', 'max', 'min'];

/** Each Namespace in the output has a LimitRange with container defaults and bounds. */
export const nsLimitRange: AuditRule = {
  id: RuleId.NS_LIMITRANGE,
  group: RuleGroup.RESOURCES,
  title: 'LimitRange with default, defaultRequest, max and min for containers in each Namespace',
  explanation: 'A LimitRange gives containers that declare nothing sane requests and limits, and bounds what any '
    + 'single container may ask for.',
  fix: 'SecureNamespace creates a LimitRange; adjust it with its limit-range props.',
  severity: Severity.WARNING,
  kinds: ['Namespace'],
  appliesTo: 'Namespace objects in the output',
  cis: [],
  documentation: 'https://kubernetes.io/docs/concepts/policy/limit-range/',
  check: (namespace, context) => {
    const present = new Set<string>();
    for (const range of context.index.inNamespace('LimitRange', namespace.name)) {
      for (const entry of asArray(getIn(range.json, 'spec', 'limits'))) {
        const limit = asObject(entry);
        if (limit?.type === 'Container') {
          REQUIRED.filter(field => asObject(limit[field])).forEach(field => present.add(field));
        }
      }
    }
    const missing = REQUIRED.filter(field => !present.has(field));
    return missing.length === 0 ? [] : [{
      path: '',
      message: `no LimitRange in namespace ${namespace.name} sets ${missing.join(', ')} for containers`,
    }];
  },
};
