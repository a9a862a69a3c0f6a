import { RuleSeverity } from './custom-rule';
import { Pack } from './pack';
import { Severity } from './severity';
import { AnnotationExceptions } from './suppression-origin';
import { ComplianceFramework } from '../profile/compliance-framework';
import { ExceptionPolicy } from '../profile/exception-policy';
import { NodeAppArmor } from '../profile/node-apparmor';
import { RuleId } from '../profile/rule-id';

/**
 * Accepts the findings of one rule on objects audited from manifests (files, standard input, plain JSON),
 * where there is no construct to attach a suppression to. Unset object fields match any object.
 */
export interface ObjectSuppression {
  /** The rule whose findings are accepted. */
  readonly rule: RuleId;

  /** Why the findings are accepted; at least 10 characters, printed in every report. */
  readonly reason: string;

  /**
   * Only objects of this kind, e.g. `Deployment`.
   *
   * @default - any kind
   */
  readonly kind?: string;

  /**
   * Only objects in this namespace.
   *
   * @default - any namespace
   */
  readonly namespace?: string;

  /**
   * Only objects with this `metadata.name`.
   *
   * @default - any name
   */
  readonly name?: string;

  /**
   * Where the suppression was approved, e.g. a ticket id; required when the exception policy says so.
   *
   * @default - no approval reference
   */
  readonly approvalReference?: string;

  /**
   * The last day (UTC, `YYYY-MM-DD`) on which the suppression applies; afterwards its findings are active again
   * and reported as expired.
   *
   * @default - it does not expire
   */
  readonly expires?: string;

  /**
   * Where the suppression is written down, printed in reports as its provenance (the CLI sets the file name).
   *
   * @default 'audit options'
   */
  readonly source?: string;
}

/**
 * What to audit with, and the organisation's policy the rules need.
 */
export interface AuditOptions {
  /**
   * The packs to run. Each pack reports its own findings (`<pack>/<RULE-ID>`).
   *
   * @default - all packs: Pack.PSS_BASELINE, Pack.PSS_RESTRICTED and Pack.HARDENED
   */
  readonly packs?: Pack[];

  /**
   * Severities for rules other than those the packs give them, in every pack that runs the rule (built-in rule ids
   * or ids of custom rules of the packs). A lower severity than a pack's for a rule that the exception policy
   * marks never exceptable is refused.
   *
   * @default - each pack's severities
   */
  readonly ruleSeverities?: RuleSeverity[];

  /**
   * Rules no pack runs in this audit (built-in rule ids or ids of custom rules of the packs). Excluding a rule
   * that the exception policy marks never exceptable is refused.
   *
   * @default - none
   */
  readonly excludedRules?: string[];

  /**
   * Registries (or registry path prefixes) images may come from, e.g. `registry.example.com` or
   * `ghcr.io/acme`. Images and entries are normalised as Docker does (`nginx`, `docker.io/nginx` and
   * `index.docker.io/library/nginx` are `docker.io/library/nginx`) and matched by whole path segments, exactly
   * as `SecureDeployment` matches the SecurityPolicy's list. A scheme and a trailing `/` are tolerated; an entry
   * without a registry host is an input error. IMG-REGISTRY is only judged when this list is given.
   *
   * @default - for `Audit.of()`, the `allowedRegistries` of the SecurityPolicy that applies to the scope;
   * otherwise image registries are not judged
   */
  readonly allowedRegistries?: string[];

  /**
   * PriorityClasses that the platform provides in the cluster, outside the audited output.
   * `system-cluster-critical` and `system-node-critical` always exist.
   *
   * @default - for `Audit.of()`, the `platformPriorityClasses` of the SecurityPolicy that applies to the scope;
   * otherwise only PriorityClasses present in the audited objects (and the two system ones) exist
   */
  readonly platformPriorityClasses?: string[];

  /**
   * Label keys the organisation requires on every workload controller and bare Pod, besides the Kubernetes
   * recommended labels; META-LABELS reports each one that is missing or empty.
   *
   * @default - for `Audit.of()`, the `requiredLabels` of the SecurityPolicy that applies to the scope;
   * otherwise only the recommended labels are required
   */
  readonly requiredLabels?: string[];

  /**
   * The frameworks whose related controls the Markdown and SARIF reports list (the organisation's compliance
   * profile). The findings do not depend on it.
   *
   * @default - for `Audit.of()`, the `complianceFrameworks` of the SecurityPolicy that applies to the scope;
   * otherwise every framework of the compliance mapping
   */
  readonly frameworks?: ComplianceFramework[];

  /**
   * Suppressions that name objects, mainly for audits of manifests (construct trees usually use `Audit.suppress()`).
   * In `Audit.of()` they are the app's own and must meet the exception policy's `allowedRules`.
   *
   * @default - none
   */
  readonly suppressions?: ObjectSuppression[];

  /**
   * The platform team's exception policy: rules that are never exceptable stop every suppression of them, and
   * approval references and expiry dates it requires are required of object suppressions and of honoured
   * exception annotations. `allowedRules` decides which exception annotations `AnnotationExceptions.ALLOWED_RULES`
   * honours.
   *
   * `Audit.of()` applies it in addition to the exception policies of every SecurityPolicy above each object.
   *
   * @default - none (`Audit.of()` still applies the SecurityPolicies' exception policies)
   */
  readonly exceptionPolicy?: ExceptionPolicy;

  /**
   * Whether an audit of manifests honours exception annotations on the objects. `Audit.of()` ignores this
   * option: it honours only exceptions recorded by the app's constructs.
   *
   * @default AnnotationExceptions.IGNORE
   */
  readonly annotationExceptions?: AnnotationExceptions;

  /**
   * The day (UTC, `YYYY-MM-DD`) against which expiry dates of exceptions and suppressions are judged.
   *
   * @default - today (UTC)
   */
  readonly evaluationDate?: string;

  /**
   * The oldest Pod Security Admission policy version (`v1.<minor>`) NS-PSA accepts on a namespace's
   * `*-version` labels; older versions admit pods that newer ones reject.
   *
   * @default - for `Audit.of()`, the `podSecurityVersion` of the SecurityPolicy that applies to the scope when it is
   * newer than 'v1.28'; otherwise 'v1.28' (the version the library pins)
   */
  readonly minimumPodSecurityVersion?: string;

  /**
   * Whether the nodes of the target clusters provide AppArmor. With `NodeAppArmor.UNAVAILABLE` (SELinux-based
   * distributions, whose nodes reject pods that request an AppArmor profile) the `hardened` POD-APPARMOR findings are
   * reported as suppressed by the platform policy (origin `platform-policy`), so the library's output for such
   * clusters passes a manifest audit too. The Pod Security packs are unaffected (they do not require a profile).
   *
   * @default - for `Audit.of()`, the `nodeAppArmor` of the SecurityPolicy that applies to the object; otherwise
   * NodeAppArmor.AVAILABLE
   */
  readonly nodeAppArmor?: NodeAppArmor;
}

/**
 * Options of the synth-time gate `Audit.gate()`.
 */
export interface AuditGateOptions extends AuditOptions {
  /**
   * The least severity that fails synthesis. Suppressed findings never fail it.
   *
   * @default Severity.WARNING
   */
  readonly failOn?: Severity;
}
