import { GROUP_CONTROLS } from '../compliance/rule-group';
import { Pack } from '../pack';
import { RelatedControls, RuleInfo } from '../rule-info';
import { ALL_RULES, ruleById } from '../rules';
import { AuditRule } from './audit-rule';
import { customRuleById, packEntries } from './packs';

/** The related controls of a rule: its group's controls plus the CIS ids the rule itself checks. */
export function relatedControls(rule: AuditRule): RelatedControls {
  if (rule.controls) {
    return { ...rule.controls };
  }
  const group = GROUP_CONTROLS[rule.group];
  return {
    podSecurityStandard: rule.pss,
    cis: [...rule.cis],
    nsaCisa: [...group.nsaCisa],
    nist: [...group.nist],
    pciDss: [...group.pciDss],
    hipaa: [...group.hipaa],
    iso27001: [...group.iso27001],
    gdpr: [...group.gdpr],
  };
}

/** The public description of a rule. */
export function ruleInfo(rule: AuditRule): RuleInfo {
  return {
    id: rule.id,
    title: rule.title,
    explanation: rule.explanation,
    fix: rule.fix,
    group: rule.custom ? 'Custom rule' : rule.group,
    severity: rule.severity,
    packs: Pack.all().filter(pack => packEntries(pack).some(entry => entry.rule === rule)).map(pack => pack.name),
    appliesTo: rule.appliesTo,
    relatedControls: relatedControls(rule),
    documentation: rule.documentation,
  };
}

/** Every rule's description, in catalog order. */
export function ruleCatalog(): RuleInfo[] {
  return ALL_RULES.map(ruleInfo);
}

/** The description of the rule `id`, if it exists. */
export function ruleInfoById(id: string): RuleInfo | undefined {
  const rule = ruleById(id) ?? customRuleById(id);
  return rule ? ruleInfo(rule) : undefined;
}
