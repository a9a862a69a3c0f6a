/**
 * Finding, loading and synthesizing the example apps; shared by `npm run examples` and the test that
 * keeps the committed example output current.
 *
 * Convention: `examples/<name>/main.ts` exports `buildApp(outdir)` returning a cdk8s `App` and
 * synthesizes it when run directly.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Yaml } from 'cdk8s';

const PACKAGE_NAME = 'cdk8s-secure';

/** What one example produced. */
export interface ExampleOutput {
  readonly app: App;
  /** Synthesized file names, sorted. */
  readonly files: string[];
  /** Number of Kubernetes objects per file. */
  readonly objectsPerFile: Record<string, number>;
  /** The audit options the example's platform team uses in CI (its `auditOptions` export), when it has any. */
  readonly auditOptions?: Record<string, unknown>;
}

/** The example folders that hold a `main.ts`, sorted by name. */
export function exampleNames(root: string): string[] {
  const dir = path.join(root, 'examples');
  return fs.readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(dir, entry.name, 'main.ts')))
    .map((entry) => entry.name)
    .sort();
}

/** The synthesized `*.k8s.yaml` files in `outdir`, sorted. */
export function yamlFiles(outdir: string): string[] {
  if (!fs.existsSync(outdir)) {
    return [];
  }
  return fs.readdirSync(outdir).filter((file) => file.endsWith('.k8s.yaml')).sort();
}

/**
 * Makes `require('cdk8s-secure')` resolve to this checkout's sources when running under ts-node, as
 * the jest configuration and tsconfig.dev.json do for tests and type-checking.
 */
export function aliasPackageToSources(root: string): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Module = require('module') as { _resolveFilename: (request: string, ...rest: unknown[]) => string; __cdk8sSecureAlias?: boolean };
  if (Module.__cdk8sSecureAlias) {
    return;
  }
  const original = Module._resolveFilename;
  const entry = path.join(root, 'src', 'index.ts');
  Module._resolveFilename = function resolve(this: unknown, request: string, ...rest: unknown[]): string {
    return original.call(this, request === PACKAGE_NAME ? entry : request, ...rest);
  };
  Module.__cdk8sSecureAlias = true;
}

/** Synthesizes one example into `outdir`, replacing the YAML files that were there. */
export function synthExample(root: string, name: string, outdir: string): ExampleOutput {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const example = require(path.join(root, 'examples', name, 'main.ts')) as { buildApp?: (outdir: string) => App; auditOptions?: Record<string, unknown> };
  if (typeof example.buildApp !== 'function') {
    throw new Error(`examples/${name}/main.ts must export buildApp(outdir: string): App`);
  }
  for (const file of yamlFiles(outdir)) {
    fs.rmSync(path.join(outdir, file));
  }
  const app = example.buildApp(outdir);
  app.synth();
  const files = yamlFiles(outdir);
  const objectsPerFile: Record<string, number> = {};
  for (const file of files) {
    objectsPerFile[file] = Yaml.load(path.join(outdir, file)).filter((doc) => doc != null).length;
  }
  return { app, files, objectsPerFile, auditOptions: example.auditOptions };
}
