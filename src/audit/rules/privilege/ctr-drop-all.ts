import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule } from '../../engine/audit-rule';
import { checkContainers, securityContextPath } from '../../engine/container-checks';
import { asArray, getIn } from '../../engine/json';
import { describeContainer, POD_BEARING_KINDS } from '../../engine/pod-template';
import { Severity } from '../../severity';

/** Containers drop every capability (PSS restricted exempts Windows pods). */
export const ctrDropAll: AuditRule = {
  id: RuleId.CTR_DROP_ALL,
  group: RuleGroup.PRIVILEGE_ISOLATION,
  title: 'Containers drop all capabilities (`capabilities.drop` contains `ALL`)',
  explanation: 'Container runtimes grant a default set of capabilities (including NET_RAW, which allows ARP and DNS '
    + 'spoofing on the pod network). Dropping ALL leaves a process only the privileges of an ordinary user.',
  fix: 'SecureDeployment sets `capabilities: { drop: [ALL] }` on every container; do not override it.',
  severity: Severity.ERROR,
  kinds: POD_BEARING_KINDS,
  appliesTo: 'init, regular and ephemeral containers',
  pss: 'restricted',
  cis: ['5.2.8', '5.2.10'],
  levelSensitive: true,
  documentation: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted',
  check: (object, context) => checkContainers(object, (ref, pod) => {
    if (context.level === 'restricted' && pod.windows) {
      return undefined;
    }
    const drop = asArray(getIn(ref.securityContext, 'capabilities', 'drop')).map(String);
    return drop.includes('ALL') ? undefined : {
      path: securityContextPath(ref, 'capabilities.drop'),
      message: `${describeContainer(ref)} does not drop ALL capabilities`,
    };
  }),
};
