import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule } from '../../engine/audit-rule';
import { describeObject } from '../../engine/audited-object';
import { asObject, asString, getIn, stringMap } from '../../engine/json';
import { podTemplateOf } from '../../engine/pod-template';
import { Severity } from '../../severity';

/** A StatefulSet's pods get their stable DNS names from a headless Service that exists. */
export const stsServiceName: AuditRule = {
  id: RuleId.STS_SERVICE_NAME,
  group: RuleGroup.AVAILABILITY,
  title: 'StatefulSet `serviceName` names a headless Service of the same namespace, in the output, that selects its pods',
  explanation: 'The pods of a StatefulSet get their stable names (`db-0.db.shop.svc`) from the governing Service named by '
    + '`serviceName`. When it is missing, not headless or selects other pods, replicas cannot find each other (a database '
    + 'cluster never forms, clients of a pod address fail) although every pod runs. Passes: `spec.serviceName` names a Service '
    + 'of the same namespace in the audited objects with `clusterIP: None` and a non-empty selector that the pod labels match.',
  fix: 'Emit a headless Service (`clusterIP: None`) selecting the StatefulSet\'s pods, and name it in `spec.serviceName`; a '
    + 'Service the platform manages outside the app needs a SecurityException (or Audit.suppress) naming it.',
  severity: Severity.WARNING,
  kinds: ['StatefulSet'],
  appliesTo: 'StatefulSets (cross-object: Services)',
  cis: [],
  documentation: 'https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#stable-network-id',
  check: (object, context) => {
    const path = 'spec.serviceName';
    const name = getIn(object.json, 'spec', 'serviceName');
    if (typeof name !== 'string' || name === '') {
      return [{ path, message: name === undefined || name === null ? 'serviceName is not set' : `serviceName ${JSON.stringify(name)} is not a Service name` }];
    }
    const service = context.index.find('Service', object.namespace, name);
    if (!service) {
      return [{ path, message: `serviceName '${name}' names no Service of namespace ${object.namespace ?? '(none)'} in the output` }];
    }
    const spec = asObject(service.json.spec) ?? {};
    if (asString(spec.clusterIP) !== 'None') {
      return [{ path, message: `${describeObject(service)} is not headless (clusterIP ${JSON.stringify(spec.clusterIP ?? '(assigned)')}, not None)` }];
    }
    const selector = stringMap(spec.selector);
    const labels = podTemplateOf(object)?.labels ?? {};
    const keys = Object.keys(selector);
    if (keys.length === 0 || keys.some(key => labels[key] !== selector[key])) {
      return [{ path, message: `${describeObject(service)} does not select the pods of this StatefulSet (selector ${JSON.stringify(selector)})` }];
    }
    return [];
  },
};
