import { Finding, FindingPack } from '../finding';
import { severityRank } from './severity-order';

/**
 * What makes two pack findings the same problem: the rule, the object, the field and the message, and the same
 * suppression state (an annotation exception may accept a hardened finding that a Pod Security pack still reports).
 */
function problemKey(finding: Finding): string {
  // As one JSON array: strings are quoted and escaped, so no two lists of parts give one key (texts come from the input),
  // and a missing part (`null`) differs from any text.
  return JSON.stringify([
    finding.ruleId, finding.file, finding.documentIndex, finding.constructPath, finding.apiVersion, finding.kind, finding.namespace,
    finding.name, finding.path, finding.message, finding.suppressed, finding.suppressionReason, finding.suppressionOrigin,
    finding.suppressionSource, finding.ignoredException, finding.exceptionExpired,
  ]);
}

/**
 * One finding per problem: the findings several packs report for the same problem become one, listing the packs
 * (in `packOrder`) with their severities, carrying the severity and id of the pack it is most serious in (the first
 * when they agree). Order: where the problem was first reported.
 */
export function mergePackFindings(findings: readonly Finding[], packOrder: readonly string[]): Finding[] {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = problemKey(finding);
    const group = groups.get(key);
    if (group) group.push(finding);
    else groups.set(key, [finding]);
  }
  const order = (pack: string) => {
    const index = packOrder.indexOf(pack);
    return index < 0 ? packOrder.length : index;
  };
  return [...groups.values()].map(group => {
    const byPack = new Map<string, FindingPack>();
    for (const finding of group) {
      for (const entry of finding.packs ?? [{ pack: finding.pack, severity: finding.severity }]) {
        const known = byPack.get(entry.pack);
        if (!known || severityRank(entry.severity) > severityRank(known.severity)) byPack.set(entry.pack, entry);
      }
    }
    const packs = [...byPack.values()].sort((a, b) => order(a.pack) - order(b.pack));
    const lead = packs.reduce((best, entry) => severityRank(entry.severity) > severityRank(best.severity) ? entry : best);
    return { ...group[0], id: `${lead.pack}/${group[0].ruleId}`, pack: lead.pack, severity: lead.severity, packs };
  });
}
