import { cdk8s, javascript, JsonFile } from 'projen';

/**
 * The project's home: the repository URL in package.json, its home page, and the SARIF `informationUri` the audit
 * reports read from package.json. An organisation that publishes its own build sets its repository here, once.
 */
const REPOSITORY_URL = 'https://github.com/acme/cdk8s-secure';

const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-secure',
  description:
    'Hardened-by-default cdk8s constructs (SecureDeployment, SecureNamespace, SecureIngress) and an audit engine that checks any Kubernetes manifest.',
  keywords: ['cdk8s', 'kubernetes', 'security', 'hardening', 'pod-security-standards', 'audit'],
  author: 'cdk8s-secure maintainers',
  authorAddress: 'maintainers@users.noreply.example.com',
  repositoryUrl: `${REPOSITORY_URL}.git`,
  homepage: REPOSITORY_URL,
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
  // Report tests: the SARIF team's Jest matchers ship the official SARIF 2.1.0 JSON schema; fast-xml-parser checks the JUnit XML.
  devDeps: ['kubernetes-models@^4.5.1', 'fast-check@^4', '@types/js-yaml@^4.0.9', '@microsoft/jest-sarif@1.0.0-beta.0', 'fast-xml-parser@^5', 'cdk8s-cli@2.207.60'],
  bin: { 'cdk8s-secure': 'lib/cli/main.js' },

  // The project's CI is `.ci/run`; releases are published by the platform team's own pipeline to its registry:
  // `npx projen release` bumps the version from the conventional commits since the last tag, writes the changelog
  // and builds the tarball into dist/js (see README, Install).
  github: false,
  release: true,
  // Version 13 needs Node 22; the project builds on Node 20.
  bumpPackage: 'commit-and-tag-version@^12',
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

// The tarball holds what consumers need (lib/, .jsii, README, API.md, LICENSE, CHANGELOG, the user guides in docs/), not the
// contributors' notes, measurements or adversarial test catalogues.
for (const path of ['/examples/', '/scripts/', '/.ci/', '/tsconfig.dev.json', '/DEVELOPERS.md', '/docs/CONTRIBUTING.md', '/docs/testing.md',
  '/docs/benchmarks*.md', '/docs/adversarial/', '/test-reports/']) {
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
