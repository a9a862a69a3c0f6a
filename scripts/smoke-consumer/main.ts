/**
 * A consumer of the packed library, compiled with `tsc --strict` against the installed tarball by
 * `scripts/consumer-smoke-test.sh`. It touches every public entry point a consumer starts from, and
 * fails (non-zero exit) if the synthesized app does not audit clean.
 */
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  Audit,
  IngressTls,
  Pack,
  RuleId,
  SecureDeployment,
  SecureIngress,
  SecureIngressBackend,
  SecureNamespace,
  SecurePeer,
  SecurityException,
  SecurityPolicy,
  Severity,
} from 'cdk8s-secure';

const app = new App({ outdir: 'dist' });
SecurityPolicy.apply(app, {
  exceptionPolicy: { neverExceptable: [RuleId.CTR_NOT_PRIVILEGED], requireApprovalReference: true, requireExpiry: true },
});
const platform = new Chart(app, 'platform');
const shop = new SecureNamespace(platform, 'Shop', { metadata: { name: 'shop' } });
shop.grantReadOnly(kplus.Group.fromName(platform, 'Support', 'shop-support'));

const chart = new Chart(app, 'shop', { namespace: shop.name });
chart.addDependency(platform);
const api = new SecureDeployment(chart, 'Api', { image: 'ghcr.io/acme/api:1.4.2', port: 8080 });
const web = new SecureDeployment(chart, 'Web', {
  image: 'nginxinc/nginx-unprivileged:1.27.2',
  port: 8080,
  servicePort: 80,
  writablePaths: [{ path: '/var/cache/nginx' }, { path: '/var/run' }],
});
web.allowTo(SecurePeer.deployment(api));
new SecureIngress(chart, 'Public', {
  tls: IngressTls.certManagerClusterIssuer('letsencrypt-prod'),
  rules: [{ host: 'shop.example.com', backend: SecureIngressBackend.fromDeployment(web) }],
});

// A typed exception, approved and expiring, is part of the public API too; the policy requires both.
const exception: SecurityException = SecurityException.of(RuleId.CTR_READONLY_ROOTFS, 'the worker unpacks plugins at start-up',
  { reference: 'SEC-1234', expires: '2099-12-31' });
if (exception.rule !== RuleId.CTR_READONLY_ROOTFS || exception.expires !== '2099-12-31') {
  throw new Error('SecurityException lost its rule or expiry');
}
new SecureDeployment(chart, 'Worker', {
  image: 'ghcr.io/acme/worker:2.0.1',
  port: 8080,
  containerSecurityContext: { readOnlyRootFilesystem: false },
  exceptions: [exception],
});

Audit.gate(app, { packs: [Pack.HARDENED, Pack.PSS_RESTRICTED], failOn: Severity.WARNING });
app.synth();

const report = Audit.of(app, {});
console.log(report.summary());
if (report.active(Severity.WARNING).length > 0) {
  throw new Error('the consumer app does not audit clean');
}
