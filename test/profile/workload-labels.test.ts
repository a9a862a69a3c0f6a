import { labelKeyProblem, labelValueProblem, missingRequiredLabels, recommendedLabels, versionFromImage } from '../../src/profile/workload-labels';

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

describe('labelKeyProblem', () => {
  test.each(['team', 'app.kubernetes.io/name', 'example.com/cost-center', 'A_b.c', 'x'])('%s is a label key', (key) => {
    expect(labelKeyProblem(key)).toBeUndefined();
  });

  test.each<[string, string]>([
    ['', 'has an empty name'],
    ['example.com/', 'has an empty name'],
    ['/team', 'has a prefix "" that is empty'],
    ['-team', 'is not a label name'],
    ['cost center', 'is not a label name'],
    ['a/b/c', 'has a name "b/c" that is not a label name'],
    [`${'y'.repeat(64)}`, 'has a name of 64 characters'],
  ])('%j is not: %s', (key, problem) => {
    expect(labelKeyProblem(key)).toContain(problem);
  });
});

describe('missingRequiredLabels', () => {
  test('names absent and empty keys in the order required', () => {
    expect(missingRequiredLabels({ team: '', owner: 'x' }, ['team', 'owner', 'cost-center'])).toEqual(['team', 'cost-center']);
    expect(missingRequiredLabels({ team: 'checkout' }, ['team'])).toEqual([]);
    expect(missingRequiredLabels({}, [])).toEqual([]);
  });
});
