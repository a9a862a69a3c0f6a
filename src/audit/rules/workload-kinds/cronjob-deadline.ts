import { RuleId } from '../../../profile/rule-id';
import { MIN_STARTING_DEADLINE_SECONDS } from '../../../profile/workload-kind-limits';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule } from '../../engine/audit-rule';
import { describeInvalid, integerField } from '../../engine/job-spec';
import { getIn } from '../../engine/json';
import { Severity } from '../../severity';

/** A CronJob that missed its start time does not stop being scheduled. */
export const cronJobDeadline: AuditRule = {
  id: RuleId.CRONJOB_DEADLINE,
  group: RuleGroup.AVAILABILITY,
  title: `CronJob \`startingDeadlineSeconds\` set, at least ${MIN_STARTING_DEADLINE_SECONDS}`,
  explanation: 'Without a starting deadline the controller counts every schedule missed since the last run (controller down, '
    + 'CronJob suspended, cluster upgraded); after more than 100 it stops scheduling the CronJob at all and only logs an event, '
    + 'so the nightly backup silently never runs again. With a deadline it counts only the misses within it. A deadline below '
    + `${MIN_STARTING_DEADLINE_SECONDS} seconds may miss every run, since the controller checks schedules every 10 seconds. `
    + `Passes: \`spec.startingDeadlineSeconds\` an integer of ${MIN_STARTING_DEADLINE_SECONDS} or more.`,
  fix: 'Set `spec.startingDeadlineSeconds` (e.g. 300: a run that cannot start within 5 minutes is skipped and counted as missed), '
    + 'or record a SecurityException with the reason.',
  severity: Severity.WARNING,
  kinds: ['CronJob'],
  appliesTo: 'CronJobs',
  cis: [],
  documentation: 'https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#job-creation',
  check: object => {
    const deadline = integerField(getIn(object.json, 'spec', 'startingDeadlineSeconds'));
    const path = 'spec.startingDeadlineSeconds';
    if (deadline.state === 'absent') {
      return [{ path, message: 'startingDeadlineSeconds is not set: after 100 missed schedules the CronJob is never scheduled again' }];
    }
    if (deadline.state === 'invalid') {
      return [{ path, message: `startingDeadlineSeconds is ${describeInvalid(deadline.raw)}` }];
    }
    if (deadline.value < MIN_STARTING_DEADLINE_SECONDS) {
      return [{
        path,
        message: `startingDeadlineSeconds ${deadline.value} is below ${MIN_STARTING_DEADLINE_SECONDS}: the controller, which checks every `
          + '10 seconds, may miss every run',
      }];
    }
    return [];
  },
};
