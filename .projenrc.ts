import { cdk8s, javascript, JsonFile } from 'projen';

const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-secure',
  description:
    'Hardened-by-default cdk8s constructs (SecureDeployment, SecureNamespace, SecureIngress) and an audit engine that checks any Kubernetes manifest.',
  keywords: ['cdk8s', 'kubernetes', 'security', 'hardening', 'pod-security-standards', 'audit'],
  author: 'cdk8s-secure maintainers',
  authorAddress: 'maintainers@users.noreply.example.com',
  repositoryUrl: 'https://github.com/acme/cdk8s-secure.git',
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  minNodeVersion: '20.0.0',

  cdk8sVersion: '2.70.0',
  constructsVersion: '10.3.0',
  jsiiVersion: '~6.0.0',
  peerDeps: ['cdk8s-plus-28@^2.5.6'],
  // The YAML parser cdk8s itself bundles (the audit's full parser: per-document errors, lines of fields), and js-yaml, its fast reader.
  bundledDeps: ['yaml@^2.8.0', 'js-yaml@^4.1.0'],
  devDeps: ['kubernetes-models@^4.5.1', 'fast-check@^4', '@types/js-yaml@^4.0.9'],
  bin: { 'cdk8s-secure': 'lib/cli/main.js' },

  // The project's CI is `.ci/run`; releases are published by the platform team's own pipeline.
  github: false,
  release: false,
  depsUpgrade: false,

  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'examples', 'scripts', 'projenrc', '.projenrc.ts'],
  },

  jestOptions: {
    // Snapshots must fail in CI; `npm run test:update` exists for humans.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    // Machine-readable results, read by `.ci/run` for its closing summary line.
    extraCliOptions: ['--json', '--outputFile=test-reports/jest-results.json'],
    jestConfig: {
      // Tests and examples import the library by its package name, as consumers do.
      moduleNameMapper: { '^cdk8s-secure$': '<rootDir>/src/index.ts' },
      testPathIgnorePatterns: ['/node_modules/', '/examples/.*/dist/'],
    },
  },
});

for (const path of ['/examples/', '/scripts/', '/.ci/', '/tsconfig.dev.json']) {
  project.npmignore?.exclude(path);
}

// `npm ci` on the generated lock file fails without pinning the resolver's platform bindings.
project.package.addPackageResolutions('unrs-resolver@1.12.2');

// One type-check configuration for everything that is not the jsii-compiled `src/`: ts-jest only
// transpiles tests, so without this type errors in tests, examples and scripts go unnoticed.
new JsonFile(project, 'tsconfig.dev.json', {
  obj: {
    extends: './tsconfig.json',
    compilerOptions: {
      noEmit: true,
      rootDir: '.',
      paths: { 'cdk8s-secure': ['./src/index.ts'] },
    },
    include: ['src/**/*.ts', 'test/**/*.ts', 'examples/**/*.ts', 'scripts/**/*.ts'],
    exclude: ['node_modules'],
  },
});

// ESLint's typed rules find the nearest tsconfig.json of each file: give examples/ and scripts/ one, and
// let every tsconfig resolve the package name to the sources as tsconfig.dev.json does.
for (const dir of ['examples', 'scripts']) {
  new JsonFile(project, `${dir}/tsconfig.json`, {
    obj: { extends: '../tsconfig.dev.json', include: ['**/*.ts'] },
  });
}
project.tryFindObjectFile('test/tsconfig.json')?.addOverride('compilerOptions.paths', { 'cdk8s-secure': ['../src/index.ts'] });
project.tryFindObjectFile('.eslintrc.json')?.addOverride('settings.import/resolver.typescript.project', ['./tsconfig.dev.json']);

project.testTask.prependExec('tsc --noEmit -p tsconfig.dev.json', { name: 'type-check tests, examples and scripts' });

const tsNode = 'ts-node --project tsconfig.dev.json';

project.addTask('examples', {
  description: 'Synthesize every example app into examples/<name>/dist and print an audit summary',
  exec: `${tsNode} scripts/synth-examples.ts`,
});

project.addTask('smoke', {
  description: 'Pack the library and compile + synthesize a consumer project against the tarball',
  exec: 'bash scripts/consumer-smoke-test.sh',
});

project.addTask('api:check', {
  description: 'Fail when the committed API.md differs from what jsii-docgen generates for the current source',
  steps: [
    { spawn: 'compile' },
    { spawn: 'docgen' },
    { exec: 'git diff --exit-code -- API.md || (echo "API.md is stale: run npx projen build and commit API.md" >&2; exit 1)' },
  ],
});

project.addTask('bench', {
  description: 'Benchmark synthesis (SecureDeployment vs hand-written cdk8s-plus) and the audit engine; writes docs/benchmarks*.md',
  steps: [
    { exec: `${tsNode} scripts/bench-synth.ts` },
    { exec: `${tsNode} scripts/bench-audit.ts` },
    { exec: `${tsNode} scripts/bench-cli.ts` },
  ],
});

project.addTask('fuzz', {
  description: 'Property-based suite on FUZZ_RUNS (default 2000) random apps with a random seed (FUZZ_SEED replays one); prints the cases and failures',
  exec: `${tsNode} test/property/fuzz.ts`,
});

project.synth();
