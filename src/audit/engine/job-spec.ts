import { AuditedObject } from './audited-object';
import { asArray, asObject, asString, getIn, JsonObject } from './json';

/** The Job spec of a Job (`spec`) or of a CronJob's template (`spec.jobTemplate.spec`). */
export interface JobSpecRef {
  readonly spec: JsonObject;
  /** JSON path of the Job spec from the object root. */
  readonly path: string;
}

/** The Job spec of a Job or CronJob, `undefined` for other objects or when it is missing. */
export function jobSpecOf(object: AuditedObject): JobSpecRef | undefined {
  const keys = object.kind === 'Job' ? ['spec'] : object.kind === 'CronJob' ? ['spec', 'jobTemplate', 'spec'] : undefined;
  const spec = keys ? asObject(getIn(object.json, ...keys)) : undefined;
  return spec && keys ? { spec, path: keys.join('.') } : undefined;
}

/** Whether a Job was created by a CronJob (an owner reference of kind CronJob), as in `kubectl get -o yaml` output. */
export function ownedByCronJob(object: AuditedObject): boolean {
  return asArray(getIn(object.json, 'metadata', 'ownerReferences')).some(entry => asString(asObject(entry)?.kind) === 'CronJob');
}

/** An integer field of a manifest: absent, an integer, or something the API server would refuse. */
export type IntegerField = { readonly state: 'absent' } | { readonly state: 'integer'; readonly value: number } | { readonly state: 'invalid'; readonly raw: unknown };

/**
 * Reads an integer field as the API server decodes it: a number without fraction is an integer; a string (`"6"`),
 * a fraction or any other type is refused by the server, and reported here rather than read as absent or as a number.
 */
export function integerField(value: unknown): IntegerField {
  if (value === undefined || value === null) {
    return { state: 'absent' };
  }
  return typeof value === 'number' && Number.isInteger(value) ? { state: 'integer', value } : { state: 'invalid', raw: value };
}

/** How an invalid integer field reads in a message. */
export function describeInvalid(raw: unknown): string {
  return `${JSON.stringify(raw)} (${typeof raw === 'string' ? 'a string' : typeof raw}), which the API server refuses for an integer field`;
}
