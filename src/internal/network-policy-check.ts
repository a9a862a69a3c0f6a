import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { invalidProp } from './errors';
import { renderedJson } from './rendered-json';
import { sameJson } from './same-json';
import { SecurityExceptions } from './security-exceptions';
import { broadPeerProblems } from '../profile/network-peers';
import { RuleId } from '../profile/rule-id';

/** What a construct's NetworkPolicy must still look like when it is synthesized. */
export interface EmittedPolicyExpectation {
  /** The prop that names the policy in errors, e.g. `networkPolicy`. */
  readonly prop: string;
  /** The namespace the policy must stay in (a policy moved elsewhere no longer isolates the pods). */
  readonly namespace?: string;
  /** The pods the policy must select: their labels, or `{}` for every pod of the namespace. */
  readonly podLabels: Readonly<Record<string, string>>;
  /** The directions the policy must isolate (`policyTypes`). */
  readonly policyTypes: readonly ('Ingress' | 'Egress')[];
  /** Whether the policy must carry no rules at all (a namespace default-deny). */
  readonly denyOnly?: boolean;
  /**
   * The construct's exceptions: a NETPOL-NARROW-PEERS exception lets broad peers through (and counts as used);
   * without it, or when `undefined`, broad peers are an error.
   */
  readonly exceptions?: SecurityExceptions;
  /** How to fix a broad peer. */
  readonly fix: string;
  /**
   * The whole spec the policy must synthesize as (JSON), for a policy whose rules only the construct makes (a SecureIngress's
   * policies admit the controller's pods on the backend's target ports, and nothing else).
   */
  readonly exactSpec?: unknown;
}

/**
 * The errors for a NetworkPolicy a construct emits, judged on its synthesized JSON so that rules added with
 * cdk8s-plus (`addIngressRule(Pods.all())`, `NetworkPolicyIpBlock.anyIpv4()`) and JSON patches count: broad peers
 * (the definition the audit's NETPOL-NARROW-PEERS uses), a changed pod selector, or a dropped direction.
 */
export function emittedPolicyErrors(scope: IConstruct, policy: ApiObject, expected: EmittedPolicyExpectation): string[] {
  const json = renderedJson(policy) ?? {};
  const spec = json.spec !== null && typeof json.spec === 'object' ? json.spec : {};
  const errors: string[] = [];
  if (expected.namespace !== undefined && json.metadata?.namespace !== expected.namespace) {
    errors.push(invalidProp(scope, `${expected.prop}.metadata.namespace`, json.metadata?.namespace,
      `the policy must stay in namespace ${JSON.stringify(expected.namespace)}, where the pods it isolates run`,
      'remove the JSON patch that moves it').message);
  }
  const types: unknown[] = Array.isArray(spec.policyTypes) ? spec.policyTypes : [];
  for (const direction of expected.policyTypes) {
    if (!types.includes(direction)) {
      errors.push(invalidProp(scope, `${expected.prop}.spec.policyTypes`, spec.policyTypes,
        `the policy no longer isolates ${direction} traffic, so the pods it selects accept ${direction === 'Ingress' ? 'connections from' : 'connections to'} anything no other policy denies`,
        `keep policyTypes ${JSON.stringify(expected.policyTypes)}; remove the JSON patch that changes them`).message);
    }
  }
  if (!selectsExactly(spec.podSelector, expected.podLabels)) {
    errors.push(invalidProp(scope, `${expected.prop}.spec.podSelector`, spec.podSelector,
      `the policy must select ${Object.keys(expected.podLabels).length === 0 ? 'every pod of the namespace' : 'exactly the construct\'s pods'} (${JSON.stringify({ matchLabels: expected.podLabels })})`,
      'remove the change of the pod selector (a JSON patch, or select() on the workload, whose selector the construct makes); select pods through the construct\'s props').message);
  }
  if (expected.exactSpec !== undefined && !sameJson(spec, expected.exactSpec)) {
    errors.push(invalidProp(scope, `${expected.prop}.spec`, spec, `the construct made the policy ${JSON.stringify(expected.exactSpec)}, and it must `
      + 'synthesize as made: a JSON patch, a replaced toJson(), a resolver or a change through its typed API changed what it admits', expected.fix).message);
  }
  if (expected.denyOnly) {
    for (const direction of ['ingress', 'egress']) {
      if (Array.isArray(spec[direction]) && spec[direction].length > 0) {
        errors.push(invalidProp(scope, `${expected.prop}.spec.${direction}`, spec[direction],
          'the default-deny policy must allow nothing: a rule on it applies to every pod of the namespace',
          'allow traffic per workload (SecureDeployment.allowFrom()/allowTo()), not on the default-deny policy').message);
      }
    }
    return errors;
  }
  const broad = broadPeerProblems(spec);
  if (broad.length > 0 && expected.exceptions?.has(RuleId.NETPOL_NARROW_PEERS)) {
    expected.exceptions.markUsed(RuleId.NETPOL_NARROW_PEERS);
    return errors;
  }
  for (const problem of broad) {
    errors.push(invalidProp(scope, `${expected.prop}.${problem.path}`, valueAt(json, problem.path), problem.message, expected.fix).message);
  }
  return errors;
}

function selectsExactly(selector: unknown, labels: Readonly<Record<string, string>>): boolean {
  if (selector === null || typeof selector !== 'object' || Array.isArray(selector)) {
    return false;
  }
  const { matchLabels, matchExpressions, ...rest } = selector as Record<string, unknown>;
  if (Object.keys(rest).length > 0 || (Array.isArray(matchExpressions) ? matchExpressions.length > 0 : matchExpressions !== undefined)) {
    return false;
  }
  const given = matchLabels === undefined ? {} : matchLabels;
  if (given === null || typeof given !== 'object') {
    return false;
  }
  const entries = Object.entries(given as Record<string, unknown>);
  return entries.length === Object.keys(labels).length && entries.every(([key, value]) => labels[key] === value);
}

function valueAt(json: unknown, path: string): unknown {
  let current: unknown = json;
  for (const part of path.split(/\.|\[(\d+)\]/).filter((p) => p !== undefined && p !== '')) {
    if (current === null || typeof current !== 'object') {
      return undefined;
    }
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}
