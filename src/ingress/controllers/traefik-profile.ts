import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { IIngressControllerProfile, IngressControllerBindContext, IngressControllerBinding, IngressControllerOptions } from './ingress-controller';
import { bodySizeBytes, rateLimit, validHsts } from './validation';
import { invalidProp } from '../../internal/errors';
import { TRAEFIK } from '../../profile/ingress-controller-defaults';
import { dnsLabelProblem, dnsSubdomainProblem } from '../../profile/ingress-host';
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from '../../profile/managed-by';

/**
 * Options of the Traefik profile.
 */
export interface TraefikIngressControllerOptions extends IngressControllerOptions {
  /**
   * The HTTPS entry point; the Ingress's routers listen on it only, so nothing is served over plain HTTP.
   *
   * @default 'websecure'
   */
  readonly entryPoint?: string;
}

/**
 * Traefik Proxy (v2.10+ and v3) through its Kubernetes Ingress provider.
 *
 * Per Ingress it sets `traefik.ingress.kubernetes.io/router.entrypoints: websecure` (no router on plain
 * HTTP) and `router.tls: "true"`, and references Middleware resources it emits in the Ingress's namespace
 * with `router.middlewares`: `<ingress-name>-hsts` (headers: stsSeconds, stsIncludeSubdomains,
 * stsPreload) and, when set, `<ingress-name>-ratelimit` and `<ingress-name>-body-limit`.
 *
 * Redirecting HTTP to HTTPS is entry-point configuration in Traefik, not Ingress configuration: a
 * redirect middleware on a TLS-only router never sees a plain-HTTP request. Configure it once on the
 * proxy (Helm chart v34+: `ports.web.redirections.entryPoint: { to: websecure, scheme: https, permanent: true }`).
 *
 * @see https://doc.traefik.io/traefik/routing/providers/kubernetes-ingress/
 */
export class TraefikIngressControllerProfile implements IIngressControllerProfile {
  /** `traefik`. */
  public readonly controllerName = 'traefik';
  /** The IngressClass (default `traefik`). */
  public readonly className?: string;
  /** Namespace of the Traefik pods (default `traefik`). */
  public readonly namespace: string;
  /** Labels of the Traefik pods (default `app.kubernetes.io/name: traefik`). */
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
  /** The HTTPS entry point (default `websecure`). */
  public readonly entryPoint: string;
  private readonly options: TraefikIngressControllerOptions;

  constructor(options: TraefikIngressControllerOptions = {}) {
    this.options = options;
    this.className = options.className ?? TRAEFIK.className;
    this.namespace = options.namespace ?? TRAEFIK.namespace;
    this.podLabels = { ...(options.podLabels ?? TRAEFIK.podLabels) };
    this._defaultNamespace = options.namespace === undefined;
    this._defaultPodLabels = options.podLabels === undefined;
    this.entryPoint = options.entryPoint ?? TRAEFIK.secureEntryPoint;
  }

  /** Emits the Middlewares and returns the router annotations that reference them. */
  public bind(scope: Construct, context: IngressControllerBindContext): IngressControllerBinding {
    const problem = dnsLabelProblem(this.entryPoint);
    if (problem) {
      throw invalidProp(scope, 'controller.entryPoint', this.entryPoint, `the entry point name ${problem}`,
        "pass the name of Traefik's HTTPS entry point, e.g. 'websecure'");
    }
    // Order matters: reject over-limit clients before buffering their bodies.
    const middlewares: string[] = [];
    const rps = rateLimit(scope, 'controller.rateLimitRps', this.options.rateLimitRps);
    if (rps !== undefined) {
      middlewares.push(this.middleware(scope, context, 'ratelimit', {
        rateLimit: { average: rps, period: '1s', burst: rps * TRAEFIK.rateLimitBurstMultiplier },
      }));
    }
    const bytes = bodySizeBytes(scope, 'controller.maxRequestBodySize', this.options.maxRequestBodySize);
    if (bytes !== undefined) {
      middlewares.push(this.middleware(scope, context, 'body-limit', { buffering: { maxRequestBodyBytes: bytes } }));
    }
    const hsts = validHsts(scope, 'controller.hsts', this.options.hsts);
    middlewares.push(this.middleware(scope, context, 'hsts', {
      headers: {
        stsSeconds: hsts.maxAgeSeconds,
        stsIncludeSubdomains: hsts.includeSubDomains,
        stsPreload: hsts.preload,
      },
    }));

    const prefix = TRAEFIK.annotationPrefix;
    return {
      annotations: {
        [`${prefix}router.entrypoints`]: this.entryPoint,
        [`${prefix}router.tls`]: 'true',
        [`${prefix}router.middlewares`]: middlewares.join(','),
      },
    };
  }

  /** Emits one Middleware and returns its cross-provider reference `<namespace>-<name>@kubernetescrd`. */
  private middleware(scope: Construct, context: IngressControllerBindContext, suffix: string, spec: object): string {
    const name = `${context.ingressName}-${suffix}`;
    const problem = dnsSubdomainProblem(name);
    if (problem) {
      throw invalidProp(scope, 'metadata.name', context.ingressName, `the derived Middleware name ${name} ${problem}`, 'give the Ingress a shorter name');
    }
    new ApiObject(scope, `Middleware-${suffix}`, {
      apiVersion: TRAEFIK.middlewareApiVersion,
      kind: 'Middleware',
      metadata: { name, namespace: context.namespace, labels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE } },
      spec,
    });
    return `${context.namespace}-${name}@kubernetescrd`;
  }
}
