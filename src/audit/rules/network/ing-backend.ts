import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule, Violation } from '../../engine/audit-rule';
import { asArray, asObject, asString, getIn, JsonObject } from '../../engine/json';
import { Severity } from '../../severity';

/** Every Service backend of an Ingress names a Service of the output, in the Ingress' namespace. */
export const ingBackend: AuditRule = {
  id: RuleId.ING_BACKEND,
  group: RuleGroup.NETWORK,
  title: 'Every Ingress backend names a Service in the output',
  explanation: 'A backend naming a missing Service is dangling: requests fail, and whoever later creates a Service '
    + 'of that name in the namespace receives the traffic.',
  fix: 'Give SecureIngress a SecureDeployment or a kplus.Service as backend; it names the Service it was given.',
  severity: Severity.WARNING,
  kinds: ['Ingress'],
  appliesTo: 'Ingresses',
  cis: [],
  documentation: 'https://kubernetes.io/docs/concepts/services-networking/ingress/',
  check: (object, context) => {
    const backends: Array<{ path: string; backend: JsonObject }> = [];
    const defaultBackend = asObject(getIn(object.json, 'spec', 'defaultBackend'));
    if (defaultBackend) {
      backends.push({ path: 'spec.defaultBackend', backend: defaultBackend });
    }
    asArray(getIn(object.json, 'spec', 'rules')).forEach((rule, i) => {
      asArray(getIn(rule, 'http', 'paths')).forEach((entry, j) => {
        const backend = asObject(getIn(entry, 'backend'));
        if (backend) {
          backends.push({ path: `spec.rules[${i}].http.paths[${j}].backend`, backend });
        }
      });
    });
    const violations: Violation[] = [];
    for (const { path, backend } of backends) {
      const name = asString(getIn(backend, 'service', 'name'));
      if (!name) {
        continue; // resource backends name other objects
      }
      const service = context.index.find('Service', object.namespace, name);
      if (!service) {
        violations.push({ path: `${path}.service.name`, message: `backend Service ${name} is not in the output (namespace ${object.namespace ?? '(none)'})` });
      }
    }
    return violations;
  },
};
