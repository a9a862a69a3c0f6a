import { Duration } from 'cdk8s';
import { WorkloadProbe } from '../../src';
import { DEFAULT_PROBE_TIMINGS, ProbeKind } from '../../src/profile/workload-probe-defaults';

const PORT = { number: 8080, name: 'http' };

describe('WorkloadProbe (CTR-PROBES)', () => {
  test('default timings per kind: liveness tolerates twice as long as readiness, startup five minutes', () => {
    expect(DEFAULT_PROBE_TIMINGS).toEqual({
      readiness: { initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 },
      liveness: { initialDelaySeconds: 10, periodSeconds: 20, timeoutSeconds: 2, failureThreshold: 3 },
      startup: { initialDelaySeconds: 0, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 60 },
    });
  });

  test('httpGet uses the default port, by name when asked', () => {
    expect(WorkloadProbe.httpGet('/healthz')._toKube(ProbeKind.READINESS, PORT).httpGet).toEqual(expect.objectContaining({ path: '/healthz', port: expect.objectContaining({ value: 8080 }) }));
    expect(WorkloadProbe.httpGet('/healthz')._toKube(ProbeKind.LIVENESS, { ...PORT, byName: true }).httpGet!.port.value).toEqual('http');
  });

  test('an explicit port wins', () => {
    expect(WorkloadProbe.tcpSocket({ port: 9000 })._toKube(ProbeKind.READINESS, PORT).tcpSocket!.port.value).toEqual(9000);
    expect(WorkloadProbe.grpc({ port: 9090, service: 'health' })._toKube(ProbeKind.READINESS, PORT).grpc).toEqual({ port: 9090, service: 'health' });
  });

  test('timings: given values win, the rest come from the kind', () => {
    const probe = WorkloadProbe.exec(['true'], { period: Duration.seconds(3), failureThreshold: 5 })._toKube(ProbeKind.STARTUP);
    expect(probe).toEqual({ exec: { command: ['true'] }, initialDelaySeconds: 0, periodSeconds: 3, timeoutSeconds: 2, failureThreshold: 5, successThreshold: 1 });
  });

  test('the exec command is copied', () => {
    const command = ['cat', '/tmp/ready'];
    const probe = WorkloadProbe.exec(command);
    command.push('changed');
    expect(probe._toKube(ProbeKind.READINESS).exec!.command).toEqual(['cat', '/tmp/ready']);
  });

  test.each([
    [WorkloadProbe.httpGet('healthz'), ProbeKind.READINESS, 'must start with "/"'],
    [WorkloadProbe.exec([]), ProbeKind.READINESS, 'empty command'],
    [WorkloadProbe.tcpSocket({ port: 70000 }), ProbeKind.READINESS, 'a whole number from 1 to 65535'],
    [WorkloadProbe.tcpSocket({ successThreshold: 2 }), ProbeKind.STARTUP, 'successThreshold 1'],
    [WorkloadProbe.tcpSocket({ successThreshold: 0 }), ProbeKind.READINESS, 'successThreshold >= 1'],
    [WorkloadProbe.tcpSocket({ failureThreshold: 0 }), ProbeKind.READINESS, 'failureThreshold'],
  ])('problem %#', (probe, kind, message) => {
    expect(probe._problem(kind)?.problem).toContain(message);
  });

  test('a readiness probe may need several successes', () => {
    expect(WorkloadProbe.tcpSocket({ successThreshold: 2 })._problem(ProbeKind.READINESS)).toBeUndefined();
  });

  test('needs a default port unless it names one or is an exec probe', () => {
    expect(WorkloadProbe.httpGet('/')._needsDefaultPort()).toBe(true);
    expect(WorkloadProbe.grpc({ port: 1 })._needsDefaultPort()).toBe(false);
    expect(WorkloadProbe.exec(['true'])._needsDefaultPort()).toBe(false);
  });
});
