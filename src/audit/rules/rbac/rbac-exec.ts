import { checkPolicyRules, coversCoreGroup, coveringResources } from './rbac-rules';
import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule } from '../../engine/audit-rule';
import { Severity } from '../../severity';

/**
 * Subresources that run code in, or open a connection into, another pod: exec, attach, ephemeral containers (a
 * debug container of one's choice in a running pod), port-forward and the pod and service proxies.
 */
const EXEC_LIKE_SUBRESOURCES: readonly string[] = ['pods/exec', 'pods/attach', 'pods/ephemeralcontainers', 'pods/portforward', 'pods/proxy', 'services/proxy'];

/** Roles grant no exec into or attach to pods. */
export const rbacExec: AuditRule = {
  id: RuleId.RBAC_EXEC,
  group: RuleGroup.SERVICE_ACCOUNTS_RBAC,
  title: 'No `pods/exec`, `pods/attach`, `pods/ephemeralcontainers`, `pods/portforward` or pod/service proxy permissions',
  explanation: 'exec and attach run commands inside other pods, with their identity, secrets and network access: a '
    + 'direct lateral-movement path.',
  fix: 'Remove pods/exec, pods/attach, pods/ephemeralcontainers, pods/portforward, pods/proxy and services/proxy from the Role; debug with ephemeral containers under a separate, audited role. '
    + 'A deliberate grant needs Audit.suppress() with a reason.',
  severity: Severity.WARNING,
  kinds: ['Role', 'ClusterRole'],
  appliesTo: 'Roles and ClusterRoles',
  cis: [],
  documentation: 'https://kubernetes.io/docs/concepts/security/rbac-good-practices/',
  check: (object, context) => checkPolicyRules(object, context, rule => {
    // Any verb: exec and attach need create, and get opens them too over WebSocket connections.
    const granted = [...new Set(EXEC_LIKE_SUBRESOURCES.flatMap(resource => coveringResources(rule, resource)))];
    return coversCoreGroup(rule) && granted.length > 0 && rule.verbs.length > 0
      ? { field: 'resources', grants: `grants ${granted.join(', ')} (${rule.verbs.join(', ')})` } : undefined;
  }),
};
