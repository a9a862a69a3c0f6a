import { App, Chart } from 'cdk8s';
import { SecureDeployment, SecureNamespace } from 'cdk8s-secure';

/** The smallest useful app: a locked-down namespace and one hardened API deployment in it. */
export function buildApp(outdir: string): App {
  const app = new App({ outdir });

  const platform = new Chart(app, 'platform');
  const team = new SecureNamespace(platform, 'Team', { metadata: { name: 'team-a' } });

  const workloads = new Chart(app, 'api', { namespace: team.name });
  workloads.addDependency(platform);
  new SecureDeployment(workloads, 'Api', { image: 'ghcr.io/acme/api:1.4.2', port: 8080 });

  return app;
}

if (require.main === module) {
  buildApp('dist').synth();
}
