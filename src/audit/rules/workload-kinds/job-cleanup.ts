import { RuleId } from '../../../profile/rule-id';
import { MAX_JOBS_HISTORY_LIMIT } from '../../../profile/workload-kind-limits';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule, Violation } from '../../engine/audit-rule';
import { describeInvalid, integerField, jobSpecOf, ownedByCronJob } from '../../engine/job-spec';
import { getIn, joinPath } from '../../engine/json';
import { Severity } from '../../severity';

const HISTORY_LIMITS = ['successfulJobsHistoryLimit', 'failedJobsHistoryLimit'];

/** Finished Jobs and their pods do not pile up in the cluster. */
export const jobCleanup: AuditRule = {
  id: RuleId.JOB_CLEANUP,
  group: RuleGroup.RESOURCES,
  title: `Finished Jobs are cleaned up: \`ttlSecondsAfterFinished\` on Jobs no CronJob owns; CronJob history limits at most ${MAX_JOBS_HISTORY_LIMIT}`,
  explanation: 'A finished Job keeps its pods, their logs (which may hold data the Job processed) and its objects in etcd until '
    + 'someone deletes it; run from CI or a release pipeline, thousands accumulate and slow the API server. A CronJob cleans '
    + 'up its own Jobs by its history limits (defaults 3 and 1), so its job template needs no TTL. '
    + 'Passes: a Job with `ttlSecondsAfterFinished` 0 or more (a Job owned by a CronJob is not judged); a CronJob whose '
    + `\`successfulJobsHistoryLimit\` and \`failedJobsHistoryLimit\` are unset or integers from 0 to ${MAX_JOBS_HISTORY_LIMIT}.`,
  fix: 'Set `ttlSecondsAfterFinished` on the Job (e.g. 3600, long enough to read its logs), or run it from a CronJob with '
    + `history limits of at most ${MAX_JOBS_HISTORY_LIMIT}; Jobs kept for an audit trail need a SecurityException with the reason.`,
  severity: Severity.WARNING,
  kinds: ['Job', 'CronJob'],
  appliesTo: 'Jobs and CronJobs',
  cis: [],
  documentation: 'https://kubernetes.io/docs/concepts/workloads/controllers/ttlafterfinished/',
  check: object => {
    const violations: Violation[] = [];
    if (object.kind === 'Job') {
      const job = jobSpecOf(object);
      if (!job || ownedByCronJob(object)) {
        return [];
      }
      const ttl = integerField(job.spec.ttlSecondsAfterFinished);
      const path = joinPath(job.path, 'ttlSecondsAfterFinished');
      if (ttl.state === 'absent') {
        violations.push({ path, message: 'ttlSecondsAfterFinished is not set: the finished Job and its pods stay until deleted by hand' });
      } else if (ttl.state === 'invalid') {
        violations.push({ path, message: `ttlSecondsAfterFinished is ${describeInvalid(ttl.raw)}` });
      } else if (ttl.value < 0) {
        violations.push({ path, message: `ttlSecondsAfterFinished ${ttl.value} is negative (the API server refuses it)` });
      }
      return violations;
    }
    for (const field of HISTORY_LIMITS) {
      const limit = integerField(getIn(object.json, 'spec', field));
      const path = joinPath('spec', field);
      if (limit.state === 'invalid') {
        violations.push({ path, message: `${field} is ${describeInvalid(limit.raw)}` });
      } else if (limit.state === 'integer' && (limit.value < 0 || limit.value > MAX_JOBS_HISTORY_LIMIT)) {
        violations.push({ path, message: `${field} ${limit.value} is outside 0-${MAX_JOBS_HISTORY_LIMIT}: every kept Job keeps its pods and logs` });
      }
    }
    return violations;
  },
};
