import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { describeIdentity, identityKey, objectIdentity } from '../audit/engine/object-identity';
import { invalidProp } from '../internal/errors';
import { renderedJson, shareRendersInValidation, sharedCheck } from '../internal/rendered-json';
import { defaultResolversOnly, generatedRender, withoutPatches } from '../internal/unrendered';
import { limitRangeBreaches } from '../profile/limit-range-bounds';

/** Metadata type of the warnings the library's constructs record at synth time (`node.metadata`). */
export const WARNING_METADATA_TYPE = 'warning';

/** A library workload whose pods the app-wide check judges against the app's namespaces and LimitRanges. */
export interface CheckedWorkload {
  /** The construct named in errors and warnings. */
  readonly scope: IConstruct;
  /** Its primary object (the Deployment). */
  readonly apiObject: ApiObject;
  /** The namespace it runs in. */
  readonly namespace: string;
  /** The name of its main container, whose resources are the `resources` prop. */
  readonly mainContainer: string;
}

interface AppState {
  readonly workloads: CheckedWorkload[];
  readonly warned: Set<IConstruct>;
}

interface Emitted {
  readonly object: ApiObject;
  readonly json: Record<string, unknown>;
}

const STATES = new WeakMap<IConstruct, AppState>();

/**
 * Makes the app of `scope` check, once at synth over the whole app (one pass over its objects, not one per
 * construct), that no two objects share an identity (API group, kind, namespace, name: `kubectl apply` would
 * make one overwrite the other), and that each registered workload's containers fit the LimitRanges of its
 * namespace and its namespace is declared by the app (a warning otherwise).
 */
export function checkAppObjects(scope: IConstruct, workload?: CheckedWorkload): void {
  const root = scope.node.root;
  let state = STATES.get(root);
  if (!state) {
    const created: AppState = { workloads: [], warned: new Set() };
    STATES.set(root, created);
    shareRendersInValidation(root);
    root.node.addValidation({ validate: () => sharedCheck(created, () => validateApp(root, created)) });
    state = created;
  }
  if (workload) {
    state.workloads.push(workload);
  }
}

function validateApp(root: IConstruct, state: AppState): string[] {
  const emitted: Emitted[] = [];
  const readIdentity = defaultResolversOnly(root);
  for (const construct of root.node.findAll()) {
    if (!(construct instanceof ApiObject)) {
      continue;
    }
    const identity = readIdentity ? identityWithoutRender(construct) : undefined;
    if (identity) {
      emitted.push({ object: construct, json: identity });
      continue;
    }
    let json: unknown;
    try {
      json = renderedJson(construct);
    } catch {
      // The object's own error is reported when it is synthesized.
      continue;
    }
    if (json !== null && typeof json === 'object' && !Array.isArray(json)) {
      emitted.push({ object: construct, json: json as Record<string, unknown> });
    }
  }
  return [...collisions(emitted), ...workloadErrors(emitted, state)];
}

/**
 * What the app-wide check reads of an object (apiVersion, kind, metadata name and namespace), without rendering it, when
 * that is certain to be what it renders: an object of a kind generated in cdk8s-plus-28 (whose `toJson()` writes its
 * kind's apiVersion and kind and maps the metadata), that neither replaces that `toJson()` nor has JSON patches, with a
 * plain string name and namespace (which cdk8s' resolvers leave as they are) and of a kind whose other fields the check
 * does not read (a LimitRange is rendered for its limits). `undefined` otherwise: the object is rendered.
 */
function identityWithoutRender(apiObject: ApiObject): Record<string, unknown> | undefined {
  const generated = generatedRender(apiObject);
  if (!generated || generated.kind === 'LimitRange' || !withoutPatches(apiObject)) {
    return undefined;
  }
  const { name, namespace } = apiObject.metadata;
  if (typeof name !== 'string' || (namespace !== undefined && typeof namespace !== 'string')) {
    return undefined;
  }
  return { apiVersion: generated.apiVersion, kind: generated.kind, metadata: namespace === undefined ? { name } : { name, namespace } };
}

function metadataOf(json: Record<string, unknown>): { name: string; namespace?: string } {
  const metadata = (json.metadata ?? {}) as { name?: unknown; namespace?: unknown };
  return {
    name: typeof metadata.name === 'string' ? metadata.name : '',
    namespace: typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : undefined,
  };
}

function collisions(emitted: readonly Emitted[]): string[] {
  const first = new Map<string, Emitted>();
  const errors: string[] = [];
  for (const entry of emitted) {
    const { name, namespace } = metadataOf(entry.json);
    if (name === '') {
      continue;
    }
    const identity = objectIdentity(String(entry.json.apiVersion ?? ''), String(entry.json.kind ?? ''), namespace, name);
    const key = identityKey(identity);
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, entry);
      continue;
    }
    errors.push(invalidProp(entry.object, 'metadata.name', name,
      `${describeIdentity(identity)} is also emitted by ${earlier.object.node.path}${namespace === undefined && identity.namespace ? ' (no namespace: default)' : ''}; `
      + 'kubectl apply would make one overwrite the other',
      'give one of them another metadata.name (or, for namespaced kinds, another namespace)').message);
  }
  return errors;
}

function workloadErrors(emitted: readonly Emitted[], state: AppState): string[] {
  const declared = new Set<string>();
  const limitRanges = new Map<string, Emitted[]>();
  for (const entry of emitted) {
    if (entry.json.kind === 'Namespace' && entry.json.apiVersion === 'v1') {
      declared.add(metadataOf(entry.json).name);
    } else if (entry.json.kind === 'LimitRange') {
      const namespace = metadataOf(entry.json).namespace;
      if (namespace !== undefined) {
        limitRanges.set(namespace, [...(limitRanges.get(namespace) ?? []), entry]);
      }
    }
  }
  const errors: string[] = [];
  for (const workload of state.workloads) {
    if (!declared.has(workload.namespace) && !state.warned.has(workload.scope)) {
      state.warned.add(workload.scope);
      workload.scope.node.addMetadata(WARNING_METADATA_TYPE,
        `${workload.scope.node.path}: namespace "${workload.namespace}" is declared by no SecureNamespace (or Namespace object) of the app; `
        + 'make sure the cluster has it, with its Pod Security labels, default-deny NetworkPolicy, quota and LimitRange (WL-NAMESPACE-DECLARED)');
    }
    const error = limitRangeError(workload, limitRanges.get(workload.namespace) ?? []);
    if (error) {
      errors.push(error);
    }
  }
  return errors;
}

interface RenderedContainer {
  readonly name?: string;
  readonly resources?: { readonly requests?: Record<string, unknown>; readonly limits?: Record<string, unknown> };
}

function limitRangeError(workload: CheckedWorkload, ranges: readonly Emitted[]): string | undefined {
  if (ranges.length === 0) {
    return undefined;
  }
  let spec: { containers?: RenderedContainer[]; initContainers?: RenderedContainer[] } | undefined;
  try {
    spec = (renderedJson(workload.apiObject) as { spec?: { template?: { spec?: typeof spec } } }).spec?.template?.spec;
  } catch {
    return undefined;
  }
  const containers = [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])];
  for (const range of ranges) {
    const items = ((range.json.spec ?? {}) as { limits?: unknown }).limits;
    for (const item of Array.isArray(items) ? items as Array<Record<string, unknown>> : []) {
      if (item?.type !== 'Container') {
        continue;
      }
      for (const container of containers) {
        const [breach] = limitRangeBreaches(container.resources?.requests, container.resources?.limits,
          item.max as Record<string, unknown> | undefined, item.min as Record<string, unknown> | undefined);
        if (!breach) {
          continue;
        }
        const field = `${breach.section}.${breach.resource}`;
        const prop = container.name === workload.mainContainer ? `resources.${field}` : `containers[${container.name}].resources.${field}`;
        const { name, namespace } = metadataOf(range.json);
        return invalidProp(workload.scope, prop, breach.value,
          `the ${breach.section === 'limits' ? 'limit' : 'request'} is ${breach.bound === 'max' ? 'above' : 'below'} the ${breach.bound} `
          + `"${breach.limit}" of LimitRange ${namespace}/${name} (${range.object.node.path}); the API server would reject the pods`,
          breach.bound === 'max'
            ? `lower it to at most ${breach.limit}, or raise containerLimits.max of the namespace`
            : `raise it to at least ${breach.limit}, or lower containerLimits.min of the namespace`).message;
      }
    }
  }
  return undefined;
}
