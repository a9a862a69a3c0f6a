/**
 * Host-name rules for Ingress: what the API server accepts (RFC 1123 DNS names, a wildcard only as the
 * whole leftmost label, no IP addresses) and how a TLS host covers a rule host. Pure functions, shared
 * by SecureIngress and its TLS sources.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/ingress/#hostname-wildcards
 */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const MAX_LABEL_LENGTH = 63;
const MAX_SUBDOMAIN_LENGTH = 253;
const IPV4 = /^[0-9]+(\.[0-9]+){3}$/;

/** Whether `host` is a wildcard host such as `*.example.com`. */
export function isWildcardHost(host: string): boolean {
  return host.startsWith('*.');
}

/**
 * Why `name` is not an RFC 1123 DNS subdomain (lower-case labels of letters, digits and `-`, each at
 * most 63 characters, 253 in total), or `undefined` when it is one.
 *
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-subdomain-names
 */
export function dnsSubdomainProblem(name: string): string | undefined {
  if (name.length === 0) {
    return 'is empty';
  }
  if (name.length > MAX_SUBDOMAIN_LENGTH) {
    return `is longer than ${MAX_SUBDOMAIN_LENGTH} characters`;
  }
  for (const label of name.split('.')) {
    if (label.length > MAX_LABEL_LENGTH) {
      return `has the label "${label}" longer than ${MAX_LABEL_LENGTH} characters`;
    }
    if (!DNS_LABEL.test(label)) {
      return `has the label "${label}" that is not an RFC 1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit)`;
    }
  }
  return undefined;
}

/** Why `name` is not an RFC 1123 DNS label (at most 63 characters, no dots), or `undefined` when it is one. */
export function dnsLabelProblem(name: string): string | undefined {
  if (name.includes('.')) {
    return 'contains a dot; a DNS label has none';
  }
  return dnsSubdomainProblem(name);
}

/**
 * Why `host` is not a valid Ingress host, or `undefined` when it is one. A wildcard is accepted only as
 * the whole leftmost label (`*.example.com`) and only when `allowWildcard` is true.
 */
export function hostProblem(host: string, allowWildcard: boolean): string | undefined {
  if (IPV4.test(host) || host.includes(':')) {
    return 'is an IP address or has a port; an Ingress host is a DNS name';
  }
  if (host.includes('*')) {
    if (!isWildcardHost(host) || host.indexOf('*', 1) !== -1) {
      return "has a '*' that is not the whole leftmost label; the only wildcard form is '*.example.com'";
    }
    if (!allowWildcard) {
      return 'is a wildcard host, which matches every name one level below it';
    }
    const rest = host.slice(2);
    if (!rest.includes('.')) {
      return 'is a wildcard directly below a top-level domain';
    }
    const problem = dnsSubdomainProblem(rest);
    return problem ? `${problem} (after '*.')` : undefined;
  }
  return dnsSubdomainProblem(host);
}

/**
 * Whether a certificate for `tlsHost` covers requests for `ruleHost`: the same name, or a wildcard that
 * matches exactly one leftmost label (`*.example.com` covers `a.example.com`, not `a.b.example.com` nor
 * `example.com`).
 */
export function tlsHostCovers(tlsHost: string, ruleHost: string): boolean {
  if (tlsHost === ruleHost) {
    return true;
  }
  if (!isWildcardHost(tlsHost) || isWildcardHost(ruleHost)) {
    return false;
  }
  const dot = ruleHost.indexOf('.');
  return dot > 0 && ruleHost.slice(dot + 1) === tlsHost.slice(2);
}
