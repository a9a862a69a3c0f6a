import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { parseAllDocuments } from 'yaml';
import * as library from '../src';
import { find, Manifest } from './support/manifests';
import { codeBlocks } from './support/markdown';

const root = path.resolve(__dirname, '..');

/**
 * Runs a complete example program from the docs against the library's sources, with `app.synth()` replaced by
 * an in-memory synthesis (validations and the audit gate still run), and returns the YAML.
 */
function runExample(source: string): string {
  expect(source).toContain('app.synth();');
  const program = source.replace('app.synth();', 'exports.yaml = app.synthYaml();');
  const { outputText } = ts.transpileModule(program, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } });
  const exported: { yaml?: string } = {};
  // The example's other imports (cdk8s, cdk8s-plus-28) resolve as for the test itself.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const load = (id: string): unknown => (id === 'cdk8s-secure' ? library : require(id));
  new Function('require', 'exports', outputText)(load, exported);
  expect(typeof exported.yaml).toBe('string');
  return exported.yaml!;
}

describe('docs/security-policy.md', () => {
  const [example] = codeBlocks(fs.readFileSync(path.join(root, 'docs', 'security-policy.md'), 'utf8'), 'ts');

  test('the main example runs, passes the audit gate and shows every policy field at work', () => {
    const objects = parseAllDocuments(runExample(example)).map((document) => document.toJS() as Manifest);
    const only = (kind: string) => find(objects, kind);
    expect(only('Namespace').metadata.labels['pod-security.kubernetes.io/enforce-version']).toBe('v1.30');
    const deployment = only('Deployment');
    expect(deployment.metadata.labels.team).toBe('checkout');
    // defaultResources: 256Mi/512Mi differ from both the container defaults (128Mi/256Mi) and the namespace's (128Mi/512Mi).
    expect(deployment.spec.template.spec.containers[0].resources.requests.memory).toBe('256Mi');
    expect(deployment.spec.template.spec.containers[0].resources.limits.memory).toBe('512Mi');
    expect(only('LimitRange').spec.limits[0].defaultRequest.memory).toBe('256Mi');
  });

  test('the commented-out deployment of the example would fail as the comment says', () => {
    const failing = example.replace("// new SecureDeployment(chart, 'web'", "new SecureDeployment(chart, 'web'");
    expect(() => runExample(failing)).toThrow("shop/web: invalid 'image': received \"nginx:1.27\"");
  });
});
