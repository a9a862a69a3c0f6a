import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import * as library from '../src';

const root = path.resolve(__dirname, '..');

function codeBlocks(markdown: string, language: string): string[] {
  const blocks: string[] = [];
  const fence = new RegExp('^```' + language + '\\n([\\s\\S]*?)^```', 'gm');
  for (let match = fence.exec(markdown); match; match = fence.exec(markdown)) {
    blocks.push(match[1]);
  }
  return blocks;
}

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
    const yaml = runExample(example);
    expect(yaml).toContain('pod-security.kubernetes.io/enforce-version: v1.30');
    expect(yaml).toContain('team: checkout');
    // defaultResources: the deployment's memory and the namespace's LimitRange defaults.
    expect(yaml).toMatch(/requests:\n(?:\s+.*\n)*?\s+memory: 256Mi/);
    expect(yaml).toMatch(/limits:\n(?:\s+.*\n)*?\s+memory: 512Mi/);
  });

  test('the commented-out deployment of the example would fail as the comment says', () => {
    const failing = example.replace("// new SecureDeployment(chart, 'web'", "new SecureDeployment(chart, 'web'");
    expect(() => runExample(failing)).toThrow("shop/web: invalid 'image': received \"nginx:1.27\"");
  });
});
