import { execFileSync } from 'child_process';
import * as path from 'path';

/**
 * The CLI reads files with the block reader (or `JSON.parse`) and writes reports without the construct libraries: loading
 * its modules must not load the YAML parsers or cdk8s (their load time is a large part of a short run). js-yaml is
 * loaded when a document needs it, the full parser when js-yaml declines one. See DEVELOPERS.md.
 */
test('loading the CLI loads neither YAML parser nor cdk8s; js-yaml is loaded for the first document that needs it', () => {
  const root = path.join(__dirname, '..', '..');
  const script = [
    "require('./src/audit/cli/read-input');",
    "require('./src/audit/cli/run-cli');",
    "const { parseManifestText } = require('./src/audit/engine/parse-manifest-text');",
    'const count = name => Object.keys(require.cache).filter(file => file.split(require("path").sep).join("/").includes(`/node_modules/${name}/`)).length;',
    "const atLoad = { yaml: count('yaml'), cdk8s: count('cdk8s'), jsYaml: count('js-yaml') };",
    'const objects = [];',
    "parseManifestText('apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: a\\n', 'block.yaml', objects, []);",
    "parseManifestText('{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"b\"}}', 'doc.json', objects, []);",
    "const afterBlockAndJson = count('js-yaml');",
    "parseManifestText('apiVersion: v1\\nkind: ConfigMap\\nmetadata: {name: c}\\n', 'flow.yaml', objects, []);",
    "console.log(JSON.stringify({ atLoad, afterBlockAndJson, afterFlow: count('js-yaml'), yaml: count('yaml'), objects: objects.length }));",
  ].join('\n');
  const output = execFileSync(process.execPath, ['-r', 'ts-node/register', '-e', script], {
    cwd: root,
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true', TS_NODE_PROJECT: 'tsconfig.dev.json' },
  }).toString();
  const loaded = JSON.parse(output.trim().split('\n').pop()!);
  expect(loaded.atLoad).toEqual({ yaml: 0, cdk8s: 0, jsYaml: 0 });
  expect(loaded.afterBlockAndJson).toBe(0);
  // The flow-style document is js-yaml's: the check sees node_modules at all.
  expect(loaded.afterFlow).toBeGreaterThan(0);
  expect(loaded.yaml).toBe(0);
  expect(loaded.objects).toBe(3);
}, 60_000);
