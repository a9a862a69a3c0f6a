import { Severity } from './severity';

/**
 * One Kubernetes object as a custom rule sees it: its identity and its JSON, read-only.
 */
export interface ManifestObject {
  /** The object's position in the audit (stable for one audit); a violation names its object by it. */
  readonly position: number;

  /** The object's `apiVersion`, e.g. `apps/v1`. */
  readonly apiVersion: string;

  /** The object's `kind`, e.g. `Deployment`. */
  readonly kind: string;

  /** The object's `metadata.name` (or `metadata.generateName`). */
  readonly name: string;

  /**
   * The object's `metadata.namespace`.
   *
   * @default - the object names no namespace
   */
  readonly namespace?: string;

  /** The object's labels (string values only). */
  readonly labels: Record<string, string>;

  /** The object's annotations (string values only). */
  readonly annotations: Record<string, string>;

  /** The whole object as parsed JSON. Do not modify it. */
  readonly json: any;

  /**
   * The construct path of the ApiObject that synthesized it.
   *
   * @default - audited from a manifest, not from a construct tree
   */
  readonly constructPath?: string;
}

/**
 * What a custom rule found on one object.
 */
export interface RuleViolation {
  /** The `position` of the offending object (from `ManifestObject.position`). */
  readonly objectPosition: number;

  /** JSON path of the offending (or missing) field from the object root, e.g. `metadata.labels.team`; `''` for the object. */
  readonly path: string;

  /** What is wrong, naming the field concerned. */
  readonly message: string;
}

/**
 * The controls of the compliance mapping that a custom rule relates to. Every id must be one the library's
 * compliance mapping knows (the same tables the built-in rules cite); an unknown id is refused.
 */
export interface CustomRuleControls {
  /**
   * CIS Kubernetes Benchmark v1.8.0 section 5 ids, e.g. `5.7.4`.
   *
   * @default - none
   */
  readonly cis?: string[];

  /**
   * NSA/CISA Kubernetes Hardening Guidance v1.2 section names.
   *
   * @default - none
   */
  readonly nsaCisa?: string[];

  /**
   * NIST SP 800-53 Rev. 5 controls, e.g. `CM-8`.
   *
   * @default - none
   */
  readonly nist?: string[];

  /**
   * PCI DSS v4.0 requirements, e.g. `2.2.6`.
   *
   * @default - none
   */
  readonly pciDss?: string[];

  /**
   * HIPAA Security Rule paragraphs of 45 CFR, e.g. `164.312(b)`.
   *
   * @default - none
   */
  readonly hipaa?: string[];

  /**
   * ISO/IEC 27001:2022 Annex A controls, e.g. `A.8.9`.
   *
   * @default - none
   */
  readonly iso27001?: string[];

  /**
   * GDPR articles, e.g. `Art. 32(1)(b)`.
   *
   * @default - none
   */
  readonly gdpr?: string[];
}

/**
 * The objects of one audit, for custom rules: every object, and look-ups by kind, namespace and name, so that a
 * rule can relate objects (cross-resource rules see every audited object).
 */
export class ManifestIndex {
  /** @internal */
  public static _of(objects: ManifestObject[]): ManifestIndex {
    return new ManifestIndex(objects);
  }

  /** Every audited object, in audit order. */
  public readonly objects: ManifestObject[];

  private constructor(objects: ManifestObject[]) {
    this.objects = objects;
  }

  /** Every object of `kind`, e.g. `Deployment`. */
  public ofKind(kind: string): ManifestObject[] {
    return this.objects.filter(object => object.kind === kind);
  }

  /**
   * Every object of `kind` in `namespace`.
   *
   * @param namespace the namespace; leave it out for objects that name none
   */
  public inNamespace(kind: string, namespace?: string): ManifestObject[] {
    return this.objects.filter(object => object.kind === kind && object.namespace === (namespace || undefined));
  }

  /**
   * The first object of `kind` named `name` in `namespace`, if any.
   *
   * @param namespace the namespace; leave it out for objects that name none
   */
  public find(kind: string, name: string, namespace?: string): ManifestObject | undefined {
    return this.inNamespace(kind, namespace).find(object => object.name === name);
  }
}

/**
 * A custom audit rule, in the spirit of cdk-nag's rules: metadata plus a check over the index of every audited
 * object. Implement it in a class and put the rule into a pack with `Pack.custom()`.
 *
 * Its `id` must be upper-case words joined by `-` (e.g. `ACME-TEAM-LABEL`) and must not be the id of a built-in
 * rule. A rule that throws becomes an ERROR finding; a violation naming an unknown object is refused the same way.
 *
 * @example
 * class TeamLabel implements IAuditRule {
 *   public readonly id = 'ACME-TEAM-LABEL';
 *   public readonly severity = Severity.WARNING;
 *   public readonly title = 'Workloads carry a team label';
 *   public readonly fix = 'Set metadata.labels.team';
 *   public evaluate(index: ManifestIndex): RuleViolation[] {
 *     return index.ofKind('Deployment').filter(o => !o.labels.team)
 *       .map(o => ({ objectPosition: o.position, path: 'metadata.labels.team', message: 'no team label' }));
 *   }
 * }
 */
export interface IAuditRule {
  /** The rule's stable id, e.g. `ACME-TEAM-LABEL`; findings are named `<pack>/<id>`. */
  readonly id: string;

  /** The severity of its findings, unless the pack or the audit options choose another. */
  readonly severity: Severity;

  /** One line saying what the rule requires. */
  readonly title: string;

  /** How to fix a finding. */
  readonly fix: string;

  /**
   * The risk the rule guards against.
   *
   * @default - the title
   */
  readonly explanation?: string;

  /**
   * The related controls of the compliance mapping.
   *
   * @default - none
   */
  readonly relatedControls?: CustomRuleControls;

  /** The violations of the rule among the audited objects. */
  evaluate(index: ManifestIndex): RuleViolation[];
}

/**
 * A severity for one rule, chosen by a custom pack or by the audit options.
 */
export interface RuleSeverity {
  /** The rule id, built-in (e.g. `IMG-TAG`) or custom. */
  readonly rule: string;

  /** The severity its findings get. */
  readonly severity: Severity;
}
