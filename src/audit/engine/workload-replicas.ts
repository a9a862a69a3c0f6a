import { AuditedObject } from './audited-object';
import { asNumber, asObject, asString, getIn } from './json';
import { ObjectIndex } from './object-index';

/** The HorizontalPodAutoscalers of the audit, by target (`namespace/kind/name`), with their minimum replicas. */
function autoscalerMinimums(index: ObjectIndex): Map<string, { hpa: AuditedObject; minReplicas: number }> {
  return index.memo('hpa-by-target', () => {
    const byTarget = new Map<string, { hpa: AuditedObject; minReplicas: number }>();
    for (const hpa of index.ofKind('HorizontalPodAutoscaler')) {
      const target = asObject(getIn(hpa.json, 'spec', 'scaleTargetRef'));
      const kind = asString(target?.kind);
      const name = asString(target?.name);
      if (kind && name) {
        byTarget.set(`${hpa.namespace ?? ''}/${kind}/${name}`, { hpa, minReplicas: asNumber(getIn(hpa.json, 'spec', 'minReplicas')) ?? 1 });
      }
    }
    return byTarget;
  });
}

/** The replica count of a workload: its HPA's `minReplicas` when an HPA targets it, else `spec.replicas` (default 1). */
export function effectiveReplicas(object: AuditedObject, index: ObjectIndex): { replicas: number; autoscaler?: AuditedObject } {
  const hpa = autoscalerMinimums(index).get(`${object.namespace ?? ''}/${object.kind}/${object.name}`);
  if (hpa) {
    return { replicas: hpa.minReplicas, autoscaler: hpa.hpa };
  }
  return { replicas: asNumber(getIn(object.json, 'spec', 'replicas')) ?? 1 };
}

/**
 * Resolves an int-or-percent field (`maxUnavailable: 1` or `"25%"`) against `total`, rounding percentages
 * down (`roundUp` false) or up (`roundUp` true), as Kubernetes does; `undefined` when malformed.
 */
export function resolveIntOrPercent(value: unknown, total: number, roundUp: boolean): number | undefined {
  if (typeof value === 'number') {
    return value;
  }
  const text = asString(value);
  const match = text !== undefined ? /^(\d+)%$/.exec(text) : null;
  if (!match) {
    return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
  }
  const exact = (Number(match[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}
