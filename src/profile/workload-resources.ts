/**
 * Default compute and storage resources of a workload's containers (controls CTR-RESOURCES and
 * CTR-EPHEMERAL-STORAGE), and the checks that keep them meaningful.
 *
 * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
 * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#local-ephemeral-storage
 */

/**
 * Requests and limits of one container, as Kubernetes quantities (`"250m"`, `"1"`, `"256Mi"`, `"1Gi"`).
 *
 * Every field left out takes its documented default, so the output always carries cpu, memory and
 * ephemeral-storage requests and limits. Each limit must be at least its request.
 *
 * @see https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
 */
export interface WorkloadResources {
  /**
   * CPU the scheduler reserves for the container.
   *
   * @default "100m"
   */
  readonly cpuRequest?: string;

  /**
   * CPU the container may use before it is throttled.
   *
   * @default "500m"
   */
  readonly cpuLimit?: string;

  /**
   * Memory the scheduler reserves for the container.
   *
   * @default "128Mi"
   */
  readonly memoryRequest?: string;

  /**
   * Memory above which the container is OOM-killed.
   *
   * @default "256Mi"
   */
  readonly memoryLimit?: string;

  /**
   * Node-local disk (logs, writable layer, disk-backed `emptyDir` volumes) the scheduler reserves.
   *
   * @default "64Mi"
   */
  readonly ephemeralStorageRequest?: string;

  /**
   * Node-local disk above which the pod is evicted.
   *
   * @default "512Mi"
   */
  readonly ephemeralStorageLimit?: string;
}
