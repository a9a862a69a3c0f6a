import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule } from '../../engine/audit-rule';
import { checkPod } from '../../engine/container-checks';
import { asString } from '../../engine/json';
import { POD_BEARING_KINDS } from '../../engine/pod-template';
import { Severity } from '../../severity';

/** Pods run under a dedicated ServiceAccount that is part of the output. */
export const podOwnSa: AuditRule = {
  id: RuleId.POD_OWN_SA,
  group: RuleGroup.SERVICE_ACCOUNTS_RBAC,
  title: 'Dedicated ServiceAccount (not `default`), present in the output',
  explanation: 'Workloads sharing the `default` ServiceAccount share every permission granted to it; a ServiceAccount '
    + 'missing from the output makes pods fail to start, or silently reuse one created by someone else.',
  fix: 'SecureDeployment creates its own ServiceAccount; pass serviceAccount to share one the app defines.',
  severity: Severity.WARNING,
  kinds: POD_BEARING_KINDS,
  appliesTo: 'pod templates',
  cis: ['5.1.5'],
  documentation: 'https://kubernetes.io/docs/concepts/security/service-accounts/',
  check: (object, context) => checkPod(object, pod => {
    const name = asString(pod.spec.serviceAccountName) ?? asString(pod.spec.serviceAccount);
    const path = `${pod.specPath}.serviceAccountName`;
    if (!name || name === 'default') {
      return [{ path, message: 'the pod runs under the namespace\'s default ServiceAccount' }];
    }
    if (!context.index.find('ServiceAccount', object.namespace, name)) {
      return [{ path, message: `ServiceAccount ${name} is not in the output (namespace ${object.namespace ?? '(none)'})` }];
    }
    return [];
  }),
};
