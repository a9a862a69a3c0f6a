import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule } from '../../engine/audit-rule';
import { asObject, getIn } from '../../engine/json';
import { Severity } from '../../severity';

/** Quota keys required, each with the alias Kubernetes accepts for the request form. */
const REQUIRED: ReadonlyArray<readonly string[]> = [
  ['requests.cpu', 'cpu'], ['requests.memory', 'memory'], ['limits.cpu'], ['limits.memory'],
];

/** Each Namespace in the output has a ResourceQuota on cpu and memory requests and limits. */
export const nsQuota: AuditRule = {
  id: RuleId.NS_QUOTA,
  group: RuleGroup.RESOURCES,
  title: 'ResourceQuota with requests.cpu, requests.memory, limits.cpu, limits.memory in each Namespace',
  explanation: 'A quota caps what one namespace (team, tenant, compromised app) can take from the cluster, and makes '
    + 'Kubernetes reject pods that declare no requests or limits.',
  fix: 'SecureNamespace creates a ResourceQuota; size it with its quota prop.',
  severity: Severity.WARNING,
  kinds: ['Namespace'],
  appliesTo: 'Namespace objects in the output',
  cis: [],
  documentation: 'https://kubernetes.io/docs/concepts/policy/resource-quotas/',
  check: (namespace, context) => {
    const keys = new Set<string>();
    for (const quota of context.index.inNamespace('ResourceQuota', namespace.name)) {
      Object.keys(asObject(getIn(quota.json, 'spec', 'hard')) ?? {}).forEach(key => keys.add(key));
    }
    const missing = REQUIRED.filter(aliases => !aliases.some(key => keys.has(key))).map(aliases => aliases[0]);
    return missing.length === 0 ? [] : [{
      path: '',
      message: `no ResourceQuota in namespace ${namespace.name} limits ${missing.join(', ')}`,
    }];
  },
};
