import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { invalidProp } from './errors';
import { sameJson } from './same-json';
import { constructedRender } from './unrendered';

/*
 * What each Secure* construct's objects rendered to when the construct made them. The synth-time check of a construct's
 * objects compares the synthesized objects with these renders: a change made after construction through an object's
 * typed API (`service.selectLabel()`, a JavaScript assignment such as `autoscaler.maxReplicas = 100000`) changes the
 * object's render as much as a JSON patch does, and would pass a comparison with a render taken at synthesis.
 */

/**
 * The render (without JSON patches) of each object a Secure* construct made, taken when it made it; `null` for an object
 * of a kind that is not generated in cdk8s-plus-28 (its render as made is not known, as for `constructedRender`) or
 * that could not be rendered then.
 */
const madeRenders = new WeakMap<ApiObject, unknown>();

/**
 * Records the objects under `scope` not yet recorded as made by the construct, with their renders now; `checkedElsewhere`
 * (the workload object, NetworkPolicies with a check of their own) are recorded as made without a render, so that the
 * check of an enclosing Secure* construct leaves them to their own checks, as before. A construct calls it as the last
 * step of its constructor, and each of its methods that makes objects calls `recordMadeObject` for those.
 */
export function recordMadeObjects(scope: IConstruct, checkedElsewhere: readonly ApiObject[] = []): void {
  for (const child of scope.node.findAll()) {
    if (!ApiObject.isApiObject(child) || madeRenders.has(child)) {
      continue;
    }
    recordMadeObject(child, !checkedElsewhere.includes(child));
  }
}

/**
 * Records `apiObject` as made by its construct, with its render now (`withRender`), or without one for an object with a
 * check of its own: a construct's method that changes one of its objects through that object's typed API calls it again
 * once the change is checked.
 */
export function recordMadeObject(apiObject: ApiObject, withRender = true): void {
  madeIdentities.set(apiObject, identityOf(apiObject));
  if (!withRender) {
    madeRenders.set(apiObject, null);
    return;
  }
  // Not renderable yet (a value it takes from another object is set later): judged as an object of unknown render.
  madeRenders.set(apiObject, renderOrUndefined(apiObject) ?? null);
}

/** What an object is: its API version, kind, name and namespace. */
export interface ObjectIdentity {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | undefined;
}

/** The identity of each object a Secure* construct made, as it made it (its fields can be reassigned from plain JavaScript). */
const madeIdentities = new WeakMap<ApiObject, ObjectIdentity>();

function identityOf(apiObject: ApiObject): ObjectIdentity {
  return { apiVersion: apiObject.apiVersion, kind: apiObject.kind, name: apiObject.name, namespace: apiObject.metadata.namespace };
}

/** The identity `apiObject` had when its construct made it; its identity now for an object no construct made. */
export function madeIdentity(apiObject: ApiObject): ObjectIdentity {
  return madeIdentities.get(apiObject) ?? identityOf(apiObject);
}

/** A change other code made to an object between its construct's making it and a call of a construct method that changes it. */
export interface InterimChange {
  /** The object's render as its construct made it (or as the construct's previous method call left it). */
  readonly made: unknown;
  /** Its render when the construct's method was called, before the method's own change. */
  readonly changed: unknown;
  /** The method, e.g. `addSecureRule()`. */
  readonly method: string;
}

const interimChanges = new WeakMap<ApiObject, InterimChange[]>();

/**
 * Runs `change`, a construct method's own change of its object `apiObject` (made through the object's typed API, after
 * the method checked it), and records the object as made with its render after the change. When the object no longer
 * rendered as recorded before the method's change, other code changed it in between (its typed API, its private state):
 * that change would be taken into the new record, so the two renders are kept (`interimChangesOf`) and the synth-time
 * check judges the change on its own.
 */
export function changeMadeObject<T>(apiObject: ApiObject, method: string, change: () => T): T {
  const recorded = madeRenders.get(apiObject);
  if (recorded === undefined) {
    // The construct's own objects are recorded when it makes them: this one was put in the place of one of them.
    throw invalidProp(apiObject, method, apiObject.node.path, 'the object this method would change was not made by the construct: other code '
      + 'put it in the place of one of the construct\'s own objects', 'leave the construct\'s objects in place; make other objects outside the construct');
  }
  const before = recorded === null ? undefined : renderOrUndefined(apiObject);
  const result = change();
  if (recorded !== null && !sameJson(before, recorded)) {
    const changes = interimChanges.get(apiObject) ?? [];
    changes.push({ made: recorded, changed: before ?? null, method });
    interimChanges.set(apiObject, changes);
  }
  recordMadeObject(apiObject);
  return result;
}

/** The changes other code made to `apiObject` before a method of its construct recorded it anew (`changeMadeObject`). */
export function interimChangesOf(apiObject: ApiObject): readonly InterimChange[] {
  return interimChanges.get(apiObject) ?? [];
}

function renderOrUndefined(apiObject: ApiObject): unknown {
  try {
    return constructedRender(apiObject);
  } catch {
    return undefined;
  }
}

/**
 * What `apiObject` rendered to when its construct made it: a JSON value, `null` when its kind's render as made is not known,
 * `undefined` when no Secure* construct made it (an object added under the construct afterwards, by other code).
 */
export function madeRender(apiObject: ApiObject): unknown {
  return madeRenders.get(apiObject);
}
