import { ApiObject, App, Chart, resolve } from 'cdk8s';
import { IConstruct } from 'constructs';
import { toAuditedObject } from './audited-object';
import { buildReport } from './build-report';
import { asObject, JsonObject, valueAtPath } from './json';
import { withSecurityPolicy } from './policy-options';
import { invalidProp } from '../../internal/errors';
import { constructExceptionsOf } from '../../internal/exception-registry';
import { interimChangesOf, madeRender } from '../../internal/made-objects';
import { appArmorProfileField } from '../../internal/patch-pod-template';
import { constructsUnder, renderedJson } from '../../internal/rendered-json';
import { sameJson } from '../../internal/same-json';
import { nearestJudgingScope } from '../../internal/security-exceptions';
import { constructedRender, rendersAsConstructed } from '../../internal/unrendered';
import { SecurityPolicy } from '../../policy/security-policy';
import { PINNED_OBJECT_FIELDS, PINNED_POD_FIELDS } from '../../profile/pinned-fields';
import { RuleId } from '../../profile/rule-id';
import { ruleIdMember } from '../../profile/rule-ids';
import { Finding } from '../finding';
import { Pack } from '../pack';
import { Severity } from '../severity';
import { SuppressionOrigin } from '../suppression-origin';

/** The workload object of a Secure* workload, whose spec the construct checked in `_toKube()`. */
export interface CheckedWorkload {
  /** The workload object. */
  readonly apiObject: ApiObject;
  /** The object as it is synthesized (JSON patches, a replaced `toJson()` and the app's resolvers included). */
  readonly rendered: unknown;
  /**
   * The spec the construct checked (what its `_toKube()` returned, mapped to JSON when it was returned, so that a later
   * change of the returned object is a change too); undefined if it never rendered one.
   */
  readonly checkedSpec?: unknown;
  /** The path of the pod template in the object, e.g. `spec.template`. */
  readonly templatePath: string;
  /** Whether the library adds the pod's `appArmorProfile` to the output (clusters that have the field). */
  readonly appArmorProfileField: boolean;
}

/** What the check of a construct's synthesized objects needs to know. */
export interface SynthesizedObjectsCheck {
  /** The Secure* construct: its objects are the ApiObjects under it; errors about its workload object name it. */
  readonly scope: IConstruct;
  /** The workload object, for a Secure* workload. */
  readonly workload?: CheckedWorkload;
  /** The construct's objects whose synthesized form has a check of its own (NetworkPolicies): audited as context only. */
  readonly checkedElsewhere?: readonly ApiObject[];
  /** Whether images must be pinned by digest (then an IMG-DIGEST finding, info in the audit, is an error here). Default false. */
  readonly requireDigest?: boolean;
  /**
   * The rules the construct accepts typed exceptions for, when it accepts only some (a SecureIngress: ING-NO-SNIPPETS), so
   * that an error's fix does not suggest an exception the construct refuses. Default: any rule its exception policy allows.
   */
  readonly exceptableRules?: readonly string[];
}

/**
 * The fix of an error for a finding a change added (`added`: on an object other code added under the construct): remove the
 * change, or the typed exception where the construct takes one for the rule.
 */
function weakeningFix(check: SynthesizedObjectsCheck, ruleId: string, added = false): string {
  const start = added
    ? 'make the object through the construct\'s props and methods, which check it, or outside the construct (where the app\'s audit judges it); '
    : 'remove that change; ';
  if (check.exceptableRules !== undefined && !check.exceptableRules.includes(ruleId)) {
    return `${start}the construct never relaxes ${ruleId}`;
  }
  const exception = `(exceptions: [SecurityException.of(${ruleIdMember(ruleId)}, '<why>')])`;
  return added ? `${start}a control is weakened only with a typed exception where the control allows one ${exception}`
    : `${start}a control is weakened only through the construct's props, with a typed exception where the control allows one ${exception}`;
}

/**
 * Errors for the controls that a change made after the construct's checks weakened in the synthesized workload: a JSON
 * patch, a replaced `toJson()` (of the object, its class or `_toKube()`) or an app resolver that makes a container
 * privileged, adds host namespaces, removes limits, swaps the image, drops a Job's deadline, and so on. The construct
 * checks the spec it renders from its props; what is synthesized can differ. When it does, the synthesized object and
 * the same object with the checked spec are audited, beside the construct's other objects, with the hardened pack
 * (every control of the Pod Security packs, at the strictest reading) and the construct's typed exceptions and platform
 * decisions (never `Audit.suppress()`): each warning or error the change adds is an error. A change that weakens
 * nothing (a `nodeSelector`, an annotation) passes, and so does one that the construct's exceptions cover.
 */
export function weakenedObjectErrors(check: SynthesizedObjectsCheck): string[] {
  const workload = check.workload;
  const rendered = workload ? asObject(workload.rendered) : undefined;
  if (workload && (!rendered || workload.checkedSpec === undefined)) {
    return [];
  }
  const objects = constructsUnder(check.scope).filter((c): c is ApiObject => ApiObject.isApiObject(c) && c !== workload?.apiObject);
  // Objects under a Secure* construct of their own (made under this one) are its to judge: context only here.
  const nested = objects.filter((apiObject) => {
    const judge = nearestJudgingScope(apiObject);
    return judge !== undefined && judge !== check.scope && judge.node.scopes.includes(check.scope);
  });
  const checkedElsewhere = [...check.checkedElsewhere ?? [], ...nested];
  const changedObjects = objects
    .filter((apiObject) => !checkedElsewhere.includes(apiObject))
    .map(changedObject)
    .filter((object): object is ChangedObject => object !== undefined);
  let before: JsonObject | undefined;
  const changedParts: string[] = [];
  if (workload && rendered) {
    let checkedSpec: unknown = rendered.spec;
    if (!sameJson(rendered.spec, withAppArmorField(workload, workload.checkedSpec))) {
      // Resolved with cdk8s' own resolvers: an app's resolver that rewrites a value of the spec is a change too.
      checkedSpec = withAppArmorField(workload, resolve(['spec'], workload.checkedSpec, defaultResolution()));
    }
    // The metadata as constructed (a JSON patch may remove a label the SecurityPolicy requires), where it may have changed.
    let metadata: unknown = rendered.metadata;
    if (!rendersAsConstructed(workload.apiObject)) {
      const constructed = resolve(['metadata'], workload.apiObject.metadata.toJson(), defaultResolution());
      metadata = sameJson(rendered.metadata, constructed) ? rendered.metadata : constructed;
    }
    if (metadata !== rendered.metadata) changedParts.push('metadata');
    if (!sameJson(rendered.spec, checkedSpec)) changedParts.push('spec');
    before = changedParts.length === 0 ? rendered : { ...rendered, metadata, spec: checkedSpec };
  }
  const interim = interimChangeErrors(check, objects, checkedElsewhere);
  if (before === rendered && changedObjects.length === 0) {
    return interim;
  }
  const pinned = changedObjects.flatMap((object) =>
    pinnedFieldErrors(object.apiObject, object.json, object.constructed ?? {},
      object.made ? PINNED_OBJECT_FIELDS[object.apiObject.kind] ?? [] : [], `${changeCauses(true, 'the object\'s')} changed it after the checks`));
  if (workload && rendered && before && before !== rendered) {
    pinned.unshift(...pinnedFieldErrors(check.scope, rendered, before, PINNED_POD_FIELDS.map((field) => `${workload.templatePath}.spec.${field}`),
      `${changeCauses(false, 'the object\'s')} changed it after the checks`));
  }
  return [...interim, ...pinned, ...addedFindingErrors(check, objects, nested, changedObjects, rendered, before, changedParts)];
}

/**
 * Errors for the changes other code made to one of the construct's objects between the construct's making it and a later
 * call of a construct method that changes it (`SecureIngress.addSecureRule()`, `SecureNamespace.grant()`): the method
 * records the object anew, so each such change is judged here on its own, the object's render before the method's call
 * against its render as made, beside the construct's other objects as synthesized.
 */
function interimChangeErrors(check: SynthesizedObjectsCheck, objects: readonly ApiObject[], checkedElsewhere: readonly ApiObject[]): string[] {
  return objects.filter((apiObject) => !checkedElsewhere.includes(apiObject)).flatMap((apiObject) => interimChangesOf(apiObject).flatMap((change) => {
    const made = asObject(change.made);
    const changed = asObject(change.changed);
    if (made === undefined) {
      return [];
    }
    const name = `${apiObject.kind} ${apiObject.name}`;
    if (changed === undefined) {
      // It could not be rendered when the method was called: what changed it cannot be told, so nothing is taken on trust.
      return [invalidProp(apiObject, name, undefined, `other code changed the object so that it could not be rendered before ${change.method} `
        + 'recorded it anew, so the construct cannot tell what changed after its checks', 'remove that change; the object is changed '
        + 'only through the construct\'s props and methods').message];
    }
    const how = `other code (the object's own typed API, or its private state) changed it after the checks and before ${change.method} was called`;
    const pinnedErrors = pinnedFieldErrors(apiObject, changed, made, PINNED_OBJECT_FIELDS[apiObject.kind] ?? [], how);
    const context = objects.filter((other) => other !== apiObject)
      .map((other) => ({ construct: other, json: asObject(renderedJson(other)) ?? {} }));
    if (check.workload) {
      const workloadJson = asObject(check.workload.rendered);
      if (workloadJson) context.push({ construct: check.workload.apiObject, json: workloadJson });
    }
    const onObject = (finding: Finding) => finding.kind === apiObject.kind && finding.name === asObject(changed.metadata)?.name;
    const found = new Set(findingsOf(check.scope, [...context, { construct: apiObject, json: made }]).filter(onObject).map(findingKey));
    const added = findingsOf(check.scope, [...context, { construct: apiObject, json: changed }])
      .filter((finding) => onObject(finding) && counts(check, finding) && !found.has(findingKey(finding)))
      .map((finding) => invalidProp(apiObject, finding.path || `${finding.kind} "${finding.name}"`,
        finding.path ? valueAtPath(changed, finding.path) : finding.name,
        `${finding.message} (${finding.ruleId}); the construct checked its ${name} without this, so ${how}`,
        weakeningFix(check, finding.ruleId)).message);
    return [...pinnedErrors, ...added];
  }));
}

/**
 * `apiObject` as synthesized and as its construct made it, when the two differ; `undefined` when they do not. The render
 * as made is the one taken when the construct made the object (`recordMadeObjects`), so that a change through the
 * object's typed API counts like a JSON patch; an object no construct recorded was added under it afterwards by other
 * code, and is judged as a whole (`made: false`). An object of a kind whose render as made is not known is judged
 * against its render without JSON patches now, and is rendered only when something may have changed it.
 */
function changedObject(apiObject: ApiObject): ChangedObject | undefined {
  const made = madeRender(apiObject);
  if (made === undefined) {
    const json = asObject(renderedJson(apiObject));
    return json === undefined ? undefined : { apiObject, json, constructed: undefined, made: false };
  }
  if (made === null && rendersAsConstructed(apiObject)) {
    return undefined;
  }
  const json = asObject(renderedJson(apiObject));
  const constructed = asObject(made === null ? constructedRender(apiObject) : made);
  return json === undefined || sameJson(json, constructed) ? undefined : { apiObject, json, constructed, made: true };
}

/** An error for each `fields` path whose value in the synthesized `json` differs from the object as constructed. */
function pinnedFieldErrors(scope: IConstruct, json: JsonObject, constructed: JsonObject, fields: readonly string[], how: string): string[] {
  return fields.filter((field) => !sameJson(valueAtPath(json, field), valueAtPath(constructed, field))).map((field) => {
    const made = valueAtPath(constructed, field);
    return invalidProp(scope, field, valueAtPath(json, field),
      `the construct made it ${made === undefined ? 'unset' : JSON.stringify(made)}, and this field must stay as the construct made it (${how}, `
      + 'retargeting or widening what the construct checked)',
      'remove that change; the field is set only through the construct\'s props').message;
  });
}

/**
 * What can change an object after the construct's checks, in words: the workload's typed API is checked when it renders
 * (`_toKube()`), the typed APIs of the construct's other objects (`typedApi`) are not.
 */
function changeCauses(typedApi: boolean, whose: string): string {
  return typedApi ? `a JSON patch, a replaced toJson(), a resolver or ${whose} own typed API` : 'a JSON patch, a replaced toJson() or a resolver';
}

/** Errors for the warnings and errors a change made after construction adds on any of the construct's objects. */
function addedFindingErrors(
  check: SynthesizedObjectsCheck, objects: readonly ApiObject[], nested: readonly ApiObject[], changedObjects: readonly ChangedObject[],
  rendered: JsonObject | undefined, before: JsonObject | undefined, changedParts: readonly string[],
): string[] {
  // An object other code added under the construct has no render as made: every finding on it counts.
  const others = objects.map((apiObject) => {
    const changed = changedObjects.find((object) => object.apiObject === apiObject);
    const json = changed?.json ?? asObject(renderedJson(apiObject)) ?? {};
    return { apiObject, json, constructed: changed ? changed.constructed ?? (changed.made ? json : undefined) : json };
  });
  // A finding the change added on any of the construct's objects counts (a quota patched away is reported on the Namespace,
  // a budget that protects nothing on the workload); the message names what the construct checked.
  const own = new Map<string, { readonly scope: IConstruct; readonly json: JsonObject; readonly what: string | undefined }>();
  const changedNames = changedObjects.map((object) => `${object.apiObject.kind} ${object.apiObject.name}`);
  const objectsChanged = `objects without this (${[...changedParts.map((part) => `its ${part}`), ...changedNames].join(', ')} changed)`;
  objects.forEach((apiObject, i) => {
    // Findings on the objects of a Secure* construct made under this one are reported by its own check.
    if (nested.includes(apiObject)) return;
    const changed = changedObjects.find((object) => object.apiObject === apiObject);
    const what = !changed ? objectsChanged : changed.made ? `${apiObject.kind} ${apiObject.name} without this` : undefined;
    own.set(objectKey(others[i].json), { scope: apiObject, json: others[i].json, what });
  });
  if (rendered) {
    own.set(objectKey(rendered), { scope: check.scope, json: rendered, what: changedParts.length > 0 ? `${changedParts.join(' and ')} without this` : objectsChanged });
  }
  const byChange = (finding: Finding) => own.get(`${finding.kind}\u0000${finding.name}`);
  const workloadAs = (json: JsonObject | undefined) => (check.workload && json ? [{ construct: check.workload.apiObject, json }] : []);
  const beforeObjects = [...workloadAs(before),
    ...others.flatMap((object) => (object.constructed ? [{ construct: object.apiObject, json: object.constructed }] : []))];
  const found = new Set(findingsOf(check.scope, beforeObjects).filter(byChange).map(findingKey));
  const afterObjects = [...workloadAs(rendered), ...others.map((object) => ({ construct: object.apiObject, json: object.json }))];
  return findingsOf(check.scope, afterObjects)
    .filter((finding) => byChange(finding) !== undefined && counts(check, finding) && !found.has(findingKey(finding)))
    .map((finding) => {
      const changed = byChange(finding)!;
      // A finding about the object as a whole (no field) names the object.
      const field = finding.path || `${finding.kind} "${finding.name}"`;
      const value = finding.path ? valueAtPath(changed.json, finding.path) : finding.name;
      if (changed.what === undefined) {
        return invalidProp(changed.scope, field, value, `${finding.message} (${finding.ruleId}); the object was added under the construct after it `
          + 'was made, by code other than the construct\'s methods (such as cdk8s-plus connections.allowFrom()), so the construct never checked it',
        weakeningFix(check, finding.ruleId, true)).message;
      }
      const how = changeCauses(changed.scope !== check.scope || changedObjects.length > 0, 'an object\'s');
      return invalidProp(changed.scope, field, value,
        `${finding.message} (${finding.ruleId}); the construct checked its ${changed.what}, so ${how} weakened it after the checks`,
        weakeningFix(check, finding.ruleId)).message;
    });
}

/** One of the construct's objects that a change made after construction renders differently, or one added afterwards. */
interface ChangedObject {
  readonly apiObject: ApiObject;
  readonly json: JsonObject;
  readonly constructed: JsonObject | undefined;
  /** Whether the construct made the object (false: other code added it under the construct after construction). */
  readonly made: boolean;
}

function objectKey(json: JsonObject): string {
  return `${json.kind}\u0000${asObject(json.metadata)?.name}`;
}

/** Whether a finding on the synthesized object is one the change must not add. */
function counts(check: SynthesizedObjectsCheck, finding: Finding): boolean {
  if (finding.suppressed && (finding.suppressionOrigin === SuppressionOrigin.CONSTRUCT_EXCEPTION
    || finding.suppressionOrigin === SuppressionOrigin.PLATFORM_POLICY)) {
    return false;
  }
  return finding.severity !== Severity.INFO || (check.requireDigest === true && finding.ruleId === RuleId.IMG_DIGEST);
}

/**
 * The hardened pack's findings on the construct's objects (each `json` rendered from its `construct`, whose typed
 * exceptions apply), judged by the SecurityPolicy of the construct `scope`.
 */
function findingsOf(scope: IConstruct, objects: readonly { readonly construct: ApiObject; readonly json: JsonObject }[]): readonly Finding[] {
  const options = withSecurityPolicy(SecurityPolicy.of(scope), { packs: [Pack.HARDENED] });
  const audited = objects.map(({ construct, json }, i) => toAuditedObject(json, i, {
    construct, recordedExceptions: constructExceptionsOf(construct),
  }));
  return buildReport(undefined, audited, options, []).findings;
}

/** A finding's identity across the two audits: its rule, field and message (which names the values concerned). */
function findingKey(finding: Finding): string {
  return `${finding.kind}\u0000${finding.name}\u0000${finding.ruleId}\u0000${finding.path}\u0000${finding.message}`;
}

/**
 * `spec` with the pod's `appArmorProfile` the library adds to the output for clusters that have the field
 * (`addAppArmorProfileField`), when it does.
 */
function withAppArmorField(check: CheckedWorkload, spec: any): any {
  if (!check.appArmorProfileField) {
    return spec;
  }
  const field = appArmorProfileField(check.templatePath);
  return withValueAt({ spec }, field.path, field.value).spec;
}

/** An object of an app with cdk8s' own resolvers, to resolve values as an app without resolvers of its own does. */
let defaultResolutionObject: ApiObject | undefined;

function defaultResolution(): ApiObject {
  defaultResolutionObject ??= new ApiObject(new Chart(new App(), 'resolution'), 'object', { apiVersion: 'v1', kind: 'ConfigMap' });
  return defaultResolutionObject;
}

/** A copy of `object` with `value` at `path` (the objects along the path copied, the rest shared). */
function withValueAt(object: unknown, path: readonly string[], value: unknown): JsonObject {
  const [key, ...rest] = path;
  const own = asObject(object) ?? {};
  return { ...own, [key]: rest.length === 0 ? value : withValueAt(own[key], rest, value) } as JsonObject;
}
