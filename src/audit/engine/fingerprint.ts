/** What a fingerprint is computed from: fields of a finding (or of a finding read back from a JSON report). */
export interface FingerprintFields {
  readonly ruleId: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly path: string;
}

/** The name of the SARIF `partialFingerprints` entry that holds `findingFingerprint`. */
export const FINGERPRINT_KEY = 'objectPath/v2';

/**
 * A finding's identity across runs: the rule, the object (kind, namespace, name) and the field path. It holds no
 * line, file or pack, so moving an object within a file, renaming the file or choosing other packs keeps it.
 */
export function findingFingerprint(finding: FingerprintFields): string {
  return [finding.ruleId, [finding.kind, finding.namespace ?? '', finding.name].join('/'), finding.path].join('|');
}
