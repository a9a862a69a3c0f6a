import { Severity } from '../severity';

const RANK: Record<Severity, number> = {
  [Severity.ERROR]: 3,
  [Severity.WARNING]: 2,
  [Severity.INFO]: 1,
};

/** Whether `severity` is at least as serious as `threshold`. */
export function atLeast(severity: Severity, threshold: Severity): boolean {
  return RANK[severity] >= RANK[threshold];
}

/** Numeric rank of a severity, higher is more serious. */
export function severityRank(severity: Severity): number {
  return RANK[severity];
}

/** The severity named `text` (case-insensitive), or `undefined`. */
export function parseSeverity(text: string): Severity | undefined {
  const lower = text.toLowerCase();
  return (Object.values(Severity) as string[]).includes(lower) ? lower as Severity : undefined;
}
