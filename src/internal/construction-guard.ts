import { IConstruct } from 'constructs';

/**
 * Makes synthesis fail unless `done()` is called: a construct whose constructor threw stays in the tree with
 * whatever objects it had made, half-built and unchecked, when the caller catches the error.
 */
export function guardConstruction(scope: IConstruct): { done(): void } {
  let complete = false;
  scope.node.addValidation({
    validate: () => complete ? [] : [`${scope.node.path}: the construct threw an error while it was created, so its objects are `
      + 'incomplete and were not checked; fix the error instead of catching it (catching it leaves the construct in the tree)'],
  });
  return { done: () => { complete = true; } };
}
