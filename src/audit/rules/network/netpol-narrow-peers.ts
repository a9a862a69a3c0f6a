import { broadPeerProblems, MIN_IPV4_PREFIX, MIN_IPV6_PREFIX } from '../../../profile/network-peers';
import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule } from '../../engine/audit-rule';
import { Severity } from '../../severity';

/**
 * Every rule of every NetworkPolicy names narrow peers. NetworkPolicies are additive: one allow-all rule on any
 * policy that selects a pod opens that pod, whatever its own policy says, so this is judged on every policy.
 */
export const netpolNarrowPeers: AuditRule = {
  id: RuleId.NETPOL_NARROW_PEERS,
  group: RuleGroup.NETWORK,
  title: `NetworkPolicy rules name narrow peers (no rule without peers, no selector of every namespace, no ipBlock shorter than /${MIN_IPV4_PREFIX} or /${MIN_IPV6_PREFIX}, no egress to the cloud metadata address)`,
  explanation: 'Policies are additive: a single rule that admits every source, every namespace or a block such as '
    + '0.0.0.0/0 or 10.0.0.0/8 undoes the default-deny for every pod the policy selects, and egress that contains '
    + '169.254.169.254 lets pods read the node\'s cloud credentials.',
  fix: 'Name the peers: SecureDeployment.allowFrom()/allowTo() with SecurePeer.deployment(), pods(), namespace() or a '
    + 'narrow ipBlock (except 169.254.169.254/32 from egress blocks). A deliberately public workload needs a '
    + 'SecurityException of NETPOL-NARROW-PEERS (or Audit.suppress) with a reason.',
  severity: Severity.ERROR,
  kinds: ['NetworkPolicy'],
  appliesTo: 'NetworkPolicies',
  cis: ['5.3.2'],
  documentation: 'https://kubernetes.io/docs/concepts/services-networking/network-policies/#behavior-of-to-and-from-selectors',
  check: object => broadPeerProblems(object.json.spec),
};
