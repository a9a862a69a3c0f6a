import * as fc from 'fast-check';
import { appDesc } from './generators';
import { checkApp } from './properties';

/*
 * `npm run fuzz`: FUZZ_RUNS random apps (default 2000), each checked for all five properties
 * (synthesis, the audit under every pack, byte-identical YAML of a second build, the network oracle).
 * The seed is random unless FUZZ_SEED is given, and printed so that a failure can be replayed. The run
 * stops at the first failing case, shrinks it and prints the shrunk description: add it to
 * regressions.test.ts once the cause is fixed.
 */

const runs = Number(process.env.FUZZ_RUNS ?? 2000);
const seed = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
const started = Date.now();
let cases = 0;

console.log(`fuzz: ${runs} cases, seed ${seed} (replay with FUZZ_SEED=${seed})`);
const result = fc.check(fc.property(appDesc, (desc) => {
  cases++;
  if (cases % 250 === 0) {
    console.log(`fuzz: ${cases} cases checked, ${Math.round((Date.now() - started) / 1000)}s`);
  }
  checkApp(desc);
}), { numRuns: runs, seed });

const seconds = Math.round((Date.now() - started) / 1000);
if (result.failed) {
  console.log(`fuzz: failing case after ${result.numRuns} cases, shrunk ${result.numShrinks} times:`);
  console.log(JSON.stringify(result.counterexample?.[0], null, 2));
  console.log(result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance));
  console.log(`fuzz: ${result.numRuns} cases, 1 failing (seed ${seed}, ${seconds}s)`);
  process.exitCode = 1;
} else {
  console.log(`fuzz: ${result.numRuns} cases, 0 failing (seed ${seed}, ${seconds}s)`);
}
