import { k8s } from 'cdk8s-plus-28';
import type { SecureDeployment } from '../secure-deployment';

/** A SecurePeer made concrete for one NetworkPolicy rule (internal to the library). */
export interface ResolvedPeer {
  /** How the peer is described in errors, e.g. `pods app=web in namespace shop`. */
  readonly description: string;
  /** The NetworkPolicy peer selecting it. */
  readonly peer: k8s.NetworkPolicyPeer;
  /** The SecureDeployment behind the peer, whose own policy gets the mirror rule. */
  readonly deployment?: SecureDeployment;
}
