/**
 * The recommended label every object this library emits carries.
 *
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/
 */

/** Recommended label naming the tool that manages an object. */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';

/** This library's value of `app.kubernetes.io/managed-by`. */
export const MANAGED_BY_VALUE = 'cdk8s-secure';
