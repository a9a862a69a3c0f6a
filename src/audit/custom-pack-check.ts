import { CIS_KUBERNETES_1_8, GDPR, HIPAA_SECURITY_RULE, ISO_27001_ANNEX_A, NIST_800_53, NSA_CISA_1_2, PCI_DSS_4 } from './compliance/legend';
import { CustomRuleControls, IAuditRule, RuleSeverity } from './custom-rule';
import { Severity } from './severity';
import { invalidSetting } from '../internal/errors';
import { isRuleId } from '../profile/rule-ids';

/** The form of a custom rule id: upper-case words of letters and digits joined by `-`. */
export const CUSTOM_RULE_ID = /^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$/;

/** The form of a pack name: lower-case words joined by `-`. */
export const PACK_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** The control legends custom rules' related controls are checked against, per framework. */
const KNOWN_CONTROLS: Readonly<Record<keyof CustomRuleControls, Readonly<Record<string, string>>>> = {
  cis: CIS_KUBERNETES_1_8,
  nsaCisa: NSA_CISA_1_2,
  nist: NIST_800_53,
  pciDss: PCI_DSS_4,
  hipaa: HIPAA_SECURITY_RULE,
  iso27001: ISO_27001_ANNEX_A,
  gdpr: GDPR,
};

const SEVERITIES: readonly unknown[] = Object.values(Severity);

/** The error for an invalid custom pack or rule, naming the pack, the field, the value and the fix. */
export function packError(pack: string, field: string, value: unknown, problem: string, fix: string): Error {
  return invalidSetting(`custom audit pack ${JSON.stringify(pack)}`, `'${field}'`, value, problem, fix);
}

/** Whether `value` is a severity. */
export function isSeverity(value: unknown): value is Severity {
  return SEVERITIES.includes(value);
}

/** Checks a custom rule (as plain JavaScript may pass anything); throws the pack error. */
export function checkCustomRule(pack: string, field: string, rule: IAuditRule): void {
  if (rule === null || typeof rule !== 'object' && typeof rule !== 'function') {
    throw packError(pack, field, rule, 'is not a rule', 'pass an object of a class implementing IAuditRule (id, severity, title, fix, evaluate)');
  }
  if (typeof rule.id !== 'string' || !CUSTOM_RULE_ID.test(rule.id)) {
    throw packError(pack, `${field}.id`, rule.id, 'a custom rule id is upper-case words of letters and digits joined by "-"',
      'give an id such as "ACME-TEAM-LABEL"');
  }
  if (isRuleId(rule.id)) {
    throw packError(pack, `${field}.id`, rule.id, `${rule.id} is the id of a built-in rule; a custom rule cannot replace or shadow it`,
      `give the custom rule its own id (e.g. with your organisation's prefix, "ACME-${rule.id}"), or add the built-in rule with builtInRules`);
  }
  if (!isSeverity(rule.severity)) {
    throw packError(pack, `${field}.severity`, rule.severity, 'is not a severity', 'use Severity.ERROR, Severity.WARNING or Severity.INFO');
  }
  for (const key of ['title', 'fix'] as const) {
    if (typeof rule[key] !== 'string' || rule[key].trim() === '') {
      throw packError(pack, `${field}.${key}`, rule[key], 'is not a non-empty string', `give the rule's ${key} as text`);
    }
  }
  if (rule.explanation !== undefined && typeof rule.explanation !== 'string') {
    throw packError(pack, `${field}.explanation`, rule.explanation, 'is not a string', 'give the explanation as text, or leave it out');
  }
  if (typeof rule.evaluate !== 'function') {
    throw packError(pack, `${field}.evaluate`, rule.evaluate, 'is not a method', 'implement evaluate(index: ManifestIndex): RuleViolation[]');
  }
  checkControls(pack, `${field}.relatedControls`, rule.relatedControls);
}

function checkControls(pack: string, field: string, controls: CustomRuleControls | undefined): void {
  if (controls === undefined) {
    return;
  }
  if (controls === null || typeof controls !== 'object' || Array.isArray(controls)) {
    throw packError(pack, field, controls, 'is not an object of control lists', 'pass e.g. { nist: ["CM-8"], cis: ["5.7.4"] }');
  }
  for (const key of Object.keys(controls)) {
    const known = KNOWN_CONTROLS[key as keyof CustomRuleControls];
    if (!known) {
      throw packError(pack, `${field}.${key}`, (controls as Record<string, unknown>)[key], 'is not a framework of the compliance mapping',
        `use ${Object.keys(KNOWN_CONTROLS).join(', ')}`);
    }
    const ids: unknown = (controls as Record<string, unknown>)[key];
    if (ids === undefined) {
      continue;
    }
    if (!Array.isArray(ids)) {
      throw packError(pack, `${field}.${key}`, ids, 'is not a list of control ids', 'give a list such as ["CM-8"]');
    }
    ids.forEach((id: unknown, i) => {
      if (typeof id !== 'string' || !Object.prototype.hasOwnProperty.call(known, id)) {
        throw packError(pack, `${field}.${key}[${i}]`, id, 'is not a control id of the compliance mapping (only ids the library cites are accepted)',
          `use one of ${Object.keys(known).slice(0, 6).map(k => JSON.stringify(k)).join(', ')}, … (see COMPLIANCE.md)`);
      }
    });
  }
}

/** Checks a list of rule severities; `isKnown` says whether a rule id is one the severities may name. */
export function checkRuleSeverities(pack: string, field: string, severities: readonly RuleSeverity[] | undefined,
  isKnown: (rule: string) => boolean, knownHint: string): void {
  if (severities === undefined) {
    return;
  }
  if (!Array.isArray(severities)) {
    throw packError(pack, field, severities, 'is not a list', 'pass a list such as [{ rule: "IMG-TAG", severity: Severity.ERROR }]');
  }
  severities.forEach((entry, i) => {
    if (entry === null || typeof entry !== 'object') {
      throw packError(pack, `${field}[${i}]`, entry, 'is not a rule severity', 'pass { rule, severity }');
    }
    if (typeof entry.rule !== 'string' || !isKnown(entry.rule)) {
      throw packError(pack, `${field}[${i}].rule`, entry.rule, `is not a rule ${knownHint}`, 'name a rule id the pack runs');
    }
    if (!isSeverity(entry.severity)) {
      throw packError(pack, `${field}[${i}].severity`, entry.severity, 'is not a severity', 'use Severity.ERROR, Severity.WARNING or Severity.INFO');
    }
  });
}
