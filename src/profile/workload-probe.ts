/**
 * Health probes of a workload's containers (control CTR-PROBES) and their default timings.
 *
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/
 */

import { Duration } from 'cdk8s';
import { ConnectionScheme, k8s } from 'cdk8s-plus-28';
import { isPortNumber } from './workload-ports';
import { DEFAULT_PROBE_TIMINGS, ProbeDefaultPort, ProbeKind } from './workload-probe-defaults';

/** Timing options shared by every probe. Unset fields take the default of the probe kind. */
export interface WorkloadProbeOptions {
  /**
   * Delay after the container starts before the first probe.
   *
   * @default - 0s for readiness and startup, 10s for liveness
   */
  readonly initialDelay?: Duration;

  /**
   * Interval between probes.
   *
   * @default - 10s for readiness, 20s for liveness, 5s for startup
   */
  readonly period?: Duration;

  /**
   * Time after which one probe counts as failed.
   *
   * @default Duration.seconds(2)
   */
  readonly timeout?: Duration;

  /**
   * Consecutive failures after which the probe counts as failed.
   *
   * @default - 3 for readiness and liveness, 60 for startup
   */
  readonly failureThreshold?: number;

  /**
   * Consecutive successes after a failure before the probe counts as successful again.
   * Kubernetes requires 1 for liveness and startup probes.
   *
   * @default 1
   */
  readonly successThreshold?: number;
}

/** Options of a probe that connects to a port of the container. */
export interface WorkloadPortProbeOptions extends WorkloadProbeOptions {
  /**
   * Container port to probe, by number.
   *
   * @default - the deployment's `port`
   */
  readonly port?: number;
}

/** Options of an HTTP GET probe. */
export interface WorkloadHttpProbeOptions extends WorkloadPortProbeOptions {
  /**
   * Scheme of the request.
   *
   * @default ConnectionScheme.HTTP
   */
  readonly scheme?: ConnectionScheme;
}

/** Options of a gRPC health-checking probe. */
export interface WorkloadGrpcProbeOptions extends WorkloadPortProbeOptions {
  /**
   * The service name sent in the gRPC `HealthCheckRequest`.
   *
   * @default - the server's overall health ("")
   */
  readonly service?: string;
}

/** What a probe checks, before timings are applied. */
type ProbeAction =
  | { readonly kind: 'httpGet'; readonly path: string; readonly port?: number; readonly scheme?: ConnectionScheme }
  | { readonly kind: 'tcpSocket'; readonly port?: number }
  | { readonly kind: 'grpc'; readonly port?: number; readonly service?: string }
  | { readonly kind: 'exec'; readonly command: string[] };

/**
 * A readiness, liveness or startup probe: HTTP GET, TCP connect, gRPC health check or a command.
 *
 * Unlike cdk8s-plus `Probe`, it supports gRPC (Kubernetes 1.24+), the right check for gRPC servers.
 *
 * @example
 * new SecureDeployment(chart, 'api', {
 *   image: 'ghcr.io/acme/api:1.4.2',
 *   port: 8080,
 *   readiness: WorkloadProbe.httpGet('/readyz'),
 *   liveness: WorkloadProbe.httpGet('/livez'),
 * });
 * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#Probe
 */
export class WorkloadProbe {
  /**
   * Probe with an HTTP GET request; a status from 200 to 399 is a success.
   *
   * @param path request path, starting with "/"
   * @param options port, scheme and timings
   */
  public static httpGet(path: string, options: WorkloadHttpProbeOptions = {}): WorkloadProbe {
    return new WorkloadProbe({ kind: 'httpGet', path, port: options.port, scheme: options.scheme }, options);
  }

  /**
   * Probe by opening a TCP connection.
   *
   * @param options port and timings
   */
  public static tcpSocket(options: WorkloadPortProbeOptions = {}): WorkloadProbe {
    return new WorkloadProbe({ kind: 'tcpSocket', port: options.port }, options);
  }

  /**
   * Probe with the gRPC health checking protocol.
   *
   * @param options port, service name and timings
   * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#define-a-grpc-liveness-probe
   */
  public static grpc(options: WorkloadGrpcProbeOptions = {}): WorkloadProbe {
    return new WorkloadProbe({ kind: 'grpc', port: options.port, service: options.service }, options);
  }

  /**
   * Probe by running a command in the container; exit status 0 is a success.
   *
   * @param command the command and its arguments (not run in a shell)
   * @param options timings
   */
  public static exec(command: string[], options: WorkloadProbeOptions = {}): WorkloadProbe {
    // A string from plain JavaScript would spread into characters: keep it, so that the check names it.
    return new WorkloadProbe({ kind: 'exec', command: Array.isArray(command) ? [...command] : command }, options);
  }

  private constructor(private readonly action: ProbeAction, private readonly options: WorkloadProbeOptions) {}

  /**
   * Why this probe cannot be used as a probe of `kind`, or `undefined` when it can.
   *
   * @internal
   */
  public _problem(kind: ProbeKind): { field: string; value: unknown; problem: string; fix: string } | undefined {
    const action = this.action;
    if (action.kind === 'httpGet' && (typeof action.path !== 'string' || !action.path.startsWith('/'))) {
      return { field: 'path', value: action.path, problem: 'an HTTP probe path is a string and must start with "/"', fix: 'pass a path such as "/healthz"' };
    }
    if (action.kind === 'exec' && (!Array.isArray(action.command) || action.command.length === 0 || action.command.some((arg) => typeof arg !== 'string'))) {
      return { field: 'command', value: action.command, problem: 'an exec probe needs a command: an empty command or one that is not a list of strings cannot run', fix: 'pass the command and its arguments, e.g. ["/bin/healthcheck"]' };
    }
    const port = action.kind === 'exec' ? undefined : action.port;
    if (port !== undefined && !isPortNumber(port)) {
      return { field: 'port', value: port, problem: 'a probe port is a whole number from 1 to 65535', fix: 'pass the container port the probe connects to, e.g. 8080' };
    }
    const success = this.options.successThreshold;
    if (success !== undefined && (!Number.isInteger(success) || success < 1 || (kind !== ProbeKind.READINESS && success !== 1))) {
      return {
        field: 'successThreshold',
        value: success,
        problem: `a ${kind} probe needs successThreshold ${kind === ProbeKind.READINESS ? '>= 1' : '1'}`,
        fix: kind === ProbeKind.READINESS ? 'pass a whole number such as 1' : 'leave successThreshold unset (Kubernetes requires 1)',
      };
    }
    const failure = this.options.failureThreshold;
    if (failure !== undefined && (!Number.isInteger(failure) || failure < 1)) {
      return { field: 'failureThreshold', value: failure, problem: 'failureThreshold is a whole number >= 1', fix: 'pass a whole number such as 3' };
    }
    for (const [field, minimum] of [['initialDelay', 0], ['period', 1], ['timeout', 1]] as const) {
      const duration: unknown = this.options[field];
      if (duration === undefined) {
        continue;
      }
      const seconds = isDuration(duration) ? duration.toSeconds() : undefined;
      if (seconds === undefined || !Number.isInteger(seconds) || seconds < minimum) {
        return {
          field,
          value: isDuration(duration) ? `${seconds} seconds` : duration,
          problem: `is not a Duration of whole seconds${minimum > 0 ? `, at least ${minimum}` : ''}`,
          fix: `pass Duration.seconds(${minimum > 0 ? 10 : 0}) from cdk8s`,
        };
      }
    }
    return undefined;
  }

  /**
   * Whether this probe needs a port and none was given.
   *
   * @internal
   */
  public _needsDefaultPort(): boolean {
    return this.action.kind !== 'exec' && this.action.port === undefined;
  }

  /**
   * The Kubernetes probe, with the timings of `kind` where none were given.
   *
   * @param kind which probe of the container this is
   * @param defaultPort port used when the probe names none
   * @internal
   */
  public _toKube(kind: ProbeKind, defaultPort?: ProbeDefaultPort): k8s.Probe {
    const timings = DEFAULT_PROBE_TIMINGS[kind];
    const o = this.options;
    return {
      ...this.renderAction(defaultPort),
      initialDelaySeconds: o.initialDelay?.toSeconds() ?? timings.initialDelaySeconds,
      periodSeconds: o.period?.toSeconds() ?? timings.periodSeconds,
      timeoutSeconds: o.timeout?.toSeconds() ?? timings.timeoutSeconds,
      failureThreshold: o.failureThreshold ?? timings.failureThreshold,
      successThreshold: o.successThreshold ?? 1,
    };
  }

  private renderAction(defaultPort?: ProbeDefaultPort): k8s.Probe {
    const action = this.action;
    switch (action.kind) {
      case 'exec':
        return { exec: { command: [...action.command] } };
      case 'grpc':
        return { grpc: { port: action.port ?? defaultPort?.number ?? 0, service: action.service } };
      case 'tcpSocket':
        return { tcpSocket: { port: portOf(action.port, defaultPort) } };
      case 'httpGet':
        return { httpGet: { path: action.path, port: portOf(action.port, defaultPort), scheme: action.scheme } };
    }
  }
}

function portOf(port: number | undefined, defaultPort: ProbeDefaultPort | undefined): k8s.IntOrString {
  if (port !== undefined) {
    return k8s.IntOrString.fromNumber(port);
  }
  if (defaultPort?.byName && defaultPort.name) {
    return k8s.IntOrString.fromString(defaultPort.name);
  }
  return k8s.IntOrString.fromNumber(defaultPort?.number ?? 0);
}

function isDuration(value: unknown): value is Duration {
  return value !== null && typeof value === 'object' && typeof (value as { toSeconds?: unknown }).toSeconds === 'function';
}
