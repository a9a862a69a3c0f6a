import { IConstruct } from 'constructs';
import { HostPathGrant } from '../profile/host-path-grant';

/** An exception or suppression made through the library's API, as the audit reads it. */
export interface ExceptionRecord {
  readonly rule: string;
  readonly reason: string;
  readonly approvalReference?: string;
  readonly expires?: string;
  /** The path of the construct that was given the exception, or that `Audit.suppress()` was called on. */
  readonly madeBy: string;
  /** For a host access exception: the only hostPath volumes (node directory and mode) it covers. */
  readonly hostPaths?: readonly HostPathGrant[];
  /**
   * Whether the record is a platform-level decision of a SecurityPolicy (e.g. nodes without AppArmor) rather than an
   * app team's typed exception: `madeBy` is then the policy's path, and exception policies do not judge it.
   */
  readonly platform?: boolean;
}

/*
 * Exceptions live here, out of reach of manifests, annotations, JSON patches and construct metadata: `Audit.of()`
 * honours only what the library's API recorded. The maps are private to this module.
 */
const constructExceptions = new WeakMap<IConstruct, ExceptionRecord[]>();
const codeSuppressions = new WeakMap<IConstruct, ExceptionRecord[]>();

function append(map: WeakMap<IConstruct, ExceptionRecord[]>, key: IConstruct, record: ExceptionRecord): void {
  map.set(key, [...map.get(key) ?? [], Object.freeze({ ...record })]);
}

/** Records that the construct of `object` (an ApiObject) was given `record` as a typed exception. */
export function recordConstructException(object: IConstruct, record: ExceptionRecord): void {
  append(constructExceptions, object, record);
}

/** The typed exceptions recorded for the ApiObject `object`. */
export function constructExceptionsOf(object: IConstruct): readonly ExceptionRecord[] {
  return constructExceptions.get(object) ?? [];
}

/** Records an `Audit.suppress()` on `scope`. */
export function recordCodeSuppression(scope: IConstruct, record: ExceptionRecord): void {
  append(codeSuppressions, scope, record);
}

/** The `Audit.suppress()` calls on `scope` itself (not its scopes or children). */
export function codeSuppressionsOn(scope: IConstruct): readonly ExceptionRecord[] {
  return codeSuppressions.get(scope) ?? [];
}

/*
 * The scanner exemption annotations the library's constructs wrote on each object (for a typed exception or a
 * documented library decision): the synth-time checks and `Audit.of()` (META-SCANNER-EXEMPTION) accept exactly these.
 */
const scannerExemptions = new WeakMap<IConstruct, Readonly<Record<string, string>>>();

/** Records that the library wrote the scanner exemption `annotations` on the ApiObject `object`. */
export function recordScannerExemptions(object: IConstruct, annotations: Readonly<Record<string, string>>): void {
  scannerExemptions.set(object, Object.freeze({ ...scannerExemptions.get(object), ...annotations }));
}

/** The scanner exemption annotations the library wrote on the ApiObject `object`. */
export function scannerExemptionsOf(object: IConstruct): Readonly<Record<string, string>> {
  return scannerExemptions.get(object) ?? {};
}
