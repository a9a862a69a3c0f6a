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
});
