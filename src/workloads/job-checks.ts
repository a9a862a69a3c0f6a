import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { WorkloadKind } from './workload-hardening';
import { invalidProp } from '../internal/errors';
import { SecurityExceptions } from '../internal/security-exceptions';
import { cronScheduleProblem, timeZoneProblem } from '../profile/cron-schedule';
import { RuleId } from '../profile/rule-id';
import {
  DEFAULT_ACTIVE_DEADLINE_SECONDS, DEFAULT_BACKOFF_LIMIT, DEFAULT_CRON_TIME_ZONE, DEFAULT_FAILED_JOBS_HISTORY, DEFAULT_SUCCESSFUL_JOBS_HISTORY,
} from '../profile/workload-job';
import { MAX_JOB_BACKOFF_LIMIT as MAX_BACKOFF_LIMIT, MAX_JOBS_HISTORY_LIMIT as MAX_JOBS_HISTORY, MIN_STARTING_DEADLINE_SECONDS } from '../profile/workload-kind-limits';

/** The run limits a SecureJob or SecureCronJob hands to its cdk8s-plus super constructor. */
export interface JobLimits {
  readonly backoffLimit: number;
  readonly activeDeadline: Duration;
}

/** The Job props' run limits with the hardened defaults (checked later by {@link checkJobProps}). */
export function jobLimits(props: kplus.JobProps): JobLimits {
  return {
    backoffLimit: props.backoffLimit ?? DEFAULT_BACKOFF_LIMIT,
    activeDeadline: props.activeDeadline ?? Duration.seconds(DEFAULT_ACTIVE_DEADLINE_SECONDS),
  };
}

/**
 * Checks what a SecureJob or SecureCronJob was given for its runs: no port (a Job serves nothing), a restart
 * policy of Never or OnFailure, a bounded backoffLimit, positive deadlines, the pods selected by the workload.
 */
export function checkJobProps(scope: IConstruct, props: kplus.JobProps, kind: WorkloadKind): void {
  const given = props as kplus.JobProps & { port?: unknown; servicePort?: unknown };
  for (const prop of ['port', 'servicePort'] as const) {
    if (given[prop] !== undefined) {
      throw invalidProp(scope, prop, given[prop], `a ${kind.noun} runs to completion and serves no traffic, so it gets no port and no Service`,
        `remove ${prop}; run the server as a SecureDeployment, and allow the ${kind.noun}'s connections with allowTo()`);
    }
  }
  for (const [prop, field] of Object.entries(UNSUPPORTED_JOB_FIELDS)) {
    const value = (props as unknown as Record<string, unknown>)[prop];
    if (value !== undefined) {
      throw invalidProp(scope, prop, value, `cdk8s-plus JobProps has no ${prop}, so it would be ignored silently (every run would be one pod)`,
        `remove it, or set it on the ${kind.noun}'s Job spec with ApiObject.of(${kind.noun === 'job' ? 'job' : 'cronJob'}).addJsonPatch(`
        + `JsonPatch.add('/${kind.templatePath.replace(/\.template$/, '').split('.').join('/')}/${field}', ...)); the audit (JOB-LIMITS) judges it`);
    }
  }
  if (props.select === false) {
    throw invalidProp(scope, 'select', false, `the NetworkPolicy selects the pods by the ${kind.noun}'s pod label`, 'leave select unset (true)');
  }
  const restart = props.restartPolicy;
  if (restart !== undefined && restart !== kplus.RestartPolicy.NEVER && restart !== kplus.RestartPolicy.ON_FAILURE) {
    throw invalidProp(scope, 'restartPolicy', restart, `the pods of a ${kind.noun} run to completion; the API server refuses ${JSON.stringify(restart)} for them`,
      'use RestartPolicy.NEVER (the default: each retry is a new pod, counted against backoffLimit) or RestartPolicy.ON_FAILURE');
  }
  const backoff = props.backoffLimit;
  if (backoff !== undefined && (!Number.isInteger(backoff) || backoff < 0 || backoff > MAX_BACKOFF_LIMIT)) {
    throw invalidProp(scope, 'backoffLimit', backoff, `the retries are a whole number from 0 to ${MAX_BACKOFF_LIMIT}, so a broken run does not keep the cluster busy`,
      `use e.g. ${DEFAULT_BACKOFF_LIMIT} (the default)`);
  }
  for (const prop of ['activeDeadline', 'ttlAfterFinished'] as const) {
    const duration = props[prop];
    if (duration !== undefined && !(duration.toSeconds() >= (prop === 'activeDeadline' ? 1 : 0))) {
      throw invalidProp(scope, prop, `${duration.toSeconds()}s`, prop === 'activeDeadline' ? 'the deadline must be at least 1 second' : 'the time to live cannot be negative',
        `use e.g. Duration.${prop === 'activeDeadline' ? 'hours(1)' : 'days(1)'}`);
    }
  }
}

/** Kubernetes Job fields that cdk8s-plus JobProps lacks, which plain JavaScript callers may pass as props. */
const UNSUPPORTED_JOB_FIELDS: Readonly<Record<string, string>> = {
  parallelism: 'parallelism',
  completions: 'completions',
  completionMode: 'completionMode',
  backoffLimitPerIndex: 'backoffLimitPerIndex',
  maxFailedIndexes: 'maxFailedIndexes',
  podFailurePolicy: 'podFailurePolicy',
  manualSelector: 'manualSelector',
};

/**
 * A CronJob's `concurrencyPolicy` (as given, or as rendered with JSON patches) other than Forbid needs the
 * CRONJOB-CONCURRENCY exception: Allow lets runs overlap and pile up, Replace kills a run that is still working.
 */
export function checkConcurrencyPolicy(exceptions: SecurityExceptions, prop: string, policy: unknown): void {
  if (policy !== kplus.ConcurrencyPolicy.FORBID) {
    exceptions.require(RuleId.CRONJOB_CONCURRENCY, prop, policy, policy === kplus.ConcurrencyPolicy.REPLACE
      ? 'Replace stops a run that is still active when the next one is due (a half-written backup or report)'
      : 'the runs could overlap and pile up (two backups writing one target at once)');
  }
}

/** The construct path `scope/id` for errors raised before the construct exists (the cdk8s-plus constructor would throw a raw Error). */
function pendingScope(scope: IConstruct, id: string): IConstruct {
  // The path is only needed for an error: built then.
  return { node: { get path() { return [scope.node.path, id].filter(Boolean).join('/'); } } } as IConstruct;
}

/**
 * Checks what a SecureCronJob was given for its schedule and history, before the cdk8s-plus constructor (which
 * throws a raw Error for some of it) runs: a valid five-field schedule without a time zone in it, an IANA time
 * zone, a starting deadline of at least 10 seconds, bounded history limits, and no `ttlAfterFinished` beside them.
 */
export function checkCronJobProps(scope: IConstruct, id: string, props: kplus.CronJobProps): void {
  const at = pendingScope(scope, id);
  const schedule = props.schedule.expressionString;
  const scheduleIssue = cronScheduleProblem(schedule);
  if (scheduleIssue) {
    throw invalidProp(at, 'schedule', schedule, `the schedule ${scheduleIssue}`,
      "use Cron.schedule({ minute: '0', hour: '2' }) (every night at 02:00), Cron.daily(), or five fields such as '30 2 * * 1-5'");
  }
  const timeZone = props.timeZone;
  const zoneIssue = timeZone === undefined ? undefined : timeZoneProblem(timeZone);
  if (zoneIssue) {
    throw invalidProp(at, 'timeZone', timeZone, `the time zone ${zoneIssue}`, `use a name of the tz database such as "Europe/Berlin" or "${DEFAULT_CRON_TIME_ZONE}"`);
  }
  const deadline = props.startingDeadline?.toSeconds();
  if (deadline !== undefined && !(deadline >= MIN_STARTING_DEADLINE_SECONDS)) {
    throw invalidProp(at, 'startingDeadline', `${deadline}s`,
      `the CronJob controller looks every ${MIN_STARTING_DEADLINE_SECONDS} seconds, so a shorter deadline may never start a run`,
      `use at least Duration.seconds(${MIN_STARTING_DEADLINE_SECONDS}), e.g. Duration.minutes(5) (the default)`);
  }
  for (const prop of ['successfulJobsRetained', 'failedJobsRetained'] as const) {
    const kept = props[prop];
    if (kept !== undefined && (!Number.isInteger(kept) || kept < 0 || kept > MAX_JOBS_HISTORY)) {
      throw invalidProp(at, prop, kept, `the finished Jobs kept are a whole number from 0 to ${MAX_JOBS_HISTORY}, so old Jobs and pods do not pile up`,
        `use e.g. ${prop === 'successfulJobsRetained' ? DEFAULT_SUCCESSFUL_JOBS_HISTORY : DEFAULT_FAILED_JOBS_HISTORY} (the default)`);
    }
  }
  if (props.ttlAfterFinished !== undefined && (props.successfulJobsRetained !== undefined || props.failedJobsRetained !== undefined)) {
    throw invalidProp(at, 'ttlAfterFinished', `${props.ttlAfterFinished.toSeconds()}s`,
      'the time to live would delete the finished Jobs that successfulJobsRetained/failedJobsRetained are to keep',
      'give either the history limits (the default: 3 succeeded, 1 failed) or ttlAfterFinished');
  }
}
