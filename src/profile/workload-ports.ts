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

const PORT_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/**
 * Why `name` is not a valid port name (an IANA service name: at most 15 lower-case letters, digits and
 * "-", with a letter, no "-" at either end or twice in a row), or `undefined` when it is.
 *
 * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#ports
 */
export function portNameProblem(name: string): string | undefined {
  if (name.length > 15 || !PORT_NAME.test(name) || name.includes('--') || !/[a-z]/.test(name)) {
    return 'is not an IANA service name (at most 15 lower-case letters, digits and "-", with at least one letter, no "-" at either end or twice in a row)';
  }
  return undefined;
}
