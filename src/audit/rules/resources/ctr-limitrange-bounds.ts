import { limitRangeBreaches } from '../../../profile/limit-range-bounds';
import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule, Violation } from '../../engine/audit-rule';
import { checkContainers } from '../../engine/container-checks';
import { asArray, asObject, getIn, joinPath, JsonObject, subPath } from '../../engine/json';
import { IMPLICIT_NAMESPACE } from '../../engine/object-identity';
import { describeContainer, POD_BEARING_KINDS } from '../../engine/pod-template';
import { Severity } from '../../severity';

interface Bounds {
  readonly range: string;
  readonly max?: JsonObject;
  readonly min?: JsonObject;
}

/** Containers ask for no more than the `max` and no less than the `min` of the Container LimitRanges of their namespace. */
export const ctrLimitRangeBounds: AuditRule = {
  id: RuleId.CTR_LIMITRANGE_BOUNDS,
  group: RuleGroup.RESOURCES,
  title: 'Container requests and limits within the `min` and `max` of the LimitRanges of their namespace (in the output)',
  explanation: 'The LimitRanger admission plugin rejects a pod whose container asks for more than a LimitRange\'s max or less than '
    + 'its min: the workload is applied, but its pods are never created.',
  fix: 'Size SecureDeployment resources within the containerLimits of its SecureNamespace, or widen those limits.',
  severity: Severity.ERROR,
  kinds: POD_BEARING_KINDS,
  appliesTo: 'init and regular containers of workloads whose namespace has a LimitRange in the output',
  cis: [],
  documentation: 'https://kubernetes.io/docs/concepts/policy/limit-range/',
  check: (object, context) => {
    const namespace = object.namespace ?? IMPLICIT_NAMESPACE;
    const bounds: Bounds[] = context.index.memo(`limit-range-bounds/${namespace}`, () => context.index.inNamespace('LimitRange', namespace)
      .flatMap(range => asArray(getIn(range.json, 'spec', 'limits')).map(asObject)
        .filter((item): item is JsonObject => item?.type === 'Container')
        .map(item => ({ range: `${namespace}/${range.name}`, max: asObject(item.max), min: asObject(item.min) }))));
    if (bounds.length === 0) {
      return [];
    }
    return checkContainers(object, ref => {
      const violations: Violation[] = [];
      for (const bound of bounds) {
        const breaches = limitRangeBreaches(asObject(getIn(ref.container, 'resources', 'requests')),
          asObject(getIn(ref.container, 'resources', 'limits')), bound.max, bound.min);
        for (const breach of breaches) {
          violations.push({
            path: joinPath(subPath(ref.path, `resources.${breach.section}`), breach.resource),
            message: `${describeContainer(ref)} ${breach.section === 'limits' ? 'limits' : 'requests'} ${breach.resource} ${breach.value}, `
              + `${breach.bound === 'max' ? 'above' : 'below'} the ${breach.bound} ${breach.limit} of LimitRange ${bound.range}: the pods would be rejected`,
          });
        }
      }
      return violations;
    }, ref => ref.type !== 'ephemeralContainers');
  },
};
