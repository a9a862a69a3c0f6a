/**
 * The run-to-completion defaults of SecureJob and SecureCronJob (the bounds they stay within, and the schedule and
 * time zone checks, are the audit's: `workload-kind-limits.ts`, `cron-schedule.ts`). Each bounds what a failing or hung run can consume (controls of the resource and availability groups:
 * NIST SC-5, SC-6, CP-10; ISO 27001 A.8.6).
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/job/
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/
 */

/** Retries before the Job is marked failed (Kubernetes' own default is 6): a crashing run is not retried for long. */
export const DEFAULT_BACKOFF_LIMIT = 3;

/** Seconds a run may take before Kubernetes ends it (1 hour): a hung run never holds its resources forever. */
export const DEFAULT_ACTIVE_DEADLINE_SECONDS = 3600;

/** Seconds a finished Job (and its pods and logs) is kept before garbage collection (1 day). */
export const DEFAULT_TTL_AFTER_FINISHED_SECONDS = 86400;

/** Seconds after a missed schedule a CronJob run may still start (5 minutes); later, the run is skipped. */
export const DEFAULT_STARTING_DEADLINE_SECONDS = 300;

/** Finished Jobs a CronJob keeps: 3 succeeded, 1 failed (Kubernetes' defaults; at most MAX_JOBS_HISTORY_LIMIT of each). */
export const DEFAULT_SUCCESSFUL_JOBS_HISTORY = 3;
export const DEFAULT_FAILED_JOBS_HISTORY = 1;

/** The time zone of a CronJob schedule when none is given: explicit, so the schedule does not follow the controller's. */
export const DEFAULT_CRON_TIME_ZONE = 'Etc/UTC';
