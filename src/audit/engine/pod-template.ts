import { AuditedObject } from './audited-object';
import { asArray, asObject, asString, getIn, joinPath, JsonObject, stringMap } from './json';
import { isBuiltInObject } from '../../profile/known-kinds';

/** The kinds whose objects carry a pod template (or are a pod). */
export const POD_BEARING_KINDS: readonly string[] = [
  'Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob', 'PodTemplate',
];

/** The kinds that run long-lived, load-balanced pods: probes, spread and rollouts matter for them. */
export const SERVING_KINDS: readonly string[] = ['Deployment', 'StatefulSet', 'DaemonSet'];

/** Where a pod spec sits in an object of each kind, as keys from the object root. */
const POD_METADATA_PATHS: Readonly<Record<string, readonly string[]>> = {
  Pod: ['metadata'],
  Deployment: ['spec', 'template', 'metadata'],
  StatefulSet: ['spec', 'template', 'metadata'],
  DaemonSet: ['spec', 'template', 'metadata'],
  ReplicaSet: ['spec', 'template', 'metadata'],
  ReplicationController: ['spec', 'template', 'metadata'],
  Job: ['spec', 'template', 'metadata'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'metadata'],
  PodTemplate: ['template', 'metadata'],
};

/** The kind of container list a container comes from. */
export type ContainerType = 'initContainers' | 'containers' | 'ephemeralContainers';

/** One container of a pod spec. */
export interface ContainerRef {
  readonly container: JsonObject;
  readonly name: string;
  readonly type: ContainerType;
  /** JSON path of the container from the object root, e.g. `spec.template.spec.containers[0]`. */
  readonly path: string;
  /** The container's `securityContext` (empty object when unset). */
  readonly securityContext: JsonObject;
}

/** The pod template of a pod-bearing object. */
export interface PodTemplate {
  readonly spec: JsonObject;
  /** JSON path of the pod spec, e.g. `spec.template.spec`. */
  readonly specPath: string;
  /** JSON path of the pod metadata, e.g. `spec.template.metadata`. */
  readonly metadataPath: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** The pod's `securityContext` (empty object when unset). */
  readonly securityContext: JsonObject;
  /** Init, regular and ephemeral containers, in that order. */
  readonly containers: readonly ContainerRef[];
  /** Whether `spec.os.name` is `windows`. */
  readonly windows: boolean;
  /**
   * Whether the pod spec was found by its shape in an object of a kind the library does not know (a custom
   * resource such as an Argo Rollout); findings on it say so.
   */
  readonly structural: boolean;
}

const cache = new WeakMap<JsonObject, readonly PodTemplate[]>();
/** The objects whose structural search stopped at one of its bounds, with the bound it met. */
const incomplete = new WeakMap<JsonObject, string>();

/**
 * Every pod template of `object`: the one of a built-in pod-bearing kind, or, for kinds that are not built-in
 * (custom resources), each pod spec found by its shape (see `findPodSpecs`). Empty for other objects. This is
 * the one place that decides where pods are; every pod rule reads it through `checkPod`.
 */
export function podTemplatesOf(object: AuditedObject): readonly PodTemplate[] {
  const cached = cache.get(object.json);
  if (cached !== undefined) {
    return cached;
  }
  const templates = extractAll(object);
  cache.set(object.json, templates);
  return templates;
}

/**
 * Why the structural pod-spec search of `object` stopped before it had looked at every value (its depth or size
 * bound), or `undefined` when it was complete or not needed. Pods beyond the bound were not judged.
 */
export function podSearchIncompleteReason(object: AuditedObject): string | undefined {
  podTemplatesOf(object);
  return incomplete.get(object.json);
}

/** The (first) pod template of `object`, or `undefined` when it carries none. */
export function podTemplateOf(object: AuditedObject): PodTemplate | undefined {
  return podTemplatesOf(object)[0];
}

/** Whether `object` carries pods: a built-in pod-bearing kind, or a custom resource with pod specs found by shape. */
export function isPodBearing(object: AuditedObject): boolean {
  return podTemplatesOf(object).length > 0;
}

function extractAll(object: AuditedObject): readonly PodTemplate[] {
  const builtIn = isBuiltInObject(object);
  const metadataKeys = builtIn ? POD_METADATA_PATHS[object.kind] : undefined;
  if (metadataKeys) {
    const specKeys = [...metadataKeys.slice(0, -1), 'spec'];
    const spec = asObject(getIn(object.json, ...specKeys));
    return spec ? [templateOf(spec, specKeys.join('.'), metadataKeys.join('.'), asObject(getIn(object.json, ...metadataKeys)), false)] : [];
  }
  if (builtIn || object.kind === '') {
    return []; // a built-in kind without pods is never judged by shape
  }
  const search = findPodSpecs(object.json);
  if (search.incomplete) {
    incomplete.set(object.json, search.incomplete);
  }
  return search.found.map(found => templateOf(found.spec, found.specPath, found.metadataPath, found.metadata, true));
}

/** How deep below the object root, and how many values, the structural search looks. */
export const MAX_SEARCH_DEPTH = 12;
export const MAX_SEARCH_NODES = 20000;

/** The pod specs the structural search found, and which bound stopped it if one did. */
export interface PodSpecSearch {
  readonly found: FoundPodSpec[];
  /** The bound the search met (`depth 12`, `20000 values`), when it did not look at every value. */
  readonly incomplete?: string;
}

/** The keys of a pod spec that hold containers: the search does not look for pod specs inside them. */
const CONTAINER_KEYS: ReadonlySet<string> = new Set(['containers', 'initContainers', 'ephemeralContainers']);

interface FoundPodSpec {
  readonly spec: JsonObject;
  readonly specPath: string;
  readonly metadata?: JsonObject;
  readonly metadataPath: string;
}

/**
 * The pod specs inside a custom resource, found by shape as controller-agnostic scanners do: an object whose
 * `containers` is a non-empty array of objects, at least one with a string `image`. Its pod metadata is the sibling `metadata`
 * when the spec sits under a `spec` key (`spec.template.spec` beside `spec.template.metadata`). The search skips
 * `metadata` and `status` at the root, looks inside a pod spec it found only outside its container lists (for
 * nested pod templates), and is bounded in depth and size, saying when it met a bound; every pod spec found is
 * judged (a CRD may hold several, e.g. a leader and a worker template).
 */
export function findPodSpecs(root: JsonObject): PodSpecSearch {
  const found: FoundPodSpec[] = [];
  let nodes = 0;
  let stoppedAt: string | undefined;
  const visit = (value: unknown, path: string, depth: number, parent: JsonObject | undefined, parentPath: string, key: string | number) => {
    if (depth > MAX_SEARCH_DEPTH) {
      if (typeof value === 'object' && value !== null) {
        stoppedAt ??= `its depth bound (${MAX_SEARCH_DEPTH} levels, at ${path})`;
      }
      return;
    }
    if (++nodes > MAX_SEARCH_NODES) {
      stoppedAt ??= `its size bound (${MAX_SEARCH_NODES} values)`;
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((entry, i) => visit(entry, joinPath(path, i), depth + 1, undefined, path, i));
      return;
    }
    const object = asObject(value);
    if (!object) {
      return;
    }
    const podSpec = depth > 0 && isPodSpecShape(object);
    if (podSpec) {
      const withMetadata = key === 'spec' && parent !== undefined;
      found.push({
        spec: object,
        specPath: path,
        metadata: withMetadata ? asObject(parent.metadata) : undefined,
        metadataPath: withMetadata ? joinPath(parentPath, 'metadata') : joinPath(path, 'metadata'),
      });
    }
    for (const [childKey, child] of Object.entries(object)) {
      if ((depth === 0 && (childKey === 'metadata' || childKey === 'status')) || (podSpec && CONTAINER_KEYS.has(childKey))) {
        continue;
      }
      visit(child, joinPath(path, childKey), depth + 1, object, path, childKey);
    }
  };
  visit(root, '', 0, undefined, '', '');
  return { found, incomplete: stoppedAt };
}

function isPodSpecShape(object: JsonObject): boolean {
  const containers = asArray(object.containers);
  return containers.length > 0 && containers.every(entry => asObject(entry) !== undefined)
    && containers.some(entry => typeof asObject(entry)?.image === 'string');
}

function templateOf(spec: JsonObject, specPath: string, metadataPath: string, metadata: JsonObject | undefined, structural: boolean): PodTemplate {
  const containers: ContainerRef[] = [];
  for (const type of ['initContainers', 'containers', 'ephemeralContainers'] as const) {
    asArray(spec[type]).forEach((entry, i) => {
      const container = asObject(entry);
      if (container) {
        containers.push({
          container,
          name: asString(container.name) ?? `#${i}`,
          type,
          path: joinPath(joinPath(specPath, type), i),
          securityContext: asObject(container.securityContext) ?? {},
        });
      }
    });
  }
  return {
    spec,
    specPath,
    metadataPath,
    labels: stringMap(metadata?.labels),
    annotations: stringMap(metadata?.annotations),
    securityContext: asObject(spec.securityContext) ?? {},
    containers,
    windows: asString(getIn(spec, 'os', 'name')) === 'windows',
    structural,
  };
}

/** `init container 'x'`, `container 'x'` or `ephemeral container 'x'`, for messages. */
export function describeContainer(ref: ContainerRef): string {
  const prefix = ref.type === 'initContainers' ? 'init container' : ref.type === 'ephemeralContainers' ? 'ephemeral container' : 'container';
  return `${prefix} '${ref.name}'`;
}

/** Init and regular containers: the ones that can declare ports, resources and probes. */
export function nonEphemeral(template: PodTemplate): readonly ContainerRef[] {
  return template.containers.filter(c => c.type !== 'ephemeralContainers');
}
