import { labelValueProblem, recommendedLabels, versionFromImage } from '../../src/profile/workload-labels';

describe('recommendedLabels (META-LABELS)', () => {
  test('the five recommended labels, managed by cdk8s-secure', () => {
    expect(recommendedLabels({ name: 'api', instance: 'shop-api', partOf: 'shop', version: '1.4.2' })).toEqual({
      'app.kubernetes.io/name': 'api',
      'app.kubernetes.io/instance': 'shop-api',
      'app.kubernetes.io/part-of': 'shop',
      'app.kubernetes.io/version': '1.4.2',
      'app.kubernetes.io/managed-by': 'cdk8s-secure',
    });
  });
});

describe('labelValueProblem', () => {
  test.each(['api', 'v1.4.2', 'a_b-c.d', 'A1', 'x'.repeat(63)])('%s is a label value', (value) => {
    expect(labelValueProblem(value)).toBeUndefined();
  });

  test.each(['', 'My API', '-api', 'api-', 'a/b', 'x'.repeat(64)])('%j is not', (value) => {
    expect(labelValueProblem(value)).toBeDefined();
  });
});

describe('versionFromImage', () => {
  test('the tag, a short digest, or latest', () => {
    expect(versionFromImage('1.4.2', undefined)).toEqual('1.4.2');
    expect(versionFromImage('1.4.2', `sha256:${'ab'.repeat(32)}`)).toEqual('1.4.2');
    expect(versionFromImage(undefined, `sha256:${'ab'.repeat(32)}`)).toEqual('sha256-abababababab');
    expect(versionFromImage(undefined, undefined)).toEqual('latest');
  });
});
