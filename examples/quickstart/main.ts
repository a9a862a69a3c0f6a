import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { SecureDeployment, SecureNamespace, SecurityPolicy } from 'cdk8s-secure';

/** The smallest useful app: a locked-down namespace and one hardened API deployment in it. */
export function buildApp(outdir: string): App {
  const app = new App({ outdir });
  SecurityPolicy.apply(app, { defaultPriorityClassName: 'business-critical' });

  const platform = new Chart(app, 'platform');
  const team = new SecureNamespace(platform, 'Team', { metadata: { name: 'team-a' } });
  // The platform chart emits the PriorityClass the policy gives every workload (Polaris priorityClassNotSet).
  new kplus.k8s.KubePriorityClass(platform, 'BusinessCritical', {
    metadata: { name: 'business-critical' },
    value: 100000,
    description: 'Customer-facing workloads: scheduled before batch work, preempted after system pods.',
  });

  const workloads = new Chart(app, 'api', { namespace: team.name });
  workloads.addDependency(platform);
  new SecureDeployment(workloads, 'Api', { image: 'ghcr.io/acme/api:1.4.2', port: 8080 });

  return app;
}

if (require.main === module) {
  buildApp('dist').synth();
}
