/**
 * Kubernetes recommended labels on a workload and every object it emits (control META-LABELS).
 *
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/
 */

import { dnsSubdomainProblem } from './ingress-host';
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from './managed-by';

/** The application's name, e.g. `api`. */
export const NAME_LABEL = 'app.kubernetes.io/name';

/** The instance: equal to the workload controller's own `metadata.name`. */
export const INSTANCE_LABEL = 'app.kubernetes.io/instance';

/** The higher-level application this workload is part of, e.g. `shop`. */
export const PART_OF_LABEL = 'app.kubernetes.io/part-of';

/** The application version, e.g. `1.4.2`. */
export const VERSION_LABEL = 'app.kubernetes.io/version';

/** The recommended labels of one workload. */
export interface RecommendedLabelValues {
  /** `app.kubernetes.io/name`. */
  readonly name: string;
  /** `app.kubernetes.io/instance`. */
  readonly instance: string;
  /** `app.kubernetes.io/part-of`. */
  readonly partOf: string;
  /** `app.kubernetes.io/version`. */
  readonly version: string;
}

/** The five recommended labels, `managed-by` set to this library. */
export function recommendedLabels(values: RecommendedLabelValues): Record<string, string> {
  return {
    [NAME_LABEL]: values.name,
    [INSTANCE_LABEL]: values.instance,
    [PART_OF_LABEL]: values.partOf,
    [VERSION_LABEL]: values.version,
    [MANAGED_BY_LABEL]: MANAGED_BY_VALUE,
  };
}

const LABEL_VALUE = /^(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

/** Longest label value Kubernetes accepts. */
export const MAX_LABEL_VALUE_LENGTH = 63;

/**
 * Why `value` is not a valid label value, or `undefined` when it is one.
 *
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set
 */
export function labelValueProblem(value: string): string | undefined {
  if (value.length === 0) {
    return 'is empty';
  }
  if (value.length > MAX_LABEL_VALUE_LENGTH) {
    return `is ${value.length} characters long; a label value has at most ${MAX_LABEL_VALUE_LENGTH}`;
  }
  if (!LABEL_VALUE.test(value)) {
    return 'is not a label value (letters, digits, "-", "_" and ".", starting and ending with a letter or digit)';
  }
  return undefined;
}

/** Longest name part of a label key (after the optional `prefix/`). */
export const MAX_LABEL_NAME_LENGTH = 63;

const LABEL_NAME = /^[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/**
 * Why `key` is not a valid label key (`[prefix/]name`, the prefix a DNS subdomain, the name at most 63
 * characters), or `undefined` when it is one.
 *
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set
 */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (prefix !== undefined) {
    const problem = dnsSubdomainProblem(prefix);
    if (problem) {
      return `has a prefix "${prefix}" that ${problem}`;
    }
  }
  if (name.length === 0) {
    return 'has an empty name';
  }
  if (name.length > MAX_LABEL_NAME_LENGTH) {
    return `has a name of ${name.length} characters; the name part of a label key has at most ${MAX_LABEL_NAME_LENGTH}`;
  }
  if (!LABEL_NAME.test(name)) {
    return `has a name "${name}" that is not a label name (letters, digits, "-", "_" and ".", starting and ending with a letter or digit; one "/" after an optional prefix)`;
  }
  return undefined;
}

/**
 * The keys of `required` that `labels` lacks or leaves empty, in the order of `required`. Used by
 * `SecureDeployment` (organisation policy) and by the audit rule META-LABELS alike.
 */
export function missingRequiredLabels(labels: Readonly<Record<string, unknown>>, required: readonly string[]): string[] {
  return required.filter((key) => {
    const value = labels[key];
    return typeof value !== 'string' || value.length === 0;
  });
}

/** Characters of a digest kept in the default version label of a digest-only image. */
const DIGEST_VERSION_LENGTH = 12;

/**
 * The default `app.kubernetes.io/version`: the image tag; for an image pinned only by digest the digest
 * shortened to `sha256-<12 hex digits>` (a full digest is longer than a label value may be); `latest`
 * for an image with neither (allowed only with an exception to IMG-TAG), as that is what is pulled.
 */
export function versionFromImage(tag: string | undefined, digest: string | undefined): string {
  if (tag !== undefined) {
    return tag;
  }
  if (digest !== undefined) {
    const [algorithm, hex] = digest.split(':');
    return `${algorithm}-${hex.slice(0, DIGEST_VERSION_LENGTH)}`;
  }
  return 'latest';
}
