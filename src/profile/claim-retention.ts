/**
 * What happens to a StatefulSet's PersistentVolumeClaims when the StatefulSet is deleted or scaled down
 * (`persistentVolumeClaimRetentionPolicy`).
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#persistentvolumeclaim-retention
 */
export enum ClaimRetention {
  /** The claims, and the data, are kept (the default): deleting or scaling the StatefulSet never deletes data. */
  RETAIN = 'Retain',
  /** The claims are deleted with the pods: the data is gone. */
  DELETE = 'Delete',
}
