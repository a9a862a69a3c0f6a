import * as fc from 'fast-check';
import { buildApp } from './app-model';
import { appDesc } from './generators';
import {
  checkApiValidity, checkAudit, checkDeterminism, checkNetwork, parseManifests, synthesize, unexplainedScannerFindings,
} from './properties';

/*
 * The property-based suite, on random valid apps (see generators.ts and docs/testing.md). `FUZZ_RUNS`
 * scales every property's number of cases (default: 150 cases in total), `FUZZ_SEED` replays a run;
 * the seed is fixed here so that `npm test` is reproducible. `npm run fuzz` runs thousands of cases
 * with a random seed.
 */

const total = Number(process.env.FUZZ_RUNS ?? 150);
const seed = Number(process.env.FUZZ_SEED ?? 20240611);
const runs = (share: number) => ({ numRuns: Math.max(1, Math.round(total * share)), seed });

jest.setTimeout(180_000);

describe('random valid apps', () => {
  // Synthesis (property 1) and the network oracle (property 4) share one synthesis per case.
  test('synthesize into objects the API server accepts, whose NetworkPolicies admit exactly the declared graph', () => {
    fc.assert(fc.property(appDesc, (desc) => {
      const { built, yaml } = synthesize(desc);
      const manifests = parseManifests(yaml);
      checkApiValidity(manifests);
      checkNetwork(desc, built, manifests);
    }), runs(0.4));
  });

  test('audit with nothing but the documented info findings under pss-baseline, pss-restricted and hardened', () => {
    fc.assert(fc.property(appDesc, (desc) => {
      checkAudit(desc, buildApp(desc));
    }), runs(0.4));
  });

  test('are deterministic: two builds of the same description give byte-identical YAML', () => {
    fc.assert(fc.property(appDesc, (desc) => {
      checkDeterminism(synthesize(desc).yaml, synthesize(desc).yaml);
    }), runs(0.2));
  });
});

describe('random valid apps and the scanners', () => {
  test('carry no Polaris or kube-score finding that is not fixed or exempted with its reason', () => {
    fc.assert(fc.property(appDesc, (desc) => {
      const manifests = parseManifests(synthesize(desc).yaml);
      expect(unexplainedScannerFindings(manifests)).toEqual([]);
    }), runs(0.2));
  });
});
