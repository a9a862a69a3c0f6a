import { IConstruct } from 'constructs';
import { EXCEPTION_ANNOTATION_PREFIX, MIN_EXCEPTION_REASON_LENGTH } from '../../profile/exception-annotation';
import { ObjectSuppression } from '../audit-options';
import { AuditProblem, UnusedSuppression } from '../audit-problem';
import { Severity } from '../severity';
import { AuditedObject, describeObject } from './audited-object';
import { asObject, asString } from './json';

/** Construct metadata type under which `Audit.suppress()` records a suppression. */
export const SUPPRESSION_METADATA_TYPE = 'cdk8s-secure:audit-suppression';

interface ConstructSuppression {
  readonly construct: IConstruct;
  readonly rule: string;
  readonly reason: string;
}

/** The suppressions attached to `construct` itself (not its scopes or children). */
export function suppressionsOn(construct: IConstruct): ConstructSuppression[] {
  const result: ConstructSuppression[] = [];
  for (const entry of construct.node.metadata) {
    if (entry.type !== SUPPRESSION_METADATA_TYPE) {
      continue;
    }
    const data = asObject(entry.data);
    const rule = asString(data?.rule);
    const reason = asString(data?.reason);
    if (rule && reason) {
      result.push({ construct, rule, reason });
    }
  }
  return result;
}

/**
 * Decides whether a finding is suppressed, and remembers which suppressions were used so that the unused ones
 * can be reported. Sources: suppressions on the object's construct or any of its scopes, exception annotations
 * on the object, and object suppressions from the audit options.
 */
export class SuppressionResolver {
  private readonly used = new Set<object>();
  private readonly byConstruct = new Map<IConstruct, readonly ConstructSuppression[]>();
  private readonly own = new Map<IConstruct, readonly ConstructSuppression[]>();
  private readonly reported: readonly ConstructSuppression[];
  private readonly badAnnotations = new Set<string>();

  /**
   * @param root the audited construct: unused suppressions are reported for it and its children
   * @param objectSuppressions suppressions naming objects, from the audit options
   * @param problems where invalid exception annotations are reported
   */
  constructor(
    root: IConstruct | undefined,
    private readonly objectSuppressions: readonly ObjectSuppression[],
    private readonly problems: AuditProblem[],
  ) {
    this.reported = root ? root.node.findAll().flatMap(construct => this.ownSuppressions(construct)) : [];
  }

  /** The reason the finding of `rule` on `object` is suppressed, or `undefined` when it is not. */
  public reasonFor(object: AuditedObject, rule: string): string | undefined {
    const reasons: string[] = [];
    if (object.construct) {
      for (const suppression of this.constructSuppressions(object.construct)) {
        if (suppression.rule === rule) {
          this.used.add(suppression);
          reasons.push(suppression.reason);
        }
      }
    }
    const annotation = this.annotationReason(object, rule);
    if (annotation !== undefined) {
      reasons.push(annotation);
    }
    for (const suppression of this.objectSuppressions) {
      if (suppression.rule === rule
        && (suppression.kind === undefined || suppression.kind === object.kind)
        && (suppression.namespace === undefined || suppression.namespace === object.namespace)
        && (suppression.name === undefined || suppression.name === object.name)) {
        this.used.add(suppression);
        reasons.push(suppression.reason);
      }
    }
    return reasons[0];
  }

  /** Suppressions of the audited tree and of the options that matched no finding. */
  public unused(): UnusedSuppression[] {
    const result: UnusedSuppression[] = [];
    for (const suppression of this.reported) {
      if (!this.used.has(suppression)) {
        result.push({ rule: suppression.rule, reason: suppression.reason, constructPath: suppression.construct.node.path });
      }
    }
    for (const suppression of this.objectSuppressions) {
      if (!this.used.has(suppression)) {
        result.push({
          rule: suppression.rule,
          reason: suppression.reason,
          kind: suppression.kind,
          namespace: suppression.namespace,
          name: suppression.name,
        });
      }
    }
    return result;
  }

  private annotationReason(object: AuditedObject, rule: string): string | undefined {
    const reason = object.annotations[`${EXCEPTION_ANNOTATION_PREFIX}${rule}`];
    if (reason === undefined) {
      return undefined;
    }
    if (reason.trim().length >= MIN_EXCEPTION_REASON_LENGTH) {
      return reason.trim();
    }
    const key = `${object.index}/${rule}`;
    if (!this.badAnnotations.has(key)) {
      this.badAnnotations.add(key);
      this.problems.push({
        severity: Severity.WARNING,
        message: `${describeObject(object)}: the exception annotation ${EXCEPTION_ANNOTATION_PREFIX}${rule} is ignored because its `
          + `reason ${JSON.stringify(reason)} is shorter than ${MIN_EXCEPTION_REASON_LENGTH} characters`,
        file: object.source?.file,
        documentIndex: object.source?.documentIndex,
        line: object.source?.lineOf?.('metadata.annotations'),
      });
    }
    return undefined;
  }

  /** The suppressions on the construct itself, read once so that each keeps its identity. */
  private ownSuppressions(construct: IConstruct): readonly ConstructSuppression[] {
    let list = this.own.get(construct);
    if (!list) {
      list = suppressionsOn(construct);
      this.own.set(construct, list);
    }
    return list;
  }

  private constructSuppressions(construct: IConstruct): readonly ConstructSuppression[] {
    let list = this.byConstruct.get(construct);
    if (!list) {
      const scope = construct.node.scope;
      list = [...this.ownSuppressions(construct), ...(scope ? this.constructSuppressions(scope) : [])];
      this.byConstruct.set(construct, list);
    }
    return list;
  }
}
