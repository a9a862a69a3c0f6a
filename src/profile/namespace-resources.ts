/**
 * Amounts of the three container compute resources, as Kubernetes quantities.
 *
 * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
 */
export interface ResourceAmounts {
  /**
   * CPU, in cores or millicores (`"500m"`, `"2"`).
   *
   * @default - the SecureNamespace default for this field
   */
  readonly cpu?: string;

  /**
   * Memory, in bytes with a suffix (`"256Mi"`, `"1Gi"`).
   *
   * @default - the SecureNamespace default for this field
   */
  readonly memory?: string;

  /**
   * Local ephemeral storage (container writable layer, logs, `emptyDir`), in bytes with a suffix.
   *
   * @default - the SecureNamespace default for this field
   */
  readonly ephemeralStorage?: string;
}

/**
 * The per-container LimitRange of a namespace: the requests and limits filled in for containers
 * that set none, and the smallest and largest amounts a container may ask for.
 *
 * Each field overrides only the amounts it names; the others keep their defaults. For every
 * resource `min <= defaultRequest <= defaultLimit <= max` must hold.
 *
 * @see https://kubernetes.io/docs/concepts/policy/limit-range/
 */
export interface ContainerLimits {
  /**
   * Requests given to containers that set none.
   *
   * @default { cpu: '100m', memory: '128Mi', ephemeralStorage: '64Mi' }
   */
  readonly defaultRequest?: ResourceAmounts;

  /**
   * Limits given to containers that set none.
   *
   * @default { cpu: '500m', memory: '512Mi', ephemeralStorage: '1Gi' }
   */
  readonly defaultLimit?: ResourceAmounts;

  /**
   * Smallest request or limit a container may set.
   *
   * @default { cpu: '10m', memory: '16Mi', ephemeralStorage: '1Mi' }
   */
  readonly min?: ResourceAmounts;

  /**
   * Largest request or limit a container may set.
   *
   * @default { cpu: '2', memory: '4Gi', ephemeralStorage: '4Gi' }
   */
  readonly max?: ResourceAmounts;
}

/**
 * The ResourceQuota of a namespace: what all its pods together may request and use, and how many
 * objects of the kinds that cost money or open the cluster up it may hold.
 *
 * Each field overrides only itself; the others keep their defaults.
 *
 * @see https://kubernetes.io/docs/concepts/policy/resource-quotas/
 */
export interface NamespaceQuota {
  /**
   * Sum of CPU requests (`requests.cpu`).
   *
   * @default '4'
   */
  readonly requestsCpu?: string;

  /**
   * Sum of memory requests (`requests.memory`).
   *
   * @default '8Gi'
   */
  readonly requestsMemory?: string;

  /**
   * Sum of ephemeral-storage requests (`requests.ephemeral-storage`).
   *
   * @default '10Gi'
   */
  readonly requestsEphemeralStorage?: string;

  /**
   * Sum of CPU limits (`limits.cpu`).
   *
   * @default '8'
   */
  readonly limitsCpu?: string;

  /**
   * Sum of memory limits (`limits.memory`).
   *
   * @default '16Gi'
   */
  readonly limitsMemory?: string;

  /**
   * Sum of ephemeral-storage limits (`limits.ephemeral-storage`).
   *
   * @default '20Gi'
   */
  readonly limitsEphemeralStorage?: string;

  /**
   * Number of pods in a non-terminal state (`pods`).
   *
   * @default 50
   */
  readonly pods?: number;

  /**
   * Number of PersistentVolumeClaims (`persistentvolumeclaims`).
   *
   * @default 10
   */
  readonly persistentVolumeClaims?: number;

  /**
   * Sum of storage requested by PersistentVolumeClaims (`requests.storage`).
   *
   * @default '50Gi'
   */
  readonly requestsStorage?: string;

  /**
   * Number of NodePort Services (`services.nodeports`). A NodePort opens a port on every node;
   * raise it only for a namespace that is meant to be reachable that way (control SVC-TYPE).
   * LoadBalancer Services allocate node ports too unless `allocateLoadBalancerNodePorts` is false.
   *
   * @default 0
   */
  readonly nodePorts?: number;

  /**
   * Number of LoadBalancer Services (`services.loadbalancers`). Each one is a public entry point
   * and usually a billed cloud load balancer (control SVC-TYPE).
   *
   * @default 0
   */
  readonly loadBalancers?: number;
}
