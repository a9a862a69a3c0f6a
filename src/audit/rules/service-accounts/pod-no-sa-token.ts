import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule } from '../../engine/audit-rule';
import { checkPod } from '../../engine/container-checks';
import { POD_BEARING_KINDS } from '../../engine/pod-template';
import { Severity } from '../../severity';

/** Pods and ServiceAccounts do not mount API tokens automatically. */
export const podNoSaToken: AuditRule = {
  id: RuleId.POD_NO_SA_TOKEN,
  group: RuleGroup.SERVICE_ACCOUNTS_RBAC,
  title: '`automountServiceAccountToken: false` on every pod and every ServiceAccount',
  explanation: 'A mounted token lets anyone who compromises the container call the Kubernetes API with the pod\'s '
    + 'identity. Most applications never call the API.',
  fix: 'SecureDeployment disables the token on the pod and on its ServiceAccount; an app that calls the API needs '
    + 'SecurityException.of(RuleId.POD_NO_SA_TOKEN, reason) and a narrow Role.',
  severity: Severity.WARNING,
  kinds: [...POD_BEARING_KINDS, 'ServiceAccount'],
  appliesTo: 'pod templates and ServiceAccounts',
  cis: ['5.1.6'],
  documentation: 'https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting',
  check: object => {
    if (object.kind === 'ServiceAccount') {
      return object.json.automountServiceAccountToken === false ? [] : [{
        path: 'automountServiceAccountToken',
        message: `ServiceAccount ${object.name} mounts its token into every pod that uses it`,
      }];
    }
    return checkPod(object, pod => pod.spec.automountServiceAccountToken === false ? [] : [{
      path: `${pod.specPath}.automountServiceAccountToken`,
      message: 'the pod does not set automountServiceAccountToken: false',
    }]);
  },
};
