import { RuleId } from '../../profile/rule-id';
import { isRuleId } from '../../profile/rule-ids';
import { AuditOptions } from '../audit-options';
import { isSeverity } from '../custom-pack-check';
import { IAuditRule } from '../custom-rule';
import { Pack } from '../pack';
import { ruleById } from '../rules';
import { Severity } from '../severity';
import { PackEntry, packEntries } from './packs';
import { severityRank } from './severity-order';
import { invalidSetting } from '../../internal/errors';

function selectionError(prop: string, value: unknown, problem: string, fix: string): Error {
  return invalidSetting('audit options', `'${prop}'`, value, problem, fix);
}

/**
 * The entries each pack runs in this audit (`neverExceptable`: rules the SecurityPolicies above the objects mark so): the packs' own, less the excluded rules, at the severities the
 * options choose. Refuses what would silence a rule the exception policy marks never exceptable:
 * - excluding it (`excludedRules`) or giving it a lower severity than a pack does (`ruleSeverities`);
 * - a custom pack that runs it below its built-in severity;
 * - a set of packs with a custom pack in it that does not run it at its built-in severity at least (a custom pack
 *   must not replace the built-in packs to leave out a rule the platform requires).
 */
export function selectEntries(
  packs: readonly Pack[], options: AuditOptions, neverExceptable: readonly string[] = [],
): Map<Pack, readonly PackEntry[]> {
  const own = new Map<Pack, readonly PackEntry[]>(packs.map(pack => [pack, packEntries(pack)]));
  const byName = new Map<string, Pack>();
  const customById = new Map<string, { rule: IAuditRule; pack: Pack }>();
  for (const pack of packs) {
    const known = byName.get(pack.name);
    if (known && known !== pack) {
      throw selectionError('packs', pack.name, `two different packs are named ${JSON.stringify(pack.name)}`, 'give every custom pack its own name');
    }
    byName.set(pack.name, pack);
    for (const entry of own.get(pack)!) {
      if (!entry.rule.custom) continue;
      const other = customById.get(entry.rule.id);
      if (other && other.rule !== entry.rule.custom) {
        throw selectionError('packs', entry.rule.id, `the packs ${other.pack.name} and ${pack.name} hold two different custom rules with the id ${entry.rule.id}`,
          'give every custom rule its own id, or share one rule object between the packs');
      }
      customById.set(entry.rule.id, { rule: entry.rule.custom, pack });
    }
  }
  const isKnown = (id: unknown) => isRuleId(id) || (typeof id === 'string' && customById.has(id));
  const never = new Set<string>([...options.exceptionPolicy?.neverExceptable ?? [], ...neverExceptable]);

  const excluded = new Set<string>();
  if (options.excludedRules !== undefined && !Array.isArray(options.excludedRules)) {
    throw selectionError('excludedRules', options.excludedRules, 'is not a list', 'pass a list of rule ids, e.g. ["IMG-DIGEST"]');
  }
  (options.excludedRules ?? []).forEach((id, i) => {
    if (!isKnown(id)) {
      throw selectionError(`excludedRules[${i}]`, id, 'is not the id of a built-in rule or of a custom rule of the packs', 'name a rule the packs run, e.g. "IMG-DIGEST"');
    }
    if (never.has(id)) {
      throw selectionError(`excludedRules[${i}]`, id, `the exception policy marks ${id} never exceptable, so no audit may leave it out`,
        'remove the exclusion (only the platform team can change the exception policy)');
    }
    excluded.add(id);
  });

  const chosen = new Map<string, Severity>();
  if (options.ruleSeverities !== undefined && !Array.isArray(options.ruleSeverities)) {
    throw selectionError('ruleSeverities', options.ruleSeverities, 'is not a list', 'pass a list such as [{ rule: "IMG-TAG", severity: Severity.ERROR }]');
  }
  (options.ruleSeverities ?? []).forEach((entry, i) => {
    if (entry === null || typeof entry !== 'object') {
      throw selectionError(`ruleSeverities[${i}]`, entry, 'is not a rule severity', 'pass { rule, severity }');
    }
    if (!isKnown(entry.rule)) {
      throw selectionError(`ruleSeverities[${i}].rule`, entry.rule, 'is not the id of a built-in rule or of a custom rule of the packs', 'name a rule the packs run');
    }
    if (!isSeverity(entry.severity)) {
      throw selectionError(`ruleSeverities[${i}].severity`, entry.severity, 'is not a severity', 'use Severity.ERROR, Severity.WARNING or Severity.INFO');
    }
    if (never.has(entry.rule)) {
      for (const pack of packs) {
        const lowered = own.get(pack)!.find(e => e.rule.id === entry.rule && severityRank(entry.severity) < severityRank(e.severity));
        if (lowered) {
          throw selectionError(`ruleSeverities[${i}]`, entry,
            `the exception policy marks ${entry.rule} never exceptable, and ${entry.severity} is below its severity ${lowered.severity} in the pack ${pack.name}`,
            `remove the override, or choose ${lowered.severity} or more`);
        }
      }
    }
    chosen.set(entry.rule, entry.severity);
  });

  // A custom pack must not weaken a never-exceptable built-in rule, nor replace the packs that run it.
  const custom = packs.filter(pack => pack.isCustom);
  for (const id of [...never].sort()) {
    const rule = ruleById(id as RuleId);
    if (!rule) continue;
    for (const pack of custom) {
      const entry = own.get(pack)!.find(e => e.rule.id === id);
      if (entry && severityRank(entry.severity) < severityRank(rule.severity)) {
        throw selectionError('packs', pack.name,
          `the custom pack ${pack.name} runs ${id} at ${entry.severity}, below its built-in severity ${rule.severity}, and the exception policy marks ${id} never exceptable`,
          `remove ${id} from the pack's severities, or give it ${rule.severity} or more`);
      }
    }
    const runs = (pack: Pack) => own.get(pack)!.some(e => e.rule.id === id && severityRank(e.severity) >= severityRank(rule.severity));
    if (custom.length > 0 && !packs.some(runs)) {
      throw selectionError('packs', packs.map(pack => pack.name),
        `the exception policy marks ${id} never exceptable, and no pack of this audit runs it (custom packs ${custom.map(p => p.name).join(', ')} leave it out)`,
        `add ${id} to the custom pack (builtInRules) or run a built-in pack with it, e.g. Pack.HARDENED`);
    }
  }

  const result = new Map<Pack, readonly PackEntry[]>();
  for (const pack of packs) {
    result.set(pack, own.get(pack)!.filter(entry => !excluded.has(entry.rule.id)).map(entry => {
      const severity = chosen.get(entry.rule.id);
      return severity === undefined ? entry : { ...entry, severity, forced: true };
    }));
  }
  return result;
}
