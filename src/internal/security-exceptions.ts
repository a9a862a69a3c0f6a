import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { invalidProp } from './errors';
import { recordConstructException, recordScannerExemptions, scannerExemptionsOf } from './exception-registry';
import { movedObjectErrors } from './moved-objects';
import { changedInPass, constructsUnder, renderedJson, shareRendersInValidation, sharedCheck } from './rendered-json';
import { annotationsWithoutRender, withAnnotationsAdded } from './unrendered';
import {
  approvalFieldsProblem, exceptionAnnotations, isExceptionAnnotationKey, MIN_EXCEPTION_REASON_LENGTH, todayUtc,
} from '../profile/exception-annotation';
import { exceptionPoliciesVerdict, NamedExceptionPolicy } from '../profile/exception-policy-check';
import { describeHostPathGrants, HostPathGrant, hostPathGranted } from '../profile/host-path-grant';
import { podTemplatesOf } from '../profile/pod-templates';
import { RuleId } from '../profile/rule-id';
import { isRuleId, ruleIdMember } from '../profile/rule-ids';
import { isScannerExemptionKey } from '../profile/scanner-exemptions';
import { SecurityException } from '../profile/security-exception';

/** The volume a weakening is about, when the check is about one (`require()`). */
export interface ExceptedVolume {
  /** Its node path, for a hostPath volume. */
  readonly hostPath?: string;
}

/** One accepted exception. */
interface AcceptedException {
  readonly rule: RuleId;
  readonly reason: string;
  readonly approvalReference?: string;
  readonly expires?: string;
}

/** The constructs that judge the objects under them (each has a SecurityExceptions). */
const judgingScopes = new WeakSet<IConstruct>();

/**
 * The validated set of exceptions given to one construct (internal to the library): each names a known rule,
 * carries a reason, is allowed by the SecurityPolicy's exception policy, and must relax something on the
 * construct. The construct records them for the audit and documents them as annotations on its objects.
 */
/**
 * The accepted exceptions of each SecurityExceptions, by rule: kept here, not on the object, so that code holding the
 * construct cannot add one (the construct's checks ask `has()`).
 */
const ACCEPTED = new WeakMap<SecurityExceptions, Map<RuleId, AcceptedException>>();

function acceptedOf(exceptions: SecurityExceptions): Map<RuleId, AcceptedException> {
  let accepted = ACCEPTED.get(exceptions);
  if (accepted === undefined) {
    accepted = new Map();
    ACCEPTED.set(exceptions, accepted);
  }
  return accepted;
}

export class SecurityExceptions {
  private readonly used = new Set<RuleId>();
  private readonly documented: ApiObject[] = [];
  /** The rules documented on each target. */
  private readonly annotated = new Map<ApiObject, RuleId[]>();
  /** The annotations documenting platform decisions on each target. */
  private readonly platformAnnotations = new Map<ApiObject, Record<string, string>>();
  /** The rules whose exception covers only these hostPath volumes (a SecureDaemonSet's host access). */
  private readonly hostPathGrants = new Map<RuleId, readonly HostPathGrant[]>();
  /** `entries()`, once the constructor has accepted them all. */
  private sorted?: readonly AcceptedException[];

  /**
   * @param scope the construct that received the exceptions (named in errors)
   * @param prop the prop that carried them (named in errors); `undefined` for a construct that takes no exceptions
   * @param exceptions the exceptions as given by the user
   * @param policies the exception policies of every SecurityPolicy that applies to the construct, which they must all meet
   */
  constructor(
    private readonly scope: IConstruct, private readonly prop: string | undefined, exceptions: unknown, policies: readonly NamedExceptionPolicy[],
  ) {
    judgingScopes.add(scope);
    if (exceptions === undefined || prop === undefined) {
      return;
    }
    if (!Array.isArray(exceptions)) {
      throw invalidProp(scope, prop, exceptions, 'is not a list of exceptions',
        'pass a list, e.g. [SecurityException.of(RuleId.CTR_READONLY_ROOTFS, \'vendor image writes to /var/lib/app\')]');
    }
    exceptions.forEach((given: unknown, i) => {
      const exception = (given !== null && typeof given === 'object' ? given : {}) as Partial<SecurityException>;
      if (!isRuleId(exception.rule)) {
        throw invalidProp(scope, `${prop}[${i}].rule`, exception.rule, 'is not a rule id',
          'use SecurityException.of(RuleId.<rule>, reason) with a RuleId member, e.g. RuleId.CTR_READONLY_ROOTFS');
      }
      const rule = exception.rule;
      const reason = typeof exception.reason === 'string' ? exception.reason.trim() : '';
      if (reason.length < MIN_EXCEPTION_REASON_LENGTH) {
        throw invalidProp(scope, `${prop}[${rule}].reason`, exception.reason,
          `an exception needs a reason of at least ${MIN_EXCEPTION_REASON_LENGTH} characters that reviewers can judge`,
          `explain why the workload needs this deviation, e.g. SecurityException.of(${ruleIdMember(rule)}, 'vendor image writes to /var/lib/app')`);
      }
      const approval = approvalFieldsProblem(exception.approvalReference, exception.expires);
      if (approval) {
        throw invalidProp(scope, `${prop}[${rule}].${approval.field}`, approval.value, approval.problem,
          `pass SecurityException.of(${ruleIdMember(rule)}, reason, { reference: 'SEC-1234', expires: '2027-03-31' })`);
      }
      if (acceptedOf(this).has(rule)) {
        throw invalidProp(scope, prop, rule, 'the same control is excepted twice', 'give one exception per control');
      }
      const verdict = exceptionPoliciesVerdict(policies, { ...exception, rule }, true, todayUtc());
      if (verdict) {
        throw invalidProp(scope, `${prop}[${rule}]`, reason, verdict.problem, verdict.fix);
      }
      this.sorted = undefined;
      acceptedOf(this).set(rule, {
        rule,
        reason,
        approvalReference: exception.approvalReference,
        expires: exception.expires,
      });
    });
  }

  /** Whether an exception to `rule` was given. */
  public has(rule: RuleId): boolean {
    return acceptedOf(this).has(rule);
  }

  /**
   * Throws the library's standard error unless an exception to `rule` was given; when it was, the exception
   * counts as used (it relaxes something).
   *
   * @param prop the prop whose value weakens the control
   * @param value the value received
   * @param problem what the value would weaken
   */
  public require(rule: RuleId, prop: string, value: unknown, problem: string, volume?: ExceptedVolume): void {
    this.assertAllowed(rule, prop, value, problem);
    const grants = this.hostPathGrants.get(rule);
    // The mode of each mount is the construct's own check (a SecureDaemonSet compares every mount with its hostAccess).
    if (grants && !(volume?.hostPath !== undefined && hostPathGranted(grants, volume.hostPath, true))) {
      throw invalidProp(this.scope, prop, value, `${problem}; the exception to ${rule} stands for hostAccess and covers only the hostPath `
        + `volumes it names (${describeHostPathGrants(grants)}), not this volume`,
      'remove the volume (or the JSON patch that adds it); use a persistentVolumeClaim, emptyDir, configMap, secret or projected volume '
        + 'instead, and name every node directory in hostAccess');
    }
    this.markUsed(rule);
  }

  /**
   * Limits the exceptions to `rules` to the hostPath volumes of `grants`: `require()` then refuses any other volume
   * for them, and the audit accepts their findings only on those node directories with those modes.
   */
  public limitToHostPaths(rules: readonly RuleId[], grants: readonly HostPathGrant[]): void {
    for (const rule of rules) {
      if (this.has(rule)) {
        this.hostPathGrants.set(rule, grants.map((grant) => Object.freeze({ ...grant })));
      }
    }
  }

  /** Like `require()`, without counting the exception as used: for a weakening that may still fail to happen. */
  public assertAllowed(rule: RuleId, prop: string, value: unknown, problem: string): void {
    if (!this.has(rule)) {
      throw invalidProp(this.scope, prop, value, problem,
        `keep the hardened default, or add SecurityException.of(${ruleIdMember(rule)}, '<why>') to '${this.prop ?? 'exceptions'}'`);
    }
  }

  /** Counts the exception to `rule` as used: the weakening it allows has happened. */
  public markUsed(rule: RuleId): void {
    this.used.add(rule);
  }

  /**
   * Records the exceptions (all, or only `rules`) for the audit on `target` and documents them there as
   * `exception.cdk8s-secure.io/<RULE-ID>` annotations (with approval and expiry annotations when given), in rule
   * order. Only recorded exceptions suppress findings in `Audit.of()`.
   */
  public annotate(target: ApiObject, rules?: readonly RuleId[]): void {
    for (const exception of this.entries()) {
      if (rules && !rules.includes(exception.rule)) {
        continue;
      }
      recordConstructException(target, { ...exception, madeBy: this.scope.node.path, hostPaths: this.hostPathGrants.get(exception.rule) });
      for (const [key, value] of Object.entries(exceptionAnnotations(exception))) {
        target.metadata.addAnnotation(key, value);
      }
      this.annotated.set(target, [...this.annotated.get(target) ?? [], exception.rule]);
    }
    this.watch(target);
  }

  /**
   * Records a platform-level decision of a SecurityPolicy that omits the control of `rule` on `target` (nodes that
   * cannot provide it) for the audit, which reports its findings as suppressed by the platform policy, and documents
   * it on `target` as an `exception.cdk8s-secure.io/<RULE-ID>` annotation, as a typed exception is. Nothing is
   * recorded when the construct has its own exception to `rule`, which then covers the findings.
   *
   * @param madeBy the path of the SecurityPolicy that made the decision
   */
  public annotatePlatformDecision(target: ApiObject, rule: RuleId, reason: string, madeBy: string): void {
    if (this.has(rule)) {
      return;
    }
    recordConstructException(target, { rule, reason, madeBy, platform: true });
    const annotations = exceptionAnnotations({ rule, reason });
    for (const [key, value] of Object.entries(annotations)) {
      target.metadata.addAnnotation(key, value);
    }
    this.platformAnnotations.set(target, { ...this.platformAnnotations.get(target), ...annotations });
    this.watch(target);
  }

  /** Makes the synth-time check reject exception annotations on `target` that this construct did not write. */
  public watch(target: ApiObject): void {
    if (!this.documented.includes(target)) {
      this.documented.push(target);
    }
  }

  /** The excepted rules with their reasons and approvals, sorted by rule id. */
  public entries(): AcceptedException[] {
    // The exceptions are all given to the constructor: sorted once.
    this.sorted ??= [...acceptedOf(this).values()].sort((a, b) => a.rule.localeCompare(b.rule));
    return [...this.sorted];
  }

  /**
   * Throws the standard error for the first exception that relaxed nothing so far: an accepted exception that
   * no weakened setting needs would hide a future finding.
   */
  public rejectUnused(): void {
    const problem = this.unusedProblem();
    if (problem) {
      throw problem;
    }
  }

  /**
   * Adds the synth-time checks: after `render()` (which runs the construct's last checks and may return their errors
   * as a list of messages, marking the exceptions they need as used), every exception
   * must have relaxed something, and the objects the construct documents exceptions on must carry exactly the
   * exception annotations it wrote (none added by `addAnnotation()` or a JSON patch).
   */
  public checkAtSynth(render: () => unknown): void {
    shareRendersInValidation(this.scope);
    const owner = {};
    this.scope.node.addValidation({
      validate: () => sharedCheck(owner, () => {
        const rendered = render();
        const errors: string[] = Array.isArray(rendered) ? rendered.filter((e): e is string => typeof e === 'string') : [];
        const unused = this.unusedProblem();
        if (unused) {
          errors.push(unused.message);
        }
        for (const target of this.documented) {
          errors.push(...this.foreignAnnotations(target).map((error) => error.message));
        }
        errors.push(...this.foreignScannerExemptions().map((error) => error.message));
        errors.push(...movedObjectErrors(this.scope).map((error) => error.message));
        return errors;
      }),
    });
  }

  private unusedProblem(): Error | undefined {
    if (acceptedOf(this).size === 0) {
      return undefined;
    }
    const unused = this.entries().find((exception) => !this.used.has(exception.rule));
    return unused && invalidProp(this.scope, `${this.prop ?? 'exceptions'}[${unused.rule}]`, unused.reason,
      `the exception relaxes nothing on this construct: none of its settings weakens ${unused.rule}, and an unused exception would hide a future finding`,
      'remove the exception (to accept a finding on an object this construct does not check, use Audit.suppress(construct, rule, reason))');
  }

  /**
   * Exception annotations on `target` that differ from what this construct wrote, and written ones that are gone
   * (the manifest must show reviewers every exception the audit honours).
   */
  private foreignAnnotations(target: ApiObject): Error[] {
    if (target.node.scope?.node.tryFindChild(target.node.id) !== target) {
      return [invalidProp(this.scope, 'node.children', target.node.path,
        'an object this construct emits was removed from the construct tree (and may have been replaced), so its checks no longer see what is synthesized',
        'keep the construct\'s objects; change them through its props (JSON patches of them are judged at synth and by the audit)')];
    }
    const annotations: Record<string, unknown> = renderedJson(target)?.metadata?.annotations ?? {};
    const written = this.writtenAnnotations(target);
    const changed = Object.entries(annotations)
      .filter(([key, value]) => isExceptionAnnotationKey(key) && written[key] !== value)
      .map(([key, value]) => rejectedExceptionAnnotation(this.scope, `metadata.annotations["${key}"]`, value, this.prop));
    const removed = Object.entries(written).filter(([key]) => annotations[key] === undefined)
      .map(([key, value]) => invalidProp(this.scope, `metadata.annotations["${key}"]`, undefined,
        `the annotation that documents an exception (${JSON.stringify(value)}) was removed, so the manifest would hide an exception the audit honours`,
        'keep the annotation, or remove the exception'));
    return [...changed, ...removed];
  }

  /**
   * Scanner exemption annotations (Polaris, kube-score, kube-linter, checkov) on the objects under this construct (its
   * own and any added to it, not those under a nested construct that judges its own) that the library did not write:
   * added with `addAnnotation()`, a JSON patch or props, or changed after the library wrote them.
   */
  private foreignScannerExemptions(): Error[] {
    const errors: Error[] = [];
    for (const target of constructsUnder(this.scope)) {
      if (!ApiObject.isApiObject(target) || nearestJudgingScope(target) !== this.scope) {
        continue;
      }
      const prefix = this.objectPrefix(target);
      const written = scannerExemptionsOf(target);
      // Read without rendering where that is certain; otherwise the object itself, the items of a List, and their pod
      // templates, as rendered: the library writes only on the object itself.
      const plain = annotationsWithoutRender(target);
      const rendered = plain ? undefined : renderedJson(target);
      const none: Readonly<Record<string, string>> = {};
      const objects: Array<{ json: any; at: string }> = plain ? [] : [
        { json: rendered, at: '' },
        ...(Array.isArray(rendered?.items) ? rendered.items.map((item: any, i: number) => ({ json: item, at: `items[${i}].` })) : []),
      ];
      const places = plain ? [{ path: 'metadata', metadata: { annotations: plain }, written }] : objects.flatMap(({ json, at }) => [
        { path: `${at}metadata`, metadata: json?.metadata, written: at === '' ? written : none },
        ...podTemplatesOf(json).map(({ path, template }) => ({ path: `${at}${path}.metadata`, metadata: template?.metadata, written: none })),
      ]);
      const on = `${String(rendered?.kind ?? target.kind)} ${String(rendered?.metadata?.name ?? target.metadata.name ?? target.node.path)}`;
      for (const place of places) {
        for (const [key, value] of Object.entries<unknown>(place.metadata?.annotations ?? {})) {
          if (isScannerExemptionKey(key) && place.written[key] !== value) {
            errors.push(handWrittenScannerExemption(this.scope, `${prefix}${place.path}.annotations["${key}"]`, value, on));
          }
        }
      }
    }
    return errors;
  }

  /** How props of `target` are named in errors: nothing for the construct's own object, else its path below the construct. */
  private objectPrefix(target: ApiObject): string {
    const owner = target.node.scope !== undefined && target.node.scope !== this.scope && target.node.scope.node.defaultChild === target
      ? target.node.scope : target;
    if (owner === target && this.scope.node.defaultChild === target) {
      return '';
    }
    return `${owner.node.path.slice(this.scope.node.path.length + 1)}.`;
  }

  /** The annotations this construct wrote on `target`. */
  private writtenAnnotations(target: ApiObject): Record<string, string> {
    const written: Record<string, string> = { ...this.platformAnnotations.get(target) };
    if (acceptedOf(this).size === 0) {
      return written;
    }
    for (const exception of this.entries()) {
      if (this.annotated.get(target)?.includes(exception.rule)) {
        Object.assign(written, exceptionAnnotations(exception));
      }
    }
    return written;
  }
}

/**
 * The nearest construct above `target` (or `target` itself) that judges the objects under it: the Secure* construct whose
 * synth-time checks judge `target` (a SecureDeployment made under a SecureNamespace judges its own objects).
 */
export function nearestJudgingScope(target: IConstruct): IConstruct | undefined {
  const scopes = target.node.scopes;
  for (let i = scopes.length - 1; i >= 0; i--) {
    if (judgingScopes.has(scopes[i])) {
      return scopes[i];
    }
  }
  return undefined;
}

/**
 * Writes the scanner exemption `annotations` (from `scannerExemptionAnnotations()`, for typed exceptions and documented
 * library decisions) on `target` and records them: the synth-time checks and the audit accept exactly these.
 */
export function writeScannerExemptionAnnotations(target: ApiObject, annotations: Readonly<Record<string, string>>): void {
  for (const [key, value] of Object.entries(annotations)) {
    target.metadata.addAnnotation(key, value);
  }
  if (Object.keys(annotations).length > 0) {
    // Written at synth time after the checks rendered the object: the render they share (and emit) gets them too.
    changedInPass(target, (json) => withAnnotationsAdded(target, json, annotations));
  }
  recordScannerExemptions(target, annotations);
}

/** The error for a scanner exemption annotation the library did not write itself (`on`: the object's kind and name). */
export function handWrittenScannerExemption(scope: IConstruct, prop: string, value: unknown, on?: string): Error {
  return invalidProp(scope, prop, value,
    'scanner exemption annotations (Polaris, kube-score, kube-linter, checkov) are written by the construct from typed exceptions and documented '
    + `library decisions; a hand-written one${on ? ` on the ${on}` : ''} would hide a finding without an approved exception`,
    'remove the annotation and pass SecurityException.of(RuleId.<rule>, reason) in \'exceptions\' (the construct then writes the scanners\' exemptions)');
}

/**
 * The standard error for an exception annotation given directly (in props, with `addAnnotation()` or a JSON
 * patch): annotations document exceptions, they never approve them.
 */
export function rejectedExceptionAnnotation(scope: IConstruct, prop: string, value: unknown, exceptionsProp?: string): Error {
  return invalidProp(scope, prop, value,
    'exception annotations are written by the construct from typed exceptions; an annotation documents an exception and never approves one',
    exceptionsProp
      ? `remove the annotation and pass SecurityException.of(RuleId.<rule>, reason) in '${exceptionsProp}'`
      : 'remove the annotation; to accept a finding, use Audit.suppress(construct, rule, reason) where the exception policy allows it');
}

/** Throws `rejectedExceptionAnnotation` for the first exception annotation in `annotations` (from props). */
export function rejectExceptionAnnotations(
  scope: IConstruct, prop: string, annotations: Record<string, string> | undefined, exceptionsProp?: string,
): void {
  for (const [key, value] of Object.entries(annotations ?? {})) {
    if (isExceptionAnnotationKey(key)) {
      throw rejectedExceptionAnnotation(scope, `${prop}["${key}"]`, value, exceptionsProp);
    }
  }
}
