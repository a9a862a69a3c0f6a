import { couldBeSecret, isSecretLikeName, looksLikeSecretValue, secretLikeLines } from './secret-patterns';
import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule, Violation } from '../../engine/audit-rule';
import { asObject, joinPath } from '../../engine/json';
import { Severity } from '../../severity';

/** ConfigMaps hold no secrets. */
export const cmNoSecrets: AuditRule = {
  id: RuleId.CM_NO_SECRETS,
  group: RuleGroup.SECRETS,
  title: 'ConfigMaps hold no secret-looking keys or values',
  explanation: 'ConfigMaps are readable by far more principals than Secrets, are never encrypted at rest and are '
    + 'printed by every `kubectl describe`.',
  fix: 'Move the value to a Secret and mount it as a file with SecureDeployment\'s secret-as-file API.',
  severity: Severity.ERROR,
  kinds: ['ConfigMap'],
  appliesTo: 'ConfigMaps',
  cis: [],
  documentation: 'https://kubernetes.io/docs/concepts/configuration/configmap/',
  check: object => {
    const violations: Violation[] = [];
    const data = asObject(object.json.data) ?? {};
    for (const key of Object.keys(data).sort()) {
      const value = String(data[key] ?? '');
      const path = joinPath('data', key);
      if (isSecretLikeName(key) && couldBeSecret(value) && !value.includes('\n')) {
        violations.push({ path, message: `key ${key} looks like it holds a secret` });
      } else if (looksLikeSecretValue(value)) {
        violations.push({ path, message: `the value of ${key} contains a private key or token` });
      } else {
        const lines = secretLikeLines(value);
        if (lines.length > 0) {
          violations.push({ path, message: `the file ${key} sets secret-looking settings (${lines.join(', ')})` });
        }
      }
    }
    const binary = asObject(object.json.binaryData) ?? {};
    for (const key of Object.keys(binary).sort()) {
      if (isSecretLikeName(key) || /\.(pem|key|p12|pfx|jks)$/i.test(key)) {
        violations.push({ path: joinPath('binaryData', key), message: `binary key ${key} looks like a secret or key file` });
      }
    }
    return violations;
  },
};
