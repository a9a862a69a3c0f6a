import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';

/** Props of {@link DeploymentNetworkPolicy}. */
export interface DeploymentNetworkPolicyProps {
  /** The deployment whose pods the policy selects. */
  readonly selector: kplus.IPodSelector;
  /** Namespace, name and labels of the policy. */
  readonly metadata: { readonly name: string; readonly namespace: string; readonly labels: Record<string, string> };
  /** Egress rules that always come first (cluster DNS). */
  readonly baseEgress: kplus.k8s.NetworkPolicyEgressRule[];
  /** The ingress rule used while no other ingress is allowed: keeps the list non-empty without admitting other workloads. */
  readonly fallbackIngress: () => kplus.k8s.NetworkPolicyIngressRule;
}

/**
 * The NetworkPolicy of one SecureDeployment: selects its pods, isolates them in both directions and
 * allows exactly the rules added to it (internal to the library; the public type is cdk8s-plus's
 * `NetworkPolicy`, whose `addIngressRule`/`addEgressRule` keep working).
 *
 * Rules are kept once per distinct content, in the order they were first added, so allowing the same
 * connection from both ends (`web.allowTo(api)` and `api.allowFrom(web)`) does not duplicate them.
 */
export class DeploymentNetworkPolicy extends kplus.NetworkPolicy {
  private readonly ingressRules = new Map<string, kplus.k8s.NetworkPolicyIngressRule>();
  private readonly egressRules = new Map<string, kplus.k8s.NetworkPolicyEgressRule>();
  private readonly baseEgress: kplus.k8s.NetworkPolicyEgressRule[];
  private readonly fallbackIngress: () => kplus.k8s.NetworkPolicyIngressRule;

  constructor(scope: Construct, id: string, props: DeploymentNetworkPolicyProps) {
    super(scope, id, {
      selector: props.selector,
      metadata: { name: props.metadata.name, namespace: props.metadata.namespace, labels: { ...props.metadata.labels } },
      ingress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
      egress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
    });
    this.baseEgress = props.baseEgress;
    this.fallbackIngress = props.fallbackIngress;
  }

  /** Allows ingress matching `rule` (ignored when an identical rule exists). */
  public allowIngress(rule: kplus.k8s.NetworkPolicyIngressRule): void {
    this.ingressRules.set(ruleKey(rule), rule);
  }

  /** Allows egress matching `rule` (ignored when an identical rule exists). */
  public allowEgress(rule: kplus.k8s.NetworkPolicyEgressRule): void {
    this.egressRules.set(ruleKey(rule), rule);
  }

  /** @internal */
  public _toKube(): kplus.k8s.NetworkPolicySpec {
    const spec = super._toKube();
    const ingress = [...(spec.ingress ?? []), ...this.ingressRules.values()];
    return {
      ...spec,
      ingress: ingress.length > 0 ? ingress : [this.fallbackIngress()],
      egress: [...this.baseEgress, ...(spec.egress ?? []), ...this.egressRules.values()],
      policyTypes: ['Ingress', 'Egress'],
    };
  }
}

function ruleKey(rule: object): string {
  return JSON.stringify(rule);
}
