import { APPARMOR_ANNOTATION_PREFIX } from './pss-constants';
import { RuleId } from '../../../profile/rule-id';
import { APPARMOR_PROFILE } from '../../../profile/workload-security-context';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule, Violation } from '../../engine/audit-rule';
import { checkPod } from '../../engine/container-checks';
import { asString, getIn, joinPath, JsonObject, subPath } from '../../engine/json';
import { describeContainer, POD_BEARING_KINDS } from '../../engine/pod-template';
import { Severity } from '../../severity';

/** AppArmor profile types of the `appArmorProfile` field (Kubernetes 1.30+) that confine the process. */
const CONFINING_APPARMOR_TYPES: ReadonlySet<string> = new Set(['RuntimeDefault', 'Localhost']);

/**
 * Whether Pod Security Admission allows an AppArmor annotation value: empty (no profile requested, the node's
 * default applies), `runtime/default` or any `localhost/` profile.
 */
function allowedAnnotationValue(value: string): boolean {
  return value === '' || value === APPARMOR_PROFILE || value.startsWith('localhost/');
}

/**
 * AppArmor profiles, as Pod Security Admission checks them at every policy version (PSS baseline): annotation
 * values `runtime/default`, `localhost/*` or empty, and `securityContext.appArmorProfile.type` (Kubernetes 1.30+,
 * pod and container level) `RuntimeDefault` or `Localhost` when the field is set. The hardened level also
 * requires a confining profile for every init and regular container (by annotation or field), so the confinement
 * does not depend on node defaults, and a `localhost` profile that names one.
 */
export const podAppArmor: AuditRule = {
  id: RuleId.POD_APPARMOR,
  group: RuleGroup.PRIVILEGE_ISOLATION,
  title: 'AppArmor profile is `runtime/default` or `localhost/*` (annotation) / `RuntimeDefault` or `Localhost` (`appArmorProfile`)',
  explanation: 'AppArmor confines what a process may do even as root; the `unconfined` profile switches that off. '
    + 'Kubernetes 1.28 sets the profile with a per-container pod annotation, 1.30+ with `securityContext.appArmorProfile`.',
  fix: 'SecureDeployment annotates every container with `runtime/default`; remove `unconfined` profiles and '
    + '`appArmorProfile: { type: Unconfined }`.',
  severity: Severity.ERROR,
  kinds: POD_BEARING_KINDS,
  appliesTo: 'pod template annotations, per init and regular container; pod and container `appArmorProfile`',
  pss: 'baseline',
  cis: [],
  levelSensitive: true,
  documentation: 'https://kubernetes.io/docs/tutorials/security/apparmor/',
  check: (object, context) => checkPod(object, pod => {
    const hardened = context.level === 'hardened';
    const violations: Violation[] = [];
    const annotationsPath = joinPath(pod.metadataPath, 'annotations');
    for (const [key, value] of Object.entries(pod.annotations).sort(([a], [b]) => a.localeCompare(b))) {
      if (!key.startsWith(APPARMOR_ANNOTATION_PREFIX)) {
        continue;
      }
      const container = key.slice(APPARMOR_ANNOTATION_PREFIX.length);
      if (!allowedAnnotationValue(value)) {
        violations.push({ path: joinPath(annotationsPath, key), message: `container '${container}' uses AppArmor profile ${JSON.stringify(value)}` });
      } else if (hardened && value === 'localhost/') {
        violations.push({ path: joinPath(annotationsPath, key), message: `container '${container}' uses a localhost AppArmor profile without a name` });
      }
    }
    // The field: set with a type other than RuntimeDefault or Localhost (Unconfined, empty, anything else) is refused.
    const fieldProblem = (securityContext: JsonObject, path: string, who: string): Violation | undefined => {
      const profile = securityContext.appArmorProfile;
      if (profile === undefined || profile === null) {
        return undefined;
      }
      const type = getIn(profile, 'type');
      if (!CONFINING_APPARMOR_TYPES.has(String(type))) {
        return { path: subPath(path, 'appArmorProfile.type'), message: `${who} sets appArmorProfile type ${JSON.stringify(type ?? null)}` };
      }
      if (hardened && type === 'Localhost' && !asString(getIn(profile, 'localhostProfile'))) {
        return { path: subPath(path, 'appArmorProfile.localhostProfile'), message: `${who} sets a Localhost appArmorProfile without localhostProfile` };
      }
      return undefined;
    };
    const confiningField = (securityContext: JsonObject) => CONFINING_APPARMOR_TYPES.has(String(getIn(securityContext, 'appArmorProfile', 'type')));
    const podProblem = fieldProblem(pod.securityContext, joinPath(pod.specPath, 'securityContext'), 'the pod');
    if (podProblem) {
      violations.push(podProblem);
    }
    for (const ref of pod.containers) {
      const problem = fieldProblem(ref.securityContext, joinPath(ref.path, 'securityContext'), describeContainer(ref));
      if (problem) {
        violations.push(problem);
      }
    }
    if (hardened && !pod.windows) {
      for (const ref of pod.containers.filter(c => c.type !== 'ephemeralContainers')) {
        const key = `${APPARMOR_ANNOTATION_PREFIX}${ref.name}`;
        // An empty annotation requests no profile: the node's default applies, as when nothing is set.
        const byAnnotation = (pod.annotations[key] ?? '') !== '';
        if (!byAnnotation && !confiningField(ref.securityContext) && !confiningField(pod.securityContext)) {
          violations.push({
            path: joinPath(annotationsPath, key),
            message: `container '${ref.name}' has no AppArmor profile (expected annotation runtime/default or localhost/<profile>, `
              + 'or appArmorProfile RuntimeDefault or Localhost)',
            severity: Severity.WARNING,
            absent: true,
          });
        }
      }
    }
    return violations;
  }),
};
