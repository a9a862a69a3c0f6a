import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { codeBlocks } from './support/markdown';

const root = path.resolve(__dirname, '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');

test('the quick start gives exactly the two documented commands', () => {
  const quickStart = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('## Install'));
  const commands = codeBlocks(quickStart, 'sh')[0].split('\n').filter((line) => line.trim() !== '').map((line) => line.replace(/\s+#.*$/, ''));
  expect(commands).toEqual(['npm ci && npm run examples', 'npm ci && npm test']);
});

test('the README example is the quickstart example app, which the examples test synthesizes and audits', () => {
  const example = fs.readFileSync(path.join(root, 'examples', 'quickstart', 'main.ts'), 'utf8');
  expect(codeBlocks(readme, 'ts')[0]).toEqual(example);
});

test('every other README snippet type-checks against the library', () => {
  const snippets = codeBlocks(readme, 'ts').slice(1);
  expect(snippets.length).toBeGreaterThan(0);
  // Snippets share one set of imports and the variables the prose introduces; each gets its own block scope.
  const source = [
    "import { App, Chart } from 'cdk8s';",
    "import { Audit, Pack, RuleId, SecureDeployment, SecurityException, Severity } from 'cdk8s-secure';",
    'declare const app: App;',
    'declare const chart: Chart;',
    'declare const thirdPartyChart: Chart;',
    ...snippets.map((snippet) => `{\n${snippet.replace(/^import .*$/gm, '')}}`),
  ].join('\n');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-'));
  const file = path.join(dir, 'readme-snippets.ts');
  fs.writeFileSync(file, source);
  try {
    const program = ts.createProgram([file], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      skipLibCheck: true,
      types: ['node'],
      ignoreDeprecations: '6.0',
      typeRoots: [path.join(root, 'node_modules', '@types')],
      paths: { 'cdk8s-secure': [path.join(root, 'src', 'index.ts')], '*': [path.join(root, 'node_modules', '*')] },
    });
    const diagnostics = ts.getPreEmitDiagnostics(program)
      .map((d) => `${d.file ? path.basename(d.file.fileName) : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(diagnostics).toEqual([]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
