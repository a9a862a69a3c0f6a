import { podTemplatesOf } from './pod-templates';
import { polarisFlaggedEnvVars } from './polaris-env';

/**
 * The library's documented decisions that a scanner flags (docs/scanners.md, "Decisions where the tools disagree"), in
 * one place: the constructs write the scanners' exemptions for them with these reasons, and the audit
 * (META-SCANNER-EXEMPTION) accepts a scanner exemption in a manifest as a library decision only when it is one of these,
 * for one of its checks, with its reason.
 */

/** The scanners' checks a decision exempts, by scanner (only those that read an object's kind are written on it). */
export interface DecisionChecks {
  readonly polaris?: readonly string[];
  readonly kubeScore?: readonly string[];
  readonly kubeLinter?: readonly string[];
}

/** A documented library decision that a scanner flags. */
export interface LibraryDecision {
  /** The scanners' checks it exempts. */
  readonly checks: DecisionChecks;
  /** Why the library is right and the scanner is not (written as `library decision: <reason>` beside the exemption). */
  readonly reason: string;
  /**
   * Whether the decision can hold for a manifest object (its JSON and annotations), as far as the object alone shows:
   * the audit accepts the decision's exemptions in manifests only then. Unset: it holds wherever it is cited.
   */
  readonly holds?: (object: any, annotations: Readonly<Record<string, string>>) => boolean;
  /** What `holds` requires, for messages. */
  readonly condition?: string;
}

/** The pod spec of a rendered object of a built-in workload kind. */
function podSpecOf(object: any): any {
  return podTemplatesOf(object)[0]?.template?.spec;
}

/** How a decision's reason starts where it is written beside a scanner exemption. */
export const LIBRARY_DECISION_PREFIX = 'library decision: ';

/** A replicated kind without a PodDisruptionBudget, which only an AVAIL-REPLICAS exception allows. */
export const NO_PDB_DECISION: LibraryDecision = {
  checks: { polaris: ['missingPodDisruptionBudget'], kubeScore: ['deployment-has-poddisruptionbudget', 'statefulset-has-poddisruptionbudget'] },
  reason: 'with fewer than 2 replicas (an AVAIL-REPLICAS exception) no PodDisruptionBudget is created: one allowing no eviction would block every '
    + 'node drain',
  holds: (object, annotations) => annotations['exception.cdk8s-secure.io/AVAIL-REPLICAS'] !== undefined
    && (object?.spec?.replicas === undefined || Number(object.spec.replicas) < 2),
  condition: 'an AVAIL-REPLICAS exception documented on the object and fewer than 2 replicas',
};

/** Polaris wants `spec.replicas` of at least 2; with an autoscaler the Kubernetes docs say to leave it out (kube-score agrees). */
export const AUTOSCALED_DECISION: LibraryDecision = {
  checks: { polaris: ['deploymentMissingReplicas'] },
  reason: 'the HorizontalPodAutoscaler owns the replica count, so spec.replicas is left out as the Kubernetes docs recommend '
    + '(kube-score deployment-targeted-by-hpa-does-not-have-replicas-configured agrees)',
  holds: (object) => object?.kind === 'Deployment' && object?.spec?.replicas === undefined,
  condition: 'a Deployment without spec.replicas',
};

/** Polaris topologySpreadConstraint reads DaemonSets too (it excludes only Jobs and CronJobs). */
export const ONE_POD_PER_NODE_DECISION: LibraryDecision = {
  checks: { polaris: ['topologySpreadConstraint'] },
  reason: 'a DaemonSet runs one pod on each eligible node by design, so a topology spread constraint would change nothing',
  holds: (object) => object?.kind === 'DaemonSet',
  condition: 'a DaemonSet',
};

/** A NetworkPolicy without egress (or ingress) rules is right although Polaris wants rules in both directions. */
export const DENY_ALL_DIRECTION_DECISION: LibraryDecision = {
  checks: { polaris: ['missingNetworkPolicy'] },
  reason: 'the NetworkPolicy selects the pods for Ingress and Egress and allows nothing in a direction '
    + 'that has no declared peer (no cluster DNS, no allowTo()), which is stricter than any rule',
  holds: (object) => podSpecOf(object) !== undefined,
  condition: 'a workload with a pod template',
};

/** A `*_FILE` env var that names a mounted secret file is not a secret in the environment. */
export const SECRET_FILE_ENV_DECISION: LibraryDecision = {
  checks: { polaris: ['sensitiveContainerEnvVar'] },
  reason: 'the *_FILE variables hold the path of a file of a mounted Secret (the secrets-as-files pattern official images read), not the secret',
  holds: (object) => {
    const flagged = polarisFlaggedEnvVars(podSpecOf(object));
    return flagged.length > 0 && flagged.every((variable) => variable.secretFile);
  },
  condition: 'every variable Polaris flags is a *_FILE path into a Secret mounted into its container',
};

/** The namespace's baseline NetworkPolicies select every pod of the namespace, present and future. */
export const BASELINE_POLICY_DECISION: LibraryDecision = {
  checks: { kubeScore: ['networkpolicy-targets-pod'] },
  reason: 'a namespace baseline policy selects every pod of the namespace, present and future, and exists before the namespace\'s workloads',
  holds: (object) => object?.kind === 'NetworkPolicy' && Object.keys(object?.spec?.podSelector ?? {}).every((key) => {
    const value = object.spec.podSelector[key];
    return value === undefined || value === null || (Array.isArray(value) ? value.length === 0 : typeof value === 'object' && Object.keys(value).length === 0);
  }),
  condition: 'a NetworkPolicy selecting every pod of its namespace',
};

/** Every decision, for the audit and docs. */
export const LIBRARY_DECISIONS: readonly LibraryDecision[] = [
  NO_PDB_DECISION, AUTOSCALED_DECISION, ONE_POD_PER_NODE_DECISION, DENY_ALL_DIRECTION_DECISION, SECRET_FILE_ENV_DECISION, BASELINE_POLICY_DECISION,
];

/** The reason written beside the scanners' exemptions for `decision`. */
export function decisionReason(decision: LibraryDecision): string {
  return `${LIBRARY_DECISION_PREFIX}${decision.reason}`;
}
