import { Violation, ViolationVolume } from './audit-rule';
import { AuditedObject } from './audited-object';
import { asArray, asObject, asString, JsonObject, subPath } from './json';
import { ContainerRef, PodTemplate, podTemplatesOf } from './pod-template';

/** Runs `check` on every pod template of `object` (no violations when it has none). */
export function checkPod(object: AuditedObject, check: (pod: PodTemplate) => Violation[]): Violation[] {
  return podTemplatesOf(object).flatMap(pod => check(pod));
}

/** Runs `check` on every container of the object's pod template and collects the violations. */
export function checkContainers(
  object: AuditedObject,
  check: (container: ContainerRef, pod: PodTemplate) => Violation | Violation[] | undefined,
  filter: (container: ContainerRef) => boolean = () => true,
): Violation[] {
  return checkPod(object, pod => {
    const violations: Violation[] = [];
    for (const ref of pod.containers) {
      if (!filter(ref)) {
        continue;
      }
      const result = check(ref, pod);
      if (Array.isArray(result)) {
        violations.push(...result);
      } else if (result) {
        violations.push(result);
      }
    }
    return violations;
  });
}

/** The path of a (dotted) field of the container's securityContext. */
export function securityContextPath(ref: ContainerRef, field: string): string {
  return subPath(ref.path, `securityContext.${field}`);
}

/** The path of a (dotted) field of the pod's securityContext. */
export function podSecurityContextPath(pod: PodTemplate, field: string): string {
  return subPath(pod.specPath, `securityContext.${field}`);
}

/**
 * The volume `volume` of `pod` as a violation names it: its hostPath node path, and whether every mount of it (in
 * every container, init and ephemeral included) is `readOnly: true`.
 */
export function violationVolume(pod: PodTemplate, volume: JsonObject): ViolationVolume {
  const name = asString(volume.name);
  const hostPath = asObject(volume.hostPath);
  const readOnly = pod.containers.every(ref => asArray(ref.container.volumeMounts)
    .every(entry => asObject(entry)?.name !== name || asObject(entry)?.readOnly === true));
  return { hostPath: hostPath && typeof hostPath.path === 'string' ? hostPath.path : undefined, readOnly };
}
