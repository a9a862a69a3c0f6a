import { Duration } from 'cdk8s';

/**
 * The HTTP Strict-Transport-Security policy an ingress controller sends to browsers: after one HTTPS
 * visit they refuse plain HTTP for the host for `maxAge`, so a downgrade or an `http://` link cannot
 * expose the traffic.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6797
 */
export interface HstsOptions {
  /**
   * How long browsers remember to use HTTPS only. Whole seconds.
   *
   * @default Duration.days(365)
   */
  readonly maxAge?: Duration;

  /**
   * Whether the policy also covers every subdomain of the host.
   *
   * @default true
   */
  readonly includeSubDomains?: boolean;

  /**
   * Whether to add the `preload` token, asking browsers to ship the host in their built-in HTTPS-only list.
   * Preloading is hard to undo; it requires `includeSubDomains` and a `maxAge` of at least one year.
   *
   * @see https://hstspreload.org/
   * @default false
   */
  readonly preload?: boolean;
}
