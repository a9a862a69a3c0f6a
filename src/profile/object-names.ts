/**
 * What Kubernetes accepts as `metadata.name`, by kind: a DNS-1123 subdomain for most kinds, a DNS-1123
 * label for Namespaces, an RFC 1035 label for Services, at most 52 characters for CronJobs (the Job
 * names the controller derives get a suffix), and a path segment for RBAC objects and custom resources.
 *
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/
 */

/** Longest DNS-1123 subdomain. */
export const MAX_SUBDOMAIN_NAME_LENGTH = 253;
/** Longest DNS-1123 or RFC 1035 label. */
export const MAX_LABEL_NAME_LENGTH = 63;
/** Longest CronJob name. */
export const MAX_CRONJOB_NAME_LENGTH = 52;

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const RFC_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_KINDS: readonly string[] = ['Namespace'];
const RFC_1035_KINDS: readonly string[] = ['Service'];
const PATH_SEGMENT_KINDS: readonly string[] = ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'];

/** Why `name` is not a DNS-1123 label (at most 63 characters), or `undefined` when it is one. */
export function labelNameProblem(name: string): string | undefined {
  if (name.length > MAX_LABEL_NAME_LENGTH) {
    return `is ${name.length} characters long; a DNS-1123 label has at most ${MAX_LABEL_NAME_LENGTH}`;
  }
  return LABEL.test(name) ? undefined
    : 'is not a DNS-1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit)';
}

/** Why `name` is not an RFC 1035 label (a DNS-1123 label that starts with a letter), or `undefined`. */
export function rfc1035LabelProblem(name: string): string | undefined {
  const problem = labelNameProblem(name);
  if (problem) {
    return problem;
  }
  return RFC_1035_LABEL.test(name) ? undefined : 'does not start with a lower-case letter, as an RFC 1035 label (a Service name) must';
}

/** Why `name` is not a DNS-1123 subdomain, or `undefined` when it is one. */
export function subdomainNameProblem(name: string): string | undefined {
  if (name.length > MAX_SUBDOMAIN_NAME_LENGTH) {
    return `is ${name.length} characters long; a DNS-1123 subdomain has at most ${MAX_SUBDOMAIN_NAME_LENGTH}`;
  }
  return name.split('.').every((label) => LABEL.test(label)) ? undefined
    : 'is not a DNS-1123 subdomain (lower-case letters, digits, "-" and ".", each dot-separated part starting and ending with a letter or digit)';
}

/** Why `name` is not a valid `metadata.name` of an object of `kind` (built-in or custom), or `undefined`. */
export function objectNameProblem(kind: string, name: string, builtIn: boolean): string | undefined {
  if (name === '') {
    return 'is empty';
  }
  if (LABEL_KINDS.includes(kind)) {
    return labelNameProblem(name);
  }
  if (RFC_1035_KINDS.includes(kind)) {
    return rfc1035LabelProblem(name);
  }
  if (PATH_SEGMENT_KINDS.includes(kind) || !builtIn) {
    return name === '.' || name === '..' || /[/%]/.test(name) ? 'is not a path segment name (not "." or "..", no "/" or "%")' : undefined;
  }
  if (kind === 'CronJob' && name.length > MAX_CRONJOB_NAME_LENGTH) {
    return `is ${name.length} characters long; a CronJob name has at most ${MAX_CRONJOB_NAME_LENGTH} (its Jobs get a suffix)`;
  }
  return subdomainNameProblem(name);
}
