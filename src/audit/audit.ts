import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { AuditGateOptions, AuditOptions } from './audit-options';
import { AuditProblem } from './audit-problem';
import { AuditReport } from './audit-report';
import { invalidProp } from '../internal/errors';
import { MIN_EXCEPTION_REASON_LENGTH } from '../profile/exception-annotation';
import { RuleId } from '../profile/rule-id';
import { SecurityPolicy } from '../security-policy';
import { AuditedObject, toAuditedObject } from './engine/audited-object';
import { buildReport } from './engine/build-report';
import { ruleCatalog } from './engine/catalog';
import { asObject } from './engine/json';
import { collectDocument } from './engine/normalize';
import { packEntries } from './engine/packs';
import { parseManifestText } from './engine/parse-manifest-text';
import { SUPPRESSION_METADATA_TYPE } from './engine/suppressions';
import { isRuleId, validateOptions } from './engine/validate-options';
import { formatGateErrors } from './gate-message';
import { Pack } from './pack';
import { RuleInfo } from './rule-info';
import { Severity } from './severity';

/**
 * The audit engine: checks synthesized Kubernetes objects against the hardening rules of one or more packs.
 *
 * @example
 * const report = Audit.of(chart, { packs: [Pack.HARDENED] });
 * if (report.active().length > 0) {
 *   throw new Error(report.toText());
 * }
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
export class Audit {
  /**
   * Audits every `ApiObject` in `scope` (an App, a Chart or any construct) as it would be synthesized,
   * after JSON patches, including `Include`d YAML, Helm charts and plain cdk8s-plus constructs.
   *
   * Suppressions attached with `Audit.suppress()` to an object's construct or any of its scopes apply, as do
   * exception annotations on the objects. The `SecurityPolicy` that applies to `scope` supplies
   * `allowedRegistries`, `platformPriorityClasses`, `requiredLabels` and `frameworks` where `options` give none.
   */
  public static of(scope: IConstruct, options: AuditOptions = {}): AuditReport {
    validateOptions(options);
    const problems: AuditProblem[] = [];
    const objects: AuditedObject[] = [];
    for (const construct of scope.node.findAll()) {
      if (!ApiObject.isApiObject(construct)) {
        continue;
      }
      let json: unknown;
      try {
        json = construct.toJson();
      } catch (error) {
        problems.push({
          severity: Severity.ERROR,
          message: `${construct.node.path}: the object cannot be synthesized, so it was not audited (${error instanceof Error ? error.message : String(error)})`,
        });
        continue;
      }
      const object = asObject(json);
      if (object) {
        objects.push(toAuditedObject(object, objects.length, { construct }));
      }
    }
    return buildReport(scope, objects, withSecurityPolicy(scope, options), problems);
  }

  /**
   * Audits plain manifests: parsed YAML or JSON documents (e.g. from `Yaml.load()`), one object each; `List`
   * kinds are flattened. Entries that are not Kubernetes objects are reported as problems, not audited.
   * Suppressions are given in `options.suppressions`, and exception annotations on the objects apply.
   *
   * @param manifests the parsed documents
   */
  public static ofManifests(manifests: unknown[], options: AuditOptions = {}): AuditReport {
    validateOptions(options);
    const problems: AuditProblem[] = [];
    const objects: AuditedObject[] = [];
    manifests.forEach((manifest, documentIndex) => collectDocument(manifest, { documentIndex }, objects, problems));
    return buildReport(undefined, objects, options, problems);
  }

  /**
   * Audits multi-document YAML (or JSON) text, e.g. the output of `helm template` or `kubectl get -o yaml`.
   * Malformed documents are reported as problems with their index and line, and the other documents are still
   * audited; findings carry the document index and the line of the offending field.
   *
   * @param text the YAML text
   * @param options packs, policy and suppressions naming objects
   * @param fileName the name findings and problems report for the text
   * @default fileName '-'
   */
  public static ofYaml(text: string, options: AuditOptions = {}, fileName: string = '-'): AuditReport {
    validateOptions(options);
    const problems: AuditProblem[] = [];
    const objects: AuditedObject[] = [];
    parseManifestText(text, fileName, objects, problems);
    return buildReport(undefined, objects, options, problems);
  }

  /**
   * Makes synthesis of `scope` fail (`app.synth()`, `app.synthYaml()`, `chart.toJson()`) while it has active
   * findings at or above `options.failOn`; the error lists every such finding with its construct path.
   */
  public static gate(scope: IConstruct, options: AuditGateOptions = {}): void {
    validateOptions(options);
    const failOn = options.failOn ?? Severity.WARNING;
    if (!Object.values(Severity).includes(failOn)) {
      throw invalidProp(scope, 'failOn', failOn, 'is not a severity', 'use Severity.ERROR, Severity.WARNING or Severity.INFO');
    }
    scope.node.addValidation({
      validate: () => formatGateErrors(Audit.of(scope, options), failOn),
    });
  }

  /**
   * Accepts the findings of `rule` on the objects of `scope` and of its children (never on siblings or other
   * charts). The finding stays in reports, marked suppressed, with the reason. A suppression that matches no
   * finding is reported as unused.
   *
   * @param scope the construct (e.g. a Deployment, a Chart) whose objects the suppression covers
   * @param rule the rule whose findings are accepted, in every pack
   * @param reason why the deviation is acceptable; at least 10 characters
   */
  public static suppress(scope: IConstruct, rule: RuleId, reason: string): void {
    if (!isRuleId(rule)) {
      throw invalidProp(scope, 'rule', rule, 'is not a rule id', 'use a RuleId member, e.g. RuleId.CTR_READONLY_ROOTFS');
    }
    if (typeof reason !== 'string' || reason.trim().length < MIN_EXCEPTION_REASON_LENGTH) {
      throw invalidProp(scope, 'reason', reason,
        `a suppression needs a reason of at least ${MIN_EXCEPTION_REASON_LENGTH} characters that reviewers can judge`,
        `explain why the finding is acceptable, e.g. Audit.suppress(construct, RuleId.${rule.replace(/-/g, '_')}, 'vendor image writes to /var/lib/app')`);
    }
    scope.node.addMetadata(SUPPRESSION_METADATA_TYPE, { rule, reason: reason.trim() }, { stackTrace: false });
  }

  /** Every rule: id, title, explanation, fix, severity, packs and related controls. */
  public static rules(): RuleInfo[] {
    return ruleCatalog();
  }

  /** The ids of the rules `pack` runs, in catalog order. */
  public static ruleIds(pack: Pack): RuleId[] {
    return packEntries(pack).map(entry => entry.rule.id);
  }

  private constructor() {}
}

/** `options`, with the policy's registries, PriorityClasses, required labels and frameworks where the options give none (explicit options win). */
function withSecurityPolicy(scope: IConstruct, options: AuditOptions): AuditOptions {
  const policy = SecurityPolicy.of(scope);
  if (!policy) {
    return options;
  }
  return {
    ...options,
    allowedRegistries: options.allowedRegistries ?? policy.allowedRegistries,
    platformPriorityClasses: options.platformPriorityClasses ?? policy.platformPriorityClasses,
    requiredLabels: options.requiredLabels ?? policy.requiredLabels,
    frameworks: options.frameworks ?? policy.complianceFrameworks,
  };
}
