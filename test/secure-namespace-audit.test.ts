import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  Audit, ClusterDns, MeshMtls, Pack, SecureNamespace, SecureNamespaceProps,
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
});
