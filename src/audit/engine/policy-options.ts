import { SecurityPolicy } from '../../policy/security-policy';
import { newestPodSecurityVersion } from '../../profile/namespace-pod-security';
import { AuditOptions } from '../audit-options';

/**
 * `options` for the objects below `policy`: its registries, PriorityClasses, required labels and frameworks where the
 * options give none (explicit options win), and as PSA minimum the newest of the options' and every policy's version
 * up the tree (a minimum is only ever raised). Exception policies are not taken here: every object is judged by the
 * exception policies of all SecurityPolicies above it, and by `options.exceptionPolicy` as well.
 */
export function withSecurityPolicy(policy: SecurityPolicy | undefined, options: AuditOptions): AuditOptions {
  if (!policy) {
    return options;
  }
  const versions = [options.minimumPodSecurityVersion, ...SecurityPolicy._allOf(policy).map(p => p.podSecurityVersion)];
  return {
    ...options,
    allowedRegistries: options.allowedRegistries ?? policy.allowedRegistries,
    platformPriorityClasses: options.platformPriorityClasses ?? policy.platformPriorityClasses,
    requiredLabels: options.requiredLabels ?? policy.requiredLabels,
    frameworks: options.frameworks ?? policy.complianceFrameworks,
    minimumPodSecurityVersion: newestPodSecurityVersion(versions),
    nodeAppArmor: options.nodeAppArmor ?? policy.nodeAppArmor,
  };
}
