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
      // cdk8s validates the app twice in synthYaml() (once for the app, once for its chart), then renders the output.
      expect(deploymentRenders).toBe(3);
    } finally {
      spy.mockRestore();
    }
  });
});
