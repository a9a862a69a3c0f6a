import { isPortNumber, portNameProblem } from '../../src/profile/workload-ports';

describe('isPortNumber', () => {
  test.each([1, 1024, 8080, 65535])('%d is a port', (port) => {
    expect(isPortNumber(port)).toBe(true);
  });

  test.each([0, -1, 65536, 80.5, NaN])('%d is not', (port) => {
    expect(isPortNumber(port)).toBe(false);
  });
});

describe('portNameProblem', () => {
  test.each(['http', 'grpc-api', 'h2c', 'metrics-9090', 'a23456789012345'])('%s is a valid port name', (name) => {
    expect(portNameProblem(name)).toBeUndefined();
  });

  test.each(['', 'HTTP', 'http_x', 'a234567890123456', '-http', 'http-', 'h--p', '8080'])('%j is not', (name) => {
    expect(portNameProblem(name)).toContain('is not an IANA service name');
  });
});
