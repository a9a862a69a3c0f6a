import { dnsLabelProblem, dnsSubdomainProblem, hostProblem, isWildcardHost, tlsHostCovers } from '../../src/profile/ingress-host';

describe('hostProblem', () => {
  test.each(['example.com', 'shop.example.com', 'a-b.c1.example.io', 'localhost', `${'a'.repeat(63)}.example.com`])('accepts %j', (host) => {
    expect(hostProblem(host, false)).toBeUndefined();
  });

  test.each([
    ['', 'is empty'],
    ['Shop.example.com', 'not an RFC 1123 label'],
    ['shop.example.com.', 'not an RFC 1123 label'],
    ['shop-.example.com', 'not an RFC 1123 label'],
    ['192.168.0.1', 'IP address'],
    ['[::1]', 'IP address'],
    ['shop.example.com:8443', 'has a port'],
    ['*', "'*' that is not the whole leftmost label"],
    ['*.*.example.com', "'*' that is not the whole leftmost label"],
    ['shop.*.com', "'*' that is not the whole leftmost label"],
    [`${'a'.repeat(64)}.com`, 'longer than 63 characters'],
    [`${'a.'.repeat(127)}com`, 'longer than 253 characters'],
  ])('rejects %j', (host, problem) => {
    expect(hostProblem(host, true)).toContain(problem);
  });

  test('a wildcard is a problem unless allowed, and must sit below a registrable domain', () => {
    expect(hostProblem('*.example.com', false)).toEqual('is a wildcard host, which matches every name one level below it');
    expect(hostProblem('*.example.com', true)).toBeUndefined();
    expect(hostProblem('*.com', true)).toEqual('is a wildcard directly below a top-level domain');
    expect(hostProblem('*.Example.com', true)).toContain("(after '*.')");
  });
});

describe('tlsHostCovers', () => {
  test.each([
    ['shop.example.com', 'shop.example.com', true],
    ['shop.example.com', 'www.example.com', false],
    ['*.example.com', 'shop.example.com', true],
    ['*.example.com', 'a.shop.example.com', false],
    ['*.example.com', 'example.com', false],
    ['*.example.com', '*.example.com', true],
    ['*.example.com', '*.shop.example.com', false],
    ['shop.example.com', '*.example.com', false],
  ])('%j covers %j: %s', (tlsHost, ruleHost, covered) => {
    expect(tlsHostCovers(tlsHost, ruleHost)).toBe(covered);
  });
});

describe('DNS names', () => {
  test('isWildcardHost', () => {
    expect(isWildcardHost('*.example.com')).toBe(true);
    expect(isWildcardHost('example.com')).toBe(false);
  });

  test('dnsSubdomainProblem and dnsLabelProblem', () => {
    expect(dnsSubdomainProblem('web-tls')).toBeUndefined();
    expect(dnsSubdomainProblem('web.tls')).toBeUndefined();
    expect(dnsSubdomainProblem('Web')).toContain('not an RFC 1123 label');
    expect(dnsLabelProblem('ingress-nginx')).toBeUndefined();
    expect(dnsLabelProblem('ingress.nginx')).toEqual('contains a dot; a DNS label has none');
    expect(dnsLabelProblem('')).toEqual('is empty');
  });
});
