import { Severity } from './severity';
import { SuppressionOrigin } from './suppression-origin';
import { RuleId } from '../profile/rule-id';

/** A pack that reports a finding, and how serious the finding is in it. */
export interface FindingPack {
  /** The pack's name, e.g. `pss-restricted`. */
  readonly pack: string;

  /** The finding's severity in that pack. */
  readonly severity: Severity;
}

/**
 * One violation of one rule by one Kubernetes object: in a report's default view one finding per problem,
 * listing every pack that reports it (`packs`); in the per-pack view one per pack.
 */
export interface Finding {
  /**
   * `<pack>/<RULE-ID>`, e.g. `hardened/CTR-READONLY-ROOTFS`. A finding that several packs report is named after
   * the one it is most serious in (the first in report order when they agree).
   */
  readonly id: string;

  /** The pack that reported it (of several, the one in `id`), e.g. `hardened`. */
  readonly pack: string;

  /**
   * Every pack that reports this problem, in report order, with its severity in each.
   *
   * @default - only `pack` (a per-pack finding)
   */
  readonly packs?: FindingPack[];

  /** The rule that is violated. */
  readonly ruleId: RuleId;

  /** How serious the finding is: in `pack`, the most serious of `packs`. */
  readonly severity: Severity;

  /** The rule's one-line title. */
  readonly title: string;

  /** What is wrong, naming the container, volume or field concerned. */
  readonly message: string;

  /** The object's `kind`, e.g. `Deployment`. */
  readonly kind: string;

  /** The object's `apiVersion`, e.g. `apps/v1`. */
  readonly apiVersion: string;

  /**
   * The object's `metadata.namespace`.
   *
   * @default - the object names no namespace (cluster-scoped, or placed by `kubectl`'s current namespace)
   */
  readonly namespace?: string;

  /** The object's `metadata.name`. */
  readonly name: string;

  /**
   * The JSON path of the offending field in the object, e.g.
   * `spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem`. When a required field is
   * missing, it is the path where it belongs.
   */
  readonly path: string;

  /**
   * The construct path of the `ApiObject` that synthesized the object.
   *
   * @default - the object was audited from a manifest file, not from a construct tree
   */
  readonly constructPath?: string;

  /**
   * The manifest file the object was read from (`-` for standard input); for a construct audit, the file
   * `app.synth()` writes it to (`<outdir>/<chart>.k8s.yaml`, relative to the working directory when inside it).
   *
   * @default - in-memory manifests, or a construct tree whose file names are only known at synthesis
   *   (nested charts, dependencies across charts, one file per resource)
   */
  readonly file?: string;

  /**
   * Zero-based index of the YAML document in `file` that holds the object.
   *
   * @default - no `file`
   */
  readonly documentIndex?: number;

  /**
   * One-based line in `file` of the offending field (or of the closest enclosing field that exists).
   *
   * @default - no `file`
   */
  readonly line?: number;

  /** Whether an exception or a suppression accepts this finding. */
  readonly suppressed: boolean;

  /**
   * Why the finding is accepted, as written in the exception or suppression.
   *
   * @default - not suppressed
   */
  readonly suppressionReason?: string;

  /**
   * Where the exception or suppression that accepts the finding came from.
   *
   * @default - not suppressed
   */
  readonly suppressionOrigin?: SuppressionOrigin;

  /**
   * Where exactly: the construct path that was given the exception or that `Audit.suppress()` was called on,
   * the file or option that holds an object suppression, or the annotation key.
   *
   * @default - not suppressed
   */
  readonly suppressionSource?: string;

  /**
   * The approval reference of the exception or suppression that accepts the finding, when it has one.
   *
   * @default - none
   */
  readonly suppressionApprovalReference?: string;

  /**
   * The last day on which the exception or suppression that accepts the finding applies, when it has one.
   *
   * @default - it does not expire
   */
  readonly suppressionExpires?: string;

  /**
   * For an active finding: why an exception or suppression of it was not applied (expired, not allowed by the
   * exception policy, an annotation not honoured, an exception a Pod Security pack does not accept).
   *
   * @default - no exception or suppression names this finding
   */
  readonly ignoredException?: string;

  /**
   * For an active finding whose exception or suppression expired: the last day it applied (`YYYY-MM-DD`).
   *
   * @default - nothing expired
   */
  readonly exceptionExpired?: string;
}
