import { probesAreIdentical } from '../../src/profile/probe-handlers';

describe('probesAreIdentical (kube-score pod-probes)', () => {
  test('httpGet: same path and numeric port, timings ignored', () => {
    expect(probesAreIdentical({ httpGet: { path: '/h', port: { value: 8080 } } }, { httpGet: { path: '/h', port: 8080 } })).toBe(true);
    expect(probesAreIdentical({ httpGet: { path: '/h', port: 8080 } }, { httpGet: { path: '/l', port: 8080 } })).toBe(false);
    expect(probesAreIdentical({ httpGet: { path: '/h', port: 8080 } }, { httpGet: { path: '/h', port: 8081 } })).toBe(false);
  });

  test('httpGet: a named port counts as 0, as Go IntOrString.IntValue() reads it', () => {
    expect(probesAreIdentical({ httpGet: { path: '/h', port: 'http' } }, { httpGet: { path: '/h', port: 'metrics' } })).toBe(true);
    expect(probesAreIdentical({ httpGet: { path: '/h', port: '8080' } }, { httpGet: { path: '/h', port: 8080 } })).toBe(true);
  });

  test('tcpSocket: the port as written (a name differs from the number)', () => {
    expect(probesAreIdentical({ tcpSocket: { port: 8080 } }, { tcpSocket: { port: { value: 8080 } } })).toBe(true);
    expect(probesAreIdentical({ tcpSocket: { port: 8080 } }, { tcpSocket: { port: 'http' } })).toBe(false);
  });

  test('exec: the same command', () => {
    expect(probesAreIdentical({ exec: { command: ['a', 'b'] } }, { exec: { command: ['a', 'b'] } })).toBe(true);
    expect(probesAreIdentical({ exec: { command: ['a', 'b'] } }, { exec: { command: ['a'] } })).toBe(false);
    expect(probesAreIdentical({ exec: { command: ['a', 'b'] } }, { exec: { command: ['a', 'c'] } })).toBe(false);
  });

  test('different handler types or a missing probe', () => {
    expect(probesAreIdentical({ exec: { command: ['a'] } }, { tcpSocket: { port: 1 } })).toBe(false);
    expect(probesAreIdentical(undefined, { tcpSocket: { port: 1 } })).toBe(false);
  });
});
