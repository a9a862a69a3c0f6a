import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule, Violation } from '../../engine/audit-rule';
import { asObject, joinPath } from '../../engine/json';
import { Severity } from '../../severity';

/** Secret values never travel in the manifest. */
export const secretNoPlaintext: AuditRule = {
  id: RuleId.SECRET_NO_PLAINTEXT,
  group: RuleGroup.SECRETS,
  title: 'Secrets carry no `stringData` or `data` in the manifest',
  explanation: 'A Secret synthesized with its values puts them in plain text (`stringData`) or base64 (`data`, which '
    + 'is an encoding, not encryption) into the output directory, the git history and every CI log that prints it.',
  fix: 'Keep the values in a secret store and let the cluster fetch them: Sealed Secrets (encrypted SealedSecret), '
    + 'External Secrets Operator (ExternalSecret) or the Secrets Store CSI driver; refer to the Secret by name only '
    + '(kplus.Secret.fromSecretName) and mount it with SecureDeployment\'s secret-as-file API. A Secret that must be '
    + 'in the output needs Audit.suppress() with a reason.',
  severity: Severity.ERROR,
  kinds: ['Secret'],
  appliesTo: 'Secrets',
  cis: ['5.4.2'],
  documentation: 'https://kubernetes.io/docs/concepts/security/secrets-good-practices/',
  check: object => {
    const violations: Violation[] = [];
    for (const field of ['stringData', 'data']) {
      const keys = Object.keys(asObject(object.json[field]) ?? {}).sort();
      if (keys.length > 0) {
        violations.push({
          path: keys.length === 1 ? joinPath(field, keys[0]) : field,
          message: field === 'stringData'
            ? `stringData holds ${keys.join(', ')} in plain text`
            : `data holds ${keys.join(', ')}, only base64-encoded`,
        });
      }
    }
    return violations;
  },
};
