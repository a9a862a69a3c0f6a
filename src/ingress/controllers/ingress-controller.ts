import { Size } from 'cdk8s';
import { Construct } from 'constructs';
import { HstsOptions } from '../../profile/hsts-options';

/**
 * What a controller profile learns about the SecureIngress it configures.
 */
export interface IngressControllerBindContext {
  /** Namespace of the Ingress; objects the profile adds (e.g. Traefik Middlewares) go here. */
  readonly namespace: string;

  /** `metadata.name` of the Ingress, to derive names of objects the profile adds. */
  readonly ingressName: string;
}

/**
 * What a controller profile contributes to one SecureIngress.
 */
export interface IngressControllerBinding {
  /**
   * Annotations for the Ingress (HTTPS redirect, HSTS, limits, ...). A user annotation with the same
   * key and another value is an error.
   *
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}

/**
 * An ingress controller as SecureIngress sees it: the IngressClass it serves, where its pods run (to
 * open the network path from exactly those pods to the backends) and the per-Ingress configuration
 * that enforces HTTPS.
 *
 * Implement it to support a controller the library has no profile for; see docs/secure-ingress.md.
 */
export interface IIngressControllerProfile {
  /** A short name of the controller for error messages and docs, e.g. `ingress-nginx`. */
  readonly controllerName: string;

  /**
   * The IngressClass to use when the SecureIngress gives no `className`.
   *
   * @default - none: the SecureIngress must give `className`
   */
  readonly className?: string;

  /** Namespace the controller's pods run in. */
  readonly namespace: string;

  /** Labels that select the controller's proxy pods in `namespace` (and nothing else there). */
  readonly podLabels: { [key: string]: string };

  /**
   * Called once by each SecureIngress that uses the profile. May add objects below `scope` (for example
   * controller-specific custom resources), always in `context.namespace`. Throw to reject invalid
   * options; the error should name `scope.node.path`.
   *
   * @param scope the SecureIngress
   * @param context the Ingress's namespace and name
   */
  bind(scope: Construct, context: IngressControllerBindContext): IngressControllerBinding;
}

/**
 * Options shared by the built-in controller profiles.
 */
export interface IngressControllerOptions {
  /**
   * The IngressClass to use when the SecureIngress gives no `className`.
   *
   * @default - the class the controller's Helm chart creates (`nginx`, `traefik`)
   */
  readonly className?: string;

  /**
   * Namespace the controller's pods run in.
   *
   * @default - the namespace of the controller's install guide (`ingress-nginx`, `traefik`)
   */
  readonly namespace?: string;

  /**
   * Labels that select the controller's proxy pods.
   *
   * @default - the labels the controller's Helm chart sets on them
   */
  readonly podLabels?: { [key: string]: string };

  /**
   * Largest request body accepted; larger requests get `413 Request Entity Too Large`.
   *
   * @default - the controller's default (ingress-nginx: 1 MiB; Traefik: no limit)
   */
  readonly maxRequestBodySize?: Size;

  /**
   * Requests per second accepted from one client IP address; a burst of five times the rate is allowed.
   *
   * @default - no rate limit
   */
  readonly rateLimitRps?: number;

  /**
   * The HTTP Strict-Transport-Security policy.
   *
   * @default - max-age one year, includeSubDomains, no preload
   */
  readonly hsts?: HstsOptions;
}
