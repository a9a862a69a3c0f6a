import { couldBeSecret, isSecretLikeName, looksLikeSecretValue } from './secret-patterns';
import { polarisFlaggedEnvVars } from '../../../profile/polaris-env';
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
  title: 'No literal `env[].value` for secret-like names (password, secret, token, key, credential…) or private-key values; '
    + 'as a warning, none under a name the scanners read as a secret (containing password, token, bearer or secret)',
  explanation: 'A literal secret in a manifest is stored in git, in CI logs and in etcd unencrypted, and is readable by '
    + 'everyone who can read the Deployment. Polaris sensitiveContainerEnvVar (danger) reports every literal value under a name '
    + 'containing password, token, bearer or secret, including names that only describe a secret (TOKEN_URL, SECRETARY): '
    + 'those are warnings here, so the audit and the scanners agree.',
  fix: 'Keep the value in a Secret and mount it as a file with SecureDeployment\'s secret-as-file API (a `*_FILE` variable may '
    + 'name the file). Rename a variable that holds no secret so its name says what it holds (AUTH_SERVER_URL), or record a '
    + 'CTR-NO-SECRET-ENV exception with the reason.',
  severity: Severity.ERROR,
  kinds: POD_BEARING_KINDS,
  appliesTo: 'init, regular and ephemeral containers',
  cis: [],
  documentation: 'https://kubernetes.io/docs/concepts/configuration/secret/',
  check: object => {
    // The variables Polaris flags that are not secret files, per container: judged once per pod (it needs the mounts).
    const judged = new Set<unknown>();
    const flagged = new Map<unknown, Set<string>>();
    const flaggedOf = (spec: unknown, container: unknown): Set<string> => {
      if (!judged.has(spec)) {
        judged.add(spec);
        for (const variable of polarisFlaggedEnvVars(spec).filter((v) => !v.secretFile)) {
          const names = flagged.get(variable.container) ?? new Set<string>();
          names.add(variable.name);
          flagged.set(variable.container, names);
        }
      }
      return flagged.get(container) ?? new Set();
    };
    return checkContainers(object, (ref, pod) => {
      const violations: Violation[] = [];
      const scannerFlagged = flaggedOf(pod.spec, ref.container);
      asArray(ref.container.env).forEach((entry, i) => {
        const env = asObject(entry);
        const name = asString(env?.name) ?? '';
        const value = env?.value;
        // An empty value is no secret, but Polaris still reads the name as one (the warning below).
        if (value === undefined || value === null) {
          return;
        }
        if ((isSecretLikeName(name) && couldBeSecret(String(value))) || looksLikeSecretValue(String(value))) {
          violations.push({
            path: joinPath(joinPath(joinPath(ref.path, 'env'), i), 'value'),
            message: `${describeContainer(ref)} sets ${name} to a literal value that looks like a secret`,
          });
        } else if (scannerFlagged.has(name)) {
          violations.push({
            path: joinPath(joinPath(joinPath(ref.path, 'env'), i), 'value'),
            message: `${describeContainer(ref)} sets ${name} to a literal value under a name that Polaris sensitiveContainerEnvVar reads as a `
            + 'secret (it contains password, token, bearer or secret); rename it or record why it is not one',
            severity: Severity.WARNING,
          });
        }
      });
      return violations;
    });
  },
};
