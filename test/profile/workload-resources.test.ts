import { completePair, DEFAULT_WORKLOAD_RESOURCES, isResourceProblem, resolveWorkloadResources } from '../../src/profile/workload-resource-defaults';

describe('resolveWorkloadResources (CTR-RESOURCES, CTR-EPHEMERAL-STORAGE)', () => {
  test('defaults: cpu 100m/500m, memory 128Mi/256Mi, ephemeral-storage 64Mi/512Mi', () => {
    expect(DEFAULT_WORKLOAD_RESOURCES).toEqual({
      cpuRequest: '100m', cpuLimit: '500m', memoryRequest: '128Mi', memoryLimit: '256Mi', ephemeralStorageRequest: '64Mi', ephemeralStorageLimit: '512Mi',
    });
    expect(resolveWorkloadResources()).toEqual({
      requests: { 'cpu': '100m', 'memory': '128Mi', 'ephemeral-storage': '64Mi' },
      limits: { 'cpu': '500m', 'memory': '256Mi', 'ephemeral-storage': '512Mi' },
    });
  });

  test('given values replace the defaults one by one', () => {
    const resolved = resolveWorkloadResources({ cpuLimit: '2', ephemeralStorageLimit: '2Gi' });
    expect(resolved).toEqual({
      requests: { 'cpu': '100m', 'memory': '128Mi', 'ephemeral-storage': '64Mi' },
      limits: { 'cpu': '2', 'memory': '256Mi', 'ephemeral-storage': '2Gi' },
    });
  });

  test('a limit below its request is a problem', () => {
    const result = resolveWorkloadResources({ cpuRequest: '1', cpuLimit: '500m' });
    expect(isResourceProblem(result) && result).toEqual({ field: 'cpuLimit', value: '500m', problem: expect.stringContaining('is below cpuRequest "1"') });
  });

  test.each(['abc', '1GB', '-1'])('a malformed or negative quantity %j is a problem', (value) => {
    const result = resolveWorkloadResources({ memoryRequest: value });
    expect(isResourceProblem(result) && result.field).toEqual('memoryRequest');
  });
});

describe('completePair', () => {
  test('keeps a full pair', () => {
    expect(completePair('1', '2', '100m', '500m')).toEqual({ request: '1', limit: '2' });
  });

  test('fills the missing side from the default when compatible', () => {
    expect(completePair('200m', undefined, '100m', '500m')).toEqual({ request: '200m', limit: '500m' });
    expect(completePair(undefined, '200m', '100m', '500m')).toEqual({ request: '100m', limit: '200m' });
  });

  test('a lone value that contradicts the default pulls the other side along', () => {
    expect(completePair('1', undefined, '100m', '500m')).toEqual({ request: '1', limit: '1' });
    expect(completePair(undefined, '50m', '100m', '500m')).toEqual({ request: '50m', limit: '50m' });
  });
});
