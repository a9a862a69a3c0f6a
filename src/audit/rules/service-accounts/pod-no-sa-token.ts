import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule, RuleContext, Violation } from '../../engine/audit-rule';
import { AuditedObject } from '../../engine/audited-object';
import { checkPod } from '../../engine/container-checks';
import { asArray, asObject, asString, joinPath } from '../../engine/json';
import { describeContainer, PodTemplate, POD_BEARING_KINDS } from '../../engine/pod-template';
import { Severity } from '../../severity';

/** Pods and ServiceAccounts do not mount API tokens automatically. */
export const podNoSaToken: AuditRule = {
  id: RuleId.POD_NO_SA_TOKEN,
  group: RuleGroup.SERVICE_ACCOUNTS_RBAC,
  title: '`automountServiceAccountToken: false` on every pod and every ServiceAccount',
  explanation: 'A mounted token lets anyone who compromises the container call the Kubernetes API with the pod\'s '
    + 'identity. Most applications never call the API. A token also arrives other ways than the automatic mount, each '
    + 'reported here: a projected volume with a `serviceAccountToken` source (which ignores automountServiceAccountToken), '
    + 'and a Secret of type `kubernetes.io/service-account-token` in the output mounted as a volume (also as a projected '
    + 'source) or read into the environment (secretKeyRef, envFrom) — a long-lived token of whatever ServiceAccount it names.',
  fix: 'SecureDeployment disables the token on the pod and on its ServiceAccount; an app that calls the API needs '
    + 'SecurityException.of(RuleId.POD_NO_SA_TOKEN, reason) and a narrow Role.',
  severity: Severity.WARNING,
  kinds: [...POD_BEARING_KINDS, 'ServiceAccount'],
  appliesTo: 'pod templates and ServiceAccounts',
  cis: ['5.1.6'],
  documentation: 'https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting',
  check: (object, context) => {
    if (object.kind === 'ServiceAccount') {
      return object.json.automountServiceAccountToken === false ? [] : [{
        path: 'automountServiceAccountToken',
        message: `ServiceAccount ${object.name} mounts its token into every pod that uses it`,
      }];
    }
    return checkPod(object, pod => [
      ...pod.spec.automountServiceAccountToken === false ? [] : [{
        path: `${pod.specPath}.automountServiceAccountToken`,
        message: 'the pod does not set automountServiceAccountToken: false',
      }],
      ...explicitTokens(object, pod, context),
    ]);
  },
};

const TOKEN_SECRET_TYPE = 'kubernetes.io/service-account-token';

/** The tokens a pod gets besides the automatic mount: projected token sources and ServiceAccount token Secrets. */
function explicitTokens(object: AuditedObject, pod: PodTemplate, context: RuleContext): Violation[] {
  const violations: Violation[] = [];
  const isTokenSecret = (name: unknown) => {
    const secretName = asString(name);
    return secretName !== undefined && context.index.find('Secret', object.namespace, secretName)?.json.type === TOKEN_SECRET_TYPE;
  };
  const volumesPath = joinPath(pod.specPath, 'volumes');
  asArray(pod.spec.volumes).forEach((entry, i) => {
    const volume = asObject(entry);
    const name = asString(volume?.name) ?? String(i);
    if (isTokenSecret(asObject(volume?.secret)?.secretName)) {
      violations.push({
        path: joinPath(joinPath(joinPath(volumesPath, i), 'secret'), 'secretName'),
        message: `volume '${name}' mounts the ServiceAccount token Secret ${asString(asObject(volume?.secret)?.secretName)}`,
      });
    }
    asArray(asObject(volume?.projected)?.sources).forEach((source, j) => {
      const projected = asObject(source);
      const sourcePath = joinPath(joinPath(joinPath(joinPath(volumesPath, i), 'projected'), 'sources'), j);
      if (asObject(projected?.serviceAccountToken)) {
        violations.push({
          path: joinPath(sourcePath, 'serviceAccountToken'),
          message: `volume '${name}' projects a ServiceAccount token (automountServiceAccountToken does not stop it)`,
        });
      }
      if (isTokenSecret(asObject(projected?.secret)?.name)) {
        violations.push({
          path: joinPath(joinPath(sourcePath, 'secret'), 'name'),
          message: `volume '${name}' projects the ServiceAccount token Secret ${asString(asObject(projected?.secret)?.name)}`,
        });
      }
    });
  });
  for (const ref of pod.containers) {
    asArray(ref.container.env).forEach((entry, i) => {
      const secretRef = asObject(asObject(asObject(entry)?.valueFrom)?.secretKeyRef);
      if (isTokenSecret(secretRef?.name)) {
        violations.push({
          path: `${ref.path}.env[${i}].valueFrom.secretKeyRef.name`,
          message: `${describeContainer(ref)} reads the ServiceAccount token Secret ${asString(secretRef?.name)} into its environment`,
        });
      }
    });
    asArray(ref.container.envFrom).forEach((entry, i) => {
      const secretRef = asObject(asObject(entry)?.secretRef);
      if (isTokenSecret(secretRef?.name)) {
        violations.push({
          path: `${ref.path}.envFrom[${i}].secretRef.name`,
          message: `${describeContainer(ref)} reads the ServiceAccount token Secret ${asString(secretRef?.name)} into its environment`,
        });
      }
    });
  }
  return violations;
}
