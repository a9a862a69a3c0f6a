import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  Audit, ClusterDns, MeshMtls, Pack, PodSecurityLevel, RuleId, SecureNamespace, SecureNamespaceProps, SecurityException,
} from '../src';

function chartWith(props: SecureNamespaceProps, grant = false): Chart {
  const chart = new Chart(Testing.app(), 'test');
  const ns = new SecureNamespace(chart, 'Shop', props);
  if (grant) {
    ns.grantReadOnly(kplus.Group.fromName(chart, 'Viewers', 'shop-viewers'));
    ns.grantDeployer(kplus.Group.fromName(chart, 'Ci', 'shop-ci'), kplus.User.fromName(chart, 'Jane', 'jane@example.com'));
  }
  return chart;
}

function active(chart: Chart, packs = [Pack.HARDENED]): string[] {
  return Audit.of(chart, { packs }).active().map((f) => `${f.id} ${f.kind}/${f.name} ${f.path}`);
}

describe('SecureNamespace under the audit', () => {
  test('the default output audits clean under hardened', () => {
    expect(active(chartWith({ metadata: { name: 'shop' } }))).toEqual([]);
  });

  test('the default output audits clean under every pack', () => {
    expect(active(chartWith({ metadata: { name: 'shop' } }), Pack.all())).toEqual([]);
  });

  test('both access roles with bindings audit clean under hardened', () => {
    expect(active(chartWith({ metadata: { name: 'shop' } }, true))).toEqual([]);
  });

  test.each([
    ['Istio', MeshMtls.istio()],
    ['Linkerd', MeshMtls.linkerd()],
  ])('with %s mTLS it audits clean under hardened', (_mesh, mtls) => {
    expect(active(chartWith({ metadata: { name: 'shop' }, mtls }))).toEqual([]);
  });

  test.each([
    ['custom DNS pods', ClusterDns.pods({ podLabels: { 'app.kubernetes.io/name': 'coredns' } })],
    ['NodeLocal DNSCache', ClusterDns.nodeLocal()],
    ['no DNS', ClusterDns.none()],
  ])('with %s it audits clean under hardened', (_dns, dns) => {
    expect(active(chartWith({ metadata: { name: 'shop' }, dns }))).toEqual([]);
  });

  test('a lowered enforcement is not an active finding: NS-PSA findings are suppressed with the reason', () => {
    const reason = 'vendor agent runs as root until the 2025 upgrade';
    const chart = chartWith({
      metadata: { name: 'shop' },
      podSecurityLevel: PodSecurityLevel.BASELINE,
      exceptions: [SecurityException.of(RuleId.NS_PSA, reason)],
    });
    const report = Audit.of(chart, { packs: [Pack.HARDENED] });
    expect(report.active().map((f) => f.id)).toEqual([]);
    const psa = report.findings.filter((f) => f.ruleId === RuleId.NS_PSA);
    expect(psa.length).toBeGreaterThan(0);
    expect(psa.every((f) => f.suppressed && f.suppressionReason === reason && f.kind === 'Namespace' && f.name === 'shop')).toBe(true);
  });

  test('a plain cdk8s-plus Namespace is not clean: the clean result above is earned', () => {
    const chart = new Chart(Testing.app(), 'test');
    new kplus.Namespace(chart, 'Plain', { metadata: { name: 'shop' } });
    const rules = new Set(Audit.of(chart, { packs: [Pack.HARDENED] }).active().map((f) => f.ruleId));
    expect([...rules].sort()).toEqual(expect.arrayContaining([
      RuleId.NS_DEFAULT_DENY, RuleId.NS_DEFAULT_SA, RuleId.NS_LIMITRANGE, RuleId.NS_PSA, RuleId.NS_QUOTA,
    ].sort()));
  });
});
