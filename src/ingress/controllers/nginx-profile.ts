import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { IIngressControllerProfile, IngressControllerBindContext, IngressControllerBinding, IngressControllerOptions } from './ingress-controller';
import { bodySizeBytes, rateLimit, validHsts } from './validation';
import { invalidProp } from '../../internal/errors';
import { INGRESS_NGINX } from '../../profile/ingress-controller-defaults';
import { dnsSubdomainProblem } from '../../profile/ingress-host';
import { hstsHeaderValue, resolveHsts } from '../../profile/ingress-hsts';
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from '../../profile/managed-by';

/**
 * Options of the ingress-nginx profile.
 */
export interface NginxIngressControllerOptions extends IngressControllerOptions {
  /**
   * Send the HSTS header from this Ingress, through a ConfigMap `<ingress-name>-response-headers` named by
   * the `nginx.ingress.kubernetes.io/custom-headers` annotation, instead of relying on the controller.
   *
   * Needs ingress-nginx v1.10+ whose controller ConfigMap lists `Strict-Transport-Security` in
   * `global-allowed-response-headers`; otherwise the controller answers 503 on every path of the Ingress.
   * Without it the controller's own settings apply: ConfigMap keys `hsts` (default `true`),
   * `hsts-max-age` (default 15724800, about six months) and `hsts-include-subdomains` (default `true`).
   *
   * @see https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/configmap/#hsts
   * @default false
   */
  readonly hstsViaCustomHeaders?: boolean;
}

/**
 * ingress-nginx (kubernetes/ingress-nginx).
 *
 * Per Ingress it sets `nginx.ingress.kubernetes.io/ssl-redirect: "true"` and `force-ssl-redirect: "true"`
 * (HTTP answered with a 308 redirect to HTTPS), and optionally `proxy-body-size`, `limit-rps` and
 * `custom-headers` (HSTS). It never uses snippet annotations: they inject raw nginx configuration and
 * are disabled on hardened controllers.
 *
 * @see https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/
 */
export class NginxIngressControllerProfile implements IIngressControllerProfile {
  /** `ingress-nginx`. */
  public readonly controllerName = 'ingress-nginx';
  /** The IngressClass (default `nginx`). */
  public readonly className?: string;
  /** Namespace of the controller pods (default `ingress-nginx`). */
  public readonly namespace: string;
  /** Labels of the controller pods (default `app.kubernetes.io/name: ingress-nginx`, `app.kubernetes.io/component: controller`). */
  public readonly podLabels: { [key: string]: string };
  /**
   * Whether `namespace` is the profile's default (a SecurityPolicy's `ingressControllerNamespace` replaces it).
   *
   * @internal
   */
  public readonly _defaultNamespace: boolean;
  /**
   * Whether `podLabels` are the profile's default (a SecurityPolicy's `ingressControllerPodLabels` replace them).
   *
   * @internal
   */
  public readonly _defaultPodLabels: boolean;
  private readonly options: NginxIngressControllerOptions;

  constructor(options: NginxIngressControllerOptions = {}) {
    this.options = options;
    this.className = options.className ?? INGRESS_NGINX.className;
    this.namespace = options.namespace ?? INGRESS_NGINX.namespace;
    this.podLabels = { ...(options.podLabels ?? INGRESS_NGINX.podLabels) };
    this._defaultNamespace = options.namespace === undefined;
    this._defaultPodLabels = options.podLabels === undefined;
  }

  /** Returns the ingress-nginx annotations; adds the HSTS ConfigMap when `hstsViaCustomHeaders` is set. */
  public bind(scope: Construct, context: IngressControllerBindContext): IngressControllerBinding {
    const prefix = INGRESS_NGINX.annotationPrefix;
    const annotations: { [key: string]: string } = {
      [`${prefix}ssl-redirect`]: 'true',
      [`${prefix}force-ssl-redirect`]: 'true',
    };

    const bytes = bodySizeBytes(scope, 'controller.maxRequestBodySize', this.options.maxRequestBodySize);
    if (bytes !== undefined) {
      annotations[`${prefix}proxy-body-size`] = nginxSize(bytes);
    }
    const rps = rateLimit(scope, 'controller.rateLimitRps', this.options.rateLimitRps);
    if (rps !== undefined) {
      annotations[`${prefix}limit-rps`] = String(rps);
    }

    if (this.options.hstsViaCustomHeaders) {
      const hsts = validHsts(scope, 'controller.hsts', this.options.hsts);
      const name = `${context.ingressName}-response-headers`;
      const problem = dnsSubdomainProblem(name);
      if (problem) {
        throw invalidProp(scope, 'metadata.name', context.ingressName, `the derived ConfigMap name ${name} ${problem}`, 'give the Ingress a shorter name');
      }
      new ApiObject(scope, 'ResponseHeaders', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name, namespace: context.namespace, labels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE } },
        data: { 'Strict-Transport-Security': hstsHeaderValue(hsts) },
      });
      annotations[`${prefix}custom-headers`] = `${context.namespace}/${name}`;
    } else if (this.options.hsts !== undefined) {
      throw invalidProp(scope, 'controller.hsts', hstsHeaderValue(resolveHsts(this.options.hsts)),
        'ingress-nginx sets HSTS in its controller ConfigMap (keys hsts, hsts-max-age, hsts-include-subdomains), not per Ingress',
        'set those keys on the controller, or also pass hstsViaCustomHeaders: true to send the header from this Ingress');
    }
    return { annotations };
  }
}

/** nginx size syntax: `8m`, `512k` or bytes. */
function nginxSize(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) {
    return `${bytes / (1024 * 1024)}m`;
  }
  if (bytes % 1024 === 0) {
    return `${bytes / 1024}k`;
  }
  return String(bytes);
}
