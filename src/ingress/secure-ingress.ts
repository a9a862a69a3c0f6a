import { ApiObject, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { IIngressControllerProfile } from './controllers/ingress-controller';
import { IngressControllerProfile } from './controllers/ingress-controller-profile';
import { CheckedIngress, coveredHosts, emittedIngressErrors } from './emitted-ingress-check';
import { SecureIngressBackend } from './ingress-backend';
import { IngressTls } from './ingress-tls';
import { weakenedObjectErrors } from '../audit/engine/synthesized-objects-check';
import { guardConstruction } from '../internal/construction-guard';
import { invalidProp } from '../internal/errors';
import { reassignedFieldErrors, recordConstructFields } from '../internal/field-snapshot';
import { changeMadeObject, recordMadeObject, recordMadeObjects } from '../internal/made-objects';
import { emittedPolicyErrors } from '../internal/network-policy-check';
import { checkArgument, checkPropTypes, METADATA_PROP_TYPES } from '../internal/prop-types';
import { renderedJson } from '../internal/rendered-json';
import { rejectExceptionAnnotations, SecurityExceptions } from '../internal/security-exceptions';
import { SecurityPolicy } from '../policy/security-policy';
import { CERT_MANAGER, LEGACY_INGRESS_CLASS_ANNOTATION, NAMESPACE_NAME_LABEL } from '../profile/ingress-controller-defaults';
import { dnsLabelProblem, dnsSubdomainProblem, hostProblem, isWildcardHost, tlsHostCovers } from '../profile/ingress-host';
import { routingAnnotationProblem } from '../profile/ingress-routing-annotations';
import { snippetAnnotationProblem } from '../profile/ingress-snippets';
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from '../profile/managed-by';
import { RuleId } from '../profile/rule-id';
import { SecurityException } from '../profile/security-exception';
import { labelValueProblem } from '../profile/workload-labels';

/**
 * One routing rule of a SecureIngress: requests for `host` whose path matches `path` go to `backend`.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/ingress/#ingress-rules
 */
export interface SecureIngressRule {
  /** Where matching requests go. */
  readonly backend: SecureIngressBackend;

  /**
   * The host name (RFC 1123, lower case), e.g. `shop.example.com`. A wildcard (`*.example.com`) needs
   * `allowWildcardHosts`; leaving it out makes a host-less rule that matches every host name and needs
   * `allowHostlessRules`.
   *
   * @default - none: a host-less rule
   */
  readonly host?: string;

  /**
   * The request path, starting with `/`.
   *
   * @default '/'
   */
  readonly path?: string;

  /**
   * How `path` is matched.
   *
   * @see https://kubernetes.io/docs/concepts/services-networking/ingress/#path-types
   * @default HttpIngressPathType.PREFIX
   */
  readonly pathType?: kplus.HttpIngressPathType;
}

/**
 * Properties of a SecureIngress.
 */
export interface SecureIngressProps extends kplus.ResourceProps {
  /**
   * Where the certificate comes from. Mandatory: it covers every host of the rules.
   */
  readonly tls: IngressTls;

  /**
   * The routing rules; more can be added with `addSecureRule()`.
   *
   * @default - none
   */
  readonly rules?: SecureIngressRule[];

  /**
   * The ingress controller: its annotations enforce HTTPS, its pods are the only ones allowed to reach
   * the backends.
   *
   * @default IngressControllerProfile.nginx()
   */
  readonly controller?: IIngressControllerProfile;

  /**
   * The IngressClass (`spec.ingressClassName`) that selects the controller.
   *
   * @see https://kubernetes.io/docs/concepts/services-networking/ingress/#ingress-class
   * @default - the SecurityPolicy's `ingressClassName`, else the controller profile's class (`nginx` for ingress-nginx)
   */
  readonly className?: string;

  /**
   * Accept wildcard hosts (`*.example.com`, one label deep). A wildcard routes every subdomain to the
   * backend, including ones nobody meant to publish.
   *
   * @default false
   */
  readonly allowWildcardHosts?: boolean;

  /**
   * Accept rules without a host, which match requests for any host name (including the load balancer's
   * IP address) and are served with the controller's default certificate.
   *
   * @default false
   */
  readonly allowHostlessRules?: boolean;

  /**
   * Deliberate deviations from the Ingress hardening, each with a reason (and the approval the SecurityPolicy's
   * exception policy may require), recorded for the audit and documented on the Ingress as the annotation
   * `exception.cdk8s-secure.io/<RULE-ID>`. Only `RuleId.ING_NO_SNIPPETS` can be relaxed: it admits snippet
   * annotations (`nginx.ingress.kubernetes.io/configuration-snippet`, `server-snippet`, `auth-snippet`, ..., any
   * key ending in `-snippet` or `-snippets`) and `ssl-passthrough`, which are otherwise an error. An exception that
   * relaxes nothing is an error.
   *
   * @default - no exceptions
   */
  readonly exceptions?: SecurityException[];
}

/** What each SecureIngress checked (see `CheckedIngress`): out of reach of code that reassigns the object's fields. */
const CHECKED = new WeakMap<SecureIngress, CheckedIngress>();

function checkedOf(ingress: SecureIngress): CheckedIngress {
  const checked = CHECKED.get(ingress);
  if (!checked) {
    throw invalidProp(ingress, 'SecureIngress', ingress.node.path, 'the Ingress was used before its constructor finished its checks',
      'use the SecureIngress once it is constructed');
  }
  return checked;
}

/**
 * An Ingress that exposes Services over HTTPS only, through one named ingress controller, with the
 * network path from that controller's pods to the backends opened and nothing else.
 *
 * - TLS is mandatory and covers every host (an existing Secret, or a certificate issued by cert-manager).
 * - Every rule has an explicit, valid host; wildcards and host-less rules are explicit choices.
 * - `spec.ingressClassName` is always set; the controller profile adds its HTTPS redirect and HSTS
 *   annotations (and optional body-size and rate limits).
 * - Backends are ClusterIP Services (or SecureDeployments) in the Ingress's namespace; for each one
 *   a NetworkPolicy admits traffic from the controller's pods to the backend pods, on the target port only.
 *
 * The cdk8s-plus methods that take an opaque `IngressBackend` (`addRule`, `addHostRule`, `addRules`,
 * `addDefaultBackend`, `addHostDefaultBackend`) and `addTls` throw: use `addSecureRule` and the `tls` prop.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/ingress/
 */
export class SecureIngress extends kplus.Ingress {
  /** The ingress controller profile. */
  public readonly controller: IIngressControllerProfile;

  /** The IngressClass (`spec.ingressClassName`). */
  public readonly className: string;

  /** The TLS source. */
  public readonly tls: IngressTls;

  /** The Ingress's namespace; the backends and the NetworkPolicies are in it too. */
  public readonly namespace: string;

  /** Name of the Secret that holds the certificate (given, or derived as `<ingress-name>-tls` for cert-manager). */
  public readonly tlsSecretName: string;

  /** Whether wildcard hosts are accepted. */
  public readonly allowWildcardHosts: boolean;

  /** Whether host-less rules are accepted. */
  public readonly allowHostlessRules: boolean;

  /**
   * Namespace of the controller's pods that the NetworkPolicies admit: the profile's, or the SecurityPolicy's
   * `ingressControllerNamespace` where the profile keeps its default.
   */
  public readonly controllerNamespace: string;

  private readonly controllerPodLabels: { [key: string]: string };

  constructor(scope: Construct, id: string, props: SecureIngressProps) {
    checkPropTypes(scope, id, 'SecureIngress', props, {
      tls: { instanceOf: IngressTls, name: 'IngressTls (e.g. IngressTls.certManagerClusterIssuer("letsencrypt"))' },
      rules: { arrayOf: { host: 'string', path: 'string', pathType: 'string', backend: 'object' } },
      controller: 'object',
      className: 'string',
      allowWildcardHosts: 'boolean',
      allowHostlessRules: 'boolean',
      metadata: { objectOf: METADATA_PROP_TYPES },
    }, { example: "{ tls: IngressTls.certManagerClusterIssuer('letsencrypt'), rules: [{ host: 'shop.example.com', backend: web }] }" });
    const controller = props.controller ?? IngressControllerProfile.nginx();
    const className = props.className ?? SecurityPolicy.of(scope)?.ingressClassName ?? controller.className;
    super(scope, id, { metadata: props.metadata, className });
    const construction = guardConstruction(this);

    this.controller = controller;
    this.allowWildcardHosts = props.allowWildcardHosts ?? false;
    this.allowHostlessRules = props.allowHostlessRules ?? false;
    this.namespace = this.validNamespace();
    this.className = this.validClassName(className);
    const securityPolicy = SecurityPolicy.of(this);
    const defaults = controller as { readonly _defaultNamespace?: boolean; readonly _defaultPodLabels?: boolean };
    const policyNamespace = defaults._defaultNamespace === true ? securityPolicy?.ingressControllerNamespace : undefined;
    const policyPodLabels = defaults._defaultPodLabels === true ? securityPolicy?.ingressControllerPodLabels : undefined;
    this.controllerNamespace = policyNamespace ?? controller.namespace;
    this.controllerPodLabels = policyPodLabels ?? controller.podLabels;
    this.validateController(policyNamespace === undefined, policyPodLabels === undefined);

    if (!props.tls) {
      throw invalidProp(this, 'tls', props.tls, 'TLS is mandatory: without it the Ingress serves plain HTTP',
        "pass tls: IngressTls.certManagerClusterIssuer('<issuer>') or IngressTls.fromSecret('<tls-secret>')");
    }
    this.tls = props.tls;
    this.tlsSecretName = this.validTls(props.tls);
    CHECKED.set(this, {
      apiObject: this.apiObject,
      namespace: this.namespace,
      controllerNamespace: this.controllerNamespace,
      controllerPodLabels: Object.freeze({ ...this.controllerPodLabels }),
      className: this.className,
      tlsSecretName: this.tlsSecretName,
      tlsHosts: props.tls.hosts === undefined ? undefined : Object.freeze([...props.tls.hosts]),
      issuedByCertManager: props.tls.issuedByCertManager,
      allowWildcardHosts: this.allowWildcardHosts,
      allowHostlessRules: this.allowHostlessRules,
      routes: [],
      policies: new Map(),
      profileObjects: [],
    });

    const annotations = { ...(props.metadata?.annotations ?? {}) };
    rejectExceptionAnnotations(this, 'metadata.annotations', annotations, 'exceptions');
    const exceptions = new SecurityExceptions(this, 'exceptions', props.exceptions, SecurityPolicy._exceptionPoliciesOf(this));
    for (const { rule } of exceptions.entries()) {
      if (rule !== RuleId.ING_NO_SNIPPETS) {
        throw invalidProp(this, 'exceptions', rule, 'a SecureIngress can only relax ING-NO-SNIPPETS; every other Ingress control is always applied',
          'remove this exception, or tune the control through its prop (tls, controller, allowWildcardHosts, allowHostlessRules)');
      }
    }
    for (const key of Object.keys(annotations).sort()) {
      this.checkSnippet(exceptions, `metadata.annotations["${key}"]`, key, annotations[key]);
      // (The legacy class annotation has its own error below.)
      const routing = key === LEGACY_INGRESS_CLASS_ANNOTATION ? undefined
        : this.routingAnnotationError(`metadata.annotations["${key}"]`, key, annotations[key]);
      if (routing) throw routing;
    }
    // Exception annotations (from a controller profile, addAnnotation() or a JSON patch) that the construct did not
    // write, and snippet annotations added after construction, are errors at synth.
    exceptions.annotate(this.apiObject);
    exceptions.checkAtSynth(() => {
      const rendered: Record<string, unknown> = renderedJson(this.apiObject)?.metadata?.annotations ?? {};
      for (const key of Object.keys(rendered).sort()) {
        this.checkSnippet(exceptions, `metadata.annotations["${key}"]`, key, rendered[key]);
      }
      // Routing annotations and the legacy class annotation, added after construction (addAnnotation(), a JSON patch).
      const routingErrors = Object.keys(rendered).sort().flatMap((key) => {
        const error = this.routingAnnotationError(`metadata.annotations["${key}"]`, key, rendered[key]);
        return error ? [error.message] : [];
      });
      // The controller profile's and the TLS source's annotations (HTTPS redirect, HSTS, the certificate issuer) stay
      // as they set them, whoever changes them afterwards (metadata.addAnnotation(), a JSON patch).
      const changedProfileAnnotations = Object.keys(added).sort().filter((key) => rendered[key] !== added[key]).map((key) => invalidProp(this,
        `metadata.annotations["${key}"]`, rendered[key], `the ${controller.controllerName} profile or the TLS source sets it to "${added[key]}", `
        + 'and the Ingress\'s TLS, redirect and certificate depend on it', 'remove the change; configure it through the controller profile options').message);
      const checked = checkedOf(this);
      const policyErrors = [...checked.policies].flatMap(([service, policy]) => emittedPolicyErrors(this, policy, {
        prop: `networkPolicy[${service.name}]`,
        namespace: checked.namespace,
        podLabels: this.serviceSelector(service),
        policyTypes: ['Ingress'],
        exactSpec: kplus.k8s.toJson_NetworkPolicySpec(this.networkPolicySpec(service)),
        fix: 'remove the rule or JSON patch: the policy admits only the ingress controller\'s pods, on the backend\'s target ports',
      }));
      // The Ingress as synthesized against its render as constructed (TLS removed, a backend or class changed by a JSON patch).
      // Its class, TLS and routes exactly as checked, whatever changed them and whenever (before a later addSecureRule() too).
      return [...reassignedFieldErrors(this), ...routingErrors, ...changedProfileAnnotations, ...emittedIngressErrors(this, checked), ...policyErrors,
        ...weakenedObjectErrors({
          scope: this,
          checkedElsewhere: [...checked.policies.values()].map((policy) => ApiObject.of(policy)),
          exceptableRules: [RuleId.ING_NO_SNIPPETS],
        })];
    });
    if (annotations[LEGACY_INGRESS_CLASS_ANNOTATION] !== undefined) {
      throw this.routingAnnotationError(`metadata.annotations.${LEGACY_INGRESS_CLASS_ANNOTATION}`, LEGACY_INGRESS_CLASS_ANNOTATION,
        annotations[LEGACY_INGRESS_CLASS_ANNOTATION])!;
    }
    if (this.metadata.getLabel(MANAGED_BY_LABEL) === undefined) {
      this.metadata.addLabel(MANAGED_BY_LABEL, MANAGED_BY_VALUE);
    }
    const existing = new Set(this.node.findAll());
    const binding = controller.bind(this, { namespace: this.namespace, ingressName: this.name });
    const profileObjects = this.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c) && !existing.has(c));
    const added: Record<string, string> = { ...(binding.annotations ?? {}) };
    if (props.tls.issuerAnnotation && props.tls.issuerName) {
      added[props.tls.issuerAnnotation] = props.tls.issuerName;
    }
    for (const key of Object.keys(added).sort()) {
      this.checkSnippet(exceptions, `controller.bind().annotations["${key}"]`, key, added[key]);
      if (annotations[key] !== undefined && annotations[key] !== added[key]) {
        throw invalidProp(this, `metadata.annotations.${key}`, annotations[key],
          `conflicts with the value "${added[key]}" that the ${controller.controllerName} profile or the TLS source sets`,
          'remove the annotation, or configure it through the controller profile options');
      }
      this.metadata.addAnnotation(key, added[key]);
    }

    super.addTls([{
      secret: kplus.Secret.fromSecretName(this, 'TlsSecret', this.tlsSecretName),
      // Lazy, so that rules added after construction are covered too.
      hosts: Lazy.any({ produce: () => this.tlsHosts() }) as unknown as string[],
    }]);

    // The controller profile's objects as it made them (their renders at synth must be these).
    for (const apiObject of profileObjects) {
      const json = profileRender(apiObject);
      if (json !== undefined) checkedOf(this).profileObjects.push({ apiObject, json });
    }
    // Made: each rule added from here on records it anew (without a host yet, a cert-manager Ingress renders only later).
    recordMadeObject(this.apiObject);
    for (const rule of props.rules ?? []) {
      this.addSecureRule(rule);
    }
    // Rules may be added after construction, so their absence is only known at synth time.
    this.node.addValidation({
      validate: () => checkedOf(this).routes.length > 0 ? [] : [invalidProp(this, 'rules', [], 'the Ingress routes nothing',
        "pass rules: [{ host: 'app.example.com', backend: SecureIngressBackend.fromDeployment(web) }] or call addSecureRule()").message],
    });
    // What the construct made, as it made it (its policies have their own check, and may render only once their backend
    // Service has its selector).
    recordMadeObjects(this, [...checkedOf(this).policies.values()]);
    // Its fields as it set them: addSecureRule() adds to cdk8s-plus's rule lists in place.
    recordConstructFields(this, new Set(['_rulesPerHost', '_tlsConfig']));
    construction.done();
  }

  /**
   * Routes requests for `rule.host` and `rule.path` to `rule.backend`, and lets the controller's pods
   * reach the backend's pods on its target port.
   *
   * @param rule the rule
   */
  public addSecureRule(rule: SecureIngressRule): void {
    checkArgument(this, 'addSecureRule(rule)', rule, { objectOf: { host: 'string', path: 'string', pathType: 'string', backend: 'object' } }, true);
    const host = this.validHost(rule.host);
    const path = rule.path ?? '/';
    const pathType = rule.pathType ?? kplus.HttpIngressPathType.PREFIX;
    const where = host ?? '<any host>';
    this.validatePath(path, pathType, where);
    const checked = checkedOf(this);
    if (checked.routes.some(r => r.host === host && r.path === path)) {
      throw invalidProp(this, 'rules', `${where}${path}`, 'two rules for the same host and path',
        'keep one rule per host and path; to split traffic use different paths');
    }

    const { service, port, targetPort } = this.resolveBackend(rule.backend, where + path);
    const route = Object.freeze({ host, path, pathType, service, serviceName: service.name, port, targetPort });
    // The rule is checked: the Ingress as it renders with it is as the construct made it (its policies have their own check).
    changeMadeObject(checked.apiObject, 'addSecureRule()', () => {
      super.addRules({ host, path, pathType, backend: kplus.IngressBackend.fromService(service, { port }) });
      checked.routes.push(route);
    });
    this.networkPolicyFor(service);
  }

  /** The host names of the rules, sorted (host-less rules have none). */
  public get hosts(): string[] {
    return [...new Set(checkedOf(this).routes.flatMap(r => r.host === undefined ? [] : [r.host]))].sort();
  }

  /** The NetworkPolicies that admit the controller's pods to the backends, one per backend Service, named `<ingress-name>-to-<service-name>`. */
  public get networkPolicies(): ApiObject[] {
    return [...checkedOf(this).policies.values()];
  }

  /**
   * Not supported: cdk8s-plus backends hide the Service, so its namespace and port cannot be checked
   * and the network path cannot be opened. Throws unless `rules` is empty; use `addSecureRule()`.
   */
  public addRules(...rules: kplus.IngressRule[]): void {
    if (rules.length > 0) {
      throw invalidProp(this, 'rules', rules.map(r => `${r?.host ?? ''}${r?.path ?? ''}`),
        'cdk8s-plus IngressBackend hides its Service, so the SecureIngress cannot check it or open the network path to it',
        'use addSecureRule({ host, path, backend: SecureIngressBackend.fromService(service) })');
    }
  }

  /** Not supported: the TLS source is the `tls` prop. Throws unless `tls` is empty. */
  public addTls(tls: kplus.IngressTls[]): void {
    if (!Array.isArray(tls) || tls.length > 0) {
      throw invalidProp(this, 'tls', Array.isArray(tls) ? tls.map(t => t?.hosts ?? []) : tls, 'a SecureIngress has exactly one TLS source, given in its props',
        'pass all hosts through the rules and one IngressTls in the tls prop; use another SecureIngress for another certificate');
    }
  }

  /** Rejects a snippet or passthrough annotation unless an ING-NO-SNIPPETS exception was given (which it then uses). */
  /** The error for an annotation that routes past the rules (ingress-nginx `server-alias`, `default-backend`, ...) or names a class. */
  private routingAnnotationError(prop: string, key: string, value: unknown): Error | undefined {
    if (key === LEGACY_INGRESS_CLASS_ANNOTATION) {
      return invalidProp(this, prop, value, 'the deprecated class annotation conflicts with spec.ingressClassName, and the API server rejects both together',
        'remove the annotation; the class comes from className or the controller profile');
    }
    const problem = routingAnnotationProblem(key);
    return problem === undefined ? undefined : invalidProp(this, prop, value, `the annotation ${key} ${problem}, past the rules the SecureIngress checks`,
      'route each host and path with addSecureRule(); serve a redirect or a mirror from an Ingress outside the construct, where the app\'s audit judges it');
  }

  private checkSnippet(exceptions: SecurityExceptions, prop: string, key: string, value: unknown): void {
    const problem = snippetAnnotationProblem(key, value);
    if (problem) {
      exceptions.require(RuleId.ING_NO_SNIPPETS, prop, value,
        `the annotation ${key} ${problem} (the vector of CVE-2021-25742)`);
    }
  }

  private validNamespace(): string {
    const namespace = this.metadata.namespace;
    if (namespace === undefined || namespace === '') {
      throw invalidProp(this, 'metadata.namespace', namespace,
        'the Ingress has no namespace, so it would land in whatever namespace kubectl uses',
        "pass metadata: { namespace: '<app namespace>' } or create the SecureIngress in a Chart with a namespace");
    }
    if (namespace === 'default' || namespace === 'kube-system') {
      throw invalidProp(this, 'metadata.namespace', namespace, 'workloads must not be exposed from the default or kube-system namespace',
        'use a dedicated namespace, e.g. a SecureNamespace');
    }
    return namespace;
  }

  private validClassName(className: string | undefined): string {
    if (className === undefined || className === '') {
      throw invalidProp(this, 'className', className,
        `no IngressClass: neither className, a SecurityPolicy ingressClassName nor the ${this.controller.controllerName} controller profile names one, `
        + 'so any or no controller could serve the Ingress',
        "pass className: '<ingress class>' (kubectl get ingressclass lists them), or set ingressClassName in the app's SecurityPolicy");
    }
    const problem = dnsSubdomainProblem(className);
    if (problem) {
      throw invalidProp(this, 'className', className, `an IngressClass name ${problem}`, 'pass the name of an IngressClass, e.g. \'nginx\'');
    }
    return className;
  }

  private validateController(namespaceFromProfile: boolean, podLabelsFromProfile: boolean): void {
    const namespaceProp = `controller.namespace${namespaceFromProfile ? '' : " (from the SecurityPolicy's ingressControllerNamespace)"}`;
    const labelsOrigin = podLabelsFromProfile ? '' : " (from the SecurityPolicy's ingressControllerPodLabels)";
    const labelsProp = `controller.podLabels${labelsOrigin}`;
    const namespace = this.controllerNamespace;
    const podLabels = this.controllerPodLabels;
    const problem = dnsLabelProblem(namespace ?? '');
    if (problem) {
      throw invalidProp(this, namespaceProp, namespace, `the controller namespace ${problem}`,
        'pass the namespace the ingress controller runs in');
    }
    if (Object.keys(podLabels ?? {}).length === 0) {
      throw invalidProp(this, labelsProp, podLabels,
        'without pod labels the NetworkPolicy would admit every pod of the controller namespace',
        "pass the labels of the controller's proxy pods, e.g. { 'app.kubernetes.io/name': 'ingress-nginx' }");
    }
    for (const [key, value] of Object.entries(podLabels).sort(([a], [b]) => a.localeCompare(b))) {
      const slash = key.lastIndexOf('/');
      const prefixProblem = slash >= 0 ? dnsSubdomainProblem(key.slice(0, slash)) : undefined;
      const valueProblem = value === '' ? undefined : labelValueProblem(value);
      const labelProblem = prefixProblem ? `the label key prefix ${prefixProblem}`
        : labelValueProblem(key.slice(slash + 1)) ? QUALIFIED_NAME_PROBLEM
          : valueProblem ? `the label value ${valueProblem}` : undefined;
      if (labelProblem) {
        throw invalidProp(this, `controller.podLabels.${key}${labelsOrigin}`, value, labelProblem,
          "pass the labels the controller's proxy pods carry (kubectl get pods -n <controller namespace> --show-labels)");
      }
    }
  }

  private validTls(tls: IngressTls): string {
    for (const host of tls.hosts ?? []) {
      const problem = hostProblem(host, true);
      if (problem) {
        throw invalidProp(this, 'tls.hosts', host, `the TLS host ${problem}`, "list DNS names such as 'shop.example.com' or '*.example.com'");
      }
    }
    if (tls.hosts !== undefined && tls.hosts.length === 0) {
      throw invalidProp(this, 'tls.hosts', tls.hosts, 'an empty host list covers no host',
        'leave hosts unset to cover exactly the rule hosts, or list the names of the certificate');
    }
    if (tls.issuedByCertManager) {
      const problem = dnsSubdomainProblem(tls.issuerName ?? '');
      if (problem) {
        throw invalidProp(this, 'tls.issuerName', tls.issuerName, `the cert-manager issuer name ${problem}`,
          'pass the name of a cert-manager ClusterIssuer or Issuer (kubectl get clusterissuers,issuers -A)');
      }
    }
    const secretName = tls.secretName ?? `${this.name}${CERT_MANAGER.secretNameSuffix}`;
    const problem = dnsSubdomainProblem(secretName);
    if (problem) {
      throw invalidProp(this, 'tls.secretName', secretName, `the TLS Secret name ${problem}`,
        'pass the name of a Secret of type kubernetes.io/tls in the Ingress namespace');
    }
    return secretName;
  }

  private validHost(host: string | undefined): string | undefined {
    const checked = checkedOf(this);
    if (host === undefined || host === '') {
      if (!checked.allowHostlessRules) {
        throw invalidProp(this, 'rules[].host', host,
          'a rule without a host matches requests for any host name, including the raw load balancer address',
          "pass host: '<name>' such as 'shop.example.com', or set allowHostlessRules: true to make that choice explicit");
      }
      return undefined;
    }
    const problem = hostProblem(host, checked.allowWildcardHosts);
    if (problem) {
      const fix = isWildcardHost(host) && !checked.allowWildcardHosts && hostProblem(host, true) === undefined
        ? 'name each host, or set allowWildcardHosts: true to make that choice explicit'
        : "pass a lower-case DNS name such as 'shop.example.com'";
      throw invalidProp(this, 'rules[].host', host, `the host ${problem}`, fix);
    }
    const covering = checked.tlsHosts;
    if (covering !== undefined && !covering.some(tlsHost => tlsHostCovers(tlsHost, host))) {
      throw invalidProp(this, 'rules[].host', host, `the host is not covered by the TLS entry (hosts ${JSON.stringify(covering)})`,
        'add the host to tls hosts (or leave them unset to cover every rule host), or use a certificate that covers it');
    }
    return host;
  }

  private validatePath(path: string, pathType: kplus.HttpIngressPathType, where: string): void {
    const problem = !path.startsWith('/') ? 'must start with /'
      : /\s/.test(path) ? 'must not contain whitespace'
        : pathType !== kplus.HttpIngressPathType.IMPLEMENTATION_SPECIFIC && /\/\/|\/\.\.?(\/|$)|%2f/i.test(path)
          ? "must not contain '//', '/./', '/../' or '%2F' (the API server rejects them for Exact and Prefix paths)"
          : undefined;
    if (problem) {
      throw invalidProp(this, 'rules[].path', path, `the path for ${where} ${problem}`, "pass an absolute path such as '/' or '/api'");
    }
  }

  private resolveBackend(backend: SecureIngressBackend, where: string): { service: kplus.Service; port: number; targetPort: number } {
    const service = backend.service;
    if (!service || service.ports.length === 0) {
      throw invalidProp(this, 'rules[].backend', where, `the backend ${backend._origin} has no port, so there is nothing to route to`,
        backend._portFix);
    }
    if (service.type !== kplus.ServiceType.CLUSTER_IP) {
      throw invalidProp(this, 'rules[].backend', service.type,
        `the backend ${backend._origin} is of type ${service.type}; behind an Ingress it must be ClusterIP, or it is a second way in`,
        'use a ClusterIP Service (the default type)');
    }
    const serviceNamespace = service.metadata.namespace;
    if (serviceNamespace !== this.namespace) {
      throw invalidProp(this, 'rules[].backend', serviceNamespace ?? null,
        `the backend ${backend._origin} is in another namespace than the Ingress (${this.namespace}); an Ingress can only route to Services in its own namespace`,
        `create the backend in namespace ${this.namespace}, or create the SecureIngress in the backend's namespace`);
    }
    const ports = service.ports;
    let chosen: kplus.ServicePort | undefined;
    if (backend.port !== undefined) {
      chosen = ports.find(p => p.port === backend.port);
      if (!chosen) {
        throw invalidProp(this, 'rules[].backend.port', backend.port, `the backend ${backend._origin} exposes ports ${ports.map(p => p.port).join(', ')} only`,
          'pass one of those ports');
      }
    } else if (ports.length === 1) {
      chosen = ports[0];
    } else {
      throw invalidProp(this, 'rules[].backend.port', undefined, `the backend ${backend._origin} exposes several ports (${ports.map(p => p.port).join(', ')})`,
        'pass the port to route to: SecureIngressBackend.fromService(service, { port })');
    }
    return { service, port: chosen.port, targetPort: chosen.targetPort ?? chosen.port };
  }

  private networkPolicyFor(service: kplus.Service): void {
    const checked = checkedOf(this);
    if (checked.policies.has(service)) {
      return;
    }
    // A readable name for reviewers and kubectl; cdk8s generates one in the rare case it would be too long.
    const name = `${this.name}-to-${service.name}`;
    const policy = new kplus.k8s.KubeNetworkPolicy(this, `AllowController-${service.name}`, {
      metadata: {
        name: name.length <= MAX_NAME_LENGTH ? name : undefined,
        namespace: this.namespace,
        labels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE },
      },
      spec: Lazy.any({ produce: () => this.networkPolicySpec(service) }),
    });
    checked.policies.set(service, policy);
    recordMadeObject(policy, false);
  }

  private networkPolicySpec(service: kplus.Service): kplus.k8s.NetworkPolicySpec {
    const checked = checkedOf(this);
    const ports = [...new Set(checked.routes.filter(r => r.service === service).map(r => r.targetPort))].sort((a, b) => a - b);
    return {
      podSelector: { matchLabels: this.serviceSelector(service) },
      policyTypes: ['Ingress'],
      ingress: [{
        from: [{
          namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: checked.controllerNamespace } },
          podSelector: { matchLabels: sorted(checked.controllerPodLabels) },
        }],
        ports: ports.map(port => ({ port: kplus.k8s.IntOrString.fromNumber(port), protocol: 'TCP' })),
      }],
    };
  }

  private serviceSelector(service: kplus.Service): Record<string, string> {
    const manifest: unknown = ApiObject.of(service).toJson();
    const selector = (manifest as { spec?: { selector?: unknown } }).spec?.selector;
    const labels: Record<string, string> = {};
    if (selector && typeof selector === 'object') {
      for (const [key, value] of Object.entries(selector)) {
        if (typeof value === 'string') {
          labels[key] = value;
        }
      }
    }
    if (Object.keys(labels).length === 0) {
      throw invalidProp(this, 'rules[].backend', service.name,
        'the backend Service has no selector, so no NetworkPolicy can name its pods and an empty selector would open every pod of the namespace',
        'give the Service a selector (service.select(...)), e.g. use a SecureDeployment backend');
    }
    return sorted(labels);
  }

  private tlsHosts(): string[] | undefined {
    const checked = checkedOf(this);
    const hosts = coveredHosts(checked);
    if (hosts === undefined && checked.issuedByCertManager) {
      throw invalidProp(this, 'rules', 'no host', 'cert-manager needs at least one host name to issue a certificate for',
        'give the rules hosts, or use IngressTls.fromSecret() with an existing certificate');
    }
    return hosts;
  }
}

/** A profile object's render now, as JSON; undefined when it cannot be rendered yet (it is then judged as the construct's other objects). */
function profileRender(apiObject: ApiObject): unknown {
  try {
    return JSON.parse(JSON.stringify(apiObject.toJson()));
  } catch {
    return undefined;
  }
}

const MAX_NAME_LENGTH = 253;

const QUALIFIED_NAME_PROBLEM = "the label key is not a qualified name (an optional DNS prefix and '/', then at most 63 letters, "
  + "digits, '-', '_' and '.', starting and ending with a letter or digit)";

function sorted(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
}
