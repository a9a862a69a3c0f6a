import { IConstruct } from 'constructs';
import { codeSuppressionsOn, constructExceptionsOf, ExceptionRecord } from '../../internal/exception-registry';
import {
  EXCEPTION_ANNOTATION_PREFIX, EXCEPTION_APPROVAL_ANNOTATION_PREFIX, EXCEPTION_EXPIRES_ANNOTATION_PREFIX, hasExpired, isIsoDate,
  MIN_EXCEPTION_REASON_LENGTH,
} from '../../profile/exception-annotation';
import { exceptionPoliciesVerdict, NamedExceptionPolicy } from '../../profile/exception-policy-check';
import {
  describeHostPathGrants, HOST_PATH_RULES, HostPathGrant, hostPathGranted, hostPathGrantsOfReason,
} from '../../profile/host-path-grant';
import { RuleId } from '../../profile/rule-id';
import { ObjectSuppression } from '../audit-options';
import { AuditProblem, UnusedSuppression } from '../audit-problem';
import { Severity } from '../severity';
import { AnnotationExceptions, SuppressionOrigin } from '../suppression-origin';
import { ViolationVolume } from './audit-rule';
import { AuditedObject, describeObject } from './audited-object';

/** How the audit decides on exceptions and suppressions. */
export interface SuppressionSettings {
  /** Object suppressions of the audit options. */
  readonly objectSuppressions: readonly ObjectSuppression[];
  /** Whether the object suppressions were written by the app team (in an app's code), so `allowedRules` applies to them. */
  readonly objectSuppressionsByAppTeam: boolean;
  /** Whether exception annotations of manifests are honoured (never for construct trees). */
  readonly annotations: AnnotationExceptions;
  /** The exception policies that judge the exceptions of an object; each must accept them. */
  readonly policies: (object: AuditedObject) => readonly NamedExceptionPolicy[];
  /** The day expiry dates are judged against, `YYYY-MM-DD`. */
  readonly today: string;
  /** The platform-level decisions of the audit's settings that apply to an object (e.g. nodes without AppArmor). */
  readonly platformDecisions?: (object: AuditedObject) => readonly PlatformDecision[];
}

/** A platform-level decision of the audit's settings: the findings of `rule` are accepted with origin `platform-policy`. */
export interface PlatformDecision {
  readonly rule: string;
  readonly reason: string;
  /** What set it, for reports. */
  readonly source: string;
}

/** One exception or suppression that names a rule for an object. */
interface Candidate {
  /** Identity for the used/unused bookkeeping. */
  readonly key: unknown;
  readonly rule: string;
  readonly reason: string;
  readonly approvalReference?: string;
  readonly expires?: string;
  readonly origin: SuppressionOrigin;
  readonly source: string;
  /** For a host access exception: the only hostPath volumes it covers. */
  readonly hostPaths?: readonly HostPathGrant[];
}

/** The outcome for one finding. */
export interface Resolution {
  /** The exception or suppression that accepts the finding. */
  readonly applied?: {
    readonly reason: string;
    readonly origin: SuppressionOrigin;
    readonly source: string;
    readonly approvalReference?: string;
    readonly expires?: string;
  };
  /** Why an exception or suppression that names the finding was not applied. */
  readonly ignored?: string;
  /** The last day an expired exception applied. */
  readonly expired?: string;
}

/** How messages and reports name each origin of an exception or suppression. */
export const ORIGIN_LABELS: Readonly<Record<SuppressionOrigin, string>> = {
  [SuppressionOrigin.CONSTRUCT_EXCEPTION]: 'typed exception',
  [SuppressionOrigin.PLATFORM_POLICY]: 'platform policy',
  [SuppressionOrigin.CODE_SUPPRESSION]: 'Audit.suppress()',
  [SuppressionOrigin.OBJECT_SUPPRESSION]: 'object suppression',
  [SuppressionOrigin.MANIFEST_ANNOTATION]: 'exception annotation',
};

/**
 * Decides whether a finding is accepted, by which exception or suppression, and remembers which ones matched a
 * finding so that the others can be reported as unused. Sources, in order: typed exceptions the constructs
 * recorded for the object, `Audit.suppress()` on its construct or any of its scopes, object suppressions of the
 * options, and (for manifests, when the options allow) exception annotations on the object.
 */
export class SuppressionResolver {
  private readonly matched = new Set<unknown>();
  private readonly scopeCandidates = new Map<IConstruct, readonly Candidate[]>();
  private readonly badAnnotations = new Set<string>();
  private suppressionIndex: Map<string, {
    readonly byName: Map<string, Array<{ order: number; suppression: ObjectSuppression }>>;
    readonly anyName: Array<{ order: number; suppression: ObjectSuppression }>;
  }> | undefined;

  /**
   * @param root the audited construct: its exceptions and suppressions are reported when unused
   * @param settings object suppressions, annotation mode, exception policy and date
   * @param problems where unusable exception annotations are reported
   */
  constructor(
    private readonly root: IConstruct | undefined,
    private readonly settings: SuppressionSettings,
    private readonly problems: AuditProblem[],
  ) {}

  /**
   * Whether the finding of `rule` on `object` in a pack is accepted. `podSecurityPack`: the pack judges what Pod
   * Security Admission would do, which no typed exception or annotation changes. `absent`: the violation reports a
   * control that is absent rather than weakened, the only kind a platform decision accepts.
   */
  public resolve(object: AuditedObject, rule: string, podSecurityPack: boolean, volume?: ViolationVolume, absent = false): Resolution {
    let ignored: string | undefined;
    let expired: string | undefined;
    const candidates = this.candidates(object, rule);
    // Every candidate names a finding, so none is stale, whichever of them applies.
    for (const candidate of candidates) {
      this.matched.add(candidate.key);
    }
    for (const candidate of candidates) {
      const refusal = this.outOfScope(candidate, volume) ?? this.platformRefusal(candidate, absent)
        ?? this.refusal(candidate, podSecurityPack, this.settings.policies(object));
      if (!refusal) {
        return {
          applied: {
            reason: candidate.reason,
            origin: candidate.origin,
            source: candidate.source,
            approvalReference: candidate.approvalReference,
            expires: candidate.expires,
          },
        };
      }
      if (ignored === undefined) {
        ignored = refusal.message;
        expired = refusal.expired;
      }
    }
    return { ignored, expired };
  }

  /** Exceptions and suppressions of every origin that matched no finding. */
  public unused(objects: readonly AuditedObject[]): UnusedSuppression[] {
    const result: UnusedSuppression[] = [];
    const reported = new Set<unknown>();
    const report = (candidate: Candidate, extra: Partial<UnusedSuppression>) => {
      if (!this.matched.has(candidate.key) && !reported.has(candidate.key)) {
        reported.add(candidate.key);
        const entry: Record<string, unknown> = { rule: candidate.rule, reason: candidate.reason, origin: candidate.origin, source: candidate.source };
        for (const [key, value] of Object.entries(extra)) {
          if (value !== undefined) {
            entry[key] = value;
          }
        }
        result.push(entry as unknown as UnusedSuppression);
      }
    };
    if (this.root) {
      for (const construct of this.root.node.findAll()) {
        if (cdk8s().ApiObject.isApiObject(construct)) {
          for (const record of constructExceptionsOf(construct)) {
            report(constructCandidate(record), { constructPath: record.madeBy });
          }
        }
        for (const candidate of this.ownCandidates(construct)) {
          report(candidate, { constructPath: construct.node.path });
        }
      }
    }
    for (const suppression of this.settings.objectSuppressions) {
      report(objectCandidate(suppression), { kind: suppression.kind, namespace: suppression.namespace, name: suppression.name });
    }
    for (const object of objects) {
      if (object.construct) {
        continue;
      }
      for (const key of Object.keys(object.annotations)) {
        if (key.startsWith(EXCEPTION_ANNOTATION_PREFIX)) {
          const candidate = this.annotationCandidate(object, key.slice(EXCEPTION_ANNOTATION_PREFIX.length));
          if (candidate) {
            report(candidate, { kind: object.kind, namespace: object.namespace, name: object.name });
          }
        }
      }
    }
    return result;
  }

  /**
   * The object suppressions of `rule` that name the object `name` or no name, in the order they were given: indexed
   * by rule and name once, so that thousands of suppressions are not each compared with every finding.
   */
  private objectSuppressionsFor(rule: string, name: string): readonly ObjectSuppression[] {
    if (!this.suppressionIndex) {
      this.suppressionIndex = new Map();
      this.settings.objectSuppressions.forEach((suppression, order) => {
        let byRule = this.suppressionIndex!.get(suppression.rule);
        if (!byRule) {
          byRule = { byName: new Map(), anyName: [] };
          this.suppressionIndex!.set(suppression.rule, byRule);
        }
        const list = suppression.name === undefined ? byRule.anyName : byRule.byName.get(suppression.name) ?? [];
        list.push({ order, suppression });
        if (suppression.name !== undefined) byRule.byName.set(suppression.name, list);
      });
    }
    const byRule = this.suppressionIndex.get(rule);
    if (!byRule) return [];
    const named = byRule.byName.get(name) ?? [];
    if (named.length === 0 || byRule.anyName.length === 0) {
      return (named.length === 0 ? byRule.anyName : named).map(entry => entry.suppression);
    }
    return [...named, ...byRule.anyName].sort((a, b) => a.order - b.order).map(entry => entry.suppression);
  }

  private candidates(object: AuditedObject, rule: string): Candidate[] {
    const result: Candidate[] = [];
    for (const record of object.recordedExceptions ?? []) {
      if (record.rule === rule) {
        result.push(constructCandidate(record));
      }
    }
    if (object.construct) {
      result.push(...this.scopeChainCandidates(object.construct).filter((candidate) => candidate.rule === rule));
    }
    for (const suppression of this.objectSuppressionsFor(rule, object.name)) {
      if ((suppression.kind === undefined || suppression.kind === object.kind)
        && (suppression.namespace === undefined || suppression.namespace === object.namespace)) {
        result.push(objectCandidate(suppression));
      }
    }
    for (const decision of this.settings.platformDecisions?.(object) ?? []) {
      if (decision.rule === rule) {
        result.push({ key: decision, rule, reason: decision.reason, origin: SuppressionOrigin.PLATFORM_POLICY, source: decision.source });
      }
    }
    // In a construct tree only what the constructs recorded counts; an annotation there is judged by META-EXCEPTION-ANNOTATION.
    if (!object.construct) {
      const annotation = this.annotationCandidate(object, rule);
      if (annotation) {
        result.push(annotation);
      }
    }
    return result;
  }

  /** Why a platform decision (nodes that cannot provide a control) does not accept a finding that weakens the control. */
  private platformRefusal(candidate: Candidate, absent: boolean): { message: string; expired?: string } | undefined {
    if (candidate.origin !== SuppressionOrigin.PLATFORM_POLICY || absent) {
      return undefined;
    }
    return {
      message: `the ${ORIGIN_LABELS[candidate.origin]} (${candidate.source}) is not honoured: it accepts only a control the nodes cannot provide `
        + 'being absent, not a setting that weakens it',
    };
  }

  /** Why a host access exception does not cover the volume of the finding, or `undefined` when it does (or is not one). */
  private outOfScope(candidate: Candidate, volume: ViolationVolume | undefined): { message: string; expired?: string } | undefined {
    if (candidate.hostPaths === undefined
      || (volume?.hostPath !== undefined && hostPathGranted(candidate.hostPaths, volume.hostPath, volume.readOnly))) {
      return undefined;
    }
    return {
      message: `the ${ORIGIN_LABELS[candidate.origin]} (${candidate.source}) is not honoured: it covers only the hostPath volumes it names `
        + `(${describeHostPathGrants(candidate.hostPaths)}), not ${volume?.hostPath === undefined ? 'this volume'
          : `${volume.hostPath} ${volume.readOnly ? 'read-only' : 'writable'}`}`,
    };
  }

  /** Why `candidate` does not accept the finding, or `undefined` when it does. */
  private refusal(
    candidate: Candidate, podSecurityPack: boolean, policies: readonly NamedExceptionPolicy[],
  ): { message: string; expired?: string } | undefined {
    const what = `the ${ORIGIN_LABELS[candidate.origin]} (${candidate.source})`;
    const inManifestOrConstruct = [SuppressionOrigin.CONSTRUCT_EXCEPTION, SuppressionOrigin.MANIFEST_ANNOTATION].includes(candidate.origin);
    if (podSecurityPack && inManifestOrConstruct) {
      return {
        message: `${what} does not apply to the Pod Security packs: they report what admission would do, and admission ignores `
          + 'exceptions; where the namespace admits the pod, accept the finding with Audit.suppress() or an object suppression',
      };
    }
    // With ALLOWED_RULES the options always carry allowedRules (validateOptions), which the verdict below applies.
    if (candidate.origin === SuppressionOrigin.MANIFEST_ANNOTATION && this.settings.annotations !== AnnotationExceptions.ALLOWED_RULES) {
      return { message: `${what} is not honoured: this audit ignores exception annotations (annotation exceptions: ignore)` };
    }
    if (candidate.expires !== undefined && !isIsoDate(candidate.expires)) {
      return { message: `${what} is not honoured: its expiry ${JSON.stringify(candidate.expires)} is not a date written YYYY-MM-DD` };
    }
    // The platform's own decision about what its nodes provide is not an app team's exception to approve.
    if (candidate.origin === SuppressionOrigin.PLATFORM_POLICY) {
      return undefined;
    }
    const appTeam = candidate.origin !== SuppressionOrigin.OBJECT_SUPPRESSION || this.settings.objectSuppressionsByAppTeam;
    const verdict = exceptionPoliciesVerdict(policies, candidate, appTeam, this.settings.today);
    if (verdict) {
      return { message: `${what} is not honoured: ${verdict.problem}` };
    }
    if (candidate.expires !== undefined && hasExpired(candidate.expires, this.settings.today)) {
      return { message: `${what} expired: it applied until ${candidate.expires}`, expired: candidate.expires };
    }
    return undefined;
  }

  /** The annotation exception to `rule` on `object`, or `undefined` when there is none or its reason is unusable. */
  private annotationCandidate(object: AuditedObject, rule: string): Candidate | undefined {
    const key = `${EXCEPTION_ANNOTATION_PREFIX}${rule}`;
    const reason = object.annotations[key];
    if (reason === undefined) {
      return undefined;
    }
    if (reason.trim().length < MIN_EXCEPTION_REASON_LENGTH) {
      this.reportBadAnnotation(object, rule, reason);
      return undefined;
    }
    return {
      key: `annotation|${object.index}|${rule}`,
      rule,
      reason: reason.trim(),
      approvalReference: object.annotations[`${EXCEPTION_APPROVAL_ANNOTATION_PREFIX}${rule}`],
      expires: object.annotations[`${EXCEPTION_EXPIRES_ANNOTATION_PREFIX}${rule}`],
      origin: SuppressionOrigin.MANIFEST_ANNOTATION,
      source: `annotation ${key} on ${describeObject(object)}`,
      // A host access exception names its node directories and modes in its reason (as the constructs write it).
      hostPaths: HOST_PATH_RULES.includes(rule as RuleId) ? hostPathGrantsOfReason(reason) : undefined,
    };
  }

  private reportBadAnnotation(object: AuditedObject, rule: string, reason: string): void {
    const id = `${object.index}/${rule}`;
    if (this.badAnnotations.has(id)) {
      return;
    }
    this.badAnnotations.add(id);
    this.problems.push({
      severity: Severity.WARNING,
      message: `${describeObject(object)}: the exception annotation ${EXCEPTION_ANNOTATION_PREFIX}${rule} is ignored because its `
        + `reason ${JSON.stringify(reason)} is shorter than ${MIN_EXCEPTION_REASON_LENGTH} characters`,
      file: object.source?.file,
      documentIndex: object.source?.documentIndex,
      line: object.source?.lineOf?.('metadata.annotations'),
    });
  }

  /** The `Audit.suppress()` calls on the construct itself, read once so that each keeps its identity. */
  private ownCandidates(construct: IConstruct): readonly Candidate[] {
    return codeSuppressionsOn(construct).map((record) => ({
      key: record,
      rule: record.rule,
      reason: record.reason,
      approvalReference: record.approvalReference,
      expires: record.expires,
      origin: SuppressionOrigin.CODE_SUPPRESSION,
      source: record.madeBy,
    }));
  }

  /** The `Audit.suppress()` calls on `construct` and every scope above it, nearest first. */
  private scopeChainCandidates(construct: IConstruct): readonly Candidate[] {
    let list = this.scopeCandidates.get(construct);
    if (!list) {
      const scope = construct.node.scope;
      list = [...this.ownCandidates(construct), ...(scope ? this.scopeChainCandidates(scope) : [])];
      this.scopeCandidates.set(construct, list);
    }
    return list;
  }
}

function constructCandidate(record: ExceptionRecord): Candidate {
  return {
    // One exception of a construct may be recorded on several of its objects; it is used when any of them uses it.
    key: `construct|${record.madeBy}|${record.rule}`,
    rule: record.rule,
    reason: record.reason,
    approvalReference: record.approvalReference,
    expires: record.expires,
    origin: record.platform ? SuppressionOrigin.PLATFORM_POLICY : SuppressionOrigin.CONSTRUCT_EXCEPTION,
    source: record.madeBy,
    hostPaths: record.hostPaths,
  };
}

function objectCandidate(suppression: ObjectSuppression): Candidate {
  return {
    key: suppression,
    rule: suppression.rule,
    reason: suppression.reason.trim(),
    approvalReference: suppression.approvalReference,
    expires: suppression.expires,
    origin: SuppressionOrigin.OBJECT_SUPPRESSION,
    source: suppression.source ?? 'audit options',
  };
}

/** cdk8s, loaded when a construct tree is audited (the CLI audits files and does not load it). */
function cdk8s(): typeof import('cdk8s') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('cdk8s');
}
