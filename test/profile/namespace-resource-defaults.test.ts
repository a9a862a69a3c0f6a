import {
  DEFAULT_CONTAINER_LIMITS, DEFAULT_NAMESPACE_QUOTA, limitRangeContainerItem, namespaceResourceProblems, resolveContainerLimits,
  resolveNamespaceQuota, resourceQuotaHard,
} from '../../src/profile/namespace-resource-defaults';
import { parseQuantity } from '../../src/profile/quantity';

const q = (text: string): number => parseQuantity(text)!;

describe('defaults', () => {
  test('the default quota and limits are consistent', () => {
    expect(namespaceResourceProblems(DEFAULT_NAMESPACE_QUOTA, DEFAULT_CONTAINER_LIMITS)).toEqual([]);
  });

  test('no NodePort or LoadBalancer Services by default', () => {
    expect(DEFAULT_NAMESPACE_QUOTA.nodePorts).toBe(0);
    expect(DEFAULT_NAMESPACE_QUOTA.loadBalancers).toBe(0);
  });

  test('at least ten containers at the default requests and limits fit in the quota', () => {
    const { defaultRequest, defaultLimit } = DEFAULT_CONTAINER_LIMITS;
    expect(q(DEFAULT_NAMESPACE_QUOTA.requestsCpu) / q(defaultRequest.cpu)).toBeGreaterThanOrEqual(10);
    expect(q(DEFAULT_NAMESPACE_QUOTA.requestsMemory) / q(defaultRequest.memory)).toBeGreaterThanOrEqual(10);
    expect(q(DEFAULT_NAMESPACE_QUOTA.limitsCpu) / q(defaultLimit.cpu)).toBeGreaterThanOrEqual(10);
    expect(q(DEFAULT_NAMESPACE_QUOTA.limitsMemory) / q(defaultLimit.memory)).toBeGreaterThanOrEqual(10);
    expect(q(DEFAULT_NAMESPACE_QUOTA.limitsEphemeralStorage) / q(defaultLimit.ephemeralStorage)).toBeGreaterThanOrEqual(10);
  });
});

describe('resolve', () => {
  test('unset quota fields come from the defaults', () => {
    expect(resolveNamespaceQuota()).toEqual(DEFAULT_NAMESPACE_QUOTA);
    expect(resolveNamespaceQuota({ pods: 5, requestsCpu: '1' })).toEqual({ ...DEFAULT_NAMESPACE_QUOTA, pods: 5, requestsCpu: '1' });
  });

  test('a quota of 0 is kept, not replaced by the default', () => {
    expect(resolveNamespaceQuota({ persistentVolumeClaims: 0 }).persistentVolumeClaims).toBe(0);
  });

  test('unset container amounts come from the defaults', () => {
    expect(resolveContainerLimits()).toEqual(DEFAULT_CONTAINER_LIMITS);
    const limits = resolveContainerLimits({ max: { memory: '8Gi' } });
    expect(limits.max).toEqual({ ...DEFAULT_CONTAINER_LIMITS.max, memory: '8Gi' });
    expect(limits.min).toEqual(DEFAULT_CONTAINER_LIMITS.min);
  });
});

describe('namespaceResourceProblems', () => {
  const problems = (quota = {}, limits = {}) => namespaceResourceProblems(resolveNamespaceQuota(quota), resolveContainerLimits(limits));

  test('malformed and negative quantities, each named', () => {
    expect(problems({ requestsCpu: '-1', limitsMemory: '1GB' }, { min: { cpu: 'x' } }).map((p) => [p.prop, p.value])).toEqual([
      ['quota.requestsCpu', '-1'],
      ['quota.limitsMemory', '1GB'],
      ['containerLimits.min.cpu', 'x'],
    ]);
  });

  test('a malformed quantity stops the comparisons', () => {
    expect(problems({ requestsMemory: '1' }, { max: { cpu: 'lots' } }).map((p) => p.prop)).toEqual(['containerLimits.max.cpu']);
  });

  test('counts must be whole and not negative', () => {
    expect(problems({ pods: -1, nodePorts: 0.5, loadBalancers: 0 }).map((p) => p.prop)).toEqual(['quota.pods', 'quota.nodePorts']);
  });

  test('min <= defaultRequest <= defaultLimit <= max, per resource', () => {
    expect(problems({}, { min: { cpu: '200m' } }).map((p) => p.prop)).toEqual(['containerLimits.defaultRequest.cpu']);
    expect(problems({}, { defaultRequest: { memory: '1Gi' } }).map((p) => p.prop)).toEqual(['containerLimits.defaultLimit.memory']);
    expect(problems({}, { max: { ephemeralStorage: '512Mi' } }).map((p) => p.prop)).toEqual(['containerLimits.max.ephemeralStorage']);
  });

  test('equal bounds are fine', () => {
    expect(problems({}, { min: { cpu: '100m' }, defaultRequest: { cpu: '100m' }, defaultLimit: { cpu: '100m' }, max: { cpu: '100m' } })).toEqual([]);
  });

  test('a quota below the LimitRange defaults', () => {
    expect(problems({ requestsCpu: '50m', limitsMemory: '256Mi', limitsEphemeralStorage: '100Mi' }).map((p) => p.prop)).toEqual([
      'quota.requestsCpu', 'quota.limitsMemory', 'quota.limitsEphemeralStorage',
    ]);
  });

  test('a quota equal to the LimitRange defaults is fine', () => {
    expect(problems({ requestsCpu: '100m', limitsCpu: '500m' })).toEqual([]);
  });

  test('units are compared by value, not by text', () => {
    expect(problems({ requestsMemory: '0.125Gi' })).toEqual([]);
    expect(problems({ requestsMemory: '134217727' }).map((p) => p.prop)).toEqual(['quota.requestsMemory']);
  });
});

describe('manifest fields', () => {
  test('resourceQuotaHard uses the Kubernetes keys, sorted, as strings', () => {
    const hard = resourceQuotaHard(DEFAULT_NAMESPACE_QUOTA);
    expect(Object.keys(hard)).toEqual([
      'limits.cpu', 'limits.ephemeral-storage', 'limits.memory', 'persistentvolumeclaims', 'pods', 'requests.cpu',
      'requests.ephemeral-storage', 'requests.memory', 'requests.storage', 'services.loadbalancers', 'services.nodeports',
    ]);
    expect(hard.pods).toEqual('50');
    expect(hard['services.nodeports']).toEqual('0');
  });

  test('limitRangeContainerItem maps defaultLimit to "default" and uses Kubernetes resource names', () => {
    expect(limitRangeContainerItem(DEFAULT_CONTAINER_LIMITS)).toEqual({
      type: 'Container',
      default: { 'cpu': '500m', 'ephemeral-storage': '1Gi', 'memory': '512Mi' },
      defaultRequest: { 'cpu': '100m', 'ephemeral-storage': '64Mi', 'memory': '128Mi' },
      max: { 'cpu': '2', 'ephemeral-storage': '4Gi', 'memory': '4Gi' },
      min: { 'cpu': '10m', 'ephemeral-storage': '1Mi', 'memory': '16Mi' },
    });
  });
});
