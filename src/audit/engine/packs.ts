import { RuleId } from '../../profile/rule-id';
import { Pack } from '../pack';
import { ALL_RULES, ruleById } from '../rules';
import { Severity } from '../severity';
import { AuditRule, RuleLevel } from './audit-rule';
import { severityRank } from './severity-order';
import { RuleGroup } from '../compliance/rule-group';
import { IAuditRule } from '../custom-rule';

/** One rule as run by one pack. */
export interface PackEntry {
  readonly pack: Pack;
  readonly rule: AuditRule;
  readonly level: RuleLevel;
  readonly severity: Severity;
  /** Whether `severity` was chosen for the rule (a custom pack or the audit options) and beats a violation's own. */
  readonly forced?: boolean;
}

/** The Pod Security Standards 1.28 baseline controls. */
const PSS_BASELINE_RULES: readonly RuleId[] = [
  RuleId.POD_NO_HOSTPROCESS,
  RuleId.POD_NO_HOSTNETWORK,
  RuleId.POD_NO_HOSTPID,
  RuleId.POD_NO_HOSTIPC,
  RuleId.CTR_NOT_PRIVILEGED,
  RuleId.CTR_CAPS_ADD,
  RuleId.POD_NO_HOSTPATH,
  RuleId.CTR_NO_HOSTPORT,
  RuleId.POD_APPARMOR,
  RuleId.POD_SELINUX,
  RuleId.CTR_PROCMOUNT,
  RuleId.POD_SECCOMP,
  RuleId.POD_SYSCTLS,
];

/** The controls the Pod Security Standards 1.28 restricted level adds to baseline. */
const PSS_RESTRICTED_EXTRA_RULES: readonly RuleId[] = [
  RuleId.POD_VOLUME_TYPES,
  RuleId.CTR_NO_PRIV_ESC,
  RuleId.POD_RUN_AS_NONROOT,
  RuleId.POD_RUNASUSER_NONZERO,
  RuleId.CTR_DROP_ALL,
];

function entries(pack: Pack, ids: readonly RuleId[], level: RuleLevel, severity?: Severity): PackEntry[] {
  return ids.map(id => {
    const rule = ruleById(id);
    if (!rule) {
      throw new Error(`pack ${pack.name} names rule ${id}, which has no implementation`);
    }
    return { pack, rule, level, severity: severity ?? rule.severity };
  });
}

let cache: Map<string, readonly PackEntry[]> | undefined;
const customCache = new WeakMap<Pack, readonly PackEntry[]>();
/** The custom rules of the custom packs made so far, by id (the latest rule given an id wins, for the reports). */
const customRules = new Map<string, AuditRule>();
const adapted = new WeakMap<IAuditRule, AuditRule>();

/** The engine's view of a custom rule. */
export function adaptCustomRule(rule: IAuditRule): AuditRule {
  let known = adapted.get(rule);
  if (!known) {
    const controls = rule.relatedControls ?? {};
    known = {
      id: rule.id as RuleId,
      group: RuleGroup.LABELS_REVIEW,
      title: rule.title,
      explanation: rule.explanation ?? rule.title,
      fix: rule.fix,
      severity: rule.severity,
      appliesTo: 'the objects the custom rule selects',
      cis: [...controls.cis ?? []],
      check: () => [],
      custom: rule,
      controls: {
        cis: [...controls.cis ?? []],
        nsaCisa: [...controls.nsaCisa ?? []],
        nist: [...controls.nist ?? []],
        pciDss: [...controls.pciDss ?? []],
        hipaa: [...controls.hipaa ?? []],
        iso27001: [...controls.iso27001 ?? []],
        gdpr: [...controls.gdpr ?? []],
      },
    };
    adapted.set(rule, known);
  }
  return known;
}

/** The custom rule with this id among the custom packs made so far. */
export function customRuleById(id: string): AuditRule | undefined {
  return customRules.get(id);
}

function customEntries(pack: Pack): readonly PackEntry[] {
  let list = customCache.get(pack);
  if (list) {
    return list;
  }
  const definition = pack._definition!;
  const byRule = new Map<string, PackEntry>();
  for (const base of definition.basePacks ?? []) {
    for (const entry of packEntries(base)) {
      const known = byRule.get(entry.rule.id);
      if (!known || severityRank(entry.severity) > severityRank(known.severity)) {
        byRule.set(entry.rule.id, { ...entry, pack });
      }
    }
  }
  for (const id of definition.builtInRules ?? []) {
    if (!byRule.has(id)) {
      byRule.set(id, entries(pack, [id], 'hardened')[0]);
    }
  }
  for (const rule of definition.rules ?? []) {
    const engineRule = adaptCustomRule(rule);
    customRules.set(rule.id, engineRule);
    byRule.set(rule.id, { pack, rule: engineRule, level: 'hardened', severity: rule.severity });
  }
  for (const chosen of definition.severities ?? []) {
    const entry = byRule.get(chosen.rule);
    if (entry) {
      byRule.set(chosen.rule, { ...entry, severity: chosen.severity, forced: true });
    }
  }
  const order = (entry: PackEntry) => {
    const index = ALL_RULES.indexOf(entry.rule);
    return index < 0 ? ALL_RULES.length : index;
  };
  list = [...byRule.values()].sort((a, b) => order(a) - order(b));
  customCache.set(pack, list);
  return list;
}

/** The rules a pack runs, with the level and severity it runs them at, in catalog order. */
export function packEntries(pack: Pack): readonly PackEntry[] {
  if (pack._definition) {
    return customEntries(pack);
  }
  if (!cache) {
    cache = new Map([
      [Pack.PSS_BASELINE.name, entries(Pack.PSS_BASELINE, PSS_BASELINE_RULES, 'baseline', Severity.ERROR)],
      [Pack.PSS_RESTRICTED.name, entries(Pack.PSS_RESTRICTED, [...PSS_BASELINE_RULES, ...PSS_RESTRICTED_EXTRA_RULES], 'restricted', Severity.ERROR)],
      [Pack.HARDENED.name, entries(Pack.HARDENED, ALL_RULES.map(rule => rule.id), 'hardened')],
    ]);
    for (const list of cache.values()) {
      (list as PackEntry[]).sort((a, b) => ALL_RULES.indexOf(a.rule) - ALL_RULES.indexOf(b.rule));
    }
  }
  return cache.get(pack.name) ?? [];
}
