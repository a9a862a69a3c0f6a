/** One synthesized Kubernetes object, as the tests read it. */
export type Manifest = Record<string, any>;

/** The only object of `kind` (and `name`) in `manifests`; throws when there is none or more than one. */
export function find(manifests: Manifest[], kind: string, name?: string): Manifest {
  const found = manifests.filter((m) => m.kind === kind && (name === undefined || m.metadata?.name === name));
  if (found.length !== 1) {
    throw new Error(`expected one ${kind}${name ? `/${name}` : ''}, found ${found.length}`);
  }
  return found[0];
}
