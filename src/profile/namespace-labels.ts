import { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from './managed-by';

/**
 * The labels of the objects a SecureNamespace emits.
 *
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/
 */
export const NAMESPACE_OBJECT_LABELS: Readonly<Record<string, string>> = { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE };
