import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';

/** The PriorityClass objects of each app by name, from the last scan of its tree. */
const CACHES = new WeakMap<IConstruct, Map<string, ApiObject>>();

/** Whether `object` is still in the tree of `root` (a construct can be removed with `tryRemoveChild`). */
function attached(object: IConstruct, root: IConstruct): boolean {
  let child = object;
  for (let parent = child.node.scope; parent; child = parent, parent = parent.node.scope) {
    if (parent.node.tryFindChild(child.node.id) !== child) {
      return false;
    }
  }
  return child === root;
}

function scan(root: IConstruct): Map<string, ApiObject> {
  const classes = new Map<string, ApiObject>();
  for (const construct of root.node.findAll()) {
    if (construct instanceof ApiObject && construct.kind === 'PriorityClass' && !classes.has(construct.name)) {
      classes.set(construct.name, construct);
    }
  }
  CACHES.set(root, classes);
  return classes;
}

/**
 * Whether the app of `scope` emits a PriorityClass named `name`. The app's tree is scanned once and the result
 * reused by every workload's check: a class found before is confirmed by walking up from it (it may have been
 * removed since), and a class not found makes the check scan the tree again (it may have been added since), so the
 * answer is always that of a scan now, and an app whose classes all exist is scanned once, not once per workload.
 */
export function appEmitsPriorityClass(scope: IConstruct, name: string): boolean {
  const root = scope.node.root;
  const cached = CACHES.get(root)?.get(name);
  if (cached && attached(cached, root)) {
    return true;
  }
  return scan(root).has(name);
}
