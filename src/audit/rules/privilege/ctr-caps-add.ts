import { BASELINE_ADDABLE_CAPABILITIES, RESTRICTED_ADDABLE_CAPABILITIES } from './pss-constants';
import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule, Violation } from '../../engine/audit-rule';
import { checkContainers } from '../../engine/container-checks';
import { asArray, getIn, joinPath, subPath } from '../../engine/json';
import { describeContainer, POD_BEARING_KINDS } from '../../engine/pod-template';
import { Severity } from '../../severity';

/**
 * Containers add no Linux capabilities beyond what the level allows: the baseline list (PSS baseline), only
 * `NET_BIND_SERVICE` (PSS restricted; Windows pods get the baseline list), none at all (hardened).
 */
export const ctrCapsAdd: AuditRule = {
  id: RuleId.CTR_CAPS_ADD,
  group: RuleGroup.PRIVILEGE_ISOLATION,
  title: 'Containers add no capabilities (baseline: only the default list; restricted: only NET_BIND_SERVICE; hardened: none)',
  explanation: 'Added capabilities such as SYS_ADMIN, NET_ADMIN or SYS_PTRACE give a container kernel privileges that '
    + 'lead to container escapes. The hardened profile adds none: processes serve on ports >= 1024, so not even '
    + 'NET_BIND_SERVICE is needed.',
  fix: 'SecureDeployment drops ALL capabilities and adds none; serve on a port >= 1024 and map the Service port '
    + '(80 -> 8080) instead of adding NET_BIND_SERVICE.',
  severity: Severity.ERROR,
  kinds: POD_BEARING_KINDS,
  appliesTo: 'init, regular and ephemeral containers',
  pss: 'baseline',
  cis: ['5.2.9'],
  levelSensitive: true,
  documentation: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted',
  check: (object, context) => checkContainers(object, (ref, pod) => {
    // Windows pods are exempt from the restricted control only; the baseline list still applies.
    const level = context.level === 'restricted' && pod.windows ? 'baseline' : context.level;
    const allowed = level === 'baseline' ? BASELINE_ADDABLE_CAPABILITIES
      : level === 'restricted' ? RESTRICTED_ADDABLE_CAPABILITIES : new Set<string>();
    const violations: Violation[] = [];
    asArray(getIn(ref.securityContext, 'capabilities', 'add')).forEach((capability, i) => {
      if (!allowed.has(String(capability))) {
        violations.push({
          path: joinPath(subPath(ref.path, 'securityContext.capabilities.add'), i),
          message: `${describeContainer(ref)} adds capability ${String(capability)}`
            + (allowed.size ? ` (allowed at this level: ${[...allowed].join(', ')})` : ''),
        });
      }
    });
    return violations;
  }),
};
