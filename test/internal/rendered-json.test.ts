import { ApiObject, App, Chart, IResolver, JsonPatch, ResolutionContext, Testing } from 'cdk8s';
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

describe('the app-wide identity check', () => {
  function serviceRenders(root: App, service: ApiObject): number {
    const spy = jest.spyOn(ApiObject.prototype, 'toJson');
    try {
      root.synthYaml();
      return spy.mock.contexts.filter(context => context === service).length;
    } finally {
      spy.mockRestore();
    }
  }

  test('reads the identity of a generated kind without JSON patches from the object: it is rendered for the output only', () => {
    const { app: root, deployment } = app();
    expect(serviceRenders(root, ApiObject.of(deployment.service!))).toBe(1);
  });

  test('renders an object with JSON patches, whose name a patch may change', () => {
    const root = Testing.app();
    const chart = new Chart(root, 'shop', { namespace: 'shop' });
    const deployment = new SecureDeployment(chart, 'api', { image: IMAGE, port: 8080, metadata: { name: 'api' } });
    const service = ApiObject.of(deployment.service!);
    service.addJsonPatch(JsonPatch.add('/metadata/labels/team', 'shop'));
    expect(serviceRenders(root, service)).toBe(2);
    const other = new SecureDeployment(chart, 'web', { image: IMAGE, port: 8080, metadata: { name: 'web' } });
    ApiObject.of(other.service!).addJsonPatch(JsonPatch.replace('/metadata/name', 'api'));
    expect(() => root.synthYaml()).toThrow('Service shop/api is also emitted by shop/api/Service/Resource');
  });

  test('renders every object of an app with a resolver of its own, which may change any value', () => {
    const renamer: IResolver = {
      resolve: (context: ResolutionContext) => {
        if (context.key.join('.') === 'metadata.name' && context.value === 'web') context.replaceValue('api');
      },
    };
    const root = new App({ resolvers: [renamer] });
    const chart = new Chart(root, 'shop', { namespace: 'shop' });
    const api = new SecureDeployment(chart, 'api', { image: IMAGE, port: 8080, metadata: { name: 'api' } });
    const web = new SecureDeployment(chart, 'web', { image: IMAGE, port: 8080, metadata: { name: 'web' } });
    expect(api.name).toBe('api');
    expect(() => root.synthYaml()).toThrow(/ServiceAccount shop\/api is also emitted by shop\/(api|web)/);
    expect(web.name).toBe('web');
  });
});
