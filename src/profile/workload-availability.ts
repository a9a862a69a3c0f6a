/**
 * Availability defaults of a workload: replicas, rollout, disruption budget and spreading (controls
 * AVAIL-REPLICAS, WL-ROLLING, AVAIL-PDB, AVAIL-SPREAD).
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#rolling-update-deployment
 * @see https://kubernetes.io/docs/concepts/workloads/pods/disruptions/
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/
 */

import { k8s } from 'cdk8s-plus-28';

/** Replicas when none are given: one pod can be drained or rescheduled while the other serves. */
export const DEFAULT_REPLICAS = 2;

/** Fewest replicas (or HPA minimum) accepted without an exception to AVAIL-REPLICAS. */
export const MIN_AVAILABLE_REPLICAS = 2;

/** Rolling updates never take a serving pod away before its replacement is ready. */
export const ROLLING_MAX_UNAVAILABLE = 0;

/** Extra pods a rolling update may start, in percent of the replicas (at least one pod). */
export const ROLLING_MAX_SURGE_PERCENT = 25;

/** Pods a voluntary disruption (node drain, upgrade) may take down at once. */
export const PDB_MAX_UNAVAILABLE = 1;

/**
 * Pods that are not Ready may always be evicted: they serve nothing, and with the default
 * (`IfHealthyBudget`) a crash-looping replica would block every node drain.
 *
 * @see https://kubernetes.io/docs/tasks/run-application/configure-pdb/#unhealthy-pod-eviction-policy
 */
export const PDB_UNHEALTHY_POD_EVICTION_POLICY = 'AlwaysAllow';

/** Default target of the HorizontalPodAutoscaler: average CPU use in percent of the request. */
export const DEFAULT_CPU_UTILIZATION = 70;

/** The topology replicas are spread across. */
export const SPREAD_TOPOLOGY_KEY = 'kubernetes.io/hostname';

/**
 * Weight of the preferred pod anti-affinity on the hostname. The topology spread constraint already
 * spreads the pods; the anti-affinity says the same for scanners that only read `podAntiAffinity`
 * (kube-score, kube-linter), and, being preferred, never blocks scheduling.
 */
export const SPREAD_ANTI_AFFINITY_WEIGHT = 100;

/**
 * The topology spread constraint that spreads a workload's pods across nodes. `ScheduleAnyway` keeps
 * pods schedulable on a one-node cluster while still preferring separate nodes.
 */
export function spreadAcrossNodes(matchLabels: Record<string, string>): k8s.TopologySpreadConstraint {
  return {
    maxSkew: 1,
    topologyKey: SPREAD_TOPOLOGY_KEY,
    whenUnsatisfiable: 'ScheduleAnyway',
    labelSelector: { matchLabels: { ...matchLabels } },
  };
}
