import { RuleId } from '../../../profile/rule-id';
import { MAX_JOB_BACKOFF_LIMIT, MAX_JOB_PARALLELISM } from '../../../profile/workload-kind-limits';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule, Violation } from '../../engine/audit-rule';
import { describeInvalid, integerField, jobSpecOf } from '../../engine/job-spec';
import { joinPath } from '../../engine/json';
import { Severity } from '../../severity';

/** Jobs bound how often they retry and how long they may run. */
export const jobLimits: AuditRule = {
  id: RuleId.JOB_LIMITS,
  group: RuleGroup.RESOURCES,
  title: `Jobs and CronJob job templates set \`backoffLimit\` (at most ${MAX_JOB_BACKOFF_LIMIT}) and a positive \`activeDeadlineSeconds\``,
  explanation: 'A Job without activeDeadlineSeconds that hangs (a stuck migration, a lock never released) runs forever, '
    + 'holding its cpu, memory and credentials; under a CronJob with concurrencyPolicy Forbid it also blocks every later run. '
    + `Each retry starts a new pod: a backoffLimit above ${MAX_JOB_BACKOFF_LIMIT} is a crash loop that holds capacity for hours, `
    + 'and an implicit one (the API default 6) is a retry budget nobody chose (reported as info). '
    + `A \`parallelism\` above ${MAX_JOB_PARALLELISM} runs that many pods at once, each with the Job's resources: a burst that takes `
    + 'the namespace\'s quota from everything else (completions only add runs one after another, bounded by the deadline). '
    + `Passes: \`backoffLimit\` an integer from 0 to ${MAX_JOB_BACKOFF_LIMIT} and \`activeDeadlineSeconds\` a positive integer `
    + `in \`spec\` of a Job and in \`spec.jobTemplate.spec\` of a CronJob, and \`parallelism\`, when set, an integer from 0 to ${MAX_JOB_PARALLELISM}.`,
  fix: `Set \`backoffLimit\` (e.g. 3, at most ${MAX_JOB_BACKOFF_LIMIT}) and \`activeDeadlineSeconds\` (the longest run you expect, `
    + 'with margin) on the Job spec; a Job that must run unbounded needs a SecurityException with the reason.',
  severity: Severity.WARNING,
  kinds: ['Job', 'CronJob'],
  appliesTo: 'Jobs and CronJobs',
  cis: [],
  documentation: 'https://kubernetes.io/docs/concepts/workloads/controllers/job/#job-termination-and-cleanup',
  check: object => {
    const job = jobSpecOf(object);
    if (!job) {
      return [];
    }
    const violations: Violation[] = [];
    const backoffPath = joinPath(job.path, 'backoffLimit');
    const backoff = integerField(job.spec.backoffLimit);
    if (backoff.state === 'absent') {
      violations.push({
        path: backoffPath,
        message: 'backoffLimit is not set: the Job retries up to the API default of 6 times, a budget nobody chose',
        severity: Severity.INFO,
      });
    } else if (backoff.state === 'invalid') {
      violations.push({ path: backoffPath, message: `backoffLimit is ${describeInvalid(backoff.raw)}` });
    } else if (backoff.value < 0 || backoff.value > MAX_JOB_BACKOFF_LIMIT) {
      violations.push({
        path: backoffPath,
        message: `backoffLimit ${backoff.value} is outside 0-${MAX_JOB_BACKOFF_LIMIT}`
          + (backoff.value < 0 ? ' (the API server refuses a negative value)' : ': every retry starts a new pod with the Job\'s resources'),
      });
    }
    const deadlinePath = joinPath(job.path, 'activeDeadlineSeconds');
    const deadline = integerField(job.spec.activeDeadlineSeconds);
    if (deadline.state === 'absent') {
      violations.push({ path: deadlinePath, message: 'activeDeadlineSeconds is not set: a Job that hangs runs forever' });
    } else if (deadline.state === 'invalid') {
      violations.push({ path: deadlinePath, message: `activeDeadlineSeconds is ${describeInvalid(deadline.raw)}` });
    } else if (deadline.value <= 0) {
      violations.push({ path: deadlinePath, message: `activeDeadlineSeconds ${deadline.value} is not positive (the API server refuses it)` });
    }
    const parallelismPath = joinPath(job.path, 'parallelism');
    const parallelism = integerField(job.spec.parallelism);
    if (parallelism.state === 'invalid') {
      violations.push({ path: parallelismPath, message: `parallelism is ${describeInvalid(parallelism.raw)}` });
    } else if (parallelism.state !== 'absent' && (parallelism.value < 0 || parallelism.value > MAX_JOB_PARALLELISM)) {
      violations.push({
        path: parallelismPath,
        message: `parallelism ${parallelism.value} is outside 0-${MAX_JOB_PARALLELISM}`
          + (parallelism.value < 0 ? ' (the API server refuses a negative value)' : ': that many pods run at once, each with the Job\'s resources'),
      });
    }
    return violations;
  },
};
