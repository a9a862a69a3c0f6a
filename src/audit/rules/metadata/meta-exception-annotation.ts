import { exceptionAnnotations, isExceptionAnnotationKey } from '../../../profile/exception-annotation';
import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule, Violation } from '../../engine/audit-rule';
import { joinPath } from '../../engine/json';
import { Severity } from '../../severity';

/**
 * In an app audited as a construct tree, every exception annotation on an object documents an exception that a
 * construct of the library recorded for that object; any other is a self-approval attempt.
 */
export const metaExceptionAnnotation: AuditRule = {
  id: RuleId.META_EXCEPTION_ANNOTATION,
  group: RuleGroup.LABELS_REVIEW,
  title: 'Exception annotations `exception*.cdk8s-secure.io/<RULE-ID>` only as written by the library\'s constructs from typed exceptions',
  explanation: 'An annotation documents an exception; it never approves one. An exception annotation that no construct of the '
    + 'app wrote (added to metadata, by a JSON patch or in included YAML) is an object trying to approve its own weakening, '
    + 'and a reviewer would read it as an approved exception.',
  fix: 'Remove the annotation. Relax a control with SecurityException.of(RuleId.X, reason) on the construct, or accept a finding '
    + 'with Audit.suppress(construct, RuleId.X, reason), where the SecurityPolicy\'s exception policy allows it.',
  severity: Severity.ERROR,
  appliesTo: 'Every object of an app audited with Audit.of() or Audit.gate() (manifests audited from files are judged by the '
    + 'annotation mode instead)',
  cis: [],
  check: (object) => {
    // Manifests audited from files or memory have no construct; their annotations are judged by the annotation mode.
    if (!object.construct) {
      return [];
    }
    const written: Record<string, string> = {};
    for (const record of object.recordedExceptions ?? []) {
      Object.assign(written, exceptionAnnotations(record));
    }
    const violations: Violation[] = [];
    for (const [key, value] of Object.entries(written)) {
      if (object.annotations[key] === undefined) {
        violations.push({
          path: joinPath('metadata.annotations', key),
          message: `the annotation ${key} that documents a recorded exception was removed, so the manifest hides an exception (${JSON.stringify(value)})`,
        });
      }
    }
    for (const [key, value] of Object.entries(object.annotations)) {
      if (!isExceptionAnnotationKey(key) || written[key] === value) {
        continue;
      }
      const rule = key.slice(key.indexOf('/') + 1);
      violations.push({
        path: joinPath('metadata.annotations', key),
        message: key in written
          ? `the annotation ${key} was changed after the construct wrote it from the typed exception to ${rule}`
          : `no construct of this app recorded an exception to ${rule} for this object, so the annotation ${key} approves nothing`,
      });
    }
    return violations;
  },
};
