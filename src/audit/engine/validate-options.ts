import { EMPTY_FRAMEWORKS_PROBLEM, emptyFrameworksFix, FRAMEWORK_FIX, frameworkProblem } from './frameworks';
import { invalidSetting } from '../../internal/errors';
import { nodeAppArmorProblem } from '../../profile/cluster-version';
import { approvalFieldsProblem, isIsoDate, MIN_EXCEPTION_REASON_LENGTH, todayUtc } from '../../profile/exception-annotation';
import { checkExceptionPolicy, isExceptionPolicyProblem } from '../../profile/exception-policy-check';
import { isPinnedPodSecurityVersion } from '../../profile/namespace-pod-security';
import { isRuleId } from '../../profile/rule-ids';
import { registryPrefixProblem } from '../../profile/workload-image';
import { labelKeyProblem } from '../../profile/workload-labels';
import { AuditOptions, ObjectSuppression } from '../audit-options';
import { Pack } from '../pack';
import { AnnotationExceptions } from '../suppression-origin';

/** Throws the standard input error for invalid audit options. */
export function validateOptions(options: AuditOptions): void {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new Error(`invalid audit options: received ${JSON.stringify(options) ?? String(options)}; the options are not an object. Fix: pass an object such as { packs: [Pack.HARDENED] }, or none.`);
  }
  for (const field of ['packs', 'excludedRules', 'ruleSeverities', 'allowedRegistries', 'platformPriorityClasses', 'requiredLabels', 'frameworks', 'suppressions'] as const) {
    const value = options[field];
    if (value !== undefined && !Array.isArray(value)) {
      throw optionError(field, value, 'is not a list', `pass a list, e.g. ${field}: [...]`);
    }
  }
  if (options.packs !== undefined && options.packs.length === 0) {
    throw optionError('packs', options.packs, 'an empty list runs no rule, so every input would pass', 'name at least one pack, or leave packs unset for all');
  }
  if (options.frameworks !== undefined && options.frameworks.length === 0) {
    throw optionError('frameworks', options.frameworks, EMPTY_FRAMEWORKS_PROBLEM, emptyFrameworksFix('frameworks'));
  }
  (options.packs ?? []).forEach((pack, i) => {
    if (!Pack.isPack(pack) && !Pack.all().some(known => known.name === (pack as Pack)?.name)) {
      throw optionError(`packs[${i}]`, pack, 'is not a Pack', 'use Pack.PSS_BASELINE, Pack.PSS_RESTRICTED, Pack.HARDENED or a pack made with Pack.custom()');
    }
  });
  (options.frameworks ?? []).forEach((framework, i) => {
    const problem = frameworkProblem(framework);
    if (problem) {
      throw optionError(`frameworks[${i}]`, framework, problem, FRAMEWORK_FIX);
    }
  });
  (options.allowedRegistries ?? []).forEach((entry, i) => {
    const problem = typeof entry === 'string' ? registryPrefixProblem(normaliseRegistry(entry)) : 'is not a string';
    if (problem) {
      throw optionError(`allowedRegistries[${i}]`, entry, `the entry ${problem}`,
        'give a registry host with an optional path prefix, e.g. "registry.example.com", "ghcr.io/acme" or "docker.io/library"');
    }
  });
  (options.requiredLabels ?? []).forEach((key, i) => {
    const problem = typeof key === 'string' ? labelKeyProblem(key) : 'is not a string';
    if (problem) {
      throw optionError(`requiredLabels[${i}]`, key, `the label key ${problem}`, 'give a label key such as "team" or "example.com/cost-center"');
    }
  });
  // Custom rules of the packs may be suppressed like built-in ones.
  const customRules = (options.packs ?? []).flatMap(pack => Pack.isPack(pack) ? pack._definition?.rules ?? [] : []);
  const customIds = new Set<string>(customRules.map(rule => rule.id));
  (options.suppressions ?? []).forEach((suppression: ObjectSuppression, i) => {
    if (suppression === null || typeof suppression !== 'object') {
      throw optionError(`suppressions[${i}]`, suppression, 'is not a suppression', 'pass { rule, reason, kind?, namespace?, name? }');
    }
    if (!isRuleId(suppression.rule) && !customIds.has(suppression.rule)) {
      throw optionError(`suppressions[${i}].rule`, suppression.rule, 'is not a rule id', 'use a RuleId member, e.g. RuleId.SVC_TYPE, or the id of a custom rule of the packs');
    }
    if (typeof suppression.reason !== 'string' || suppression.reason.trim().length < MIN_EXCEPTION_REASON_LENGTH) {
      throw optionError(`suppressions[${i}].reason`, suppression.reason,
        `a suppression needs a reason of at least ${MIN_EXCEPTION_REASON_LENGTH} characters that reviewers can judge`,
        'explain why the finding is acceptable');
    }
    for (const field of ['kind', 'namespace', 'name', 'source'] as const) {
      if (suppression[field] !== undefined && typeof suppression[field] !== 'string') {
        throw optionError(`suppressions[${i}].${field}`, suppression[field], 'is not a string', `give the object's ${field} as text, or leave it out to match any`);
      }
    }
    const approval = approvalFieldsProblem(suppression.approvalReference, suppression.expires);
    if (approval) {
      throw optionError(`suppressions[${i}].${approval.field}`, approval.value, approval.problem,
        'give a ticket id such as "SEC-1234" and a date such as "2027-03-31"');
    }
  });
  if (options.exceptionPolicy !== undefined) {
    const checked = checkExceptionPolicy(options.exceptionPolicy);
    if (isExceptionPolicyProblem(checked)) {
      throw optionError(checked.field ? `exceptionPolicy.${checked.field}` : 'exceptionPolicy', checked.value, checked.problem, checked.fix);
    }
  }
  const modes: unknown[] = Object.values(AnnotationExceptions);
  if (options.annotationExceptions !== undefined && !modes.includes(options.annotationExceptions)) {
    throw optionError('annotationExceptions', options.annotationExceptions, 'is not an annotation mode',
      'use AnnotationExceptions.IGNORE or AnnotationExceptions.ALLOWED_RULES');
  }
  if (options.annotationExceptions === AnnotationExceptions.ALLOWED_RULES && options.exceptionPolicy?.allowedRules === undefined) {
    throw optionError('annotationExceptions', options.annotationExceptions,
      'annotations are honoured only for the rules the exception policy allows, and it lists none',
      'give exceptionPolicy: { allowedRules: [...] } (in a policy file: exceptions.allowedRules)');
  }
  const appArmorProblem = options.nodeAppArmor === undefined ? undefined : nodeAppArmorProblem(options.nodeAppArmor);
  if (appArmorProblem) {
    throw optionError('nodeAppArmor', options.nodeAppArmor, appArmorProblem, 'use NodeAppArmor.AVAILABLE or NodeAppArmor.UNAVAILABLE');
  }
  if (options.evaluationDate !== undefined && (typeof options.evaluationDate !== 'string' || !isIsoDate(options.evaluationDate))) {
    throw optionError('evaluationDate', options.evaluationDate, 'is not a date written YYYY-MM-DD', 'give a date such as "2027-03-31"');
  }
  if (options.evaluationDate !== undefined && options.evaluationDate < todayUtc()) {
    throw optionError('evaluationDate', options.evaluationDate, 'is in the past, where it would revive exceptions that have expired',
      'leave it unset (today), or give a later date to see which exceptions will have expired by then');
  }
  const minimum = options.minimumPodSecurityVersion;
  if (minimum !== undefined && (typeof minimum !== 'string' || !isPinnedPodSecurityVersion(minimum))) {
    throw optionError('minimumPodSecurityVersion', minimum, 'is not a pinned Pod Security Admission version ("v1.<minor>")',
      'give a version such as "v1.28"');
  }
}

/** Normalises a registry allowlist entry of the audit options: no surrounding spaces, scheme or trailing slash. */
export function normaliseRegistry(entry: string): string {
  return entry.trim().replace(/^[a-z]+:\/\//, '').replace(/\/+$/, '');
}

/** The standard input error, for options that belong to no construct. */
function optionError(prop: string, value: unknown, problem: string, fix: string): Error {
  return invalidSetting('audit options', `'${prop}'`, value, problem, fix);
}
