import { ApiObject, App, ImplicitTokenResolver, LazyResolver, NumberStringUnionResolver } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { renderFunctionOf } from './rendered-json';

/*
 * What the synth-time checks may read of an object without rendering it, where that is certain to be what it renders
 * (rendering every object of an app in every check is most of their cost).
 */

/**
 * The `toJson()` of each cdk8s-plus-28 generated kind, with the apiVersion and kind it always writes (read when the
 * library loads, before an app's code runs).
 */
const generatedRenders = new Map<unknown, { readonly apiVersion: string; readonly kind: string }>();
for (const value of Object.values(k8s) as unknown[]) {
  const gvk = typeof value === 'function' ? (value as { GVK?: { apiVersion?: unknown; kind?: unknown } }).GVK : undefined;
  const toJson = typeof value === 'function' && Object.prototype.hasOwnProperty.call(value.prototype ?? {}, 'toJson') ? value.prototype.toJson : undefined;
  if (toJson && typeof gvk?.apiVersion === 'string' && typeof gvk.kind === 'string') {
    generatedRenders.set(toJson, { apiVersion: gvk.apiVersion, kind: gvk.kind });
  }
}

/** The generated kind's `toJson()` by `apiVersion` and kind. */
const generatedRenderByKind = new Map([...generatedRenders].map(([render, gvk]) => [`${gvk.apiVersion}/${gvk.kind}`, render as (this: ApiObject) => unknown]));

export function generatedRender(apiObject: ApiObject): { readonly apiVersion: string; readonly kind: string } | undefined {
  return generatedRenders.get(renderFunctionOf(apiObject));
}

/**
 * Whether `apiObject` renders what it was constructed with: an object of a cdk8s-plus-28 generated kind whose class
 * renders as when the library loaded, with its class's `toJson()` (not replaced on the object), no JSON patches, in an
 * app with cdk8s' own resolvers. (`ApiObject.prototype.toJson` itself replaced for the whole process is not looked for:
 * test spies do that; the audit of the output is the backstop.)
 */
export function rendersAsConstructed(apiObject: ApiObject): boolean {
  const render = renderFunctionOf(apiObject);
  return generatedRender(apiObject) !== undefined && Object.getPrototypeOf(apiObject).toJson === render
    && withoutPatches(apiObject) && defaultResolversOnlyCached(apiObject.node.root);
}

/**
 * What `apiObject` renders to as it was constructed: its class's `toJson()` without the object's JSON patches (cdk8s keeps
 * them in a private list, set aside for the call); `undefined` when its class is not a cdk8s-plus-28 generated kind.
 */
export function constructedRender(apiObject: ApiObject): unknown {
  const render = generatedRenderByKind.get(`${apiObject.apiVersion}/${apiObject.kind}`);
  if (render === undefined) {
    return undefined;
  }
  const holder = apiObject as unknown as { patches: unknown };
  const patches = holder.patches;
  holder.patches = [];
  try {
    return render.call(apiObject);
  } finally {
    holder.patches = patches;
  }
}

/** Whether the app renders with cdk8s' own resolvers only (a custom resolver may replace any value, the name too). */
export function defaultResolversOnly(root: IConstruct): boolean {
  if (!(root instanceof App)) {
    return false;
  }
  const resolvers: readonly unknown[] = root.resolvers;
  return resolvers.length === 3 && resolvers.every((resolver) => resolver instanceof LazyResolver
    || resolver instanceof ImplicitTokenResolver || resolver instanceof NumberStringUnionResolver);
}

/** The apps known to render with cdk8s' own resolvers only (an App's resolvers are fixed when it is created). */
const defaultResolverApps = new WeakMap<IConstruct, boolean>();

function defaultResolversOnlyCached(root: IConstruct): boolean {
  let known = defaultResolverApps.get(root);
  if (known === undefined) {
    known = defaultResolversOnly(root);
    defaultResolverApps.set(root, known);
  }
  return known;
}

/** Whether `apiObject` has no JSON patches (cdk8s keeps them in a private list; anything unexpected counts as patched). */
export function withoutPatches(apiObject: ApiObject): boolean {
  const patches: unknown = (apiObject as unknown as { patches?: unknown }).patches;
  return Array.isArray(patches) && patches.length === 0;
}

/** Kinds whose objects hold other objects' metadata (pod templates, List items): their annotations are read rendered. */
const NESTING_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob', 'Pod', 'PodTemplate']);

/**
 * The `metadata.annotations` that `apiObject` renders to, without rendering it, when certain: an app with cdk8s' own
 * resolvers only, an object of a kind generated in cdk8s-plus-28 (whose `toJson()` maps the metadata as given) that
 * neither replaces that `toJson()` nor has JSON patches, holds no nested metadata (a pod template, List items) and
 * whose annotation values are all plain strings. `undefined` otherwise: the caller renders the object.
 */
export function annotationsWithoutRender(apiObject: ApiObject): Readonly<Record<string, string>> | undefined {
  const generated = generatedRender(apiObject);
  if (!generated || NESTING_KINDS.has(generated.kind) || generated.kind.endsWith('List') || !withoutPatches(apiObject)
    || !defaultResolversOnlyCached(apiObject.node.root)) {
    return undefined;
  }
  // What `metadata.toJson()` renders as annotations (cdk8s keeps them in a private map; anything unexpected is rendered).
  const annotations: unknown = (apiObject.metadata as unknown as { annotations?: unknown }).annotations;
  return plainStrings(annotations) ? annotations : undefined;
}

/**
 * `json`, the render of `apiObject`, with the string `added` annotations written on the object after it was rendered,
 * when that is certain to be what rendering it again gives: an object of a kind generated in cdk8s-plus-28 (whose
 * `toJson()` maps the metadata through ObjectMeta, annotations first) that neither replaces that `toJson()` nor has JSON
 * patches, in an app with cdk8s' own resolvers only, keys sorted (no `CDK8S_DISABLE_SORT`) and string annotations.
 * `undefined` otherwise: the caller renders the object again.
 */
export function withAnnotationsAdded(apiObject: ApiObject, json: any, added: Readonly<Record<string, string>>): any {
  const metadata: unknown = json?.metadata;
  if (!generatedRender(apiObject) || !withoutPatches(apiObject) || !defaultResolversOnlyCached(apiObject.node.root)
    || process.env.CDK8S_DISABLE_SORT || !plainStrings(added) || !isPlainObject(metadata)) {
    return undefined;
  }
  const { annotations, ...rest } = metadata as Record<string, unknown>;
  if (annotations !== undefined && !plainStrings(annotations)) {
    return undefined;
  }
  const merged: Record<string, string> = { ...(annotations as Record<string, string> | undefined), ...added };
  const keys = Object.keys(merged).sort();
  if (keys.includes('__proto__')) {
    return undefined;
  }
  return { ...json, metadata: { annotations: Object.fromEntries(keys.map((key) => [key, merged[key]])), ...rest } };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype;
}

function plainStrings(value: unknown): value is Record<string, string> {
  return isPlainObject(value) && Object.values(value).every((entry) => typeof entry === 'string');
}
