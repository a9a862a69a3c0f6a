import { AuditedObject } from './audited-object';
import { asArray, asObject, asString, getIn, joinPath, JsonObject, stringMap } from './json';

/** The kinds whose objects carry a pod template (or are a pod). */
export const POD_BEARING_KINDS: readonly string[] = [
  'Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob',
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
}

const cache = new WeakMap<JsonObject, PodTemplate | null>();

/** The pod template of `object`, or `undefined` when its kind carries none or the spec is missing. */
export function podTemplateOf(object: AuditedObject): PodTemplate | undefined {
  const cached = cache.get(object.json);
  if (cached !== undefined) {
    return cached ?? undefined;
  }
  const template = extract(object);
  cache.set(object.json, template ?? null);
  return template;
}

function extract(object: AuditedObject): PodTemplate | undefined {
  const metadataKeys = POD_METADATA_PATHS[object.kind];
  if (!metadataKeys) {
    return undefined;
  }
  const specKeys = [...metadataKeys.slice(0, -1), 'spec'];
  const spec = asObject(getIn(object.json, ...specKeys));
  if (!spec) {
    return undefined;
  }
  const metadata = asObject(getIn(object.json, ...metadataKeys));
  const specPath = specKeys.join('.');
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
    metadataPath: metadataKeys.join('.'),
    labels: stringMap(metadata?.labels),
    annotations: stringMap(metadata?.annotations),
    securityContext: asObject(spec.securityContext) ?? {},
    containers,
    windows: asString(getIn(spec, 'os', 'name')) === 'windows',
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
