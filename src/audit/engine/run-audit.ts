import { RuleId } from '../../profile/rule-id';
import { AuditOptions } from '../audit-options';
import { AuditProblem } from '../audit-problem';
import { IAuditRule, ManifestIndex, ManifestObject, RuleViolation } from '../custom-rule';
import { Finding } from '../finding';
import { Pack } from '../pack';
import { ALL_RULES } from '../rules';
import { Severity } from '../severity';
import { AuditPolicy, Violation } from './audit-rule';
import { AuditedObject, describeObject } from './audited-object';
import { ObjectIndex } from './object-index';
import { PackEntry } from './packs';
import { POD_BEARING_KINDS, podSearchIncompleteReason, PodTemplate, podTemplatesOf } from './pod-template';
import { selectEntries } from './rule-selection';
import { severityRank } from './severity-order';
import { SuppressionResolver } from './suppressions';
import { normaliseRegistry } from './validate-options';
import { isBuiltInObject } from '../../profile/known-kinds';
import { DEFAULT_POD_SECURITY_VERSION } from '../../profile/namespace-pod-security';
import { SYSTEM_PRIORITY_CLASSES } from '../../profile/priority-class';

const NO_ENTRIES: readonly PackEntry[] = [];

/** The result of running the packs over a set of objects. */
export interface AuditResult {
  readonly packs: readonly Pack[];
  readonly findings: Finding[];
  readonly objectCount: number;
}

/** Resolves the policy the rules need from the audit options. */
export function resolvePolicy(options: AuditOptions): AuditPolicy {
  return {
    allowedRegistries: options.allowedRegistries?.map(normaliseRegistry),
    platformPriorityClasses: new Set([...SYSTEM_PRIORITY_CLASSES, ...(options.platformPriorityClasses ?? [])]),
    requiredLabels: [...new Set(options.requiredLabels ?? [])].sort(),
    minimumPodSecurityVersion: options.minimumPodSecurityVersion ?? DEFAULT_POD_SECURITY_VERSION,
  };
}

/**
 * Runs every rule of every pack on every object it applies to, once per object (rules whose result does not
 * depend on the pack's level are evaluated once for all packs). A rule that throws becomes an ERROR finding.
 */
export function runAudit(
  objects: readonly AuditedObject[],
  options: AuditOptions,
  suppressions: SuppressionResolver,
  problems: AuditProblem[],
  optionsFor?: (object: AuditedObject) => AuditOptions,
  neverExceptable: readonly string[] = [],
): AuditResult {
  const packs = uniquePacks(options.packs ?? Pack.all());
  const defaultPolicy = resolvePolicy(options);
  // Objects below different SecurityPolicies are judged by their own (resolved once per distinct options object).
  const resolved = new Map<AuditOptions, AuditPolicy>([[options, defaultPolicy]]);
  const policyFor = (object: AuditedObject): AuditPolicy => {
    const own = optionsFor?.(object) ?? options;
    let policy = resolved.get(own);
    if (!policy) {
      policy = resolvePolicy(own);
      resolved.set(own, policy);
    }
    return policy;
  };
  const index = new ObjectIndex(objects);
  const selected = selectEntries(packs, options, neverExceptable);
  const dispatch = buildDispatch(packs, selected);
  const ruleOrder = new Map<string, number>(ALL_RULES.map((rule, i) => [rule.id, i]));
  const packOrder = new Map<string, number>(packs.map((pack, i) => [pack.name, i]));
  const findings: Array<Finding & { readonly order: number; readonly summary?: boolean }> = [];
  const unknownKinds = new Set<string>();

  // The packs report the same violations of a rule on an object: its line is looked up once per object and path.
  let lines: { readonly object: AuditedObject; readonly byPath: Map<string, number | undefined> } | undefined;
  const lineOf = (object: AuditedObject, path: string): number | undefined => {
    const lookup = object.source?.lineOf;
    if (!lookup) return undefined;
    if (lines?.object !== object) lines = { object, byPath: new Map() };
    if (!lines.byPath.has(path)) lines.byPath.set(path, lookup(path));
    return lines.byPath.get(path);
  };

  const report = (object: AuditedObject, entry: PackEntry, violation: Violation): void => {
    const resolution = suppressions.resolve(object, entry.rule.id, entry.pack !== Pack.HARDENED && !entry.pack.isCustom, violation.volume,
      violation.absent === true);
    findings.push({
      order: object.index,
      summary: SUMMARIES.has(violation) || undefined,
      id: `${entry.pack.name}/${entry.rule.id}`,
      pack: entry.pack.name,
      ruleId: entry.rule.id as RuleId,
      severity: entry.forced ? entry.severity : violation.severity ?? entry.severity,
      title: entry.rule.title,
      message: violation.message,
      kind: object.kind,
      apiVersion: object.apiVersion,
      namespace: object.namespace,
      name: object.name,
      path: object.itemPath ? joinItemPath(object.itemPath, violation.path) : violation.path,
      constructPath: object.construct?.node.path,
      file: object.source?.file,
      documentIndex: object.source?.documentIndex,
      line: lineOf(object, violation.path),
      suppressed: resolution.applied !== undefined,
      suppressionReason: resolution.applied?.reason,
      suppressionOrigin: resolution.applied?.origin,
      suppressionSource: resolution.applied?.source,
      suppressionApprovalReference: resolution.applied?.approvalReference,
      suppressionExpires: resolution.applied?.expires,
      ignoredException: resolution.ignored,
      exceptionExpired: resolution.expired,
    });
  };

  // The entries of a kind followed by those of every kind, made once per kind.
  const combined = new Map<readonly PackEntry[], readonly PackEntry[]>();
  for (const object of objects) {
    const builtIn = isBuiltInObject(object);
    const structural = podTemplatesOf(object).filter(template => template.structural);
    if (structural.length > 0) {
      problems.push({
        severity: Severity.INFO,
        message: `${describeObject(object)}: ${object.apiVersion} ${object.kind} is not a built-in Kubernetes kind; its pod `
          + `${structural.length === 1 ? 'spec was' : 'specs were'} found structurally at ${structural.map(t => t.specPath).join(', ')} `
          + 'and judged by every pod rule',
        file: object.source?.file,
        documentIndex: object.source?.documentIndex,
        line: object.source?.lineOf?.(''),
      });
    } else if (!builtIn && !unknownKinds.has(`${object.apiVersion}/${object.kind}`)) {
      unknownKinds.add(`${object.apiVersion}/${object.kind}`);
      problems.push({
        severity: Severity.INFO,
        message: `${describeObject(object)}: ${object.apiVersion} ${object.kind} is not a built-in Kubernetes kind; only the rules `
          + 'that apply to every object were run on objects of this kind',
        file: object.source?.file,
        documentIndex: object.source?.documentIndex,
        line: object.source?.lineOf?.(''),
      });
    }
    const stopped = podSearchIncompleteReason(object);
    if (stopped !== undefined) {
      problems.push({
        severity: Severity.WARNING,
        message: `${describeObject(object)}: the search for pod specs in this ${object.apiVersion} ${object.kind} was incomplete: it stopped at `
          + `${stopped}; pods beyond it were not judged`,
        file: object.source?.file,
        documentIndex: object.source?.documentIndex,
        line: object.source?.lineOf?.(''),
      });
    }
    const cache = new Map<string, readonly Violation[]>();
    const policy = policyFor(object);
    // Rules listing kinds judge objects of the built-in kinds only: a Knative `Service` is not a core Service.
    const entries = structural.length > 0 ? dispatch.podRules : builtIn ? dispatch.byKind.get(object.kind) ?? NO_ENTRIES : NO_ENTRIES;
    let withEveryKind = combined.get(entries);
    if (!withEveryKind) {
      withEveryKind = [...entries, ...dispatch.everyKind];
      combined.set(entries, withEveryKind);
    }
    for (const entry of withEveryKind) {
      const key = entry.rule.levelSensitive ? `${entry.rule.id}|${entry.level}` : entry.rule.id;
      let violations = cache.get(key);
      if (!violations) {
        violations = capViolations(withStructuralNote(evaluate(entry, object, index, policy), structural, object.kind), entry.severity);
        cache.set(key, violations);
      }
      for (const violation of violations) {
        report(object, entry, violation);
      }
    }
  }

  evaluateCustomRules(objects, dispatch.custom, report);

  findings.sort((a, b) => a.order - b.order
    || (ruleOrder.get(a.ruleId) ?? ALL_RULES.length) - (ruleOrder.get(b.ruleId) ?? ALL_RULES.length)
    || compareText(a.ruleId, b.ruleId)
    || (packOrder.get(a.pack) ?? 0) - (packOrder.get(b.pack) ?? 0)
    || Number(a.summary ?? false) - Number(b.summary ?? false)
    || compareText(a.path, b.path)
    || compareText(a.message, b.message));
  return { packs, findings: findings.map(withoutOrder), objectCount: objects.length };
}

/**
 * Findings one rule reports on one object in one pack, at most; the others are replaced by one summary finding,
 * so that a pathological object (thousands of containers, ports or volumes) cannot produce a report of millions
 * of lines. Real objects stay far below it.
 */
export const MAX_FINDINGS_PER_RULE_AND_OBJECT = 20;

/** The summary violations `capViolations` made: reports list them after the findings they count. */
const SUMMARIES = new WeakSet<Violation>();

/**
 * The first `MAX_FINDINGS_PER_RULE_AND_OBJECT` violations in report order (path, then message), and one more that
 * counts the others, with the most serious severity among them.
 */
export function capViolations(violations: readonly Violation[], packSeverity: Severity): readonly Violation[] {
  if (violations.length <= MAX_FINDINGS_PER_RULE_AND_OBJECT) {
    return violations;
  }
  const sorted = [...violations].sort((a, b) => compareText(a.path, b.path) || compareText(a.message, b.message));
  const omitted = sorted.slice(MAX_FINDINGS_PER_RULE_AND_OBJECT);
  const severity = omitted.map(violation => violation.severity ?? packSeverity)
    .reduce((worst, next) => severityRank(next) > severityRank(worst) ? next : worst, Severity.INFO);
  const summary: Violation = {
    path: '',
    message: `… and ${omitted.length} more findings of this rule on this object, not listed `
      + `(at most ${MAX_FINDINGS_PER_RULE_AND_OBJECT} are listed per rule and object)`,
    severity,
  };
  SUMMARIES.add(summary);
  return [...sorted.slice(0, MAX_FINDINGS_PER_RULE_AND_OBJECT), summary];
}

function evaluate(entry: PackEntry, object: AuditedObject, index: ObjectIndex, policy: AuditPolicy): readonly Violation[] {
  try {
    return entry.rule.check(object, { level: entry.level, index, policy });
  } catch (error) {
    return [{
      path: '',
      message: `the rule failed on this object (${error instanceof Error ? error.message : String(error)}); `
        + 'the object could not be judged, please report this',
      severity: Severity.ERROR,
    }];
  }
}

/**
 * Says in each finding on a pod spec found by shape where it was found, so readers of every report format
 * know the object's kind was not known to the library and how its pods were located.
 */
function withStructuralNote(violations: readonly Violation[], structural: readonly PodTemplate[], kind: string): readonly Violation[] {
  if (structural.length === 0) {
    return violations;
  }
  const within = (path: string, base: string) => path === base || path.startsWith(`${base}.`) || path.startsWith(`${base}[`);
  return violations.map(violation => {
    const template = structural.find(t => within(violation.path, t.specPath) || within(violation.path, t.metadataPath));
    return template
      ? { ...violation, message: `${violation.message} (pod spec of this ${kind} found structurally at ${template.specPath})` }
      : violation;
  });
}

/**
 * Runs each custom rule once over the index of every object (a rule in several packs is evaluated once) and reports
 * its violations in every pack that runs it. A rule that throws, returns something other than a list of violations
 * or names an object that is not audited gets one ERROR finding on the first object.
 */
function evaluateCustomRules(objects: readonly AuditedObject[], entries: readonly PackEntry[],
  report: (object: AuditedObject, entry: PackEntry, violation: Violation) => void): void {
  if (entries.length === 0 || objects.length === 0) {
    return;
  }
  const views: ManifestObject[] = objects.map((object, position) => Object.freeze({
    position,
    apiVersion: object.apiVersion,
    kind: object.kind,
    name: object.name,
    namespace: object.namespace,
    labels: { ...object.labels },
    annotations: { ...object.annotations },
    json: object.json,
    constructPath: object.construct?.node.path,
  }));
  const index = ManifestIndex._of(views);
  const results = new Map<IAuditRule, Array<{ object: AuditedObject; violation: Violation }>>();
  for (const entry of entries) {
    const rule = entry.rule.custom!;
    let found = results.get(rule);
    if (!found) {
      found = [];
      try {
        const violations: unknown = rule.evaluate(index);
        if (!Array.isArray(violations)) {
          throw new Error(`evaluate() returned ${JSON.stringify(violations) ?? String(violations)}, not a list of violations`);
        }
        for (const violation of violations as RuleViolation[]) {
          const object = violation !== null && typeof violation === 'object' && Number.isInteger(violation.objectPosition)
            ? objects[violation.objectPosition] : undefined;
          if (!object || typeof violation.message !== 'string' || (violation.path !== undefined && typeof violation.path !== 'string')) {
            throw new Error(`evaluate() returned ${JSON.stringify(violation)}, which is not { objectPosition, path, message } naming an audited object`);
          }
          found.push({ object, violation: { path: violation.path ?? '', message: violation.message } });
        }
      } catch (error) {
        found = [{
          object: objects[0],
          violation: {
            path: '',
            message: `the custom rule ${rule.id} failed (${error instanceof Error ? error.message : String(error)}); `
              + 'the objects could not be judged by it, fix the rule',
            severity: Severity.ERROR,
          },
        }];
      }
      results.set(rule, found);
    }
    for (const { object, violation } of capCustom(found, entry.severity)) {
      report(object, entry, violation);
    }
  }
}

/** At most `MAX_FINDINGS_PER_RULE_AND_OBJECT` violations per object, as for built-in rules. */
function capCustom(found: ReadonlyArray<{ object: AuditedObject; violation: Violation }>, severity: Severity) {
  const byObject = new Map<AuditedObject, Violation[]>();
  for (const { object, violation } of found) {
    const list = byObject.get(object) ?? [];
    list.push(violation);
    byObject.set(object, list);
  }
  return [...byObject].flatMap(([object, violations]) => capViolations(violations, severity).map(violation => ({ object, violation })));
}

function buildDispatch(packs: readonly Pack[], selected: Map<Pack, readonly PackEntry[]>): {
  byKind: Map<string, PackEntry[]>; everyKind: PackEntry[]; podRules: PackEntry[]; custom: PackEntry[];
} {
  const custom: PackEntry[] = [];
  const byKind = new Map<string, PackEntry[]>();
  const everyKind: PackEntry[] = [];
  // The pod rules (those that look at every pod-bearing kind) also judge pod specs found by shape in custom resources.
  const podRules: PackEntry[] = [];
  for (const pack of packs) {
    for (const entry of selected.get(pack) ?? []) {
      if (entry.rule.custom) {
        custom.push(entry);
        continue;
      }
      if (!entry.rule.kinds) {
        everyKind.push(entry);
        continue;
      }
      if (POD_BEARING_KINDS.every(kind => entry.rule.kinds!.includes(kind))) {
        podRules.push(entry);
      }
      for (const kind of entry.rule.kinds) {
        const list = byKind.get(kind) ?? [];
        list.push(entry);
        byKind.set(kind, list);
      }
    }
  }
  return { byKind, everyKind, podRules, custom };
}

function uniquePacks(packs: readonly Pack[]): Pack[] {
  const seen = new Set<string>();
  return packs.filter(pack => !seen.has(pack.name) && !!seen.add(pack.name));
}

/**
 * The finding without its sort keys and without undefined fields, in the order of its fields (the order of the report's
 * JSON). Written out field by field: this runs once per finding, and reading the fields of one object shape by name is
 * many times faster than walking its keys.
 */
function withoutOrder(f: Finding & { readonly order: number; readonly summary?: boolean }): Finding {
  const r: Record<string, unknown> = {
    id: f.id, pack: f.pack, ruleId: f.ruleId, severity: f.severity, title: f.title, message: f.message, kind: f.kind, apiVersion: f.apiVersion,
  };
  if (f.namespace !== undefined) r.namespace = f.namespace;
  r.name = f.name;
  r.path = f.path;
  if (f.constructPath !== undefined) r.constructPath = f.constructPath;
  if (f.file !== undefined) r.file = f.file;
  if (f.documentIndex !== undefined) r.documentIndex = f.documentIndex;
  if (f.line !== undefined) r.line = f.line;
  r.suppressed = f.suppressed;
  if (f.suppressionReason !== undefined) r.suppressionReason = f.suppressionReason;
  if (f.suppressionOrigin !== undefined) r.suppressionOrigin = f.suppressionOrigin;
  if (f.suppressionSource !== undefined) r.suppressionSource = f.suppressionSource;
  if (f.suppressionApprovalReference !== undefined) r.suppressionApprovalReference = f.suppressionApprovalReference;
  if (f.suppressionExpires !== undefined) r.suppressionExpires = f.suppressionExpires;
  if (f.ignoredException !== undefined) r.ignoredException = f.ignoredException;
  if (f.exceptionExpired !== undefined) r.exceptionExpired = f.exceptionExpired;
  return r as unknown as Finding;
}

/** A path within a List item, from the List's root: `items[2]` + `spec.containers[0]`. */
function joinItemPath(itemPath: string, path: string): string {
  return path === '' ? itemPath : path.startsWith('[') ? `${itemPath}${path}` : `${itemPath}.${path}`;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
