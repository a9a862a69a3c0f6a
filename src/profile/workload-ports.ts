/**
 * Container and Service ports (controls POD-PRIVILEGED-PORT and CTR-NO-HOSTPORT).
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/service/#defining-a-service
 */

/**
 * Lowest port an unprivileged process may bind without NET_BIND_SERVICE. Serve on 8080/8443 and map
 * the Service port (80 -> 8080) instead of adding the capability.
 */
export const MIN_UNPRIVILEGED_PORT = 1024;

/** Name of the main container port (and of the Service port) when none is given. */
export const DEFAULT_PORT_NAME = 'http';

/** Whether `port` is a whole number from 1 to 65535. */
export function isPortNumber(port: number): boolean {
  return Number.isInteger(port) && port >= 1 && port <= 65535;
}
