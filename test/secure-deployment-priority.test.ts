import { App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Audit, Pack, RuleId, SecureDeployment, SecurityPolicy, Severity } from '../src';

const IMAGE = 'ghcr.io/acme/api:1.4.2';

function podSpec(chart: Chart): Record<string, any> {
  return Testing.synth(chart).find((m) => m.kind === 'Deployment')!.spec.template.spec;
}

function priorityFindings(scope: App | Chart) {
  return Audit.of(scope, { packs: [Pack.HARDENED] }).findings.filter((f) => f.ruleId === RuleId.POD_PRIORITY_CLASS);
}

describe('SecureDeployment priorityClassName', () => {
  test('is unset by default, which the audit reports as info only', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });
    new SecureDeployment(chart, 'api', { image: IMAGE, port: 8080 });
    expect(podSpec(chart).priorityClassName).toBeUndefined();
    expect(priorityFindings(chart).map((f) => f.severity)).toEqual([Severity.INFO]);
  });

  test('names a PriorityClass the app emits, and then audits without a POD-PRIORITY-CLASS finding', () => {
    // GIVEN a PriorityClass emitted by another chart of the same app
    const app = Testing.app();
    new kplus.k8s.KubePriorityClass(new Chart(app, 'platform'), 'critical', { metadata: { name: 'shop-critical' }, value: 100000 });
    const chart = new Chart(app, 'test', { namespace: 'shop' });
    // WHEN
    new SecureDeployment(chart, 'api', { image: IMAGE, port: 8080, priorityClassName: 'shop-critical' });
    // THEN
    expect(podSpec(chart).priorityClassName).toBe('shop-critical');
    expect(priorityFindings(app)).toEqual([]);
  });

  test('accepts the system classes', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });
    new SecureDeployment(chart, 'api', { image: IMAGE, port: 8080, priorityClassName: 'system-cluster-critical' });
    expect(podSpec(chart).priorityClassName).toBe('system-cluster-critical');
  });

  test('accepts a platform class listed in the SecurityPolicy, which the audit also knows', () => {
    const app = Testing.app();
    SecurityPolicy.apply(app, { platformPriorityClasses: ['business-critical'] });
    const chart = new Chart(app, 'test', { namespace: 'shop' });
    new SecureDeployment(chart, 'api', { image: IMAGE, port: 8080, priorityClassName: 'business-critical' });
    expect(podSpec(chart).priorityClassName).toBe('business-critical');
    expect(priorityFindings(app)).toEqual([]);
  });

  test('a class that does not exist fails at synth time, because the pods would never be scheduled', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });
    new SecureDeployment(chart, 'api', { image: IMAGE, port: 8080, priorityClassName: 'business-critical' });
    expect(() => Testing.synth(chart)).toThrow(
      "test/api: invalid 'priorityClassName': received \"business-critical\"; no such PriorityClass: the app emits none of that name");
  });

  test('an invalid name fails at once', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });
    expect(() => new SecureDeployment(chart, 'api', { image: IMAGE, port: 8080, priorityClassName: 'Not_Valid' }))
      .toThrow("test/api: invalid 'priorityClassName': received \"Not_Valid\"; a PriorityClass name");
  });

  test('the app is scanned for PriorityClasses once, and a class added or removed between synths is seen', () => {
    const app = Testing.app();
    const platform = new Chart(app, 'platform');
    new kplus.k8s.KubePriorityClass(platform, 'critical', { metadata: { name: 'shop-critical' }, value: 100000 });
    const chart = new Chart(app, 'test', { namespace: 'shop' });
    for (let i = 0; i < 20; i++) {
      new SecureDeployment(chart, `api${i}`, { image: IMAGE, port: 8080, priorityClassName: i % 2 ? 'shop-critical' : 'late-class' });
    }
    // WHEN the second class does not exist yet, THEN synthesis fails on each deployment that names it
    expect(() => app.synth()).toThrow(/test\/api0: invalid 'priorityClassName': received "late-class"; no such PriorityClass/);
    // WHEN it is added, THEN synthesis succeeds, scanning the tree once for all twenty deployments
    new kplus.k8s.KubePriorityClass(platform, 'late', { metadata: { name: 'late-class' }, value: 1000 });
    const findAll = jest.spyOn(app.node, 'findAll');
    Testing.synth(chart);
    const scansFromRoot = findAll.mock.calls.length;
    findAll.mockRestore();
    // (one scan per deployment would be at least 20: the other scans are the app-wide checks')
    expect(scansFromRoot).toBeLessThan(5);
    // WHEN a class is removed, THEN the deployments naming it fail again
    platform.node.tryRemoveChild('critical');
    expect(() => Testing.synth(chart)).toThrow(/test\/api1: invalid 'priorityClassName': received "shop-critical"; no such PriorityClass/);
  });
});
