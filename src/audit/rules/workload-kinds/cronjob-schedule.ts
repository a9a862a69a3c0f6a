import { cronScheduleProblem, timeZoneProblem } from '../../../profile/cron-schedule';
import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule, Violation } from '../../engine/audit-rule';
import { getIn } from '../../engine/json';
import { Severity } from '../../severity';

/** A CronJob's schedule is one the controller can read, in a time zone the manifest names. */
export const cronJobSchedule: AuditRule = {
  id: RuleId.CRONJOB_SCHEDULE,
  group: RuleGroup.AVAILABILITY,
  title: 'CronJob `schedule` readable by the controller (five fields or a macro, no `TZ=`) and an explicit, valid `timeZone`',
  explanation: 'The controller reads five fields (minute 0-59, hour 0-23, day of month 1-31, month 1-12 or jan-dec, day of week '
    + '0-6 or sun-sat, with `*`, `?`, lists, ranges and steps) or the macros @yearly, @annually, @monthly, @weekly, @daily, '
    + '@midnight, @hourly and @every <duration>; a six-field (seconds) or Quartz schedule, a day of week 7 or a `TZ=` prefix '
    + 'is refused when the manifest is applied, so the job never runs. Without `timeZone` the schedule runs in the time zone '
    + 'of kube-controller-manager, which differs between clusters and providers (reported as info). '
    + 'Passes: a valid `spec.schedule` and `spec.timeZone` an IANA name such as `Etc/UTC` or `Europe/Berlin`.',
  fix: 'Write the schedule as five fields (e.g. "0 3 * * *") or a macro, and set `spec.timeZone` (e.g. Etc/UTC); no '
    + 'SecurityException makes an unreadable schedule run.',
  severity: Severity.ERROR,
  kinds: ['CronJob'],
  appliesTo: 'CronJobs',
  cis: [],
  documentation: 'https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#schedule-syntax',
  check: object => {
    const violations: Violation[] = [];
    const schedule = getIn(object.json, 'spec', 'schedule');
    const problem = typeof schedule === 'string' ? cronScheduleProblem(schedule)
      : schedule === undefined || schedule === null ? 'is not set' : `is ${JSON.stringify(schedule)}, not a string`;
    if (problem !== undefined) {
      violations.push({ path: 'spec.schedule', message: `the schedule ${typeof schedule === 'string' ? `"${schedule}" ` : ''}${problem}` });
    }
    const timeZone = getIn(object.json, 'spec', 'timeZone');
    if (timeZone === undefined || timeZone === null) {
      violations.push({
        path: 'spec.timeZone',
        message: 'timeZone is not set: the schedule runs in the time zone of kube-controller-manager',
        severity: Severity.INFO,
      });
    } else {
      const zoneProblem = typeof timeZone === 'string' ? timeZoneProblem(timeZone) : 'is not a string';
      if (zoneProblem !== undefined) {
        violations.push({ path: 'spec.timeZone', message: `timeZone ${JSON.stringify(timeZone)} ${zoneProblem}` });
      }
    }
    return violations;
  },
};
