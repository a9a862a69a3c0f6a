import { isExceptionAnnotationKey } from './exception-annotation';

/**
 * Ingress annotations that paste raw controller configuration or bypass TLS termination (control ING-NO-SNIPPETS):
 * ingress-nginx's `configuration-snippet`, `server-snippet`, `auth-snippet`, `stream-snippet` and
 * `modsecurity-snippet`, NGINX Inc.'s `nginx.org/server-snippets` and `location-snippets`, any other key whose name
 * ends in `-snippet` or `-snippets` (whatever the prefix: ingress-nginx's prefix is configurable), and `ssl-passthrough`.
 * Keys are matched trimmed and case-insensitively, so look-alike spellings count too. The library's own exception
 * annotations (`exception.cdk8s-secure.io/ING-NO-SNIPPETS`) are not snippets.
 *
 * @see https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/
 */

/** Annotation prefixes of ingress controllers that write annotation values into their proxy configuration. */
const CONTROLLER_ANNOTATION_PREFIXES: readonly string[] = [
  'nginx.ingress.kubernetes.io/', 'nginx.org/', 'haproxy-ingress.github.io/', 'ingress.kubernetes.io/', 'haproxy.org/',
];

/**
 * What the annotation would do, or `undefined` when it is not a snippet or passthrough annotation. A controller
 * annotation whose value holds a line break counts too: controllers that template annotation values into their
 * configuration file would take the following lines as configuration of their own (no legitimate value of these
 * annotations spans lines). haproxy-ingress's `config-backend` pastes raw configuration like a snippet.
 */
export function snippetAnnotationProblem(key: string, value?: unknown): string | undefined {
  if (isExceptionAnnotationKey(key)) {
    return undefined;
  }
  const normalised = key.trim().toLowerCase();
  const name = normalised.slice(normalised.lastIndexOf('/') + 1);
  if (name.endsWith('-snippet') || name.endsWith('-snippets') || name === 'snippet' || name === 'snippets' || name === 'config-backend') {
    return 'pastes raw configuration into the ingress controller, which can read every Secret of the cluster';
  }
  if (typeof value === 'string' && /[\r\n]/.test(value.trimEnd()) && CONTROLLER_ANNOTATION_PREFIXES.some((prefix) => normalised.startsWith(prefix))) {
    return 'has a value that spans lines, which a controller templating it into its configuration would read as configuration of its own';
  }
  if (name === 'ssl-passthrough') {
    return 'passes TLS through to the backend, so the Ingress\'s TLS, HTTPS redirect and HSTS no longer apply';
  }
  return undefined;
}
