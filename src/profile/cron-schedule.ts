import { boundedMemo } from './bounded-memo';
/**
 * CronJob schedules as the Kubernetes CronJob controller reads them (the standard parser of robfig/cron v3):
 * five fields (minute, hour, day of month, month, day of week) or one of the macros `@yearly`, `@annually`,
 * `@monthly`, `@weekly`, `@daily`, `@midnight`, `@hourly` and `@every <duration>`. Judged here so that a
 * schedule the controller cannot read fails at synth time or in the audit, not after the deploy.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#schedule-syntax
 */

interface FieldBounds {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const FIELDS: readonly FieldBounds[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] },
  // The controller's day of week is 0-6 (Sunday is 0, never 7).
  { name: 'day of week', min: 0, max: 6, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];

/** The macros the controller accepts besides `@every <duration>`. */
export const CRON_MACROS: readonly string[] = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

/** A Go duration (`90s`, `1h30m`, `1.5h`), as `@every` takes it. */
const GO_DURATION = /^(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h)(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))*$/;

function valueOf(text: string, field: FieldBounds): number | string {
  if (/^\d+$/.test(text)) {
    return Number(text);
  }
  const index = field.names?.indexOf(text.toLowerCase()) ?? -1;
  if (index >= 0) {
    return index + field.min;
  }
  return `'${text}' is not a number${field.names ? ` or a ${field.name} name (${field.names[0]}-${field.names[field.names.length - 1]})` : ''}`;
}

function rangeProblem(part: string, field: FieldBounds): string | undefined {
  const [range, step, ...extra] = part.split('/');
  if (extra.length > 0) {
    return `'${part}' has more than one '/'`;
  }
  if (step !== undefined && (!/^\d+$/.test(step) || Number(step) === 0)) {
    return `the step of '${part}' must be a positive number`;
  }
  if (range === '*' || range === '?') {
    return undefined;
  }
  const bounds = range.split('-');
  if (bounds.length > 2 || bounds.some(bound => bound === '')) {
    return `'${range}' is not a number, a name or a range a-b`;
  }
  const values: number[] = [];
  for (const bound of bounds) {
    const value = valueOf(bound, field);
    if (typeof value === 'string') {
      return value;
    }
    if (value < field.min || value > field.max) {
      return `${value} is outside ${field.min}-${field.max}`;
    }
    values.push(value);
  }
  if (values.length === 2 && values[0] > values[1]) {
    return `the range '${range}' starts after it ends`;
  }
  return undefined;
}

/**
 * Why the CronJob controller cannot read `schedule`, or `undefined` when it can. Time zones belong in
 * `spec.timeZone`: a `TZ=` or `CRON_TZ=` prefix is refused (Kubernetes does not support it).
 */
export function cronScheduleProblem(schedule: string): string | undefined {
  return scheduleProblems(schedule);
}

/** Schedules judged so far (an app's CronJobs share a few): bounded, cleared when full. */
const scheduleProblems = boundedMemo(scheduleProblem, 1024);

function scheduleProblem(schedule: string): string | undefined {
  const text = schedule.trim();
  if (text === '') {
    return 'is empty; write five fields (minute hour day-of-month month day-of-week), e.g. "0 3 * * *", or a macro such as @daily';
  }
  if (text.includes('TZ=')) {
    return 'names a time zone in the schedule (TZ= or CRON_TZ=), which Kubernetes does not support; set spec.timeZone instead';
  }
  if (text.startsWith('@')) {
    if (CRON_MACROS.includes(text)) {
      return undefined;
    }
    const every = /^@every\s+(\S+)$/.exec(text);
    if (every) {
      return GO_DURATION.test(every[1]) ? undefined : `'@every ${every[1]}' needs a duration such as 90s, 15m or 1h30m`;
    }
    return `'${text}' is not one of the macros ${CRON_MACROS.join(', ')} or @every <duration>`;
  }
  const fields = text.split(/\s+/);
  if (fields.length !== 5) {
    return `has ${fields.length} field(s); the controller reads exactly five (minute hour day-of-month month day-of-week), no seconds or year`;
  }
  for (let i = 0; i < FIELDS.length; i++) {
    for (const part of fields[i].split(',')) {
      const problem = part === '' ? `'${fields[i]}' has an empty list entry` : rangeProblem(part, FIELDS[i]);
      if (problem !== undefined) {
        return `has an invalid ${FIELDS[i].name} field: ${problem}`;
      }
    }
  }
  return undefined;
}

/**
 * Why `timeZone` is not a time zone the controller can load (an IANA name such as `Etc/UTC` or
 * `Europe/Berlin`), or `undefined` when it is one. `Local` is refused, as by the API server.
 */
export function timeZoneProblem(timeZone: string): string | undefined {
  if (timeZone.toLowerCase() === 'local' || !/^[A-Za-z0-9_+-]+(\/[A-Za-z0-9_+-]+)*$/.test(timeZone)) {
    return 'is not an explicit IANA time zone name (for example Etc/UTC or Europe/Berlin)';
  }
  // Building a DateTimeFormat takes tens of microseconds: a cluster's CronJobs share a few zones, so each is tried once.
  let known = knownTimeZones.get(timeZone);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone });
      known = true;
    } catch {
      known = false;
    }
    if (knownTimeZones.size < MAX_REMEMBERED_TIME_ZONES) knownTimeZones.set(timeZone, known);
  }
  return known ? undefined : 'is not a time zone of the IANA database (for example Etc/UTC or Europe/Berlin)';
}

/** Names tried as time zones, and whether each is one (bounded: names come from the audited input). */
const knownTimeZones = new Map<string, boolean>();
const MAX_REMEMBERED_TIME_ZONES = 1024;
