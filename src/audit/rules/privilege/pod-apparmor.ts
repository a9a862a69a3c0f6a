import { APPARMOR_ANNOTATION_PREFIX } from './pss-constants';
import { RuleId } from '../../../profile/rule-id';
import { isConfiningAppArmorProfile } from '../../../profile/workload-security-context';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule, Violation } from '../../engine/audit-rule';
import { checkPod } from '../../engine/container-checks';
import { joinPath } from '../../engine/json';
import { POD_BEARING_KINDS } from '../../engine/pod-template';
import { Severity } from '../../severity';

/**
 * AppArmor profiles are `runtime/default` or `localhost/*` (PSS baseline). The hardened level also requires the
 * annotation on every init and regular container, so the confinement does not depend on node defaults.
 */
export const podAppArmor: AuditRule = {
  id: RuleId.POD_APPARMOR,
  group: RuleGroup.PRIVILEGE_ISOLATION,
  title: 'AppArmor profile is `runtime/default` or `localhost/*` (annotation `container.apparmor.security.beta.kubernetes.io/<container>`)',
  explanation: 'AppArmor confines what a process may do even as root; the `unconfined` profile switches that off. '
    + 'Kubernetes 1.28 sets the profile with a per-container pod annotation.',
  fix: 'SecureDeployment annotates every container with `runtime/default`; remove `unconfined` profiles.',
  severity: Severity.ERROR,
  kinds: POD_BEARING_KINDS,
  appliesTo: 'pod template annotations, per init and regular container',
  pss: 'baseline',
  cis: [],
  levelSensitive: true,
  documentation: 'https://kubernetes.io/docs/tutorials/security/apparmor/',
  check: (object, context) => checkPod(object, pod => {
    const violations: Violation[] = [];
    const annotationsPath = joinPath(pod.metadataPath, 'annotations');
    for (const [key, value] of Object.entries(pod.annotations).sort(([a], [b]) => a.localeCompare(b))) {
      if (key.startsWith(APPARMOR_ANNOTATION_PREFIX) && !isConfiningAppArmorProfile(value)) {
        violations.push({
          path: joinPath(annotationsPath, key),
          message: `container '${key.slice(APPARMOR_ANNOTATION_PREFIX.length)}' uses AppArmor profile ${JSON.stringify(value)}`,
        });
      }
    }
    if (context.level === 'hardened' && !pod.windows) {
      for (const ref of pod.containers.filter(c => c.type !== 'ephemeralContainers')) {
        const key = `${APPARMOR_ANNOTATION_PREFIX}${ref.name}`;
        if (pod.annotations[key] === undefined) {
          violations.push({
            path: joinPath(annotationsPath, key),
            message: `container '${ref.name}' has no AppArmor annotation (expected runtime/default or localhost/<profile>)`,
            severity: Severity.WARNING,
          });
        }
      }
    }
    return violations;
  }),
};
