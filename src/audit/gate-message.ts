import { AuditReport } from './audit-report';
import { describeObject } from './engine/audited-object';
import { describePacks } from './reports/report-helpers';
import { Severity } from './severity';
import { ruleIdMember } from '../profile/rule-ids';

/** One validation error per active problem at or above `failOn` (with the packs that report it), naming the construct path. */
export function formatGateErrors(report: AuditReport, failOn: Severity): string[] {
  return report.onePerProblem().active(failOn).map(finding => {
    const object = describeObject(finding);
    return `${finding.severity.toUpperCase()} ${finding.id} at ${finding.constructPath ?? object} (${object}) `
      + `${finding.path || '(object)'}: ${finding.message}.`
      + (finding.packs && finding.packs.length > 1 ? ` Packs: ${describePacks(finding)}.` : '')
      + (finding.ignoredException !== undefined ? ` Not excepted: ${finding.ignoredException}.` : '')
      + ` Fix or suppress with Audit.suppress(construct, ${ruleIdMember(finding.ruleId)}, '<reason>').`;
  });
}
