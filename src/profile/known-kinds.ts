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

/**
 * The API groups that serve each built-in kind (`''` is the core group), including the legacy groups a 1.28
 * cluster no longer serves but manifests still name (`extensions` for Deployments, Ingresses...).
 */
const GROUPS: Readonly<Record<string, readonly string[]>> = {
  Binding: [''],
  ComponentStatus: [''],
  ConfigMap: [''],
  Endpoints: [''],
  Event: ['', 'events.k8s.io'],
  LimitRange: [''],
  Namespace: [''],
  Node: [''],
  PersistentVolume: [''],
  PersistentVolumeClaim: [''],
  Pod: [''],
  PodTemplate: [''],
  ReplicationController: [''],
  ResourceQuota: [''],
  Secret: [''],
  Service: [''],
  ServiceAccount: [''],
  ControllerRevision: ['apps'],
  DaemonSet: ['apps', 'extensions'],
  Deployment: ['apps', 'extensions'],
  ReplicaSet: ['apps', 'extensions'],
  StatefulSet: ['apps'],
  CronJob: ['batch'],
  Job: ['batch'],
  CSIDriver: ['storage.k8s.io'],
  CSINode: ['storage.k8s.io'],
  CSIStorageCapacity: ['storage.k8s.io'],
  StorageClass: ['storage.k8s.io'],
  VolumeAttachment: ['storage.k8s.io'],
  EndpointSlice: ['discovery.k8s.io'],
  HorizontalPodAutoscaler: ['autoscaling'],
  Ingress: ['networking.k8s.io', 'extensions'],
  IngressClass: ['networking.k8s.io'],
  NetworkPolicy: ['networking.k8s.io', 'extensions'],
  Lease: ['coordination.k8s.io'],
  LocalSubjectAccessReview: ['authorization.k8s.io'],
  SelfSubjectAccessReview: ['authorization.k8s.io'],
  SelfSubjectRulesReview: ['authorization.k8s.io'],
  SubjectAccessReview: ['authorization.k8s.io'],
  SelfSubjectReview: ['authentication.k8s.io'],
  TokenReview: ['authentication.k8s.io'],
  PodDisruptionBudget: ['policy'],
  ClusterRole: ['rbac.authorization.k8s.io'],
  ClusterRoleBinding: ['rbac.authorization.k8s.io'],
  Role: ['rbac.authorization.k8s.io'],
  RoleBinding: ['rbac.authorization.k8s.io'],
  APIService: ['apiregistration.k8s.io'],
  CertificateSigningRequest: ['certificates.k8s.io'],
  CustomResourceDefinition: ['apiextensions.k8s.io'],
  FlowSchema: ['flowcontrol.apiserver.k8s.io'],
  PriorityLevelConfiguration: ['flowcontrol.apiserver.k8s.io'],
  MutatingWebhookConfiguration: ['admissionregistration.k8s.io'],
  ValidatingWebhookConfiguration: ['admissionregistration.k8s.io'],
  ValidatingAdmissionPolicy: ['admissionregistration.k8s.io'],
  ValidatingAdmissionPolicyBinding: ['admissionregistration.k8s.io'],
  PriorityClass: ['scheduling.k8s.io'],
  RuntimeClass: ['node.k8s.io'],
};

/** The API group of an `apiVersion` (`''` for the core group `v1`). */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * Whether an object is of a built-in kind: its kind is a built-in one and its `apiVersion` names the group that
 * serves it. A `serving.knative.dev/v1` `Service` or a `batch.volcano.sh/v1alpha1` `Job` is a custom resource:
 * the built-in kind's paths and rules do not apply to it. An object without an `apiVersion` (which the API
 * server refuses) is judged by its kind.
 */
export function isBuiltInObject(object: { readonly apiVersion: string; readonly kind: string }): boolean {
  if (!isKnownKind(object.kind)) {
    return false;
  }
  if (object.apiVersion === '') {
    return true;
  }
  return (GROUPS[object.kind] ?? []).includes(apiGroupOf(object.apiVersion));
}
