import { couldBeSecret, isSecretLikeName, looksLikeSecretValue } from './secret-patterns';
import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule, Violation } from '../../engine/audit-rule';
import { checkContainers } from '../../engine/container-checks';
import { asArray, asObject, asString, joinPath } from '../../engine/json';
import { describeContainer, POD_BEARING_KINDS } from '../../engine/pod-template';
import { Severity } from '../../severity';

/** No literal secrets in container environment variables. */
export const ctrNoSecretEnv: AuditRule = {
  id: RuleId.CTR_NO_SECRET_ENV,
  group: RuleGroup.SECRETS,
  title: 'No literal `env[].value` for secret-like names (password, secret, token, key, credential…) or private-key values',
  explanation: 'A literal secret in a manifest is stored in git, in CI logs and in etcd unencrypted, and is readable by '
    + 'everyone who can read the Deployment.',
  fix: 'Keep the value in a Secret and mount it as a file with SecureDeployment\'s secret-as-file API.',
  severity: Severity.ERROR,
  kinds: POD_BEARING_KINDS,
  appliesTo: 'init, regular and ephemeral containers',
  cis: [],
  documentation: 'https://kubernetes.io/docs/concepts/configuration/secret/',
  check: object => checkContainers(object, ref => {
    const violations: Violation[] = [];
    asArray(ref.container.env).forEach((entry, i) => {
      const env = asObject(entry);
      const name = asString(env?.name) ?? '';
      const value = env?.value;
      if (value === undefined || value === null || String(value) === '') {
        return;
      }
      if ((isSecretLikeName(name) && couldBeSecret(String(value))) || looksLikeSecretValue(String(value))) {
        violations.push({
          path: joinPath(joinPath(joinPath(ref.path, 'env'), i), 'value'),
          message: `${describeContainer(ref)} sets ${name} to a literal value that looks like a secret`,
        });
      }
    });
    return violations;
  }),
};
