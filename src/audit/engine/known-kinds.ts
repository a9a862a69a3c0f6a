/**
 * The built-in kinds of the Kubernetes 1.28 API, and whether their objects live in a namespace. Objects of
 * other kinds (custom resources) are audited by the rules that apply to every object only, and reported.
 *
 * @see https://kubernetes.io/docs/reference/kubernetes-api/
 */
const NAMESPACED: readonly string[] = [
  'Binding', 'ConfigMap', 'ControllerRevision', 'CronJob', 'CSIStorageCapacity', 'DaemonSet', 'Deployment',
  'Endpoints', 'EndpointSlice', 'Event', 'HorizontalPodAutoscaler', 'Ingress', 'Job', 'Lease', 'LimitRange',
  'LocalSubjectAccessReview', 'NetworkPolicy', 'PersistentVolumeClaim', 'Pod', 'PodDisruptionBudget', 'PodTemplate',
  'ReplicaSet', 'ReplicationController', 'ResourceQuota', 'Role', 'RoleBinding', 'Secret', 'Service',
  'ServiceAccount', 'StatefulSet',
];

const CLUSTER_SCOPED: readonly string[] = [
  'APIService', 'CertificateSigningRequest', 'ClusterRole', 'ClusterRoleBinding', 'ComponentStatus', 'CSIDriver',
  'CSINode', 'CustomResourceDefinition', 'FlowSchema', 'IngressClass', 'MutatingWebhookConfiguration', 'Namespace',
  'Node', 'PersistentVolume', 'PriorityClass', 'PriorityLevelConfiguration', 'RuntimeClass', 'SelfSubjectAccessReview',
  'SelfSubjectReview', 'SelfSubjectRulesReview', 'StorageClass', 'SubjectAccessReview', 'TokenReview',
  'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'ValidatingWebhookConfiguration', 'VolumeAttachment',
];

const SCOPE = new Map<string, boolean>([
  ...NAMESPACED.map(kind => [kind, true] as const),
  ...CLUSTER_SCOPED.map(kind => [kind, false] as const),
]);

/** Whether `kind` is a built-in Kubernetes kind. */
export function isKnownKind(kind: string): boolean {
  return SCOPE.has(kind);
}

/** Whether objects of the built-in `kind` live in a namespace (`undefined` for unknown kinds). */
export function isNamespacedKind(kind: string): boolean | undefined {
  return SCOPE.get(kind);
}
