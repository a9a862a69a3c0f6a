import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';

/**
 * The objects rendered in the current validation pass, and what each rendered to (or the error it threw).
 * `undefined` outside a pass.
 */
let pass: Map<ApiObject, { readonly json?: any; readonly error?: unknown }> | undefined;
const rootsWithOpener = new WeakSet<IConstruct>();

/**
 * Makes the validation passes of `scope`'s app share renders (see `renderedJson`): registers, once per app, a validation
 * on the app's root that opens a pass. cdk8s validates the root first (its constructs in pre-order) and runs the
 * validations of every construct in one synchronous pass, in which no construct changes; a pass ends when the root is
 * validated again (the next pass, even in the same tick) or at the next microtask, whichever comes first. Where the
 * root is not validated (a pass started elsewhere), nothing is shared.
 */
export function shareRendersInValidation(scope: IConstruct): void {
  const root = scope.node.root;
  if (rootsWithOpener.has(root)) {
    return;
  }
  rootsWithOpener.add(root);
  root.node.addValidation({
    validate: () => {
      const opened = new Map<ApiObject, { readonly json?: any; readonly error?: unknown }>();
      pass = opened;
      queueMicrotask(() => {
        if (pass === opened) pass = undefined;
      });
      return [];
    },
  });
}

/**
 * `apiObject.toJson()`, rendered once per validation pass: the synth-time checks of the constructs judge the rendered
 * objects (JSON patches included), and several checks look at the same object. Callers must not change the result.
 */
export function renderedJson(apiObject: ApiObject): any {
  if (pass === undefined) {
    return apiObject.toJson();
  }
  const known = pass.get(apiObject);
  if (known !== undefined) {
    if ('error' in known) throw known.error;
    return known.json;
  }
  try {
    const json = apiObject.toJson();
    pass.set(apiObject, { json });
    return json;
  } catch (error) {
    pass.set(apiObject, { error });
    throw error;
  }
}
