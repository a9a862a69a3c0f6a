import { RuleId } from '../../profile/rule-id';
import { RuleGroup } from '../compliance/rule-group';
import { IAuditRule } from '../custom-rule';
import { RelatedControls } from '../rule-info';
import { Severity } from '../severity';
import { AuditedObject } from './audited-object';
import { ObjectIndex } from './object-index';

/**
 * How strictly a rule judges. The Pod Security Standards levels differ for some controls (capabilities,
 * seccomp); `hardened` is the strictest reading of each control (e.g. set at pod and container level).
 */
export type RuleLevel = 'baseline' | 'restricted' | 'hardened';

/** The organisation's policy the rules need, resolved from the audit options. */
export interface AuditPolicy {
  /** Allowed registries/prefixes, normalised; `undefined` when registries are not judged. */
  readonly allowedRegistries?: readonly string[];
  /** PriorityClasses that exist in the cluster besides the audited ones. */
  readonly platformPriorityClasses: ReadonlySet<string>;
  /** Label keys the organisation requires on workloads, besides the recommended ones. */
  readonly requiredLabels: readonly string[];
  /** The oldest Pod Security Admission policy version namespaces may pin, `v1.<minor>`. */
  readonly minimumPodSecurityVersion: string;
}

/** What a rule sees besides the object under check. */
export interface RuleContext {
  readonly level: RuleLevel;
  /** Every audited object, indexed for cross-resource rules. */
  readonly index: ObjectIndex;
  readonly policy: AuditPolicy;
}

/** One violation found by a rule on one object. */
export interface Violation {
  /** JSON path of the offending (or missing) field from the object root. */
  readonly path: string;
  /** What is wrong, naming the container, volume or field concerned. */
  readonly message: string;
  /** A severity other than the pack's for this violation (e.g. a missing PriorityClass is an error). */
  readonly severity?: Severity;
  /**
   * The volume the violation is about, for the volume rules: a host access exception accepts only the findings of the
   * hostPath volumes it names, with their mode.
   */
  readonly volume?: ViolationVolume;
  /**
   * The violation reports a control that is absent (e.g. no AppArmor profile requested), not one weakened: a platform
   * decision that the nodes cannot provide the control accepts only such violations.
   */
  readonly absent?: boolean;
}

/** The volume a violation is about. */
export interface ViolationVolume {
  /** The node path of a hostPath volume (as written); unset for other volume types. */
  readonly hostPath?: string;
  /** Whether every mount of the volume is read-only. */
  readonly readOnly: boolean;
}

/**
 * A rule: metadata plus a pure check over one manifest object (and, for cross-resource rules, the index of
 * all objects). A check returns the violations it found; throwing is reported as a finding by the engine.
 */
export interface AuditRule {
  readonly id: RuleId;
  readonly group: RuleGroup;
  readonly title: string;
  readonly explanation: string;
  readonly fix: string;
  /** Severity in the `hardened` pack. The Pod Security Standards packs report every violation as an error. */
  readonly severity: Severity;
  /** The kinds the rule looks at; `undefined` means every object. */
  readonly kinds?: readonly string[];
  /** The objects the rule looks at, in words (for the docs). */
  readonly appliesTo: string;
  /** The Pod Security Standards level that requires the control, if any. */
  readonly pss?: 'baseline' | 'restricted';
  /** CIS Kubernetes Benchmark v1.8 section 5 ids the rule checks (must be within its group's ids). */
  readonly cis: readonly string[];
  /** A kubernetes.io page about the setting. */
  readonly documentation?: string;
  /** Whether the result depends on `context.level` (otherwise it is computed once for all packs). */
  readonly levelSensitive?: boolean;
  readonly check: (object: AuditedObject, context: RuleContext) => readonly Violation[];
  /** For a custom rule: the rule as given (evaluated once over the whole index, not per object). */
  readonly custom?: IAuditRule;
  /** For a custom rule: its related controls as given (built-in rules derive them from their group). */
  readonly controls?: RelatedControls;
}
