import { GenericIngressControllerOptions, GenericIngressControllerProfile } from './generic-profile';
import { IIngressControllerProfile } from './ingress-controller';
import { NginxIngressControllerOptions, NginxIngressControllerProfile } from './nginx-profile';
import { TraefikIngressControllerOptions, TraefikIngressControllerProfile } from './traefik-profile';
import { checkFactoryArguments } from '../../internal/errors';

/**
 * The built-in ingress controller profiles.
 *
 * @example
 * new SecureIngress(chart, 'web', {
 *   controller: IngressControllerProfile.traefik({ rateLimitRps: 20 }),
 *   tls: IngressTls.certManagerClusterIssuer('letsencrypt-prod'),
 *   rules: [{ host: 'shop.example.com', backend: SecureIngressBackend.fromService(service) }],
 * });
 */
export class IngressControllerProfile {
  /**
   * ingress-nginx (kubernetes/ingress-nginx): class `nginx`, pods `app.kubernetes.io/name: ingress-nginx,
   * app.kubernetes.io/component: controller` in namespace `ingress-nginx`; HTTP is redirected to HTTPS
   * with `ssl-redirect` and `force-ssl-redirect`.
   *
   * @see https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/
   */
  public static nginx(options: NginxIngressControllerOptions = {}): IIngressControllerProfile {
    checkFactoryArguments('IngressControllerProfile.nginx(options)', options, { namespace: options?.namespace, className: options?.className },
      ['namespace', 'className']);
    return new NginxIngressControllerProfile(options);
  }

  /**
   * Traefik Proxy (v2.10+, v3): class `traefik`, pods `app.kubernetes.io/name: traefik` in namespace
   * `traefik`; routers on the `websecure` entry point only, HSTS and limits as Middleware resources.
   *
   * @see https://doc.traefik.io/traefik/routing/providers/kubernetes-ingress/
   */
  public static traefik(options: TraefikIngressControllerOptions = {}): IIngressControllerProfile {
    checkFactoryArguments('IngressControllerProfile.traefik(options)', options, { namespace: options?.namespace, className: options?.className },
      ['namespace', 'className']);
    return new TraefikIngressControllerProfile(options);
  }

  /**
   * Any other controller: TLS, the class and the network path, plus the annotations you give. The
   * library cannot tell whether it redirects HTTP or sends HSTS, so the audit's ING-REDIRECT-HSTS check
   * reports it unless the annotations prove it or the finding is suppressed with a reason.
   *
   * @param className the IngressClass the controller serves
   */
  public static generic(className: string, options: GenericIngressControllerOptions): IIngressControllerProfile {
    checkFactoryArguments('IngressControllerProfile.generic(className, options)', options, { className, namespace: options?.namespace }, [], true);
    return new GenericIngressControllerProfile(className, options);
  }

  private constructor() {}
}
