import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import { exampleNames, synthExample, yamlFiles } from '../scripts/examples';
import { validateManifests } from './support/kubernetes-schema';
import { Audit, Pack, Severity } from 'cdk8s-secure';

const root = path.resolve(__dirname, '..');
const examples = exampleNames(root);

/**
 * Custom resources the examples are expected to emit (not part of the Kubernetes API, so not
 * validated by the Kubernetes schema). Anything else unknown fails the schema test.
 */
const CUSTOM_KINDS = [
  'security.istio.io/v1beta1/PeerAuthentication',
  'traefik.io/v1alpha1/Middleware',
];

function committed(name: string): Map<string, string> {
  const dist = path.join(root, 'examples', name, 'dist');
  return new Map(yamlFiles(dist).map((file) => [file, fs.readFileSync(path.join(dist, file), 'utf8')]));
}

test('there are example apps', () => {
  expect(examples.length).toBeGreaterThan(0);
});

describe.each(examples)('example %s', (name) => {
  let fresh: Map<string, string>;
  let freshObjects: unknown[];
  let auditOptions: Record<string, unknown> = {};

  beforeAll(() => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `example-${name}-`));
    try {
      auditOptions = synthExample(root, name, outdir).auditOptions ?? {};
      fresh = new Map(yamlFiles(outdir).map((file) => [file, fs.readFileSync(path.join(outdir, file), 'utf8')]));
      freshObjects = yamlFiles(outdir).flatMap((file) => Yaml.load(path.join(outdir, file)));
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('committed output is current (run `npm run examples` and commit examples/*/dist when this fails)', () => {
    const expected = committed(name);
    expect([...fresh.keys()]).toEqual([...expected.keys()]);
    for (const [file, text] of fresh) {
      // A plain equality keeps the failure short; the message says how to fix it.
      if (text !== expected.get(file)) {
        throw new Error(`examples/${name}/dist/${file} is out of date: run \`npm run examples\` and commit the result`);
      }
    }
  });

  test('committed output is valid against the Kubernetes 1.28 API schema', () => {
    const objects = [...committed(name).keys()].flatMap((file) => Yaml.load(path.join(root, 'examples', name, 'dist', file)));
    expect(objects.length).toBeGreaterThan(0);
    expect(validateManifests(objects, CUSTOM_KINDS)).toEqual([]);
  });

  test('output audits clean under every pack (with the suppressions the example\'s platform team declares, if any)', () => {
    const report = Audit.ofManifests(freshObjects, { ...auditOptions, packs: [Pack.PSS_BASELINE, Pack.PSS_RESTRICTED, Pack.HARDENED] });
    expect(report.active(Severity.WARNING).map((f) => `${f.id} ${f.kind}/${f.name} ${f.path}: ${f.message}`)).toEqual([]);
  });
});
