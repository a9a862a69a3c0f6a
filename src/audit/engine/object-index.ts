import { AuditedObject } from './audited-object';
import { apiGroupOf, isBuiltInObject, isKnownKind } from '../../profile/known-kinds';

/**
 * The audited objects indexed once by kind and namespace, so that cross-resource rules look objects up
 * instead of scanning the whole set for every object.
 */
export class ObjectIndex {
  private readonly byKind = new Map<string, AuditedObject[]>();
  private readonly byKindNamespace = new Map<string, AuditedObject[]>();
  private readonly byKindNamespaceName = new Map<string, AuditedObject>();
  private readonly memos = new Map<string, unknown>();

  constructor(public readonly objects: readonly AuditedObject[]) {
    for (const object of objects) {
      // A custom resource named like a built-in kind (a Knative Service) is indexed under its group, never found as one.
      const kind = isKnownKind(object.kind) && !isBuiltInObject(object) ? `${object.kind}.${apiGroupOf(object.apiVersion)}` : object.kind;
      push(this.byKind, kind, object);
      push(this.byKindNamespace, kindNamespaceKey(kind, object.namespace), object);
      const key = kindNamespaceNameKey(kind, object.namespace, object.name);
      if (!this.byKindNamespaceName.has(key)) {
        this.byKindNamespaceName.set(key, object);
      }
    }
  }

  /** Every object of `kind`. */
  public ofKind(kind: string): readonly AuditedObject[] {
    return this.byKind.get(kind) ?? [];
  }

  /** Every object of `kind` in `namespace` (`undefined`: objects that name no namespace). */
  public inNamespace(kind: string, namespace: string | undefined): readonly AuditedObject[] {
    return this.byKindNamespace.get(kindNamespaceKey(kind, namespace)) ?? [];
  }

  /** The object of `kind` named `name` in `namespace`, if present. */
  public find(kind: string, namespace: string | undefined, name: string): AuditedObject | undefined {
    return this.byKindNamespaceName.get(kindNamespaceNameKey(kind, namespace, name));
  }

  /** Computes a derived index once per audit (e.g. NetworkPolicies by selector) and reuses it. */
  public memo<T>(key: string, compute: () => T): T {
    if (!this.memos.has(key)) {
      this.memos.set(key, compute());
    }
    return this.memos.get(key) as T;
  }
}

function push(map: Map<string, AuditedObject[]>, key: string, object: AuditedObject): void {
  const list = map.get(key);
  if (list) {
    list.push(object);
  } else {
    map.set(key, [object]);
  }
}

function kindNamespaceKey(kind: string, namespace: string | undefined): string {
  return `${kind}\u0000${namespace ?? ''}`;
}

function kindNamespaceNameKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}\u0000${namespace ?? ''}\u0000${name}`;
}
