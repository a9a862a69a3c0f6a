import { parseQuantity, quantityProblem } from '../../src/profile/quantity';

describe('parseQuantity', () => {
  test.each([
    ['500m', 0.5],
    ['2', 2],
    ['1.5', 1.5],
    ['.5', 0.5],
    ['256Mi', 256 * 2 ** 20],
    ['1Gi', 2 ** 30],
    ['1G', 1e9],
    ['100k', 1e5],
    ['2e3', 2000],
    ['1E-3', 0.001],
    ['0', 0],
    ['-1', -1],
  ])('%s = %d', (text, expected) => {
    expect(parseQuantity(text)).toBeCloseTo(expected, 9);
  });

  test.each(['', 'abc', '1gi', '1 Gi', ' 1Gi', '1Gb', '1.2.3', 'Mi', '1KiB', '--1'])('rejects %j', (text) => {
    expect(parseQuantity(text)).toBeUndefined();
  });
});

describe('quantityProblem', () => {
  test('accepts a valid non-negative quantity', () => {
    expect(quantityProblem('128Mi')).toBeUndefined();
  });

  test('explains a malformed quantity', () => {
    expect(quantityProblem('12 GB')).toMatch(/is not a Kubernetes quantity/);
  });

  test('explains a negative quantity', () => {
    expect(quantityProblem('-100m')).toMatch(/is negative/);
  });
});
