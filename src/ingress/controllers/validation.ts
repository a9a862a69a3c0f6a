import { Size, SizeRoundingBehavior } from 'cdk8s';
import { IConstruct } from 'constructs';
import { invalidProp } from '../../internal/errors';
import { HstsOptions } from '../../profile/hsts-options';
import { hstsHeaderValue, hstsProblem, ResolvedHsts, resolveHsts } from '../../profile/ingress-hsts';

/*
 * Validation shared by the built-in controller profiles (internal: not exported from the package).
 */

/** The request body limit in bytes, or `undefined` when none is set; throws unless it is a positive whole number of bytes. */
export function bodySizeBytes(scope: IConstruct, prop: string, size: Size | undefined): number | undefined {
  if (size === undefined) {
    return undefined;
  }
  const bytes = size.toKibibytes({ rounding: SizeRoundingBehavior.NONE }) * 1024;
  if (!Number.isInteger(bytes) || bytes <= 0) {
    throw invalidProp(scope, prop, size.asString(), 'the request body limit must be a positive whole number of bytes',
      'pass e.g. Size.mebibytes(8), or leave it unset for the controller default');
  }
  return bytes;
}

/** The rate limit, or `undefined` when none is set; throws unless it is a positive whole number. */
export function rateLimit(scope: IConstruct, prop: string, rps: number | undefined): number | undefined {
  if (rps !== undefined && (!Number.isInteger(rps) || rps <= 0)) {
    throw invalidProp(scope, prop, rps, 'the rate limit must be a positive whole number of requests per second',
      'pass e.g. 20, or leave it unset for no limit');
  }
  return rps;
}

/** The HSTS policy with defaults applied; throws when it is unusable. */
export function validHsts(scope: IConstruct, prop: string, options: HstsOptions | undefined): ResolvedHsts {
  const hsts = resolveHsts(options);
  const problem = hstsProblem(hsts);
  if (problem) {
    throw invalidProp(scope, prop, hstsHeaderValue(hsts), problem, 'keep the defaults (max-age one year, includeSubDomains) or fix the named field');
  }
  return hsts;
}
