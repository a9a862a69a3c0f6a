/**
 * The namespace-scoped roles people are bound to (controls RBAC-NO-ADMIN, RBAC-SECRETS, RBAC-EXEC).
 *
 * Both roles name every API group, resource and verb (never `*`), grant nothing on Secrets, and
 * nothing on the pod subresources that open a shell or a tunnel into a container (`pods/exec`,
 * `pods/attach`, `pods/portforward`, `pods/proxy`, `services/proxy`). Neither can touch RBAC
 * objects, so neither can grant itself more.
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/
 * @see https://kubernetes.io/docs/concepts/security/rbac-good-practices/
 */

/** One RBAC policy rule. */
export interface AccessRule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
}

/** Name of the read-only Role in each SecureNamespace. */
export const READ_ONLY_ROLE_NAME = 'namespace-read-only';

/** Name of the deployer Role in each SecureNamespace. */
export const DEPLOYER_ROLE_NAME = 'namespace-deployer';

/** Verbs that read. */
export const READ_VERBS: readonly string[] = ['get', 'list', 'watch'];

/** Verbs that change a single object (no `deletecollection`: mass deletion is not a deploy step). */
export const WRITE_VERBS: readonly string[] = ['create', 'delete', 'patch', 'update'];

/**
 * What the read-only role may get, list and watch: workloads, their pods and logs, configuration
 * that is not secret, networking and the namespace's own quota and limits.
 */
export const READ_ONLY_RULES: readonly AccessRule[] = [
  {
    apiGroups: [''],
    resources: ['configmaps', 'endpoints', 'events', 'limitranges', 'persistentvolumeclaims', 'pods', 'pods/log',
      'resourcequotas', 'serviceaccounts', 'services'],
    verbs: READ_VERBS,
  },
  { apiGroups: ['apps'], resources: ['daemonsets', 'deployments', 'replicasets', 'statefulsets'], verbs: READ_VERBS },
  { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: READ_VERBS },
  { apiGroups: ['batch'], resources: ['cronjobs', 'jobs'], verbs: READ_VERBS },
  { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: READ_VERBS },
  { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: READ_VERBS },
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'networkpolicies'], verbs: READ_VERBS },
  { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: READ_VERBS },
];

/**
 * What the deployer role may do on top of reading: create, change and delete the objects an
 * application is deployed as (Deployments, StatefulSets, Jobs, CronJobs, Services, ConfigMaps,
 * PersistentVolumeClaims, ServiceAccounts, HorizontalPodAutoscalers, PodDisruptionBudgets,
 * Ingresses and NetworkPolicies), scale them, and delete a pod to restart it. ReplicaSets and pods
 * stay read-only (their controllers own them); DaemonSets are platform territory.
 */
export const DEPLOYER_WRITE_RULES: readonly AccessRule[] = [
  { apiGroups: [''], resources: ['configmaps', 'persistentvolumeclaims', 'serviceaccounts', 'services'], verbs: WRITE_VERBS },
  { apiGroups: [''], resources: ['pods'], verbs: ['delete'] },
  { apiGroups: ['apps'], resources: ['deployments', 'statefulsets'], verbs: WRITE_VERBS },
  { apiGroups: ['apps'], resources: ['deployments/scale', 'statefulsets/scale'], verbs: ['get', 'patch', 'update'] },
  { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: WRITE_VERBS },
  { apiGroups: ['batch'], resources: ['cronjobs', 'jobs'], verbs: WRITE_VERBS },
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'networkpolicies'], verbs: WRITE_VERBS },
  { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: WRITE_VERBS },
];

/** Every rule of the deployer role: the read-only rules, then the write rules. */
export const DEPLOYER_RULES: readonly AccessRule[] = [...READ_ONLY_RULES, ...DEPLOYER_WRITE_RULES];

/**
 * Subjects that stand for every user or every anonymous request (the groups
 * `system:authenticated` and `system:unauthenticated`, the user `system:anonymous`): binding a role
 * to one of them grants it to the whole cluster, or to anyone who reaches the API server.
 */
export const EVERYONE_SUBJECT_NAMES: readonly string[] = ['system:anonymous', 'system:authenticated', 'system:unauthenticated'];

/** The prefix Kubernetes reserves for the names of its own users and groups. */
export const SYSTEM_NAME_PREFIX = 'system:';

/**
 * What a subject stands for when it is a group of identities the team does not own (matched trimmed and
 * case-insensitively, so a look-alike spelling counts too), or `undefined`: the groups of every user, every
 * anonymous request, every ServiceAccount (of the cluster or of one namespace), the nodes, the bootstrap tokens and
 * every other `system:` group, and the user `system:anonymous`. Shared by SecureNamespace and RBAC-BROAD-SUBJECT.
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-subjects
 */
export function broadSubjectProblem(kind: string, name: string): string | undefined {
  const n = name.trim().toLowerCase();
  const everyone = EVERYONE_SUBJECT_NAMES.includes(n) ? 'every user or every anonymous request' : undefined;
  if (everyone) {
    return `stands for ${everyone}`;
  }
  if (kind.trim().toLowerCase() !== 'group' || !n.startsWith(SYSTEM_NAME_PREFIX)) {
    return undefined;
  }
  if (n === 'system:serviceaccounts') {
    return 'stands for every ServiceAccount of the cluster';
  }
  if (n.startsWith('system:serviceaccounts:')) {
    return `stands for every ServiceAccount of the namespace "${n.slice('system:serviceaccounts:'.length)}", including ones of other apps`;
  }
  if (n === 'system:masters') {
    return 'is the cluster superuser group (it bypasses RBAC)';
  }
  if (n === 'system:nodes') {
    return 'stands for every node of the cluster';
  }
  return 'is a group that Kubernetes manages for its own components';
}
