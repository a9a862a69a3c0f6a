/**
 * Synthesizes every example app in `examples/<name>/main.ts` into `examples/<name>/dist/`, then prints
 * where the YAML went and its audit summary. Run with `npm run examples`.
 *
 * Examples import the library by its package name, exactly as consumers do; this script maps that
 * name to the sources so the examples always run against the code in this checkout.
 */
import * as fs from 'fs';
import * as path from 'path';
import { aliasPackageToSources, exampleNames, synthExample } from './examples';
// The alias resolves 'cdk8s-secure' to this same file, so examples and this script share one module.
import * as lib from '../src';

const root = path.resolve(__dirname, '..');

function main(): void {
  aliasPackageToSources(root);
  let unclean = 0;
  for (const name of exampleNames(root)) {
    const outdir = path.join(root, 'examples', name, 'dist');
    const result = synthExample(root, name, outdir);
    console.log(`${name}: ${path.relative(root, outdir)}/`);
    for (const file of result.files) {
      const objects = result.objectsPerFile[file] ?? 0;
      console.log(`  ${file} (${objects} objects)`);
    }
    const report = lib.Audit.of(result.app, result.auditOptions ?? {});
    const active = report.active(lib.Severity.WARNING);
    console.log(`  audit: ${report.summary()}`);
    for (const finding of active) {
      console.log(`    ${finding.severity} ${finding.id} ${finding.kind}/${finding.name} ${finding.path}: ${finding.message}`);
    }
    unclean += active.length;
  }
  if (unclean > 0) {
    console.error(`${unclean} finding(s) at warning or above in the examples`);
    process.exitCode = 1;
  }
  fs.rmSync(path.join(root, 'cdk8s.out'), { recursive: true, force: true });
}

main();
