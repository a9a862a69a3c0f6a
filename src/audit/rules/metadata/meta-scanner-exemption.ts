import { podTemplatesOf } from '../../../profile/pod-templates';
import { RuleId } from '../../../profile/rule-id';
import { isScannerExemptionKey, unjustifiedScannerExemptions } from '../../../profile/scanner-exemptions';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule, Violation } from '../../engine/audit-rule';
import { joinPath } from '../../engine/json';
import { Severity } from '../../severity';

/**
 * The scanners' own exemption annotations (Polaris, kube-score, kube-linter, checkov) only for a typed exception or a
 * documented library decision: any other one hides a finding from that scanner without an approved exception.
 */
export const metaScannerExemption: AuditRule = {
  id: RuleId.META_SCANNER_EXEMPTION,
  group: RuleGroup.LABELS_REVIEW,
  title: 'Scanner exemption annotations (`polaris.fairwinds.com/*`, `kube-score/ignore`, `kube-score/skip`, `ignore-check.kube-linter.io/*`, '
    + '`kube-linter.io/ignore-all`, `checkov.io/skip*`) only for a typed exception or a documented library decision, never on a pod template',
  explanation: 'Polaris, kube-score, kube-linter and checkov skip a check on an object that carries their exemption annotation. '
    + 'One added by hand (to metadata, by a JSON patch or in included YAML) silences the platform team\'s other scanners '
    + 'without an approved exception, so the tools stop agreeing and nobody reviewed why.',
  fix: 'Remove the annotation. Relax a control with SecurityException.of(RuleId.X, reason) on the construct: the construct then '
    + 'writes the scanners\' exemptions for the checks mapped to that rule, with the reason (docs/scanners.md).',
  severity: Severity.ERROR,
  appliesTo: 'Every object. In an app audited with Audit.of() or Audit.gate(), the annotations must be exactly those the library\'s '
    + 'constructs wrote; in manifests, each exemption must cite a typed exception documented on the object (to a rule mapped to '
    + 'the check) or a documented library decision for the check that holds for the object, and no annotation may exempt every check',
  cis: [],
  check: (object) => {
    // The library never writes scanner annotations on a pod template (kube-score reads kube-score/ignore there too).
    const violations: Violation[] = [];
    for (const { path, template } of podTemplatesOf(object.json)) {
      for (const key of Object.keys(template?.metadata?.annotations ?? {}).filter(isScannerExemptionKey).sort()) {
        violations.push({
          path: joinPath(`${path}.metadata.annotations`, key),
          message: `the pod template carries the scanner exemption annotation ${key}, which the library never writes there`,
        });
      }
    }
    if (object.construct) {
      const written = object.recordedScannerExemptions ?? {};
      for (const [key, value] of Object.entries(object.annotations)) {
        if (isScannerExemptionKey(key) && written[key] !== value) {
          violations.push({
            path: joinPath('metadata.annotations', key),
            message: key in written
              ? `the scanner exemption annotation ${key} was changed after the construct wrote it (${JSON.stringify(written[key])})`
              : `no construct of this app wrote the scanner exemption annotation ${key} for a typed exception or a documented decision`,
          });
        }
      }
      return violations;
    }
    return [...violations, ...unjustifiedScannerExemptions(object.annotations, object.json).map((found) => ({
      path: joinPath('metadata.annotations', found.key),
      message: `${found.problem} (${found.key}: ${JSON.stringify(found.value)})`,
    }))];
  },
};
