import { activeIds, hardened } from './support';
import { Audit, Pack, Severity } from '../../src';

describe('the fully hardened fixture', () => {
  test('audits clean under hardened', () => {
    expect(activeIds(hardened())).toEqual([]);
  });

  test('audits clean under every pack, with no problems and not even INFO findings', () => {
    const report = Audit.ofManifests(hardened(), { packs: Pack.all(), allowedRegistries: ['registry.example.com'] });
    expect(report.active(Severity.INFO)).toEqual([]);
    expect(report.problems).toEqual([]);
    expect(report.objectCount).toBe(18);
  });
});
