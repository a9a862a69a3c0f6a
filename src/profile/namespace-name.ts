/**
 * Namespace naming rules: DNS-1123 labels, and the names Kubernetes reserves for itself.
 *
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/
 */

/** Namespaces that exist in every cluster and hold system or shared objects: never a tenant namespace. */
export const RESERVED_NAMESPACES: readonly string[] = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

/** Prefix Kubernetes reserves for system namespaces. */
export const RESERVED_NAMESPACE_PREFIX = 'kube-';

/** Longest DNS-1123 label. */
export const MAX_NAMESPACE_NAME_LENGTH = 63;

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Why `name` is not a DNS-1123 label, or `undefined` when it is one. */
export function dns1123LabelProblem(name: string): string | undefined {
  if (name.length > MAX_NAMESPACE_NAME_LENGTH) {
    return `is ${name.length} characters long; a DNS-1123 label has at most ${MAX_NAMESPACE_NAME_LENGTH}`;
  }
  if (!DNS_1123_LABEL.test(name)) {
    return 'is not a DNS-1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit)';
  }
  return undefined;
}

/** Why `name` cannot be a tenant namespace (malformed or reserved), or `undefined` when it can. */
export function namespaceNameProblem(name: string): string | undefined {
  const malformed = dns1123LabelProblem(name);
  if (malformed) {
    return malformed;
  }
  if (RESERVED_NAMESPACES.includes(name) || name.startsWith(RESERVED_NAMESPACE_PREFIX)) {
    return `is reserved for Kubernetes itself (${RESERVED_NAMESPACES.join(', ')} and every "${RESERVED_NAMESPACE_PREFIX}*" name)`;
  }
  return undefined;
}
