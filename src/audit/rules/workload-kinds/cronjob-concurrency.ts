import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule } from '../../engine/audit-rule';
import { getIn } from '../../engine/json';
import { Severity } from '../../severity';

const BOUNDED_POLICIES: readonly string[] = ['Forbid', 'Replace'];

/** CronJob runs never pile up. */
export const cronJobConcurrency: AuditRule = {
  id: RuleId.CRONJOB_CONCURRENCY,
  group: RuleGroup.RESOURCES,
  title: 'CronJob `concurrencyPolicy` is `Forbid` or `Replace`',
  explanation: 'With the default `Allow`, a run that takes longer than the schedule interval overlaps the next one: runs pile up, '
    + 'each with its own pods and resources, and two copies of a backup or report job write the same data at once. '
    + '`Forbid` skips a run while the previous one is still active (pair it with JOB-LIMITS\' activeDeadlineSeconds so a hung '
    + 'run cannot block the schedule forever); `Replace` stops the old run for the new one. '
    + '`Replace` is reported for the record (info): it kills a run that is still working, a half-written backup or report. '
    + 'Passes: `spec.concurrencyPolicy: Forbid` (or `Replace`, with the info finding).',
  fix: 'Set `spec.concurrencyPolicy: Forbid` (or `Replace` when the newest run should win); runs that must overlap need a '
    + 'SecurityException with the reason.',
  severity: Severity.WARNING,
  kinds: ['CronJob'],
  appliesTo: 'CronJobs',
  cis: [],
  documentation: 'https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#concurrency-policy',
  check: object => {
    const policy = getIn(object.json, 'spec', 'concurrencyPolicy');
    if (policy === 'Forbid') {
      return [];
    }
    if (typeof policy === 'string' && BOUNDED_POLICIES.includes(policy)) {
      return [{
        path: 'spec.concurrencyPolicy',
        message: 'concurrencyPolicy Replace stops a run that is still active when the next one is due (a half-written backup or report)',
        severity: Severity.INFO,
      }];
    }
    return [{
      path: 'spec.concurrencyPolicy',
      message: policy === undefined || policy === null
        ? 'concurrencyPolicy is not set: the default Allow lets runs overlap and pile up'
        : `concurrencyPolicy ${JSON.stringify(policy)} is not Forbid or Replace`
          + (policy === 'Allow' ? ': runs overlap and pile up' : ' (the API server accepts only Allow, Forbid and Replace, in that case)'),
    }];
  },
};
