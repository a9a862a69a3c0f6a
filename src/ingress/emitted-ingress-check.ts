import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { invalidProp } from '../internal/errors';
import { renderedJson } from '../internal/rendered-json';
import { sameJson } from '../internal/same-json';

/** A route the SecureIngress checked: the host, path and backend it renders, and the backend's target port. */
export interface CheckedRoute {
  readonly host?: string;
  readonly path: string;
  readonly pathType: string;
  readonly service: kplus.Service;
  /** The backend Service's name and port as checked (the rule renders them). */
  readonly serviceName: string;
  readonly port: number;
  readonly targetPort: number;
}

/**
 * What a SecureIngress checked, copied when it checked it and kept where the object's own fields cannot change it (plain
 * JavaScript can reassign a readonly field, or a cdk8s-plus Ingress's private rules and TLS list): the object it made, its
 * class, its one TLS entry and its routes. Its render must hold exactly these at synth (`emittedIngressErrors`).
 */
export interface CheckedIngress {
  readonly apiObject: ApiObject;
  /** The namespace of the Ingress, its backends and its NetworkPolicies. */
  readonly namespace: string;
  /** The controller's pods its NetworkPolicies admit: their namespace and labels (copies). */
  readonly controllerNamespace: string;
  readonly controllerPodLabels: Readonly<Record<string, string>>;
  readonly className: string;
  readonly tlsSecretName: string;
  /** The hosts the TLS source names (a copy), or undefined when the certificate covers the rule hosts. */
  readonly tlsHosts: readonly string[] | undefined;
  readonly issuedByCertManager: boolean;
  readonly allowWildcardHosts: boolean;
  readonly allowHostlessRules: boolean;
  /** The routes, in the order the construct checked them; only the construct's `addSecureRule()` adds to it. */
  readonly routes: CheckedRoute[];
  /** The NetworkPolicy the construct made for each backend Service (each must synthesize exactly as made). */
  readonly policies: Map<kplus.Service, ApiObject>;
  /**
   * The objects the controller profile made beside the Ingress (a Traefik HSTS Middleware, the ingress-nginx header
   * ConfigMap) with their renders when the construct was made: they must synthesize exactly so.
   */
  readonly profileObjects: { readonly apiObject: ApiObject; readonly json: unknown }[];
}

/** The hosts the TLS entry covers: the TLS source's own, or the rule hosts; sorted, each once; undefined for none. */
export function coveredHosts(checked: CheckedIngress): string[] | undefined {
  if (checked.tlsHosts !== undefined) {
    return [...new Set(checked.tlsHosts)].sort();
  }
  const hosts = [...new Set(checked.routes.flatMap((route) => (route.host === undefined ? [] : [route.host])))].sort();
  return hosts.length > 0 ? hosts : undefined;
}

const CAUSES = 'a JSON patch, a replaced toJson(), a resolver, or a change through the object\'s typed API or its private state';

/**
 * Errors for a synthesized Ingress whose class, TLS, default backend or routes are not the ones the construct checked,
 * whatever changed them and whenever (before or after a later `addSecureRule()`): every route must be one it checked
 * (host, path, path type, backend Service and port), the one TLS entry must be its Secret for the hosts it covers, and
 * there is no default backend. A route the construct checked that is missing from the output routes nothing, and passes.
 */
export function emittedIngressErrors(scope: IConstruct, checked: CheckedIngress): string[] {
  const spec = asRecord(asRecord(renderedJson(checked.apiObject))?.spec) ?? {};
  const errors: string[] = [];
  const unchecked = (field: string, value: unknown, problem: string, fix: string) => errors.push(invalidProp(scope, field, value,
    `${problem}; ${CAUSES} changed it after the construct's checks`, fix).message);

  if (spec.ingressClassName !== checked.className) {
    unchecked('spec.ingressClassName', spec.ingressClassName, `the construct made the class "${checked.className}", which decides the controller `
      + 'that serves the Ingress with its profile\'s TLS and redirect settings', 'remove that change; the class is set only through className or the controller profile');
  }
  if (spec.defaultBackend !== undefined) {
    unchecked('spec.defaultBackend', spec.defaultBackend, 'the construct makes no default backend (it would receive every request no rule matches, '
      + 'unchecked)', 'remove it; route each host and path with addSecureRule()');
  }

  const expected = new Map<string, number>();
  for (const route of checked.routes) {
    const key = routeKey(route.host, route.path, route.pathType, route.serviceName, route.port);
    expected.set(key, (expected.get(key) ?? 0) + 1);
  }
  const rules = spec.rules;
  if (rules !== undefined && !Array.isArray(rules)) {
    unchecked('spec.rules', rules, 'the rules are not a list of the routes the construct checked', 'remove that change; route with addSecureRule()');
  }
  (Array.isArray(rules) ? rules : []).forEach((rule, i) => {
    const entry = asRecord(rule);
    const http = asRecord(entry?.http);
    const paths = http?.paths;
    const extra = entry ? Object.keys(entry).filter((key) => key !== 'host' && key !== 'http' && entry[key] !== undefined) : [];
    if (!entry || !Array.isArray(paths) || paths.length === 0 || extra.length > 0
      || Object.keys(http ?? {}).some((key) => key !== 'paths' && http?.[key] !== undefined)) {
      unchecked(`spec.rules[${i}]`, rule, 'the construct did not check this rule (each rule it makes routes its paths to checked backends)',
        'remove that change; route with addSecureRule()');
      return;
    }
    const host = typeof entry.host === 'string' ? entry.host : undefined;
    paths.forEach((given, j) => {
      const path = asRecord(given);
      const service = asRecord(asRecord(path?.backend)?.service);
      const port = asRecord(service?.port);
      const onlyKnown = path !== undefined && Object.keys(path).every((key) => ['path', 'pathType', 'backend'].includes(key))
        && Object.keys(asRecord(path.backend) ?? {}).every((key) => key === 'service') && port !== undefined
        && Object.keys(service ?? {}).every((key) => key === 'name' || key === 'port') && Object.keys(port).every((key) => key === 'number');
      const key = onlyKnown ? routeKey(host, path.path, path.pathType, service?.name, port.number) : undefined;
      const left = key === undefined ? 0 : expected.get(key) ?? 0;
      if (key === undefined || left === 0) {
        unchecked(`spec.rules[${i}].http.paths[${j}]`, given, `the construct did not check this route (host ${host ?? '<any host>'})`,
          'remove that change; route each host and path to a checked backend with addSecureRule()');
        return;
      }
      expected.set(key, left - 1);
    });
  });

  const hosts = coveredHosts(checked);
  const made = { hosts, secretName: checked.tlsSecretName };
  const tls = spec.tls;
  const entry = Array.isArray(tls) && tls.length === 1 ? asRecord(tls[0]) : undefined;
  const renderedHosts = entry?.hosts;
  const sameHosts = hosts === undefined ? renderedHosts === undefined
    : Array.isArray(renderedHosts) && renderedHosts.length === hosts.length && renderedHosts.every((host, i) => host === hosts[i]);
  if (!entry || entry.secretName !== checked.tlsSecretName || !sameHosts
    || Object.keys(entry).some((key) => key !== 'hosts' && key !== 'secretName' && entry[key] !== undefined)) {
    unchecked('spec.tls', tls, `the construct made one TLS entry, ${JSON.stringify(made)}, which terminates TLS for the hosts it covers`,
      'remove that change; TLS is set only through the tls prop, and covers the hosts of the rules added with addSecureRule()');
  }
  for (const { apiObject, json } of checked.profileObjects) {
    const now = renderedJson(apiObject);
    if (!sameJson(now, json)) {
      const name = `${apiObject.kind} ${apiObject.name}`;
      errors.push(invalidProp(scope, name, now, `the controller profile made this object as ${JSON.stringify(json)}, and the Ingress's TLS, `
        + `redirect or headers depend on it; ${CAUSES} changed it after the construct's checks`,
      'remove that change; configure the object through the controller profile options').message);
    }
  }
  return errors;
}

function routeKey(host: unknown, path: unknown, pathType: unknown, service: unknown, port: unknown): string {
  return JSON.stringify([host ?? null, path ?? null, pathType ?? null, service ?? null, port ?? null]);
}

function asRecord(value: unknown): Record<string, any> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value as Record<string, any> : undefined;
}
