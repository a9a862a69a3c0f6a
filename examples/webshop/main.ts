import { App, Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  IngressControllerProfile,
  IngressTls,
  SecureDeployment,
  SecureIngress,
  SecureIngressBackend,
  SecureNamespace,
  SecurePeer,
  SecurityPolicy,
  WorkloadProbe,
} from 'cdk8s-secure';

/**
 * A web front end calling an API, in a tenant namespace, exposed over HTTPS:
 *
 *   internet -> ingress-nginx -> web (nginx, 8080) -> api (8080) -> payments.example.com:443
 *
 * Every connection is opened explicitly; everything else is denied by the namespace.
 */
export function buildApp(outdir: string): App {
  const app = new App({ outdir });
  // Set once by the platform team: images come only from these registries (SecureDeployment rejects others),
  // and every workload names its owning team.
  SecurityPolicy.apply(app, { allowedRegistries: ['ghcr.io/acme', 'docker.io/nginxinc'], requiredLabels: ['team'], defaultPriorityClassName: 'business-critical' });

  // Platform team: the namespace, its guard rails and who may do what in it.
  const platform = new Chart(app, 'platform');
  // The platform chart emits the PriorityClass the policy gives every workload (Polaris priorityClassNotSet).
  new kplus.k8s.KubePriorityClass(platform, 'BusinessCritical', {
    metadata: { name: 'business-critical' },
    value: 100000,
    description: 'Customer-facing workloads: scheduled before batch work, preempted after system pods.',
  });
  const shop = new SecureNamespace(platform, 'Shop', { metadata: { name: 'shop' } });
  shop.grantReadOnly(kplus.Group.fromName(platform, 'Support', 'shop-support'));
  shop.grantDeployer(kplus.Group.fromName(platform, 'Developers', 'shop-developers'));

  // App team: workloads go into the namespace through their chart.
  const chart = new Chart(app, 'shop', { namespace: shop.name, labels: { team: 'shop' } });
  chart.addDependency(platform);

  const api = new SecureDeployment(chart, 'Api', {
    image: 'ghcr.io/acme/shop-api:2.3.1',
    port: 8080,
    readiness: WorkloadProbe.httpGet('/ready'),
    liveness: WorkloadProbe.httpGet('/healthz'),
    // Database credentials arrive as read-only files, never as environment variables.
    secretFiles: [{ secret: kplus.Secret.fromSecretName(chart, 'DbCredentials', 'shop-db-credentials'), path: '/var/run/secrets/db' }],
    autoscaling: { minReplicas: 2, maxReplicas: 6, cpuUtilization: 70 },
  });

  // The unprivileged nginx image listens on 8080 and writes its cache and pid file.
  const web = new SecureDeployment(chart, 'Web', {
    image: 'nginxinc/nginx-unprivileged:1.27.2',
    port: 8080,
    servicePort: 80,
    readiness: WorkloadProbe.httpGet('/'),
    writablePaths: [
      { path: '/var/cache/nginx', sizeLimit: Size.mebibytes(256) },
      { path: '/var/run' },
    ],
  });

  // web -> api: egress on web and ingress on api, on the API's container port.
  web.allowTo(SecurePeer.deployment(api));
  // api -> an external payment provider over HTTPS only.
  api.allowTo(SecurePeer.ipBlock('203.0.113.0/24'), { ports: [kplus.NetworkPolicyPort.tcp(443)] });

  new SecureIngress(chart, 'Public', {
    controller: IngressControllerProfile.nginx({ maxRequestBodySize: Size.mebibytes(8), rateLimitRps: 20 }),
    tls: IngressTls.certManagerClusterIssuer('letsencrypt-prod'),
    rules: [{ host: 'shop.example.com', backend: SecureIngressBackend.fromDeployment(web) }],
  });

  return app;
}

if (require.main === module) {
  buildApp('dist').synth();
}
