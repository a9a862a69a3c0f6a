import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { AuditGateOptions, AuditOptions } from './audit-options';
import { AuditProblem } from './audit-problem';
import { AuditReport } from './audit-report';
import { formatGateErrors } from './gate-message';
import { ManifestReadOptions, ManifestText } from './manifest-input';
import { Pack } from './pack';
import { RuleInfo } from './rule-info';
import { Severity } from './severity';
import { invalidProp, requireConstruct } from '../internal/errors';
import { constructExceptionsOf, recordCodeSuppression, scannerExemptionsOf } from '../internal/exception-registry';
import { SecurityPolicy } from '../policy/security-policy';
import { approvalFieldsProblem, MIN_EXCEPTION_REASON_LENGTH, todayUtc } from '../profile/exception-annotation';
import { exceptionPoliciesVerdict } from '../profile/exception-policy-check';
import { RuleId } from '../profile/rule-id';
import { ExceptionApproval } from '../profile/security-exception';
import { readManifestFiles } from './cli/read-input';
import { AuditedObject, toAuditedObject } from './engine/audited-object';
import { buildReport } from './engine/build-report';
import { ruleCatalog } from './engine/catalog';
import { DEFAULT_MANIFEST_BOUNDS, ManifestBounds } from './engine/document-bounds';
import { asObject, JsonObject } from './engine/json';
import { collectDocument, listItems, missingObjectFields } from './engine/normalize';
import { packEntries } from './engine/packs';
import { parseManifestText } from './engine/parse-manifest-text';
import { withSecurityPolicy } from './engine/policy-options';
import { synthesizedSources } from './engine/synthesized-files';
import { validateOptions } from './engine/validate-options';
import { isRuleId, ruleIdMember } from '../profile/rule-ids';

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
   * The typed exceptions the library's constructs recorded for their objects apply, and so do suppressions
   * attached with `Audit.suppress()` to an object's construct or any of its scopes. Exception annotations on
   * the objects never apply by themselves: one that no construct of the app wrote is a finding
   * (META-EXCEPTION-ANNOTATION). The Pod Security packs accept only `Audit.suppress()` and object suppressions.
   * The `SecurityPolicy` that applies to `scope` supplies `allowedRegistries`, `platformPriorityClasses`,
   * `requiredLabels`, `frameworks` and `exceptionPolicy` where `options` give none.
   */
  public static of(scope: IConstruct, options: AuditOptions = {}): AuditReport {
    requireConstruct(scope, 'Audit.of(scope)');
    validateOptions(options);
    const problems: AuditProblem[] = [];
    const objects: AuditedObject[] = [];
    const jsonOf = new Map<ApiObject, JsonObject>();
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
      if (!object) {
        continue;
      }
      const recordedExceptions = constructExceptionsOf(construct);
      const list = listItems(object);
      jsonOf.set(construct, object);
      if (!list) {
        const recordedScannerExemptions = scannerExemptionsOf(construct);
        objects.push(toAuditedObject(object, objects.length, { construct, recordedExceptions, recordedScannerExemptions }));
        continue;
      }
      // A List (v1 List, PodList, ...) is flattened as the CLI does: each item is audited as an object of its own.
      list.items.forEach((item, i) => {
        const itemObject = asObject(item);
        const missing = itemObject ? missingObjectFields(itemObject) : [];
        if (!itemObject || missing.length > 0) {
          problems.push({
            severity: Severity.WARNING,
            message: `${construct.node.path}: items[${i}] of the ${list.kind} ${itemObject ? `has no ${missing.join(', ')}` : 'is not an object'}; `
              + 'not a Kubernetes object, skipped',
          });
          return;
        }
        objects.push(toAuditedObject(itemObject, objects.length, { construct, recordedExceptions, itemPath: `items[${i}]` }));
      });
    }
    // Where `cdk8s synth` writes each object, and the line of each field, so that SARIF and JSON locate findings in files.
    const sources = synthesizedSources(scope, jsonOf);
    objects.forEach((object, i) => {
      const source = object.construct && object.itemPath === undefined ? sources.get(object.construct as ApiObject) : undefined;
      if (source) objects[i] = { ...object, source };
    });
    return buildReport(scope, objects, withSecurityPolicy(SecurityPolicy.of(scope), options), problems, 'the exception policy of the audit options',
      optionsPerPolicy(options));
  }

  /**
   * Audits plain manifests: parsed YAML or JSON documents (e.g. from `Yaml.load()`), one object each; `List`
   * kinds are flattened. Entries that are not Kubernetes objects are reported as problems, not audited.
   * Suppressions are given in `options.suppressions`; exception annotations on the objects apply only as
   * `options.annotationExceptions` allows.
   *
   * @param manifests the parsed documents
   */
  public static ofManifests(manifests: unknown[], options: AuditOptions = {}): AuditReport {
    if (!Array.isArray(manifests)) {
      throw new Error(`Audit.ofManifests(manifests): received ${typeof manifests === 'string' ? JSON.stringify(manifests) : String(manifests)}; is not a list of manifests. `
        + 'Fix: pass the parsed documents as a list (for YAML text, use Audit.ofYaml(text)).');
    }
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
    if (typeof text !== 'string' || typeof fileName !== 'string') {
      const [what, value] = typeof text !== 'string' ? ['text', text] : ['fileName', fileName];
      throw new Error(`Audit.ofYaml(${what}): received ${String(value)}; is not a string. Fix: pass the YAML text and, optionally, the file name it came from.`);
    }
    validateOptions(options);
    const problems: AuditProblem[] = [];
    const objects: AuditedObject[] = [];
    parseManifestText(text, fileName, objects, problems);
    return buildReport(undefined, objects, options, problems);
  }

  /**
   * Audits several YAML or JSON texts as one set of objects, e.g. the files of a repository or the output of
   * several `helm template` runs: cross-resource rules (NetworkPolicy and PodDisruptionBudget coverage, Services,
   * ServiceAccounts, namespace defaults) see the objects of every text, and each finding and problem names the
   * `file` of its text, its document index and the line of the offending field. Malformed documents are problems;
   * the other documents are still audited. Each document is read and converted one at a time, so memory stays
   * bounded by the largest document plus the objects.
   *
   * @param documents the texts, each with the file name it reports
   * @param options packs, policy and suppressions naming objects
   * @param readOptions limits of document size and expansion
   */
  public static ofYamlDocuments(documents: ManifestText[], options: AuditOptions = {}, readOptions: ManifestReadOptions = {}): AuditReport {
    const bad = Array.isArray(documents)
      ? documents.findIndex(document => typeof document !== 'object' || document === null
        || typeof (document as ManifestText).file !== 'string' || typeof (document as ManifestText).text !== 'string')
      : -1;
    if (!Array.isArray(documents) || bad >= 0) {
      const received = Array.isArray(documents) ? `documents[${bad}] = ${describeReceived(documents[bad])}` : describeReceived(documents);
      throw new Error(`Audit.ofYamlDocuments(documents): received ${received}; is not a list of { file, text } with string fields. `
        + "Fix: pass [{ file: 'deploy.yaml', text: '<the YAML>' }, ...] (for one text, Audit.ofYaml(text, options, file)).");
    }
    validateOptions(options);
    const bounds = readBounds('Audit.ofYamlDocuments', readOptions);
    const problems: AuditProblem[] = [];
    const objects: AuditedObject[] = [];
    for (const document of documents) {
      parseManifestText(document.text, document.file, objects, problems, bounds);
    }
    return buildReport(undefined, objects, options, problems);
  }

  /**
   * Audits manifest files as one set of objects, as the `cdk8s-secure audit` CLI does: each path is a file, or a
   * directory whose `.yaml`, `.yml` and `.json` files are read (sorted; symbolic links to directories are not
   * followed). Findings and problems name each file as given, with its document index and line. A file that cannot
   * be read (missing, over `readOptions.maxInputSize`, a named pipe, socket or device) is an ERROR problem of the
   * report, and the other files are still audited; the report's `problems` say what was not audited.
   *
   * @param paths files and directories, relative to the working directory or absolute
   * @param options packs, policy and suppressions naming objects
   * @param readOptions limits of file size, document size and expansion
   */
  public static ofFiles(paths: string[], options: AuditOptions = {}, readOptions: ManifestReadOptions = {}): AuditReport {
    const bad = Array.isArray(paths) ? paths.findIndex(entry => typeof entry !== 'string' || entry === '') : -1;
    if (!Array.isArray(paths) || bad >= 0) {
      const received = Array.isArray(paths) ? `paths[${bad}] = ${describeReceived(paths[bad])}` : describeReceived(paths);
      throw new Error(`Audit.ofFiles(paths): received ${received}; is not a list of file or directory paths. `
        + "Fix: pass paths such as ['dist/', 'deploy/app.yaml'] (for text in memory, Audit.ofYamlDocuments()).");
    }
    validateOptions(options);
    const bounds = readBounds('Audit.ofFiles', readOptions);
    const problems: AuditProblem[] = [];
    const objects: AuditedObject[] = [];
    readManifestFiles(paths, { ...bounds, maxInputSize: positiveLimit('Audit.ofFiles', 'maxInputSize', readOptions.maxInputSize) }, objects, problems);
    return buildReport(undefined, objects, options, problems);
  }

  /**
   * Makes synthesis of `scope` fail (`app.synth()`, `app.synthYaml()`, `chart.toJson()`) while it has active
   * findings at or above `options.failOn`; the error lists every such finding with its construct path.
   */
  public static gate(scope: IConstruct, options: AuditGateOptions = {}): void {
    requireConstruct(scope, 'Audit.gate(scope)');
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
   * charts), in every pack, the Pod Security packs included. The finding stays in reports, marked suppressed,
   * with the reason and its origin. A suppression that matches no finding is reported as unused.
   *
   * The SecurityPolicy that applies to `scope` decides whether app teams may suppress `rule` and whether an
   * approval reference and an expiry are required; a suppression it does not allow is an error naming the
   * policy. After its expiry date the findings are active again and reported as expired.
   *
   * @param scope the construct (e.g. a Deployment, a Chart) whose objects the suppression covers
   * @param rule the rule whose findings are accepted, in every pack
   * @param reason why the deviation is acceptable; at least 10 characters
   * @param approval the approval reference and expiry date the exception policy may require
   */
  public static suppress(scope: IConstruct, rule: RuleId, reason: string, approval: ExceptionApproval = {}): void {
    requireConstruct(scope, 'Audit.suppress(scope)');
    if (!isRuleId(rule)) {
      throw invalidProp(scope, 'rule', rule, 'is not a rule id', 'use a RuleId member, e.g. RuleId.CTR_READONLY_ROOTFS');
    }
    if (typeof reason !== 'string' || reason.trim().length < MIN_EXCEPTION_REASON_LENGTH) {
      throw invalidProp(scope, 'reason', reason,
        `a suppression needs a reason of at least ${MIN_EXCEPTION_REASON_LENGTH} characters that reviewers can judge`,
        `explain why the finding is acceptable, e.g. Audit.suppress(construct, ${ruleIdMember(rule)}, 'vendor image writes to /var/lib/app')`);
    }
    const given: ExceptionApproval = approval !== null && typeof approval === 'object' && !Array.isArray(approval) ? approval : {};
    if (approval !== undefined && given !== approval) {
      throw invalidProp(scope, 'approval', approval, 'is not an approval object', "pass { reference: 'SEC-1234', expires: '2027-03-31' }");
    }
    const problem = approvalFieldsProblem(given.reference, given.expires);
    if (problem) {
      throw invalidProp(scope, `approval.${problem.field === 'approvalReference' ? 'reference' : 'expires'}`, problem.value, problem.problem,
        "pass { reference: 'SEC-1234', expires: '2027-03-31' }");
    }
    const record = { rule, reason: reason.trim(), approvalReference: given.reference, expires: given.expires, madeBy: scope.node.path || 'the app' };
    const verdict = exceptionPoliciesVerdict(SecurityPolicy._exceptionPoliciesOf(scope), record, true, todayUtc());
    if (verdict) {
      throw invalidProp(scope, `Audit.suppress(${ruleIdMember(rule)})`, reason, verdict.problem, verdict.fix);
    }
    recordCodeSuppression(scope, record);
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

/** The options for each object: those of its own nearest SecurityPolicy (computed once per policy). */
function optionsPerPolicy(options: AuditOptions): (object: AuditedObject) => AuditOptions {
  const byPolicy = new Map<SecurityPolicy | undefined, AuditOptions>();
  return object => {
    const policy = object.construct ? SecurityPolicy.of(object.construct) : undefined;
    let own = byPolicy.get(policy);
    if (!own) {
      own = withSecurityPolicy(policy, options);
      byPolicy.set(policy, own);
    }
    return own;
  };
}

function describeReceived(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return `an object with keys ${JSON.stringify(Object.keys(value))}`;
  return Array.isArray(value) ? 'an array' : String(value);
}

/** A limit of `ManifestReadOptions`: a positive whole number, or `undefined` (the default). */
function positiveLimit(method: string, prop: keyof ManifestReadOptions, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new Error(`${method}(readOptions): invalid '${prop}': received ${typeof value === 'string' ? JSON.stringify(value) : String(value)}; `
      + 'is not a positive whole number. Fix: give the limit in bytes (characters, nodes), e.g. 1048576, or leave it unset for the default.');
  }
  return value;
}

function readBounds(method: string, readOptions: ManifestReadOptions): ManifestBounds {
  if (typeof readOptions !== 'object' || readOptions === null) {
    throw new Error(`${method}(readOptions): received ${String(readOptions)}; is not an object. Fix: pass { maxDocumentSize?, maxDocumentNodes?, maxInputSize? } or leave it out.`);
  }
  return {
    maxDocumentSize: positiveLimit(method, 'maxDocumentSize', readOptions.maxDocumentSize) ?? DEFAULT_MANIFEST_BOUNDS.maxDocumentSize,
    maxDocumentNodes: positiveLimit(method, 'maxDocumentNodes', readOptions.maxDocumentNodes) ?? DEFAULT_MANIFEST_BOUNDS.maxDocumentNodes,
  };
}
