import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { SecureDeployment } from '../../src';
import { renderedJson } from '../../src/internal/rendered-json';

const IMAGE = 'registry.example.com/shop/api:1.4.2';

function app(): { app: App; chart: Chart; deployment: SecureDeployment } {
  const root = Testing.app();
  const chart = new Chart(root, 'shop', { namespace: 'shop' });
  const deployment = new SecureDeployment(chart, 'api', { image: IMAGE, port: 8080 });
  return { app: root, chart, deployment };
}

describe('renders shared by the checks of one validation pass', () => {
  test('a change between two syntheses in the same tick is seen by the second', () => {
    const { app: root, deployment } = app();
    expect(() => root.synthYaml()).not.toThrow();
    // No await between the two: the first pass's renders must not be reused.
    ApiObject.of(deployment).metadata.addAnnotation('exception.cdk8s-secure.io/CTR-NOT-PRIVILEGED', 'self-approved');
    expect(() => root.synthYaml()).toThrow(/metadata\.annotations\["exception\.cdk8s-secure\.io\/CTR-NOT-PRIVILEGED"\]/);
  });

  test('a change after a synthesis is seen by the next one, after a tick too', async () => {
    const { app: root, deployment } = app();
    root.synthYaml();
    await Promise.resolve();
    ApiObject.of(deployment).metadata.addAnnotation('exception.cdk8s-secure.io/CTR-NOT-PRIVILEGED', 'self-approved');
    expect(() => root.synthYaml()).toThrow(/metadata\.annotations\["exception\.cdk8s-secure\.io\/CTR-NOT-PRIVILEGED"\]/);
  });

  test('outside a validation pass every call renders again', async () => {
    const { app: root, deployment } = app();
    root.synthYaml();
    await Promise.resolve();
    const object = ApiObject.of(deployment);
    const before = renderedJson(object);
    object.metadata.addLabel('team', 'shop');
    expect(renderedJson(object).metadata.labels.team).toBe('shop');
    expect(before.metadata.labels.team).toBeUndefined();
  });

  test('one synthesis renders each object once per validation pass and once for the output', () => {
    const { app: root, deployment } = app();
    const spy = jest.spyOn(ApiObject.prototype, 'toJson');
    try {
      root.synthYaml();
      const deploymentRenders = spy.mock.contexts.filter(context => context === ApiObject.of(deployment)).length;
      // cdk8s validates the app in synthYaml() once for the app and once for each chart: one render for all of them,
      // and one for the output.
      expect(deploymentRenders).toBe(2);
    } finally {
      spy.mockRestore();
    }
  });

  test('an app of many charts renders each object once for all its validation passes', () => {
    const root = Testing.app();
    const charts = Array.from({ length: 5 }, (_, i) => new Chart(root, `team-${i}`, { namespace: `team-${i}` }));
    const deployments = charts.map(chart => new SecureDeployment(chart, 'api', { image: IMAGE, port: 8080 }));
    const spy = jest.spyOn(ApiObject.prototype, 'toJson');
    try {
      root.synthYaml();
      for (const deployment of deployments) {
        expect(spy.mock.contexts.filter(context => context === ApiObject.of(deployment)).length).toBe(2);
      }
    } finally {
      spy.mockRestore();
    }
  });

  test('a chart synthesized on its own (Testing.synth) starts a pass afresh', () => {
    const { chart, deployment } = app();
    expect(() => Testing.synth(chart)).not.toThrow();
    ApiObject.of(deployment).metadata.addAnnotation('exception.cdk8s-secure.io/CTR-NOT-PRIVILEGED', 'self-approved');
    expect(() => Testing.synth(chart)).toThrow(/metadata\.annotations\["exception\.cdk8s-secure\.io\/CTR-NOT-PRIVILEGED"\]/);
  });

  test('app.synth() after a change in the same tick is judged afresh', () => {
    const { app: root, deployment } = app();
    root.synth();
    ApiObject.of(deployment).metadata.addAnnotation('exception.cdk8s-secure.io/CTR-NOT-PRIVILEGED', 'self-approved');
    expect(() => root.synth()).toThrow(/metadata\.annotations\["exception\.cdk8s-secure\.io\/CTR-NOT-PRIVILEGED"\]/);
  });
});
