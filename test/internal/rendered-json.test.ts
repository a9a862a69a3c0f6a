import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Cron, IResolver, JsonPatch, ResolutionContext, Size, Testing } from 'cdk8s';
import { aliasPackageToSources, exampleNames } from '../../scripts/examples';
import {
  RuleId, SecureCronJob, SecureDaemonSet, SecureDeployment, SecureJob, SecureNamespace, SecureStatefulSet, SecurityException, SecurityPolicy,
} from '../../src';
import { renderedJson, setEmittingCheckedRenders } from '../../src/internal/rendered-json';

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

  test('one synthesis renders each object once, for the checks and the output', () => {
    const { app: root, deployment } = app();
    const spy = jest.spyOn(ApiObject.prototype, 'toJson');
    try {
      root.synthYaml();
      const deploymentRenders = spy.mock.contexts.filter(context => context === ApiObject.of(deployment)).length;
      // cdk8s validates the app in synthYaml() once for the app and once for each chart: one render for all of them,
      // which is also the output.
      expect(deploymentRenders).toBe(1);
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
        expect(spy.mock.contexts.filter(context => context === ApiObject.of(deployment)).length).toBe(1);
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

  test('renders an object with JSON patches, whose name a patch may change, once (the render checked is emitted; its render as made was taken when the construct made it)', () => {
    const root = Testing.app();
    const chart = new Chart(root, 'shop', { namespace: 'shop' });
    const deployment = new SecureDeployment(chart, 'api', { image: IMAGE, port: 8080, metadata: { name: 'api' } });
    const service = ApiObject.of(deployment.service!);
    service.addJsonPatch(JsonPatch.add('/metadata/labels/team', 'shop'));
    expect(serviceRenders(root, service)).toBe(1);
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

describe('the emitted objects are the renders the checks judged', () => {
  const projectRoot = path.resolve(__dirname, '..', '..');
  aliasPackageToSources(projectRoot);

  /** `build()`'s app synthesized with and without emitting the checked renders: the YAML must be the same. */
  function bothWays(build: () => App): { emitted: string; fresh: string } {
    const emitted = build().synthYaml();
    setEmittingCheckedRenders(false);
    try {
      return { emitted, fresh: build().synthYaml() };
    } finally {
      setEmittingCheckedRenders(true);
    }
  }

  function kinds(chart: Chart): void {
    new SecureDeployment(chart, 'api', { image: IMAGE, port: 8080, exceptions: [SecurityException.of(RuleId.AVAIL_REPLICAS, 'a single replica for the test')], replicas: 1 });
    new SecureStatefulSet(chart, 'db', { image: IMAGE, port: 5432, storage: [{ path: '/data', size: Size.gibibytes(1) }] });
    new SecureJob(chart, 'migrate', { image: IMAGE });
    new SecureCronJob(chart, 'backup', { image: IMAGE, schedule: Cron.daily() });
    new SecureDaemonSet(chart, 'agent', { image: IMAGE, port: 2020 });
    new SecureNamespace(chart, 'ns', { metadata: { name: chart.namespace ?? 'shop' } });
  }

  test.each(exampleNames(projectRoot))('example %s: the same YAML', (name) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const example = require(path.join(projectRoot, 'examples', name, 'main.ts')) as { buildApp: (outdir: string) => App };
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'checked-render-'));
    try {
      const { emitted, fresh } = bothWays(() => example.buildApp(outdir));
      expect(emitted.length).toBeGreaterThan(1000);
      expect(emitted).toBe(fresh);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test.each([
    ['every workload kind and a namespace', () => {
      const built = Testing.app();
      kinds(new Chart(built, 'shop', { namespace: 'shop' }));
      return built;
    }],
    ['Kubernetes 1.30 (the pod template AppArmor field replaces the render)', () => {
      const built = Testing.app();
      SecurityPolicy.apply(built, { kubernetesVersion: '1.30' });
      kinds(new Chart(built, 'shop', { namespace: 'shop' }));
      return built;
    }],
    ['JSON patches on the metadata of the objects whose annotations are written at synth', () => {
      const built = Testing.app();
      const chart = new Chart(built, 'shop', { namespace: 'shop' });
      kinds(chart);
      for (const id of ['api', 'db', 'migrate', 'backup', 'agent']) {
        ApiObject.of(chart.node.findChild(id)).addJsonPatch(JsonPatch.add('/metadata/labels/team', 'shop'));
      }
      // The one with an exception has annotations from construction, and gets the scanners' at synth.
      ApiObject.of(chart.node.findChild('api')).addJsonPatch(JsonPatch.add('/metadata/annotations/example.com~1owner', 'shop'));
      return built;
    }],
    ['Chart labels, annotations added later and several charts', () => {
      const built = Testing.app();
      for (const team of ['a', 'b']) {
        const chart = new Chart(built, `team-${team}`, { namespace: `team-${team}`, labels: { team } });
        kinds(chart);
        ApiObject.of(chart.node.findChild('api')).metadata.addAnnotation('example.com/a-key-that-sorts-first', 'x');
        ApiObject.of(chart.node.findChild('api')).metadata.addAnnotation('zz.example.com/last', 'y');
      }
      return built;
    }],
    ['a resolver of its own', () => {
      const upper: IResolver = {
        resolve: (context: ResolutionContext) => {
          if (context.key[0] === 'metadata' && context.key[1] === 'annotations' && typeof context.value === 'string' && context.value.startsWith('the ')) {
            context.replaceValue(context.value.toUpperCase());
          }
        },
      };
      const built = new App({ resolvers: [upper] });
      kinds(new Chart(built, 'shop', { namespace: 'shop' }));
      return built;
    }],
  ])('%s: the same YAML', (_what, build) => {
    const { emitted, fresh } = bothWays(build);
    expect(emitted).toContain('polaris.fairwinds.com/');
    expect(emitted).toBe(fresh);
  });

  test('keys left unsorted (CDK8S_DISABLE_SORT): the same YAML', () => {
    process.env.CDK8S_DISABLE_SORT = '1';
    try {
      const { emitted, fresh } = bothWays(() => {
        const built = Testing.app();
        kinds(new Chart(built, 'shop', { namespace: 'shop' }));
        return built;
      });
      expect(emitted).toBe(fresh);
    } finally {
      delete process.env.CDK8S_DISABLE_SORT;
    }
  });

  test('the scanner exemption annotations written at synth are in the emitted object, rendered once', async () => {
    const root = Testing.app();
    const chart = new Chart(root, 'shop', { namespace: 'shop' });
    const deployment = new SecureDeployment(chart, 'api', {
      image: IMAGE, port: 8080, replicas: 1, exceptions: [SecurityException.of(RuleId.AVAIL_REPLICAS, 'a single replica for the test')],
    });
    const object = ApiObject.of(deployment);
    const spy = jest.spyOn(ApiObject.prototype, 'toJson');
    let yaml: string;
    try {
      yaml = root.synthYaml();
      // Rendered for the checks; the annotations written afterwards are added to that render, which is emitted.
      expect(spy.mock.contexts.filter(context => context === object).length).toBe(1);
    } finally {
      spy.mockRestore();
    }
    const emitted = yaml.split('\n---\n').find((doc) => doc.includes('kind: Deployment'))!;
    expect(emitted).toMatch(/polaris\.fairwinds\.com\/\w+-exempt/);
    await Promise.resolve();
    expect(object.toJson().metadata.annotations).toEqual((Testing.synth(chart) as any[]).find((o) => o.kind === 'Deployment').metadata.annotations);
  });

  test('a change right after a synthesis (same tick, no validation) is rendered, not the checked render', () => {
    const { app: root, chart, deployment } = app();
    root.synthYaml();
    const object = ApiObject.of(deployment);
    object.metadata.addLabel('team', 'shop');
    expect(object.toJson().metadata.labels.team).toBe('shop');
    expect(JSON.stringify(Testing.synth(chart))).toContain('"team":"shop"');
  });
});
