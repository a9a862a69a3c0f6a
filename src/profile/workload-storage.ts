/**
 * The persistent-storage defaults of SecureStatefulSet (availability of data: NIST CP-10;
 * ISO 27001 A.8.14).
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#volume-claim-templates
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#persistentvolumeclaim-retention
 */

/**
 * `fsGroupChangePolicy` of a StatefulSet's pods: the kubelet gives the volume to the pod's fsGroup (so a non-root
 * process can write it) only when its root does not already match, instead of walking every file at each start.
 */
export const STATEFUL_FS_GROUP_CHANGE_POLICY = 'OnRootMismatch';

/** Largest volume claim accepted without a second look: 64 TiB in mebibytes (a typo guard, e.g. Size.tebibytes(1000)). */
export const MAX_CLAIM_MEBIBYTES = 64 * 1024 * 1024;
