import { Duration } from 'cdk8s';
import {
  DEFAULT_HSTS_INCLUDE_SUBDOMAINS, DEFAULT_HSTS_MAX_AGE_SECONDS, DEFAULT_HSTS_PRELOAD, hstsHeaderValue, hstsProblem, resolveHsts,
} from '../../src/profile/ingress-hsts';

describe('HSTS defaults', () => {
  test('max-age one year, includeSubDomains on, preload off', () => {
    expect(DEFAULT_HSTS_MAX_AGE_SECONDS).toEqual(365 * 24 * 60 * 60);
    expect(DEFAULT_HSTS_INCLUDE_SUBDOMAINS).toBe(true);
    expect(DEFAULT_HSTS_PRELOAD).toBe(false);
    expect(resolveHsts()).toEqual({ maxAgeSeconds: 31536000, includeSubDomains: true, preload: false });
    expect(hstsHeaderValue(resolveHsts())).toEqual('max-age=31536000; includeSubDomains');
  });

  test('explicit values win', () => {
    const hsts = resolveHsts({ maxAge: Duration.days(730), includeSubDomains: true, preload: true });
    expect(hstsProblem(hsts)).toBeUndefined();
    expect(hstsHeaderValue(hsts)).toEqual('max-age=63072000; includeSubDomains; preload');
    expect(hstsHeaderValue(resolveHsts({ maxAge: Duration.hours(1), includeSubDomains: false }))).toEqual('max-age=3600');
  });
});

describe('hstsProblem', () => {
  test.each([
    [{ maxAge: Duration.seconds(0) }, 'max-age must be a positive whole number of seconds'],
    [{ maxAge: Duration.millis(1500) }, 'max-age must be a positive whole number of seconds'],
    [{ preload: true, includeSubDomains: false }, 'preload requires includeSubDomains'],
    [{ preload: true, maxAge: Duration.days(364) }, 'preload requires a max-age of at least 31536000 seconds'],
  ])('%j', (options, problem) => {
    expect(hstsProblem(resolveHsts(options))).toContain(problem);
  });
});
