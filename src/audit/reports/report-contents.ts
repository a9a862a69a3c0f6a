import { AuditCounts } from '../audit-counts';
import { AuditProblem, UnusedSuppression } from '../audit-problem';
import { Finding } from '../finding';

/**
 * What the renderers read from an `AuditReport`. `AuditReport` has these members and calls the renderers, so they
 * depend on this shape rather than on the class (which would make the two import each other).
 */
export interface ReportContents {
  readonly packs: string[];
  readonly objectCount: number;
  readonly frameworks: string[];
  readonly findings: Finding[];
  readonly unusedSuppressions: UnusedSuppression[];
  readonly problems: AuditProblem[];
  counts(): AuditCounts;
  summary(): string;
}
