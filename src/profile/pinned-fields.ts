/**
 * Fields of a Secure* construct's objects that must synthesize as the construct made them, whatever the audit says of
 * them. In plain manifests their values are the app's choice and no audit rule judges them, but a change made after
 * construction retargets or widens what the construct checked: a Service sending the workload's traffic elsewhere
 * (`selector`, `externalName`), an autoscaler with another target or a replica ceiling of 100000, a quota that only
 * counts terminating pods. A NetworkPolicy's pod selector has its own check (internal/network-policy-check.ts).
 */
export const PINNED_OBJECT_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Service: ['spec.type', 'spec.selector', 'spec.externalName', 'spec.externalIPs', 'spec.loadBalancerSourceRanges'],
  HorizontalPodAutoscaler: ['spec.scaleTargetRef', 'spec.minReplicas', 'spec.maxReplicas'],
  PodDisruptionBudget: ['spec.selector'],
  ResourceQuota: ['spec.scopes', 'spec.scopeSelector'],
};

/**
 * The pod spec fields of a Secure* workload that must synthesize as the construct made them: a shared process namespace
 * lets every container see and signal the others' processes (and read their environment and files through /proc), and a
 * runtime class selects another container runtime handler, whose isolation the construct did not check.
 */
export const PINNED_POD_FIELDS: readonly string[] = ['shareProcessNamespace', 'runtimeClassName'];
