import * as fc from 'fast-check';
import { Audit } from '../../src';
import { JsonObject } from '../../src/audit/engine/json';
import { selectorMatches, SelectorIndex } from '../../src/audit/engine/label-selector';

/** The index as it was: every selector under its alphabetically first pair. The reference for order and results. */
function referenceMatching<T>(entries: ReadonlyArray<{ selector: JsonObject; item: T }>, labels: Record<string, string>): T[] {
  const firstKey = (selector: JsonObject) => Object.keys((selector.matchLabels ?? {}) as object).sort((a, b) => a.localeCompare(b))[0];
  const unkeyed = entries.filter(entry => firstKey(entry.selector) === undefined && selectorMatches(entry.selector, labels));
  const keyed = Object.keys(labels).flatMap(key => entries.filter(entry => firstKey(entry.selector) === key
    && ((entry.selector.matchLabels as Record<string, string>)[key] === labels[key]) && selectorMatches(entry.selector, labels)));
  return [...unkeyed, ...keyed].map(entry => entry.item);
}

describe('SelectorIndex', () => {
  test('selects what a scan of every selector selects, in the same order (random selectors over few labels)', () => {
    const key = fc.constantFrom('app', 'component', 'tier', 'team', 'version');
    const value = fc.constantFrom('shop', 'cart', 'web', 'a', 'b');
    const labels = fc.dictionary(key, value, { maxKeys: 5 });
    const selector = fc.record({
      matchLabels: fc.dictionary(key, value, { maxKeys: 3 }),
      matchExpressions: fc.array(fc.record({ key, operator: fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist'), values: fc.array(value, { maxLength: 2 }) }),
        { maxLength: 1 }),
    });
    fc.assert(fc.property(fc.array(selector, { maxLength: 30 }), fc.array(labels, { minLength: 1, maxLength: 10 }), (selectors, labelSets) => {
      const index = new SelectorIndex<number>();
      const entries = selectors.map((s, item) => ({ selector: s as unknown as JsonObject, item }));
      entries.forEach(entry => index.add(entry.selector, entry.item));
      for (const set of labelSets) {
        expect(index.matching(set)).toEqual(referenceMatching(entries, set));
      }
    }), { numRuns: 300 });
  });

  test('selectors sharing a pair are filed under their distinguishing pair', () => {
    const index = new SelectorIndex<string>();
    for (let i = 0; i < 50; i++) index.add({ matchLabels: { app: 'shop', component: `c${i}` } }, `c${i}`);
    index.add({ matchLabels: { app: 'shop' } }, 'all');
    expect(index.matching({ app: 'shop', component: 'c7' })).toEqual(['c7', 'all']);
    expect(index.matching({ component: 'c7', app: 'shop' })).toEqual(['c7', 'all']);
    // The bucket of the shared pair holds only the selector that has no other pair.
    const buckets = (index as unknown as { buckets(): Map<string, Array<{ item: string }>> }).buckets();
    expect(buckets.get('app\u0000shop')!.map(entry => entry.item)).toEqual(['all']);
    expect(Math.max(...[...buckets.values()].map(bucket => bucket.length))).toBe(1);
    expect(index.matching({ app: 'other', component: 'c7' })).toEqual([]);
  });
});

describe('shared labels: the audit finds the same with the reworked index', () => {
  /** Workloads of one Helm release: `app: shop` on all, `component` distinguishing them. */
  function sharedLabelApp(count: number): Record<string, unknown>[] {
    const objects: Record<string, unknown>[] = [];
    for (let i = 0; i < count; i++) {
      const labels = { app: 'shop', component: `c${i}` };
      objects.push({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: `c${i}`, namespace: 'shop', labels },
        spec: { replicas: 2, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'a', image: 'registry.example.com/a:1' }] } } },
      });
      if (i % 3 !== 0) {
        objects.push({
          apiVersion: 'policy/v1',
          kind: 'PodDisruptionBudget',
          metadata: { name: `c${i}`, namespace: 'shop' },
          spec: { maxUnavailable: i % 3 === 1 ? 1 : 0, selector: { matchLabels: labels } },
        });
      }
      if (i % 2 === 0) {
        objects.push({
          apiVersion: 'networking.k8s.io/v1',
          kind: 'NetworkPolicy',
          metadata: { name: `c${i}`, namespace: 'shop' },
          spec: { podSelector: { matchLabels: labels }, policyTypes: ['Ingress', 'Egress'] },
        });
      }
    }
    // A budget for every pod of the release, listed in messages beside each workload's own.
    objects.push({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'all', namespace: 'shop' },
      spec: { maxUnavailable: 0, selector: { matchLabels: { app: 'shop' } } },
    });
    return objects;
  }

  test('PodDisruptionBudget and NetworkPolicy findings name the budgets and workloads a full scan finds', () => {
    const report = Audit.ofManifests(sharedLabelApp(30));
    const pdb = report.findings.filter(f => f.message.includes('PodDisruptionBudget(s)'));
    // c0, c3, ...: only the release-wide budget, which allows no disruption; c2, c5, ...: their own (0) and the release's.
    expect(pdb.map(f => [f.name, f.message.replace(/ allow no.*/, '')])).toEqual(
      Array.from({ length: 30 }, (_, i) => i).filter(i => i % 3 !== 1)
        .map(i => [`c${i}`, `the PodDisruptionBudget(s) ${i % 3 === 0 ? 'all' : `c${i}, all`}`]));
    const covered = (name: string) => !report.findings.some(f => f.name === name && /NetworkPolicy/.test(f.message) && /no NetworkPolicy|not selected/.test(f.message));
    expect(['c0', 'c2', 'c28'].every(covered)).toBe(true);
  });
});
