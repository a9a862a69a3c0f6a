import {
  DEFAULT_CPU_UTILIZATION, DEFAULT_REPLICAS, PDB_MAX_UNAVAILABLE, ROLLING_MAX_SURGE_PERCENT, ROLLING_MAX_UNAVAILABLE, spreadAcrossNodes,
} from '../../src/profile/workload-availability';

describe('availability defaults', () => {
  test('2 replicas, never unavailable during a rollout, one disruption at a time, HPA at 70% CPU', () => {
    const defaults = [DEFAULT_REPLICAS, ROLLING_MAX_UNAVAILABLE, ROLLING_MAX_SURGE_PERCENT, PDB_MAX_UNAVAILABLE, DEFAULT_CPU_UTILIZATION];
    expect(defaults).toEqual([2, 0, 25, 1, 70]);
  });

  test('spread across nodes without blocking scheduling (AVAIL-SPREAD)', () => {
    const labels = { app: 'api' };
    const constraint = spreadAcrossNodes(labels);
    labels.app = 'changed';
    expect(constraint).toEqual({
      maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'api' } },
    });
  });
});
