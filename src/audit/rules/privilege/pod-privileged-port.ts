import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule, Violation } from '../../engine/audit-rule';
import { checkContainers } from '../../engine/container-checks';
import { asArray, asNumber, asObject, joinPath } from '../../engine/json';
import { describeContainer, POD_BEARING_KINDS } from '../../engine/pod-template';
import { Severity } from '../../severity';

/** Containers listen on unprivileged ports. */
export const podPrivilegedPort: AuditRule = {
  id: RuleId.POD_PRIVILEGED_PORT,
  group: RuleGroup.PRIVILEGE_ISOLATION,
  title: '`containerPort` >= 1024',
  explanation: 'Binding a port below 1024 needs root or NET_BIND_SERVICE. Serving on 8080/8443 and mapping the Service '
    + 'port keeps the container free of any capability.',
  fix: 'Serve on a port >= 1024 and give SecureDeployment the Service port separately (e.g. 80 -> 8080).',
  severity: Severity.WARNING,
  kinds: POD_BEARING_KINDS,
  appliesTo: 'init and regular containers',
  cis: [],
  check: object => checkContainers(object, ref => {
    const violations: Violation[] = [];
    asArray(ref.container.ports).forEach((entry, i) => {
      const port = asNumber(asObject(entry)?.containerPort);
      if (port !== undefined && port < 1024) {
        violations.push({
          path: joinPath(joinPath(joinPath(ref.path, 'ports'), i), 'containerPort'),
          message: `${describeContainer(ref)} listens on privileged port ${port}`,
        });
      }
    });
    return violations;
  }),
};
