/**
 * PriorityClasses every cluster has: naming them needs no PriorityClass object in the app and no
 * platform list (control POD-PRIORITY-CLASS).
 *
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/#priorityclass
 */
export const SYSTEM_PRIORITY_CLASSES: readonly string[] = ['system-cluster-critical', 'system-node-critical'];
