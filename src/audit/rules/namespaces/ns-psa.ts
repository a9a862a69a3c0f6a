import {
  isOlderPodSecurityVersion, isPinnedPodSecurityVersion, OLDER_VERSION_RISK, podSecurityVersionProblem, UNPINNED_POD_SECURITY_VERSION,
} from '../../../profile/namespace-pod-security';
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
  title: 'Namespace labels `pod-security.kubernetes.io/{enforce,audit,warn}` = restricted, each with a pinned `-version` '
    + 'no older than the minimum (AuditOptions.minimumPodSecurityVersion, default v1.28)',
  explanation: 'Pod Security Admission rejects pods that break the level, whoever creates them (kubectl, Helm, '
    + 'operators); a pinned version keeps a cluster upgrade from changing the rules silently.',
  fix: 'SecureNamespace sets the three labels to restricted with a pinned version.',
  severity: Severity.WARNING,
  kinds: ['Namespace'],
  appliesTo: 'Namespace objects',
  cis: ['5.2.1'],
  documentation: 'https://kubernetes.io/docs/concepts/security/pod-security-admission/',
  check: (namespace, context) => {
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
      const versionKey = `${key}-version`;
      const version = namespace.labels[versionKey];
      const path = joinPath('metadata.labels', versionKey);
      if (!version || version === UNPINNED_POD_SECURITY_VERSION) {
        violations.push({ path, message: version ? `${versionKey} is latest, not a pinned version` : `the Namespace does not pin ${versionKey}` });
      } else if (!podSecurityVersionProblem(version) && !isPinnedPodSecurityVersion(version)) {
        violations.push({
          path,
          message: `${versionKey} is ${version}, newer than any Kubernetes release, which admission evaluates as latest: not a pinned version`,
        });
      } else if (podSecurityVersionProblem(version)) {
        // Admission rejects the namespace update, or (for older servers) evaluates an unknown version as latest.
        violations.push({
          path,
          message: `${versionKey} is ${JSON.stringify(version)}, which is not a Pod Security Admission version ("v1.<minor>" or "latest")`,
          severity: Severity.ERROR,
        });
      } else if (isOlderPodSecurityVersion(version, context.policy.minimumPodSecurityVersion)) {
        violations.push({
          path,
          message: `${versionKey} is ${version}, older than ${context.policy.minimumPodSecurityVersion}: the older policy admits pods that `
            + `${context.policy.minimumPodSecurityVersion} rejects (${OLDER_VERSION_RISK})`,
        });
      }
    }
    return violations;
  },
};
