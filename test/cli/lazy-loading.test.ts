import { execFileSync } from 'child_process';
import * as path from 'path';

/**
 * The CLI reads files with the fast reader and writes reports without the construct libraries: loading its modules
 * must not load the full YAML parser or cdk8s (their load time is a large part of a short run). See DEVELOPERS.md.
 */
test('loading the CLI loads neither the yaml package nor cdk8s', () => {
  const root = path.join(__dirname, '..', '..');
  const script = [
    "require('./src/audit/cli/read-input');",
    "require('./src/audit/cli/run-cli');",
    'const loaded = Object.keys(require.cache).map(file => file.split(require("path").sep).join("/"));',
    'console.log(JSON.stringify({',
    "  yaml: loaded.filter(file => file.includes('/node_modules/yaml/')).length,",
    "  cdk8s: loaded.filter(file => file.includes('/node_modules/cdk8s/')).length,",
    "  jsYaml: loaded.filter(file => file.includes('/node_modules/js-yaml/')).length,",
    '}));',
  ].join('\n');
  const output = execFileSync(process.execPath, ['-r', 'ts-node/register', '-e', script], {
    cwd: root,
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true', TS_NODE_PROJECT: 'tsconfig.dev.json' },
  }).toString();
  const loaded = JSON.parse(output.trim().split('\n').pop()!);
  // The fast reader itself is loaded, so the check sees node_modules at all.
  expect(loaded.jsYaml).toBeGreaterThan(0);
  expect(loaded).toEqual({ yaml: 0, cdk8s: 0, jsYaml: loaded.jsYaml });
}, 60_000);
