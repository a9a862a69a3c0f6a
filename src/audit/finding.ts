import { Severity } from './severity';
import { RuleId } from '../profile/rule-id';

/**
 * One violation of one rule of one pack by one Kubernetes object.
 */
export interface Finding {
  /** `<pack>/<RULE-ID>`, e.g. `hardened/CTR-READONLY-ROOTFS`. */
  readonly id: string;

  /** The pack that reported it, e.g. `hardened`. */
  readonly pack: string;

  /** The rule that is violated. */
  readonly ruleId: RuleId;

  /** How serious the finding is in this pack. */
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
   * The manifest file the object was read from (`-` for standard input).
   *
   * @default - the object was audited from a construct tree or from in-memory manifests
   */
  readonly file?: string;

  /**
   * Zero-based index of the YAML document in `file` that holds the object.
   *
   * @default - not read from a file
   */
  readonly documentIndex?: number;

  /**
   * One-based line in `file` of the offending field (or of the closest enclosing field that exists).
   *
   * @default - not read from a file
   */
  readonly line?: number;

  /** Whether a suppression or an exception annotation accepts this finding. */
  readonly suppressed: boolean;

  /**
   * Why the finding is accepted, as written in the suppression or exception annotation.
   *
   * @default - not suppressed
   */
  readonly suppressionReason?: string;
}
