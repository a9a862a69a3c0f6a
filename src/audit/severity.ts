/**
 * How serious a finding is. Severities are ordered: `ERROR` > `WARNING` > `INFO`.
 */
export enum Severity {
  /** A control that keeps workloads from escalating privileges or leaking data is broken. */
  ERROR = 'error',
  /** A hardening control is missing; fix it or suppress it with a reason. */
  WARNING = 'warning',
  /** Advice that never fails a gate on its own (e.g. pin images by digest). */
  INFO = 'info',
}
