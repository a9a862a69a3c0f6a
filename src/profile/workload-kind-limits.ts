/**
 * Bounds for the kind-specific fields of StatefulSets, DaemonSets, Jobs and CronJobs, with their reason. The
 * audit judges manifests against them; a construct that sets these fields stays within them.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/job/
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/
 */

/**
 * The most retries (`backoffLimit`) a Job may make. Each retry starts a new pod with the Job's credentials and
 * resources; the API default is 6, and a budget above 10 retries is a crash loop that holds capacity for hours.
 */
export const MAX_JOB_BACKOFF_LIMIT = 10;

/**
 * The most finished Jobs a CronJob keeps (`successfulJobsHistoryLimit`, `failedJobsHistoryLimit`). Each kept
 * Job keeps its pods, their logs and their objects in etcd; the API defaults are 3 and 1.
 */
export const MAX_JOBS_HISTORY_LIMIT = 10;

/**
 * The shortest `startingDeadlineSeconds`: the CronJob controller checks its schedules every 10 seconds, so a
 * shorter deadline may miss every run.
 */
export const MIN_STARTING_DEADLINE_SECONDS = 10;

/**
 * The largest share of nodes whose DaemonSet pod a rollout may take down at once (`maxUnavailable` as a
 * percentage; as a number it may be at most 1). A node agent (log shipper, runtime monitor) that is down leaves
 * its node unobserved; 100% takes it off every node at once.
 */
export const MAX_DAEMONSET_UNAVAILABLE_PERCENT = 25;

/**
 * The most pods a Job runs at once (`parallelism`). Each runs with the Job's resources and credentials at the same
 * time; more than 10 is a burst that can take a namespace's quota (or a node pool) from everything else.
 */
export const MAX_JOB_PARALLELISM = 10;
