import { Pack, Severity } from '../../../src';
import { findingsOf, hardened, Manifest } from '../support';

/** One fixture for one rule: the hardened fixture, changed by `change`. */
export interface RuleCase {
  /** What the case shows. */
  readonly name: string;
  /** Changes the hardened fixture (in place, or returns a replacement object list). */
  readonly change: (objects: Manifest[]) => Manifest[] | void;
  /** The pack to run. @default Pack.HARDENED */
  readonly pack?: Pack;
  /** Expected `<Kind>/<name> <path>` of the rule's findings; empty for a compliant case. */
  readonly expected: string[];
  /** Expected severity of every finding. */
  readonly severity?: Severity;
  /** Extra audit options. */
  readonly allowedRegistries?: string[];
  readonly platformPriorityClasses?: string[];
  readonly requiredLabels?: string[];
}

/** Runs compliant and non-compliant cases of `ruleId` against the hardened fixture. */
export function describeRule(ruleId: string, cases: RuleCase[]): void {
  describe(ruleId, () => {
    test('the hardened fixture complies', () => {
      expect(findingsOf(hardened(), ruleId)).toEqual([]);
    });
    test.each(cases.map(c => [c.expected.length === 0 ? `complies: ${c.name}` : `violates: ${c.name}`, c] as const))('%s', (_title, c) => {
      let objects = hardened();
      objects = c.change(objects) ?? objects;
      const findings = findingsOf(objects, ruleId, c.pack ?? Pack.HARDENED, {
        allowedRegistries: c.allowedRegistries,
        platformPriorityClasses: c.platformPriorityClasses,
        requiredLabels: c.requiredLabels,
      });
      expect(findings.map(f => `${f.kind}/${f.name} ${f.path}`).sort()).toEqual([...c.expected].sort());
      for (const finding of findings) {
        expect(finding.id).toEqual(`${(c.pack ?? Pack.HARDENED).name}/${ruleId}`);
        expect(finding.message.length).toBeGreaterThan(10);
        if (c.severity) {
          expect(finding.severity).toEqual(c.severity);
        }
      }
    });
  });
}
