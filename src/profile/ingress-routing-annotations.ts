/**
 * ingress-nginx annotations that route traffic past an Ingress's rules, to hosts, Services or URLs the rules do not name
 * (https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/). A SecureIngress checks every
 * host against its TLS entry and every backend as a ClusterIP Service of its namespace that its NetworkPolicies admit the
 * controller to; these annotations would go around those checks, so it refuses them.
 */
const ROUTING_ANNOTATIONS: Readonly<Record<string, string>> = {
  'server-alias': 'serves the Ingress under more host names, which its TLS entry and host checks do not cover',
  'default-backend': 'sends the requests no rule matches, and error pages, to a Service the Ingress did not check',
  'mirror-target': 'sends a copy of every request, headers and body included, to another destination',
  'permanent-redirect': 'redirects every request to another URL, which may be plain HTTP or another site',
  'temporal-redirect': 'redirects every request to another URL, which may be plain HTTP or another site',
};

const NGINX_PREFIX = 'nginx.ingress.kubernetes.io/';

/** What an ingress-nginx routing annotation does past the Ingress's rules, or `undefined` for any other key. */
export function routingAnnotationProblem(key: string): string | undefined {
  const normalised = key.trim().toLowerCase();
  if (!normalised.startsWith(NGINX_PREFIX)) {
    return undefined;
  }
  return ROUTING_ANNOTATIONS[normalised.slice(NGINX_PREFIX.length)];
}
