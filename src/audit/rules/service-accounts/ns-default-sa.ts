import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule } from '../../engine/audit-rule';
import { Severity } from '../../severity';

/** Each Namespace in the output disables token automounting on its `default` ServiceAccount. */
export const nsDefaultSa: AuditRule = {
  id: RuleId.NS_DEFAULT_SA,
  group: RuleGroup.SERVICE_ACCOUNTS_RBAC,
  title: 'The `default` ServiceAccount of each Namespace has `automountServiceAccountToken: false`',
  explanation: 'Every pod that names no ServiceAccount runs as `default`; with automounting on, each of them carries an '
    + 'API token.',
  fix: 'SecureNamespace emits the default ServiceAccount with automountServiceAccountToken: false.',
  severity: Severity.WARNING,
  kinds: ['Namespace'],
  appliesTo: 'Namespace objects in the output',
  cis: ['5.1.5'],
  documentation: 'https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting',
  check: (namespace, context) => {
    const account = context.index.find('ServiceAccount', namespace.name, 'default');
    if (!account) {
      return [{ path: '', message: `the output does not configure the default ServiceAccount of namespace ${namespace.name}` }];
    }
    return account.json.automountServiceAccountToken === false ? [] : [{
      path: '',
      message: `the default ServiceAccount of namespace ${namespace.name} mounts its token automatically`,
    }];
  },
};
