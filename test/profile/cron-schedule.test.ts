import * as fc from 'fast-check';
import { cronScheduleProblem, timeZoneProblem } from '../../src/profile/cron-schedule';

const BOUNDS: ReadonlyArray<readonly [number, number]> = [[0, 59], [0, 23], [1, 31], [1, 12], [0, 6]];

/** One valid entry of a field: `*`, `?`, a value, a range, each with an optional step. */
function entry([min, max]: readonly [number, number]): fc.Arbitrary<string> {
  const value = fc.integer({ min, max });
  const range = fc.tuple(value, value).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`);
  const base = fc.oneof(fc.constantFrom('*', '?'), value.map(String), range);
  return fc.tuple(base, fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }))
    .map(([text, step]) => step === undefined ? text : `${text}/${step}`);
}

const field = (bounds: readonly [number, number]) => fc.array(entry(bounds), { minLength: 1, maxLength: 3 }).map(parts => parts.join(','));

describe('cronScheduleProblem', () => {
  test('accepts every five-field schedule built from valid values, ranges, lists and steps', () => {
    fc.assert(fc.property(fc.tuple(...BOUNDS.map(field)), fields => {
      expect(cronScheduleProblem(fields.join(' '))).toBeUndefined();
    }), { numRuns: 300, seed: 14 });
  });

  test('refuses a value just outside its field, in every field', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 4 }), fc.boolean(), (index, above) => {
      const fields = ['*', '*', '*', '*', '*'];
      const [min, max] = BOUNDS[index];
      if (!above && min === 0) {
        return; // no value below 0 is a number at all; covered by the non-number cases
      }
      fields[index] = String(above ? max + 1 : min - 1);
      expect(cronScheduleProblem(fields.join(' '))).toMatch(/has an invalid .* field/);
    }), { numRuns: 100, seed: 14 });
  });

  test.each([
    ['0 0 3 * * ?', 'has 6 field(s)'],
    ['0 0 * * 7', 'has an invalid day of week field: 7 is outside 0-6'],
    ['0 0 * foo *', "has an invalid month field: 'foo' is not a number or a month name (jan-dec)"],
    ['*/0 * * * *', "the step of '*/0' must be a positive number"],
    ['TZ=UTC 0 3 * * *', 'set spec.timeZone instead'],
    ['@fortnightly', "'@fortnightly' is not one of the macros"],
    ['   ', 'is empty'],
  ])('%j: %s', (schedule, message) => {
    expect(cronScheduleProblem(schedule)).toContain(message);
  });
});

describe('timeZoneProblem', () => {
  test.each(['Etc/UTC', 'UTC', 'Europe/Berlin', 'America/Argentina/Buenos_Aires'])('accepts %s', zone => {
    expect(timeZoneProblem(zone)).toBeUndefined();
  });
  test.each(['Local', 'local', 'Mars/Olympus', 'Europe/ Berlin', '', 'Etc/../UTC'])('refuses %j', zone => {
    expect(timeZoneProblem(zone)).toBeDefined();
  });
  test('a zone tried before gets the same answer (the answers are remembered)', () => {
    expect([timeZoneProblem('Mars/Olympus'), timeZoneProblem('Mars/Olympus')]).toEqual([
      'is not a time zone of the IANA database (for example Etc/UTC or Europe/Berlin)',
      'is not a time zone of the IANA database (for example Etc/UTC or Europe/Berlin)',
    ]);
    expect([timeZoneProblem('Europe/Berlin'), timeZoneProblem('Europe/Berlin')]).toEqual([undefined, undefined]);
  });
});
