import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule, Violation } from '../../engine/audit-rule';
import { checkContainers } from '../../engine/container-checks';
import { asArray, asObject, asString, getIn, joinPath } from '../../engine/json';
import { describeContainer, POD_BEARING_KINDS } from '../../engine/pod-template';
import { Severity } from '../../severity';

/** Secrets reach containers as files, not environment variables. */
export const ctrSecretsAsFiles: AuditRule = {
  id: RuleId.CTR_SECRETS_AS_FILES,
  group: RuleGroup.SECRETS,
  title: 'Secrets mounted as read-only files rather than `secretKeyRef`/`secretRef` environment variables',
  explanation: 'Environment variables leak: into child processes, crash dumps, debug endpoints and logs. Files can be '
    + 'read-only, rotate without a restart, and are visible only to processes that open them.',
  fix: 'Mount the Secret with SecureDeployment\'s secret-as-file API. If the app only reads env vars, keep secretKeyRef '
    + 'with SecurityException.of(RuleId.CTR_SECRETS_AS_FILES, reason) in its exceptions.',
  severity: Severity.WARNING,
  kinds: POD_BEARING_KINDS,
  appliesTo: 'init, regular and ephemeral containers',
  cis: ['5.4.1'],
  documentation: 'https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-files-from-a-pod',
  check: object => checkContainers(object, ref => {
    const violations: Violation[] = [];
    asArray(ref.container.env).forEach((entry, i) => {
      const secret = asObject(getIn(entry, 'valueFrom', 'secretKeyRef'));
      if (secret) {
        violations.push({
          path: `${joinPath(joinPath(ref.path, 'env'), i)}.valueFrom.secretKeyRef`,
          message: `${describeContainer(ref)} reads Secret ${asString(secret.name) ?? '?'} key ${asString(secret.key) ?? '?'} into env var ${asString(asObject(entry)?.name) ?? '?'}`,
        });
      }
    });
    asArray(ref.container.envFrom).forEach((entry, i) => {
      const secret = asObject(getIn(entry, 'secretRef'));
      if (secret) {
        violations.push({
          path: `${joinPath(joinPath(ref.path, 'envFrom'), i)}.secretRef`,
          message: `${describeContainer(ref)} loads every key of Secret ${asString(secret.name) ?? '?'} into env vars`,
        });
      }
    });
    return violations;
  }),
};
