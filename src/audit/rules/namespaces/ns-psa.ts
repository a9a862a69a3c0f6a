import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule, Violation } from '../../engine/audit-rule';
import { joinPath } from '../../engine/json';
import { Severity } from '../../severity';

const PREFIX = 'pod-security.kubernetes.io/';
const MODES = ['enforce', 'audit', 'warn'];

/** Namespaces enforce, audit and warn at the restricted Pod Security level, with pinned versions. */
export const nsPsa: AuditRule = {
  id: RuleId.NS_PSA,
  group: RuleGroup.NAMESPACES,
  title: 'Namespace labels `pod-security.kubernetes.io/{enforce,audit,warn}` = restricted, each with a pinned `-version`',
  explanation: 'Pod Security Admission rejects pods that break the level, whoever creates them (kubectl, Helm, '
    + 'operators); a pinned version keeps a cluster upgrade from changing the rules silently.',
  fix: 'SecureNamespace sets the three labels to restricted with a pinned version.',
  severity: Severity.WARNING,
  kinds: ['Namespace'],
  appliesTo: 'Namespace objects',
  cis: ['5.2.1'],
  documentation: 'https://kubernetes.io/docs/concepts/security/pod-security-admission/',
  check: namespace => {
    const violations: Violation[] = [];
    for (const mode of MODES) {
      const key = `${PREFIX}${mode}`;
      const level = namespace.labels[key];
      if (level !== 'restricted') {
        violations.push({
          path: joinPath('metadata.labels', key),
          message: level === undefined ? `the Namespace has no ${key} label` : `${key} is ${JSON.stringify(level)}, not restricted`,
        });
      }
      const version = namespace.labels[`${key}-version`];
      if (!version || version === 'latest') {
        violations.push({
          path: joinPath('metadata.labels', `${key}-version`),
          message: version ? `${key}-version is latest, not a pinned version` : `the Namespace does not pin ${key}-version`,
        });
      }
    }
    return violations;
  },
};
