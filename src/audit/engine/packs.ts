import { RuleId } from '../../profile/rule-id';
import { Pack } from '../pack';
import { ALL_RULES, ruleById } from '../rules';
import { Severity } from '../severity';
import { AuditRule, RuleLevel } from './audit-rule';

/** One rule as run by one pack. */
export interface PackEntry {
  readonly pack: Pack;
  readonly rule: AuditRule;
  readonly level: RuleLevel;
  readonly severity: Severity;
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

/** The rules a pack runs, with the level and severity it runs them at, in catalog order. */
export function packEntries(pack: Pack): readonly PackEntry[] {
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
