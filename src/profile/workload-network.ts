/**
 * Network defaults of a workload's NetworkPolicy (controls NS-DEFAULT-DENY and NS-DNS-EGRESS).
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */

import { INGRESS_NGINX } from './ingress-controller-defaults';

/** Namespace of the ingress controller when `SecurePeer.ingressController()` names none (ingress-nginx). */
export const DEFAULT_INGRESS_CONTROLLER_NAMESPACE = INGRESS_NGINX.namespace;

/** Labels of the ingress controller pods when `SecurePeer.ingressController()` names none (ingress-nginx controller pods). */
export const DEFAULT_INGRESS_CONTROLLER_POD_LABELS: Readonly<Record<string, string>> = INGRESS_NGINX.podLabels;
