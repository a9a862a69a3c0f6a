/**
 * The run-to-completion defaults of SecureJob and SecureCronJob, and the checks of a CronJob schedule and time
 * zone. Each bounds what a failing or hung run can consume (controls of the resource and availability groups:
 * NIST SC-5, SC-6, CP-10; ISO 27001 A.8.6).
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/job/
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/
 */

/** Retries before the Job is marked failed (Kubernetes' own default is 6): a crashing run is not retried for long. */
export const DEFAULT_BACKOFF_LIMIT = 3;

/** Most retries accepted: beyond this, a broken run keeps pods and the cluster busy for nothing. */
export const MAX_BACKOFF_LIMIT = 10;

/** Seconds a run may take before Kubernetes ends it (1 hour): a hung run never holds its resources forever. */
export const DEFAULT_ACTIVE_DEADLINE_SECONDS = 3600;

/** Seconds a finished Job (and its pods and logs) is kept before garbage collection (1 day). */
export const DEFAULT_TTL_AFTER_FINISHED_SECONDS = 86400;

/** Seconds after a missed schedule a CronJob run may still start (5 minutes); later, the run is skipped. */
export const DEFAULT_STARTING_DEADLINE_SECONDS = 300;

/** The CronJob controller looks every 10 seconds: a shorter starting deadline may never start a run. */
export const MIN_STARTING_DEADLINE_SECONDS = 10;

/** Finished Jobs a CronJob keeps: 3 succeeded, 1 failed (Kubernetes' defaults), at most 10 of each. */
export const DEFAULT_SUCCESSFUL_JOBS_HISTORY = 3;
export const DEFAULT_FAILED_JOBS_HISTORY = 1;
export const MAX_JOBS_HISTORY = 10;

/** The time zone of a CronJob schedule when none is given: explicit, so the schedule does not follow the controller's. */
export const DEFAULT_CRON_TIME_ZONE = 'Etc/UTC';

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const FIELDS: readonly CronField[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  // 7 is Sunday too, as the CronJob controller's parser accepts.
  { name: 'day of week', min: 0, max: 7, names: DAYS },
];

/** The schedule macros the CronJob controller accepts. */
const MACROS: ReadonlySet<string> = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

/**
 * Why `schedule` is not a five-field cron expression the CronJob controller accepts, or undefined when it is.
 * A time zone inside the schedule (`TZ=`, `CRON_TZ=`) is refused by the API server since Kubernetes 1.27: use `timeZone`.
 */
export function cronScheduleProblem(schedule: string): string | undefined {
  const trimmed = schedule.trim();
  if (/^(CRON_)?TZ=/i.test(trimmed)) {
    return 'names a time zone inside the schedule, which the API server refuses (use timeZone)';
  }
  if (trimmed.startsWith('@')) {
    return MACROS.has(trimmed.toLowerCase()) ? undefined : `is not one of the macros ${[...MACROS].join(', ')}`;
  }
  const parts = trimmed.split(/\s+/);
  if (parts.length !== FIELDS.length) {
    return `has ${parts.length} field${parts.length === 1 ? '' : 's'}; a schedule has 5 (minute hour day-of-month month day-of-week)`;
  }
  for (const [i, part] of parts.entries()) {
    const problem = fieldProblem(part, FIELDS[i]);
    if (problem) {
      return `has an invalid ${FIELDS[i].name} field "${part}": ${problem}`;
    }
  }
  return undefined;
}

function fieldProblem(field: string, spec: CronField): string | undefined {
  for (const item of field.split(',')) {
    const [range, step, extra] = item.split('/');
    if (extra !== undefined) {
      return 'more than one "/"';
    }
    if (step !== undefined && !/^[0-9]+$/.test(step)) {
      return `the step "${step}" is not a whole number`;
    }
    if (step !== undefined && (Number(step) < 1 || Number(step) > spec.max)) {
      return `the step ${step} is outside 1-${spec.max}`;
    }
    if (range === '*' || range === '?') {
      continue;
    }
    const bounds = range.split('-');
    if (bounds.length > 2) {
      return `"${range}" is not a value or a range`;
    }
    const values = bounds.map((bound) => valueOf(bound, spec));
    const bad = values.findIndex((value) => value === undefined);
    if (bad >= 0) {
      return `"${bounds[bad]}" is not a ${spec.name} (${spec.min}-${spec.max}${spec.names ? ` or ${spec.names[0]}-${spec.names[spec.names.length - 1]}` : ''})`;
    }
    if (values.length === 2 && values[0]! > values[1]!) {
      return `the range ${range} ends before it starts`;
    }
  }
  return undefined;
}

function valueOf(text: string, spec: CronField): number | undefined {
  if (/^[0-9]+$/.test(text)) {
    const value = Number(text);
    return value >= spec.min && value <= spec.max ? value : undefined;
  }
  const index = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  return index < 0 ? undefined : index + (spec.min === 1 ? 1 : 0);
}

/** Why `timeZone` is not an IANA time zone name, or undefined when it is. */
export function timeZoneProblem(timeZone: string): string | undefined {
  if (timeZone.trim() !== timeZone || timeZone === '' || /^[+-]|^UTC[+-]/.test(timeZone)) {
    return 'is not an IANA time zone name';
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return undefined;
  } catch {
    return 'is not an IANA time zone name';
  }
}
