import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { invalidProp } from './errors';
import { madeIdentity } from './made-objects';
import { constructsUnder, renderedJson } from './rendered-json';
import { rendersAsConstructed } from './unrendered';
import { isNamespacedKind } from '../profile/known-kinds';

/**
 * Errors for the objects under `scope` whose identity (apiVersion, kind, name, namespace) as synthesized differs from the
 * object the construct created: a JSON patch, a replaced `toJson()` or a resolver that moves a workload to another
 * namespace (out of its NetworkPolicy, PodDisruptionBudget and quota), renames an object or turns it into another kind
 * would leave the construct's other objects, checks and exceptions about an object that is not emitted. Objects that
 * render as constructed are not rendered here.
 */
export function movedObjectErrors(scope: IConstruct): Error[] {
  const errors: Error[] = [];
  for (const construct of constructsUnder(scope)) {
    if (!ApiObject.isApiObject(construct)) {
      continue;
    }
    // As the construct made it: names and namespaces reassigned from plain JavaScript move the object as a patch does.
    const made = madeIdentity(construct);
    const now = { apiVersion: construct.apiVersion, kind: construct.kind, name: construct.name, namespace: construct.metadata.namespace };
    const unchanged = made.apiVersion === now.apiVersion && made.kind === now.kind && made.name === now.name && made.namespace === now.namespace;
    if (unchanged && rendersAsConstructed(construct)) {
      continue;
    }
    let json: any;
    try {
      json = renderedJson(construct);
    } catch {
      continue; // the object cannot be rendered: cdk8s reports that when it synthesizes
    }
    const fields: Array<[string, unknown, unknown]> = [
      ['apiVersion', json?.apiVersion, made.apiVersion],
      ['kind', json?.kind, made.kind],
      ['metadata.name', json?.metadata?.name, made.name],
      ['metadata.namespace', json?.metadata?.namespace, made.namespace],
    ];
    for (const [field, actual, expected] of fields) {
      // cdk8s gives every object its chart's namespace; cluster-scoped kinds are emitted without it.
      const clusterScoped = field === 'metadata.namespace' && actual === undefined && isNamespacedKind(construct.kind) === false;
      if (actual !== expected && !clusterScoped) {
        errors.push(invalidProp(construct, field, actual,
          `the construct created this object as ${expected === undefined ? `no ${field}` : JSON.stringify(expected)}, and its other objects, checks and `
          + 'exceptions are about that object (a workload moved to another namespace leaves its NetworkPolicy, PodDisruptionBudget and quota behind)',
          'remove the JSON patch, toJson() replacement, resolver or assignment that changes it; set names and namespaces through the construct\'s props '
          + 'or its Chart'));
      }
    }
  }
  return errors;
}
