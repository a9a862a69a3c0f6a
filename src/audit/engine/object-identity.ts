import { isNamespacedKind } from '../../profile/known-kinds';

/** Namespace that an object of a namespaced kind without `metadata.namespace` lands in (kubectl's usual current namespace). */
export const IMPLICIT_NAMESPACE = 'default';

/** What identifies an object to the API server: `kubectl apply` of two objects with one identity keeps only the last. */
export interface ObjectIdentity {
  /** The API group (`''` for the core group); versions of one group share objects. */
  readonly group: string;
  readonly kind: string;
  /** The namespace, resolved (`undefined` for cluster-scoped kinds). */
  readonly namespace?: string;
  readonly name: string;
}

/**
 * The identity of an object: its API group, kind, namespace (none for cluster-scoped kinds, `default` for a
 * namespaced built-in kind that names none, as given for custom kinds) and name.
 */
export function objectIdentity(apiVersion: string, kind: string, namespace: string | undefined, name: string): ObjectIdentity {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const namespaced = isNamespacedKind(kind);
  const resolved = namespaced === false ? undefined : namespace || (namespaced ? IMPLICIT_NAMESPACE : undefined);
  return { group, kind, namespace: resolved, name };
}

/** A string key of an identity, for maps. */
export function identityKey(identity: ObjectIdentity): string {
  return [identity.group, identity.kind, identity.namespace ?? '', identity.name].join('\u0000');
}

/** `Kind namespace/name` (with the group for non-core kinds), for messages. */
export function describeIdentity(identity: ObjectIdentity): string {
  const kind = identity.group === '' ? identity.kind : `${identity.kind}.${identity.group}`;
  return identity.namespace === undefined ? `${kind} ${identity.name}` : `${kind} ${identity.namespace}/${identity.name}`;
}
