import { ApiObject, App, Chart, resolve } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { toAuditedObject } from '../audit/engine/audited-object';
import { buildReport } from '../audit/engine/build-report';
import { asObject, getIn, JsonObject, splitPath } from '../audit/engine/json';
import { withSecurityPolicy } from '../audit/engine/policy-options';
import { Finding } from '../audit/finding';
import { Pack } from '../audit/pack';
import { Severity } from '../audit/severity';
import { invalidProp } from '../internal/errors';
import { constructExceptionsOf } from '../internal/exception-registry';
import { APPARMOR_PROFILE_TYPE } from '../internal/patch-pod-template';
import { rendersAsItsClass } from '../internal/unrendered';
import { SecurityPolicy } from '../policy/security-policy';
import { ruleIdMember } from '../profile/rule-ids';

/**
 * The pod template a workload checked when it rendered (the hardened template `_toKube()` returned), as JSON: what the
 * object emits when nothing changed it afterwards. With `appArmorProfileField`, the pod's `appArmorProfile` the library
 * adds to the output for clusters that have the field (`addAppArmorProfileField`) is part of it. Values cdk8s resolves
 * at synthesis (a `Lazy`) are resolved only when `resolved`.
 */
function checkedTemplateJson(check: RenderedTemplateCheck, template: kplus.k8s.PodTemplateSpec, resolved: boolean): any {
  const mapped = kplus.k8s.toJson_PodTemplateSpec(template);
  // Resolved with cdk8s' own resolvers: an app's resolver that rewrites a value of the template is a change too.
  const json = resolved ? resolve(check.templatePath.split('.'), mapped, defaultResolution()) : mapped;
  if (!check.appArmorProfileField || asObject(json?.spec?.securityContext) === undefined) {
    return json;
  }
  return { ...json, spec: { ...json.spec, securityContext: { ...json.spec.securityContext, appArmorProfile: { type: APPARMOR_PROFILE_TYPE } } } };
}

/** An object of an app with cdk8s' own resolvers, to resolve values as an app without resolvers of its own does. */
let defaultResolutionObject: ApiObject | undefined;

function defaultResolution(): ApiObject {
  defaultResolutionObject ??= new ApiObject(new Chart(new App(), 'resolution'), 'object', { apiVersion: 'v1', kind: 'ConfigMap' });
  return defaultResolutionObject;
}

/** What the rendered-template check needs to know about the workload. */
export interface RenderedTemplateCheck {
  /** The construct named in errors (the Secure* workload). */
  readonly scope: IConstruct;
  /** Its workload object. */
  readonly apiObject: ApiObject;
  /** The object as it is synthesized (JSON patches and any replaced `toJson()` included). */
  readonly rendered: unknown;
  /** The path of the pod template in the object, e.g. `spec.template`. */
  readonly templatePath: string;
  /** The pod template the construct checked (as `_toKube()` returned it); undefined if it never rendered one. */
  readonly checked?: kplus.k8s.PodTemplateSpec;
  /** Whether the library adds the pod's `appArmorProfile` to the output (clusters that have the field). */
  readonly appArmorProfileField: boolean;
}

/**
 * Errors for the controls a change made after the construct's checks weakened in the synthesized pod template: a JSON
 * patch or a replaced `toJson()` that makes a container privileged, adds host namespaces, removes limits, swaps the
 * image, and so on. The construct checks the pod template it renders from its props; what is synthesized can differ
 * (cdk8s applies JSON patches to the render). When it does, the synthesized object and the same object with the
 * checked template are audited with the hardened pack (every control of the Pod Security packs, at the strictest
 * reading) and the construct's typed exceptions: each warning or error the change adds is an error. A change that
 * weakens nothing (a toleration-free scheduling hint, an extra label) passes, and so does one an exception of the
 * construct covers, as when the props had asked for it.
 */
export function weakenedTemplateErrors(check: RenderedTemplateCheck): string[] {
  const rendered = asObject(check.rendered);
  const path = check.templatePath.split('.');
  // Without JSON patches, a replaced toJson() or resolvers of the app's own, the object renders the checked template.
  if (!rendered || check.checked === undefined || rendersAsItsClass(check.apiObject)) {
    return [];
  }
  const template = getIn(rendered, ...path);
  if (sameJson(template, checkedTemplateJson(check, check.checked, false))) {
    return [];
  }
  const checked = checkedTemplateJson(check, check.checked, true);
  if (sameJson(template, checked)) {
    return [];
  }
  const base = withValueAt(rendered, path, checked);
  const before = new Set(findingsOf(check, base).map(findingKey));
  return findingsOf(check, rendered)
    .filter((finding) => !finding.suppressed && finding.severity !== Severity.INFO && !before.has(findingKey(finding)))
    .map((finding) => invalidProp(check.scope, finding.path, valueAt(rendered, finding.path),
      `${finding.message} (${finding.ruleId}); the construct checked its pod template without this, so a JSON patch or a replaced toJson() `
      + 'weakened it after the checks', `remove that change; to weaken ${finding.ruleId}, set it through the construct's props with `
      + `exceptions: [SecurityException.of(${ruleIdMember(finding.ruleId)}, '<why>')], where the control allows one`).message);
}

/** The hardened pack's findings on `object` as `check.apiObject` (its typed exceptions apply; nothing else does). */
function findingsOf(check: RenderedTemplateCheck, object: JsonObject): readonly Finding[] {
  const options = withSecurityPolicy(SecurityPolicy.of(check.apiObject), { packs: [Pack.HARDENED] });
  const audited = toAuditedObject(object, 0, { construct: check.apiObject, recordedExceptions: constructExceptionsOf(check.apiObject) });
  return buildReport(undefined, [audited], options, []).findings;
}

function findingKey(finding: Finding): string {
  return `${finding.ruleId}\u0000${finding.path}`;
}

/** The value at a finding's path (`spec.template.spec.containers[0].securityContext.privileged`), if there is one. */
function valueAt(object: JsonObject, path: string): unknown {
  let current: unknown = object;
  for (const key of splitPath(path)) {
    current = current !== null && typeof current === 'object' ? (current as Record<string | number, unknown>)[key] : undefined;
  }
  return current;
}

/** A copy of `object` with `value` at `path` (the objects along the path copied, the rest shared). */
function withValueAt(object: JsonObject, path: readonly string[], value: unknown): JsonObject {
  const [key, ...rest] = path;
  const child = asObject(object[key]) ?? {};
  return { ...object, [key]: rest.length === 0 ? value : withValueAt(child, rest, value) } as JsonObject;
}

/** Whether two JSON values are equal, keys in any order and a key whose value is undefined counted as absent. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) {
    return true;
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) {
    return false;
  }
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, i) => sameJson(item, other[i]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = definedKeys(left);
  return keys.length === definedKeys(right).length
    && keys.every((key) => Object.prototype.hasOwnProperty.call(right, key) && sameJson(left[key], right[key]));
}

function definedKeys(object: Record<string, unknown>): string[] {
  return Object.keys(object).filter((key) => object[key] !== undefined);
}
