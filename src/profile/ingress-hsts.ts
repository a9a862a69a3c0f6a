import { HstsOptions } from './hsts-options';

/**
 * Hardened HSTS defaults and the pure functions that validate and render a policy. Every built-in
 * ingress controller profile reads its HSTS defaults from here.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6797
 */

/** Default `max-age`: one year, the value browsers' preload lists and most scanners expect. */
export const DEFAULT_HSTS_MAX_AGE_SECONDS = 31_536_000;

/** Shortest `max-age` the preload lists accept. */
export const MIN_HSTS_PRELOAD_MAX_AGE_SECONDS = 31_536_000;

/** Default for `includeSubDomains`: on, so that a forgotten subdomain cannot be used to downgrade cookies. */
export const DEFAULT_HSTS_INCLUDE_SUBDOMAINS = true;

/** Default for `preload`: off, because leaving a preload list takes months. */
export const DEFAULT_HSTS_PRELOAD = false;

/** An HSTS policy with every default applied. */
export interface ResolvedHsts {
  /** `max-age` in seconds. */
  readonly maxAgeSeconds: number;
  /** Whether `includeSubDomains` is sent. */
  readonly includeSubDomains: boolean;
  /** Whether `preload` is sent. */
  readonly preload: boolean;
}

/** Applies the hardened defaults to `options`. */
export function resolveHsts(options: HstsOptions = {}): ResolvedHsts {
  return {
    maxAgeSeconds: options.maxAge ? options.maxAge.toSeconds({ integral: false }) : DEFAULT_HSTS_MAX_AGE_SECONDS,
    includeSubDomains: options.includeSubDomains ?? DEFAULT_HSTS_INCLUDE_SUBDOMAINS,
    preload: options.preload ?? DEFAULT_HSTS_PRELOAD,
  };
}

/** Why `hsts` is not a usable policy, or `undefined` when it is one. */
export function hstsProblem(hsts: ResolvedHsts): string | undefined {
  if (!Number.isInteger(hsts.maxAgeSeconds) || hsts.maxAgeSeconds <= 0) {
    return 'max-age must be a positive whole number of seconds; 0 tells browsers to forget the HTTPS-only policy';
  }
  if (hsts.preload && !hsts.includeSubDomains) {
    return 'preload requires includeSubDomains';
  }
  if (hsts.preload && hsts.maxAgeSeconds < MIN_HSTS_PRELOAD_MAX_AGE_SECONDS) {
    return `preload requires a max-age of at least ${MIN_HSTS_PRELOAD_MAX_AGE_SECONDS} seconds (one year)`;
  }
  return undefined;
}

/** The `Strict-Transport-Security` header value, e.g. `max-age=31536000; includeSubDomains`. */
export function hstsHeaderValue(hsts: ResolvedHsts): string {
  return [
    `max-age=${hsts.maxAgeSeconds}`,
    ...(hsts.includeSubDomains ? ['includeSubDomains'] : []),
    ...(hsts.preload ? ['preload'] : []),
  ].join('; ');
}
