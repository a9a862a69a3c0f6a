/**
 * The scanners' own exemption annotations, as the library writes them for a typed exception or a documented library
 * decision (and for nothing else).
 *
 * - Polaris: `polaris.fairwinds.com/<check>-exempt: "true"` on the controller (Polaris reads exemptions per
 *   controller from annotations; container-level exemptions exist only in its config file). Polaris carries no reason,
 *   so the library writes it beside: `scanner-exemption.cdk8s-secure.io/polaris.<check>`.
 * - kube-score: `kube-score/ignore: <check>,<check>` on the object (per object only); reason as for Polaris under
 *   `scanner-exemption.cdk8s-secure.io/kube-score.<check>`.
 * - kube-linter: `ignore-check.kube-linter.io/<check>: <reason>` on the object.
 * - checkov: `checkov.io/skip<n>: <CKV id>=<reason>` on the object.
 * - kubescape and Trivy read no exemption annotations (kubescape takes an exceptions file, Trivy an ignore file or
 *   policy), so the library writes none for them.
 */

import { EXCEPTION_ANNOTATION_PREFIX } from './exception-annotation';
import { decisionReason, LIBRARY_DECISIONS, LibraryDecision } from './library-decisions';
import { RuleId } from './rule-id';
import { isRuleId } from './rule-ids';
import { checksForKind, SCANNER_CHECKS, ScannerCheckIds } from './scanner-checks';

export const POLARIS_ANNOTATION_PREFIX = 'polaris.fairwinds.com/';
export const KUBE_SCORE_IGNORE_ANNOTATION = 'kube-score/ignore';
/** kube-score's annotation that skips the whole object (`"true"`): never written by the library. */
export const KUBE_SCORE_SKIP_ANNOTATION = 'kube-score/skip';
export const KUBE_LINTER_ANNOTATION_PREFIX = 'ignore-check.kube-linter.io/';
/** kube-linter's annotation that ignores every check on the object (pkg/ignore): never written by the library. */
export const KUBE_LINTER_IGNORE_ALL_ANNOTATION = 'kube-linter.io/ignore-all';
/** Polaris' annotation that exempts the controller from every check: never written by the library. */
export const POLARIS_EXEMPT_ALL_ANNOTATION = 'polaris.fairwinds.com/exempt';
export const CHECKOV_ANNOTATION_PREFIX = 'checkov.io/skip';
/** Bridgecrew's older name for checkov's skip annotation, which checkov still honours. */
export const BRIDGECREW_ANNOTATION_PREFIX = 'bridgecrew.io/skip';
/** Where the library documents the reason of a Polaris or kube-score exemption (those annotations carry none). */
export const SCANNER_EXEMPTION_REASON_PREFIX = 'scanner-exemption.cdk8s-secure.io/';

/** The scanners the library writes exemptions for. */
export type AnnotatedScanner = 'polaris' | 'kubeScore' | 'kubeLinter' | 'checkov';

/** One check of one scanner to exempt, and why. */
export interface ScannerExemption {
  readonly scanner: AnnotatedScanner;
  readonly check: string;
  readonly reason: string;
}

/** Whether checkov reads `key` as a skip annotation: it looks for `checkov.io/skip` (or `bridgecrew.io/skip`) anywhere in the key. */
function isCheckovSkipKey(key: string): boolean {
  return key.includes(CHECKOV_ANNOTATION_PREFIX) || key.includes(BRIDGECREW_ANNOTATION_PREFIX);
}

/** Whether `key` is an exemption annotation any of the scanners reads (or the library's reason beside one). */
export function isScannerExemptionKey(key: string): boolean {
  return key.startsWith(POLARIS_ANNOTATION_PREFIX) || key === KUBE_SCORE_IGNORE_ANNOTATION || key === KUBE_SCORE_SKIP_ANNOTATION
    || key.startsWith(KUBE_LINTER_ANNOTATION_PREFIX) || key === KUBE_LINTER_IGNORE_ALL_ANNOTATION
    || isCheckovSkipKey(key) || key.startsWith(SCANNER_EXEMPTION_REASON_PREFIX);
}

/** The exemptions for `ids` (the mapped checks of the scanners that read annotations), all with `reason`. */
export function exemptionsFor(ids: Partial<ScannerCheckIds>, reason: string): ScannerExemption[] {
  const scanners: AnnotatedScanner[] = ['polaris', 'kubeScore', 'kubeLinter', 'checkov'];
  return scanners.flatMap((scanner) => (ids[scanner] ?? []).map((check) => ({ scanner, check, reason })));
}

/** The reason written beside the scanners' exemptions for a typed exception to `rule`. */
export function exceptionExemptionReason(rule: string, reason: string): string {
  return `${rule} exception: ${reason}`;
}

/** The exemptions for the checks of `decision` (those that read `kind`, when given), with its reason. */
export function decisionExemptions(decision: LibraryDecision, kind?: string): ScannerExemption[] {
  const { polaris = [], kubeScore = [], kubeLinter = [] } = decision.checks;
  const ids: ScannerCheckIds = {
    polaris: [...polaris], kubeScore: [...kubeScore], kubeLinter: [...kubeLinter], kubescape: [], trivy: [], checkov: [],
  };
  return exemptionsFor(kind === undefined ? ids : checksForKind(ids, kind), decisionReason(decision));
}

/**
 * The annotations for `exemptions`: one per check (reasons of the same check joined with "; "), sorted, so the
 * output is deterministic.
 */
export function scannerExemptionAnnotations(exemptions: readonly ScannerExemption[]): Record<string, string> {
  const reasons = new Map<string, string[]>();
  for (const exemption of exemptions) {
    const key = `${exemption.scanner}\u0000${exemption.check}`;
    const list = reasons.get(key) ?? [];
    if (!list.includes(exemption.reason)) {
      list.push(exemption.reason);
    }
    reasons.set(key, list);
  }
  const annotations: Record<string, string> = {};
  const kubeScore: string[] = [];
  const checkov: Array<[string, string]> = [];
  for (const key of [...reasons.keys()].sort()) {
    const [scanner, check] = key.split('\u0000') as [AnnotatedScanner, string];
    const reason = reasons.get(key)!.join('; ');
    switch (scanner) {
      case 'polaris':
        annotations[`${POLARIS_ANNOTATION_PREFIX}${check}-exempt`] = 'true';
        annotations[`${SCANNER_EXEMPTION_REASON_PREFIX}polaris.${check}`] = reason;
        break;
      case 'kubeScore':
        kubeScore.push(check);
        annotations[`${SCANNER_EXEMPTION_REASON_PREFIX}kube-score.${check}`] = reason;
        break;
      case 'kubeLinter':
        annotations[`${KUBE_LINTER_ANNOTATION_PREFIX}${check}`] = reason;
        break;
      case 'checkov':
        checkov.push([check, reason]);
        break;
    }
  }
  if (kubeScore.length > 0) {
    annotations[KUBE_SCORE_IGNORE_ANNOTATION] = kubeScore.join(',');
  }
  checkov.sort(([a], [b]) => Number(a.replace(/\D/g, '')) - Number(b.replace(/\D/g, ''))).forEach(([check, reason], i) => {
    annotations[`${CHECKOV_ANNOTATION_PREFIX}${i + 1}`] = `${check}=${reason}`;
  });
  return Object.fromEntries(Object.entries(annotations).sort(([a], [b]) => a.localeCompare(b)));
}

/** A scanner exemption annotation of a manifest that the audit does not accept, and why. */
export interface UnjustifiedScannerExemption {
  readonly key: string;
  readonly value: string;
  readonly problem: string;
}

const SCANNER_NAMES: Record<AnnotatedScanner, string> = { polaris: 'Polaris', kubeScore: 'kube-score', kubeLinter: 'kube-linter', checkov: 'checkov' };
const POLARIS_CHECK_EXEMPTION = /^polaris\.fairwinds\.com\/(.+)-exempt$/;

/** Whether `reason` (reasons of one check joined with "; ") contains `part` as one of its reasons. */
function hasReason(reason: string, part: string): boolean {
  return reason === part || reason.startsWith(`${part}; `) || reason.endsWith(`; ${part}`) || reason.includes(`; ${part}; `);
}

/**
 * Why the exemption of `check` by `scanner` with `reason` is not one the library writes for an object with these
 * annotations, or `undefined` when it is: its reason must be the reason of a typed exception documented on the object
 * (`exception.cdk8s-secure.io/<RULE-ID>`, written as `<RULE-ID> exception: <reason>`) to a rule mapped to the check,
 * or one of the library's documented decisions for the check.
 */
function exemptionProblem(scanner: AnnotatedScanner, check: string, reason: string | undefined,
  annotations: Readonly<Record<string, string>>, object: any): string | undefined {
  const name = `the ${SCANNER_NAMES[scanner]} exemption of ${check}`;
  if (reason === undefined || reason.trim() === '') {
    const where = scanner === 'polaris' || scanner === 'kubeScore'
      ? ` (${SCANNER_EXEMPTION_REASON_PREFIX}${scanner === 'polaris' ? 'polaris' : 'kube-score'}.${check})` : '';
    return `${name} carries no reason${where}, so it names no typed exception and no library decision`;
  }
  for (const [key, documented] of Object.entries(annotations)) {
    const rule = key.startsWith(EXCEPTION_ANNOTATION_PREFIX) ? key.slice(EXCEPTION_ANNOTATION_PREFIX.length) : undefined;
    if (rule !== undefined && isRuleId(rule) && (SCANNER_CHECKS[rule as RuleId][scanner] ?? []).includes(check)
      && hasReason(reason, exceptionExemptionReason(rule, documented))) {
      return undefined;
    }
  }
  for (const decision of LIBRARY_DECISIONS) {
    if ((decision.checks[scanner as keyof typeof decision.checks] ?? []).includes(check) && hasReason(reason, decisionReason(decision))) {
      return decision.holds === undefined || decision.holds(object, annotations) ? undefined
        : `${name} cites the library decision for ${check}, which does not hold for this ${String(object?.kind ?? 'object')}`
          + ` (${decision.condition ?? 'see docs/scanners.md'})`;
    }
  }
  return `${name} names neither a typed exception documented on this object (${EXCEPTION_ANNOTATION_PREFIX}<RULE-ID>) to a rule `
    + `mapped to ${check}, nor one of the library's decisions for ${check}`;
}

/**
 * The scanner exemption annotations of a manifest object (`annotations`) that the library would not have written:
 * exemptions of every check (Polaris `exempt`, kube-linter `ignore-all`), and exemptions of one check whose reason is
 * neither a typed exception documented on the object for a rule mapped to that check nor a documented library decision.
 * The exemptions only silence the other scanners: the audit still judges the rule of the exception itself.
 */
export function unjustifiedScannerExemptions(annotations: Readonly<Record<string, string>>, object?: any): UnjustifiedScannerExemption[] {
  const found: UnjustifiedScannerExemption[] = [];
  const report = (key: string, problem: string | undefined) => {
    if (problem !== undefined) {
      found.push({ key, value: annotations[key], problem });
    }
  };
  for (const key of Object.keys(annotations).sort()) {
    const value = annotations[key];
    if (key === POLARIS_EXEMPT_ALL_ANNOTATION || key === KUBE_LINTER_IGNORE_ALL_ANNOTATION || key === KUBE_SCORE_SKIP_ANNOTATION) {
      const scanner = key === KUBE_LINTER_IGNORE_ALL_ANNOTATION ? 'kube-linter' : key === KUBE_SCORE_SKIP_ANNOTATION ? 'kube-score' : 'Polaris';
      report(key, `${key} exempts the object from every check of ${scanner}; the library exempts single checks only, for a typed exception or a `
        + 'documented decision');
      continue;
    }
    const polaris = POLARIS_CHECK_EXEMPTION.exec(key);
    if (polaris) {
      report(key, exemptionProblem('polaris', polaris[1], annotations[`${SCANNER_EXEMPTION_REASON_PREFIX}polaris.${polaris[1]}`], annotations, object));
    } else if (key === KUBE_SCORE_IGNORE_ANNOTATION) {
      const checks = value.split(',').map((check) => check.trim()).filter((check) => check !== '');
      const problems = checks.includes('*') ? [`${key}: * exempts the object from every check of kube-score; the library exempts single checks only`]
        : checks.map((check) => exemptionProblem('kubeScore', check, annotations[`${SCANNER_EXEMPTION_REASON_PREFIX}kube-score.${check}`], annotations, object))
          .filter((problem): problem is string => problem !== undefined);
      report(key, problems.length === 0 ? undefined : problems.join('; '));
    } else if (key.startsWith(KUBE_LINTER_ANNOTATION_PREFIX)) {
      report(key, exemptionProblem('kubeLinter', key.slice(KUBE_LINTER_ANNOTATION_PREFIX.length), value, annotations, object));
    } else if (isCheckovSkipKey(key)) {
      const separator = value.indexOf('=');
      const check = (separator < 0 ? value : value.slice(0, separator)).trim();
      const problem = key.startsWith(CHECKOV_ANNOTATION_PREFIX) || key.startsWith(BRIDGECREW_ANNOTATION_PREFIX)
        ? exemptionProblem('checkov', check, separator < 0 ? undefined : value.slice(separator + 1), annotations, object)
        : `${key} is read by checkov as a skip annotation (it matches checkov.io/skip anywhere in the key); the library writes checkov.io/skip<n> only`;
      report(key, problem);
    }
  }
  return found;
}
