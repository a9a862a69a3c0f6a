import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule, Violation } from '../../engine/audit-rule';
import { AuditedObject } from '../../engine/audited-object';
import { asNumber, asString, getIn } from '../../engine/json';
import { ObjectIndex } from '../../engine/object-index';
import { Severity } from '../../severity';

const NGINX = 'nginx.ingress.kubernetes.io/';
const TRAEFIK = 'traefik.ingress.kubernetes.io/';

/** Whether the annotations redirect HTTP to HTTPS, or the Ingress has no plain-HTTP route at all. */
function redirects(annotations: Readonly<Record<string, string>>): boolean {
  for (const [key, value] of Object.entries(annotations)) {
    if (/\/(force-)?ssl-redirect$/.test(key) && value.toLowerCase() !== 'false') {
      return true;
    }
  }
  // Traefik: a TLS-only router on HTTPS entry points never serves plain HTTP (the redirect is entry-point configuration).
  const entryPoints = annotations[`${TRAEFIK}router.entrypoints`];
  return annotations[`${TRAEFIK}router.tls`] === 'true' && !!entryPoints
    && entryPoints.split(',').map(entry => entry.trim()).every(entry => entry !== '' && entry !== 'web');
}

/** Whether the Ingress is for ingress-nginx: its IngressClass is `nginx`, or it carries ingress-nginx annotations. */
function isIngressNginx(ingress: AuditedObject): boolean {
  return asString(getIn(ingress.json, 'spec', 'ingressClassName')) === 'nginx' || Object.keys(ingress.annotations).some(key => key.startsWith(NGINX));
}

/**
 * ingress-nginx redirects HTTP to HTTPS by default for every host with TLS (controller ConfigMap key `ssl-redirect`,
 * default true), so an Ingress of it with `spec.tls` redirects unless it turns `ssl-redirect` off.
 */
function nginxRedirectsByDefault(ingress: AuditedObject): boolean {
  const tls = getIn(ingress.json, 'spec', 'tls');
  return isIngressNginx(ingress) && Array.isArray(tls) && tls.length > 0
    && (ingress.annotations[`${NGINX}ssl-redirect`] ?? '').toLowerCase() !== 'false';
}

/** Traefik Middlewares of the output with an HSTS header, by cross-provider reference `<namespace>-<name>@kubernetescrd`. */
function traefikHstsMiddlewares(index: ObjectIndex): Set<string> {
  return index.memo('traefik-hsts-middlewares', () => new Set(index.ofKind('Middleware')
    .filter(middleware => (asNumber(getIn(middleware.json, 'spec', 'headers', 'stsSeconds')) ?? 0) > 0)
    .map(middleware => `${middleware.namespace ?? 'default'}-${middleware.name}@kubernetescrd`)));
}

/** Whether HSTS is sent for the Ingress' hosts. */
function sendsHsts(ingress: AuditedObject, index: ObjectIndex): boolean {
  const annotations = ingress.annotations;
  for (const [key, value] of Object.entries(annotations)) {
    if (/strict-transport-security/i.test(value) || (/\/hsts$/.test(key) && value.toLowerCase() === 'true')) {
      return true;
    }
  }
  if (isIngressNginx(ingress)) {
    // ingress-nginx sends HSTS on every TLS host by default (controller ConfigMap key `hsts`), or per Ingress
    // through `custom-headers`.
    return true;
  }
  const middlewares = annotations[`${TRAEFIK}router.middlewares`];
  if (middlewares) {
    const hsts = traefikHstsMiddlewares(index);
    return middlewares.split(',').map(entry => entry.trim()).some(reference => hsts.has(reference));
  }
  return false;
}

/** Ingresses redirect HTTP to HTTPS and send HSTS. */
export const ingRedirectHsts: AuditRule = {
  id: RuleId.ING_REDIRECT_HSTS,
  group: RuleGroup.ENCRYPTION_IN_TRANSIT,
  title: 'HTTP redirected to HTTPS and HSTS sent (controller annotations)',
  explanation: 'Without a redirect, clients that type http:// talk in clear text; without HSTS, a network attacker can '
    + 'strip TLS from the first request of every visit.',
  fix: 'SecureIngress sets the redirect and HSTS for its controller profile (ingress-nginx: ssl-redirect and '
    + 'force-ssl-redirect, HSTS from the controller or custom-headers; Traefik: TLS-only router and an HSTS Middleware). '
    + 'ingress-nginx redirects hosts with TLS by default, so an ingress-nginx Ingress with spec.tls is fine unless it sets ssl-redirect "false".',
  severity: Severity.WARNING,
  kinds: ['Ingress'],
  appliesTo: 'Ingresses (ingress-nginx and Traefik annotations; generic `*/ssl-redirect`, `*/hsts` and Strict-Transport-Security header annotations)',
  cis: [],
  documentation: 'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#server-side-https-enforcement-through-redirect',
  check: (object, context) => {
    const violations: Violation[] = [];
    if (!redirects(object.annotations) && !nginxRedirectsByDefault(object)) {
      violations.push({ path: 'metadata.annotations', message: 'no annotation redirects HTTP to HTTPS' });
    }
    if (!sendsHsts(object, context.index)) {
      violations.push({ path: 'metadata.annotations', message: 'no annotation or Middleware of the output sends an HSTS (Strict-Transport-Security) header' });
    }
    return violations;
  },
};
