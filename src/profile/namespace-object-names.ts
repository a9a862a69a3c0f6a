/**
 * Names of the objects a SecureNamespace emits into its namespace (the roles are named in
 * `namespace-access-rules`, the Istio PeerAuthentication in `namespace-mesh`).
 */
export const NAMESPACE_OBJECT_NAMES = {
  /** The NetworkPolicy that denies all ingress and egress. */
  defaultDeny: 'default-deny-all',
  /** The NetworkPolicy that allows egress to cluster DNS. */
  dnsEgress: 'allow-cluster-dns',
  /** The NetworkPolicy that allows egress to the mesh control plane. */
  meshControlPlane: 'allow-mesh-control-plane',
  /** The ResourceQuota. */
  quota: 'namespace-quota',
  /** The LimitRange. */
  limitRange: 'container-limits',
  /** The ServiceAccount Kubernetes creates in every namespace and mounts when a pod names none. */
  defaultServiceAccount: 'default',
} as const;
