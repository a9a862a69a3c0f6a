/**
 * Service-mesh settings for strict mutual TLS inside a namespace, and the control-plane endpoints
 * meshed pods must reach through the namespace's default-deny egress.
 *
 * @see https://istio.io/latest/docs/reference/config/security/peer_authentication/
 * @see https://linkerd.io/2/reference/authorization-policy/
 */

/** API version of Istio's PeerAuthentication (served by every Istio release since 1.5). */
export const ISTIO_PEER_AUTHENTICATION_API_VERSION = 'security.istio.io/v1beta1';

/** A namespace-wide PeerAuthentication is conventionally named `default`. */
export const ISTIO_PEER_AUTHENTICATION_NAME = 'default';

/** Namespace Istio's control plane is installed into by default. */
export const ISTIO_CONTROL_PLANE_NAMESPACE = 'istio-system';

/** Labels of the istiod pods. */
export const ISTIO_CONTROL_PLANE_POD_LABELS: Readonly<Record<string, string>> = { app: 'istiod' };

/** istiod's XDS and certificate-signing port (TLS), the only one sidecars dial. */
export const ISTIO_CONTROL_PLANE_PORTS: readonly number[] = [15012];

/** Namespace label that turns on sidecar injection when no revision is used. */
export const ISTIO_INJECTION_LABEL = 'istio-injection';

/** Namespace label that selects the injecting control-plane revision. */
export const ISTIO_REVISION_LABEL = 'istio.io/rev';

/** Namespace annotation that turns on Linkerd proxy injection. */
export const LINKERD_INJECT_ANNOTATION = 'linkerd.io/inject';

/** Namespace annotation with the default inbound policy of the namespace's meshed pods. */
export const LINKERD_DEFAULT_INBOUND_POLICY_ANNOTATION = 'config.linkerd.io/default-inbound-policy';

/** Only meshed (mutually authenticated) clients may connect: Linkerd's strict-mTLS default policy. */
export const LINKERD_STRICT_INBOUND_POLICY = 'all-authenticated';

/** Namespace Linkerd's control plane is installed into by default. */
export const LINKERD_CONTROL_PLANE_NAMESPACE = 'linkerd';

/** Label carried by every Linkerd control-plane pod; its value is the control-plane namespace. */
export const LINKERD_CONTROL_PLANE_NS_LABEL = 'linkerd.io/control-plane-ns';

/** Ports proxies dial on the control plane: identity (8080), destination (8086) and policy (8090). */
export const LINKERD_CONTROL_PLANE_PORTS: readonly number[] = [8080, 8086, 8090];
