/**
 * Where the common ingress controllers run and how they are configured per Ingress, as installed by
 * their official Helm charts. The built-in controller profiles read their defaults from here.
 */

/** The label every namespace carries with its own name (Kubernetes 1.21+), used to select the controller's namespace. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** ingress-nginx (kubernetes/ingress-nginx) as installed by its Helm chart. */
export const INGRESS_NGINX = {
  /** IngressClass created by the chart (`controller.ingressClassResource.name`). */
  className: 'nginx',
  /** Namespace of the install guide (`helm install --namespace ingress-nginx`). */
  namespace: 'ingress-nginx',
  /** Labels the chart puts on the controller pods (not the admission webhook or default backend). */
  podLabels: {
    'app.kubernetes.io/component': 'controller',
    'app.kubernetes.io/name': 'ingress-nginx',
  } as Readonly<Record<string, string>>,
  /** Annotation prefix (`--annotations-prefix`). */
  annotationPrefix: 'nginx.ingress.kubernetes.io/',
  /** ingress-nginx's own burst for `limit-rps`: five times the rate (`limit-burst-multiplier`). */
  rateLimitBurstMultiplier: 5,
};

/** Traefik Proxy (v2.10+ and v3) as installed by its Helm chart. */
export const TRAEFIK = {
  /** IngressClass created by the chart (`ingressClass.name` defaults to the release name). */
  className: 'traefik',
  /** Namespace commonly used for the chart (k3s installs it in kube-system instead). */
  namespace: 'traefik',
  /** Label the chart puts on the proxy pods. */
  podLabels: { 'app.kubernetes.io/name': 'traefik' } as Readonly<Record<string, string>>,
  /** HTTPS entry point of the chart. */
  secureEntryPoint: 'websecure',
  /** Annotation prefix of the Kubernetes Ingress provider. */
  annotationPrefix: 'traefik.ingress.kubernetes.io/',
  /** API version of Traefik's Middleware custom resource (`traefik.containo.us/v1alpha1` before v2.10). */
  middlewareApiVersion: 'traefik.io/v1alpha1',
  /** Burst allowed above the average rate, as a multiple of it (matches ingress-nginx's default). */
  rateLimitBurstMultiplier: 5,
};

/** cert-manager's ingress-shim annotations. */
export const CERT_MANAGER = {
  /** Names a cluster-scoped ClusterIssuer. */
  clusterIssuerAnnotation: 'cert-manager.io/cluster-issuer',
  /** Names a namespaced Issuer in the Ingress's namespace. */
  issuerAnnotation: 'cert-manager.io/issuer',
  /** Suffix of the Secret name derived from the Ingress name when none is given. */
  secretNameSuffix: '-tls',
};

/** The legacy class annotation; the API server rejects it together with `spec.ingressClassName`. */
export const LEGACY_INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
