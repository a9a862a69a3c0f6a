import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule } from '../../engine/audit-rule';
import { AuditedObject } from '../../engine/audited-object';
import { asObject, asString } from '../../engine/json';
import { describeIdentity, identityKey, objectIdentity } from '../../engine/object-identity';
import { Severity } from '../../severity';

/** Where an object comes from, for messages: its construct path, or its file and document. */
function origin(object: AuditedObject): string {
  if (object.construct) {
    return object.construct.node.path;
  }
  if (object.source) {
    return `${object.source.file} document ${object.source.documentIndex + 1}${object.source.itemIndex === undefined ? '' : ` item ${object.source.itemIndex + 1}`}`;
  }
  return `object #${object.index + 1}`;
}

/** The object's own `metadata.name` (not a `generateName`: the server makes those unique). */
function nameOf(object: AuditedObject): string | undefined {
  return asString(asObject(object.json.metadata)?.name) || undefined;
}

/** No two audited objects share API group, kind, namespace and name; the later ones are reported. */
export const metaUniqueObject: AuditRule = {
  id: RuleId.META_UNIQUE_OBJECT,
  group: RuleGroup.LABELS_REVIEW,
  title: 'No two objects with the same API group, kind, namespace and name',
  explanation: '`kubectl apply` of two objects with one identity keeps only the last: a second SecureNamespace of the same name '
    + '(perhaps privileged) silently replaces the hardened one, a second Deployment the first. Cluster-scoped kinds collide by '
    + 'name alone; a namespaced object without a namespace lands in default.',
  fix: 'Give one of the objects another metadata.name (or another namespace), or drop the copy; SecureDeployment and SecureNamespace '
    + 'refuse colliding objects of their app at synth time.',
  severity: Severity.ERROR,
  appliesTo: 'every object with a name, across all audited files',
  cis: [],
  documentation: 'https://kubernetes.io/docs/concepts/overview/working-with-objects/names/',
  check: (object, context) => {
    const name = nameOf(object);
    if (name === undefined) {
      return [];
    }
    const identity = objectIdentity(object.apiVersion, object.kind, object.namespace, name);
    const first = context.index.memo('object-identities', () => {
      const map = new Map<string, AuditedObject>();
      for (const other of context.index.objects) {
        const otherName = nameOf(other);
        const key = otherName === undefined ? undefined : identityKey(objectIdentity(other.apiVersion, other.kind, other.namespace, otherName));
        if (key !== undefined && !map.has(key)) {
          map.set(key, other);
        }
      }
      return map;
    }).get(identityKey(identity));
    if (!first || first === object) {
      return [];
    }
    return [{ path: 'metadata.name', message: `${describeIdentity(identity)} is also ${origin(first)}; applying both keeps only the last` }];
  },
};
