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
 * validations of every construct in one synchronous pass, in which no construct changes. A pass ends when the root is
 * validated again or at the next microtask, whichever comes first, with one exception: `app.synth()` and
 * `app.synthYaml()` validate the whole app once more for every chart they render (`Chart.toJson()` validates), and no
 * user code changes the app between these passes, so the passes of one such call share renders (otherwise an app of
 * 100 charts would render every object 101 times). A pass is taken to be one of these when the call stack shows
 * cdk8s' `App._synthChart` inside `App.synth`/`App.synthYaml`; when the stack shows anything else (a `chart.toJson()` or
 * `Testing.synth()` of its own, another cdk8s version, stack traces turned off), the pass starts afresh. Where the root
 * is not validated (a pass started elsewhere), nothing is shared.
 */
export function shareRendersInValidation(scope: IConstruct): void {
  const root = scope.node.root;
  if (rootsWithOpener.has(root)) {
    return;
  }
  rootsWithOpener.add(root);
  root.node.addValidation({
    validate: () => {
      const caller = synthesisCaller();
      if (caller === 'chart-of-app-synthesis' && pass !== undefined && passRoot === root && passOfAppSynthesis) {
        return [];
      }
      const opened = new Map<ApiObject, { readonly json?: any; readonly error?: unknown }>();
      pass = opened;
      results = new Map();
      subtrees = new Map();
      passRoot = root;
      passOfAppSynthesis = caller === 'app-synthesis';
      queueMicrotask(() => {
        if (pass === opened) pass = undefined;
      });
      return [];
    },
  });
}

let passRoot: IConstruct | undefined;
/** The results of checks in the current pass (shared like the renders). */
let results = new Map<object, unknown>();
/** The constructs under each scope, found once per pass (`constructsUnder`). */
let subtrees = new Map<IConstruct, readonly IConstruct[]>();

/**
 * `scope.node.findAll()`, found once per validation pass (no construct changes in a pass, and several checks of each
 * Secure* construct look at the objects under it); found afresh outside a pass.
 */
export function constructsUnder(scope: IConstruct): readonly IConstruct[] {
  if (pass === undefined) {
    return scope.node.findAll();
  }
  let found = subtrees.get(scope);
  if (found === undefined) {
    found = scope.node.findAll();
    subtrees.set(scope, found);
  }
  return found;
}
/** Whether the current pass was opened by `App.synth()`/`App.synthYaml()` itself (not by one of its charts). */
let passOfAppSynthesis = false;

/** cdk8s' `app` module, whose `App._synthChart` renders a chart's objects after validating the app. */
const CDK8S_APP_FILE = /[\\/]cdk8s[\\/](?:lib|src)[\\/]app\.[jt]s$/;

/** Whether a frame is cdk8s' `App._synthChart` (a static method: its receiver is the class, `Function`). */
function isSynthChart(frame: Frame): boolean {
  return frame.function === '_synthChart' && (frame.type === 'App' || frame.type === 'Function') && CDK8S_APP_FILE.test(frame.file ?? '');
}

/** Which cdk8s call runs the current validation pass, read from the call stack. */
function synthesisCaller(): 'app-synthesis' | 'chart-of-app-synthesis' | 'other' {
  const frames = callFrames(24);
  if (frames === undefined) return 'other';
  const inAppSynthesis = frames.some((frame) => (frame.function === 'synth' || frame.function === 'synthYaml') && frame.type === 'App'
    && CDK8S_APP_FILE.test(frame.file ?? ''));
  if (!inAppSynthesis) return 'other';
  return frames.some(isSynthChart) ? 'chart-of-app-synthesis' : 'app-synthesis';
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
  emitCheckedRender(apiObject);
  try {
    const json = renderFunctionOf(apiObject).call(apiObject);
    pass.set(apiObject, { json });
    return json;
  } catch (error) {
    pass.set(apiObject, { error });
    throw error;
  }
}

/** The renders of each object rendered in a pass: its `toJson()` before `emitCheckedRender` replaced it, then those assigned later. */
const ownRenders = new WeakMap<ApiObject, ReadonlyArray<(this: ApiObject) => any>>();
/** Off only in the test that compares the output with and without emitting the checked renders. */
let emittingCheckedRenders = true;

/**
 * The function that renders `apiObject` (its class's `toJson()`, or a replacement of it made before the checks rendered
 * the object), not the one `emitCheckedRender` installed. Call it with the object as `this`.
 */
export function renderFunctionOf(apiObject: ApiObject): (this: ApiObject) => any {
  const current = apiObject.toJson;
  const renders = ownRenders.get(apiObject);
  if (renders === undefined || current !== installedOverrides.get(apiObject)) {
    return current;
  }
  // The last render assigned (between two syntheses) renders the object; one that calls the one it replaced goes
  // through the override, which hands it that one.
  return renders.length === 1 ? renders[0] : current;
}

/** The `toJson()` override `emitCheckedRender` installed on each object. */
const installedOverrides = new WeakMap<ApiObject, (this: ApiObject) => any>();

/**
 * Makes `apiObject` emit the render the synth-time checks judged: when cdk8s renders the object's chart
 * (`App._synthChart`, which `app.synth()`, `app.synthYaml()`, `chart.toJson()` and `Testing.synth()` go through) in the
 * validation pass that rendered it, `toJson()` returns that pass's render instead of rendering the object again. So
 * the emitted object is the checked one, and an app's objects are rendered once per synthesis, not once for the checks
 * and once more for the output. cdk8s validates the app right before it renders a chart, in the same synchronous
 * call, and validations only check (the library's own writes in a pass go through `changedInPass`); any other caller
 * (a `toJson()` of its own, after the synthesis) renders the object afresh.
 */
function emitCheckedRender(apiObject: ApiObject): void {
  if (installedOverrides.has(apiObject)) {
    return;
  }
  // The object's renders: its own `toJson()` first, then each one assigned later (the last one renders the object).
  const renders: Array<(this: ApiObject) => any> = [apiObject.toJson];
  ownRenders.set(apiObject, renders);
  let depth = 0;
  const override = function toJson(this: ApiObject): any {
    if (emittingCheckedRenders && pass !== undefined) {
      const known = pass.get(apiObject);
      if (known !== undefined && 'json' in known && renderingChart()) {
        return known.json;
      }
    }
    // A render assigned later that calls the one it replaced (read from the object: this override) gets that one.
    const render = renders[Math.max(0, renders.length - 1 - depth)];
    depth++;
    try {
      return render.call(apiObject);
    } finally {
      depth--;
    }
  };
  installedOverrides.set(apiObject, override);
  // For good, and as an accessor: a `toJson()` assigned later (between two syntheses, or by code that runs while cdk8s
  // writes the chart, such as a Lazy value) becomes what renders the object from the next pass on, and cannot take the
  // place of the render the checks judged in this one.
  Object.defineProperty(apiObject, 'toJson', {
    configurable: false,
    enumerable: false,
    get: () => override,
    set: (replacement: unknown) => {
      if (replacement === override) {
        // Assigning back what was read undoes the last assignment.
        if (renders.length > 1) renders.pop();
      } else if (typeof replacement === 'function') {
        renders.push(replacement as (this: ApiObject) => any);
      }
    },
  });
}

/**
 * Whether the caller of the `toJson()` that calls this is cdk8s' `App._synthChart` rendering a chart's objects. When the
 * call stack cannot be read (it does not show this function's own frame), the answer is yes: the checked render is
 * emitted, never one the checks did not see.
 */
function renderingChart(): boolean {
  // cdk8s' `_synthChart` calls `toJson()` a few frames above this one; a few more frames allow for a wrapper in between.
  const frames = callFrames(10);
  return frames === undefined || !frames.some((frame) => frame.function === 'renderingChart') || frames.some(isSynthChart);
}

/** One frame of the call stack: its function's name, the type of its receiver and its file. */
interface Frame {
  readonly function?: string;
  readonly type?: string;
  readonly file?: string;
}

/** A call site as V8 gives it to `Error.prepareStackTrace`. */
interface CallSite {
  getFunctionName(): string | null;
  getTypeName(): string | null;
  getFileName(): string | undefined;
}

/** `Error` as the runtime made it, taken when this module loaded (code that replaces the global later does not change it). */
const NativeError = Error as { stackTraceLimit: number; prepareStackTrace?: unknown; new(): Error };

/** Gives V8's call sites themselves as the stack, without writing them as text (which costs more than the check). */
const callSites = (_error: Error, sites: readonly CallSite[]): readonly CallSite[] => sites;

/**
 * The current call stack, `frames` deep, read from V8's call sites (an `Error.prepareStackTrace` of the app, such as a
 * source-map handler, set aside for the call); `undefined` where they cannot be read.
 */
function callFrames(frames: number): Frame[] | undefined {
  const limit = NativeError.stackTraceLimit;
  const prepare = NativeError.prepareStackTrace;
  try {
    NativeError.stackTraceLimit = frames;
    NativeError.prepareStackTrace = callSites;
    // An accessor put on Error.prepareStackTrace could keep its own and answer with frames of its choosing: unreadable.
    const set = Object.getOwnPropertyDescriptor(NativeError, 'prepareStackTrace');
    if (set === undefined || set.value !== callSites || NativeError.stackTraceLimit !== frames) return undefined;
    const sites: unknown = new NativeError().stack;
    if (!Array.isArray(sites)) return undefined;
    return sites.map((site: CallSite) => ({
      function: site.getFunctionName() ?? undefined,
      type: site.getTypeName() ?? undefined,
      file: site.getFileName() ?? undefined,
    }));
  } catch {
    return undefined;
  } finally {
    NativeError.stackTraceLimit = limit;
    NativeError.prepareStackTrace = prepare;
  }
}

/**
 * Tells the pass that the library changed `apiObject` after the checks rendered it (scanner exemption annotations
 * written at synth time): `update` gives the render with the change, or `undefined` when it cannot be certain of it,
 * in which case the object is rendered again when next needed.
 */
export function changedInPass(apiObject: ApiObject, update: (json: any) => any): void {
  const known = pass?.get(apiObject);
  if (pass === undefined || known === undefined) {
    return;
  }
  const updated = 'json' in known ? update(known.json) : undefined;
  if (updated === undefined) {
    pass.delete(apiObject);
  } else {
    pass.set(apiObject, { json: updated });
  }
}

/** For the test that compares the output with and without emitting the checked renders (see `emitCheckedRender`). */
export function setEmittingCheckedRenders(on: boolean): void {
  emittingCheckedRenders = on;
}

/**
 * The result of a synth-time check (`compute`, which judges rendered objects), computed once for the passes that share
 * renders (see `shareRendersInValidation`): the validation passes of one `app.synth()` give the same objects, so the
 * same errors. Outside a pass, `compute()` every time.
 */
export function sharedCheck<T>(owner: object, compute: () => T): T {
  if (pass === undefined) {
    return compute();
  }
  if (results.has(owner)) {
    return results.get(owner) as T;
  }
  const result = compute();
  results.set(owner, result);
  return result;
}
