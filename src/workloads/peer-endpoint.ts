import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';

/**
 * The NetworkPolicy side of a secure workload, as a peer of another one's `allowFrom()`/`allowTo()` (internal to
 * the library): the rule that one end allows is mirrored on the other end's policy.
 */
export interface PeerEndpoint {
  /** The construct class, for error messages (e.g. `SecureDeployment`). */
  readonly constructName: string;
  /** The namespace of the workload's pods. */
  readonly namespace: string;
  /** The labels that select the workload's pods. */
  readonly podLabels: Record<string, string>;
  /** Adds an ingress rule to the workload's own NetworkPolicy. */
  allowIngress(rule: kplus.k8s.NetworkPolicyIngressRule): void;
  /** Adds an egress rule to the workload's own NetworkPolicy. */
  allowEgress(rule: kplus.k8s.NetworkPolicyEgressRule): void;
  /** The workload's container ports, for `prop`; an error when it has none. */
  portsToReceive(prop: string): kplus.k8s.NetworkPolicyPort[];
}

const ENDPOINTS = new WeakMap<IConstruct, PeerEndpoint>();

/** Records the NetworkPolicy side of the secure workload `workload`. */
export function registerPeerEndpoint(workload: IConstruct, endpoint: PeerEndpoint): void {
  ENDPOINTS.set(workload, endpoint);
}

/** The NetworkPolicy side of `workload`, when it is a secure workload of this library. */
export function peerEndpointOf(workload: unknown): PeerEndpoint | undefined {
  return workload !== null && typeof workload === 'object' ? ENDPOINTS.get(workload as IConstruct) : undefined;
}
