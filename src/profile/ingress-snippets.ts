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

/** What the annotation would do, or `undefined` when it is not a snippet or passthrough annotation. */
export function snippetAnnotationProblem(key: string): string | undefined {
  if (isExceptionAnnotationKey(key)) {
    return undefined;
  }
  const normalised = key.trim().toLowerCase();
  const name = normalised.slice(normalised.lastIndexOf('/') + 1);
  if (name.endsWith('-snippet') || name.endsWith('-snippets') || name === 'snippet' || name === 'snippets') {
    return 'pastes raw configuration into the ingress controller, which can read every Secret of the cluster';
  }
  if (name === 'ssl-passthrough') {
    return 'passes TLS through to the backend, so the Ingress\'s TLS, HTTPS redirect and HSTS no longer apply';
  }
  return undefined;
}
