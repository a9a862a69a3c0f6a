/**
 * Default timings of health probes (control CTR-PROBES).
 *
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#configure-probes
 */

/** Which of a container's probes a {@link WorkloadProbe} is rendered as; each has its own default timings. */
export enum ProbeKind {
  /** `readinessProbe`: whether the pod receives traffic. */
  READINESS = 'readiness',
  /** `livenessProbe`: whether the container is restarted. */
  LIVENESS = 'liveness',
  /** `startupProbe`: holds the other probes back while a slow application starts. */
  STARTUP = 'startup',
}

/** Default timings of one probe kind, in seconds. */
export interface ProbeTimings {
  /** Seconds after start before the first probe. */
  readonly initialDelaySeconds: number;
  /** Seconds between probes. */
  readonly periodSeconds: number;
  /** Seconds before one probe times out. */
  readonly timeoutSeconds: number;
  /** Consecutive failures that count as failed. */
  readonly failureThreshold: number;
}

/**
 * Default timings per probe kind. Readiness reacts within 30s; liveness tolerates a minute of failures
 * (twice as long), so an overloaded pod leaves the load balancer before it is restarted; startup allows
 * 5 minutes for a slow start.
 */
export const DEFAULT_PROBE_TIMINGS: Readonly<Record<ProbeKind, ProbeTimings>> = {
  [ProbeKind.READINESS]: { initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 },
  [ProbeKind.LIVENESS]: { initialDelaySeconds: 10, periodSeconds: 20, timeoutSeconds: 2, failureThreshold: 3 },
  [ProbeKind.STARTUP]: { initialDelaySeconds: 0, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 60 },
};

/** The port a probe falls back to when it names none: by number, or by the container port's name. */
export interface ProbeDefaultPort {
  /** Port number. */
  readonly number: number;
  /** Port name, used where Kubernetes accepts a name (HTTP and TCP probes) and `byName` is set. */
  readonly name?: string;
  /** Refer to the port by its name rather than its number. */
  readonly byName?: boolean;
}
