import { parseAllDocuments } from 'yaml';
import {
  AppDesc, buildApp, BuiltApp, CONTROLLER_PODS, ControllerChoice, CORE_DNS, DnsChoice, edgePorts, KUBE_DNS, NODE_LOCAL_DNS_ADDRESS, PortDesc,
} from './app-model';
import { Endpoint, Labels, NetworkOracle, NetworkPolicyManifest, Protocol } from './network-oracle';
import { Audit, Pack, RuleId, Severity } from '../../src';
import { kubeScoreFindings, polarisFindings } from '../support/scanner-checks';

/*
 * The properties every generated app must have. Each function throws an Error that says what broke;
 * `checkApp` runs all of them on one description (two builds: one synthesized, one audited and then
 * synthesized, whose YAML must be byte-identical).
 */

type Manifest = Record<string, any>;

const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
/** An unmanaged namespace holding pods that copy every label of the generated pods. */
const LOOKALIKE_NAMESPACE = 'elsewhere';
const INTERNET_ADDRESS = '203.0.113.10';

/** What an endpoint of the model stands for, to compute the declared graph. */
type Role =
  | { kind: 'deployment'; index: number }
  | { kind: 'stranger'; namespace: number }
  | { kind: 'lookalike'; index: number }
  | { kind: 'controller'; controller: ControllerChoice }
  | { kind: 'kubeDns' }
  | { kind: 'coreDns' }
  | { kind: 'nodeLocalDns' }
  | { kind: 'internet' };

interface ModelEndpoint {
  readonly role: Role;
  readonly endpoint: Endpoint;
}

export function parseManifests(yaml: string): Manifest[] {
  return parseAllDocuments(yaml).map((doc) => doc.toJS()).filter((m) => m !== null);
}

/** Property 1: the app synthesizes; returns the YAML. */
export function synthesize(desc: AppDesc): { built: BuiltApp; yaml: string } {
  const built = buildApp(desc);
  return { built, yaml: built.app.synthYaml() };
}

const isPort = (value: unknown) => Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 65535;

/**
 * Property 1, second half: what the API server checks beyond the schema for the objects whose numbers
 * the generator varies. NetworkPolicy ports: a number in 1-65535 or a name, an endPort only after a
 * numeric port and not below it; container and Service ports in 1-65535.
 */
export function checkApiValidity(manifests: Manifest[]): void {
  const wrong: string[] = [];
  for (const m of manifests) {
    const where = `${m.kind} ${m.metadata?.namespace}/${m.metadata?.name}`;
    if (m.kind === 'NetworkPolicy') {
      for (const [direction, rules] of [['ingress', m.spec?.ingress], ['egress', m.spec?.egress]] as const) {
        (rules ?? []).forEach((rule: Manifest, i: number) => (rule.ports ?? []).forEach((p: Manifest, j: number) => {
          const at = `${where} spec.${direction}[${i}].ports[${j}] ${JSON.stringify(p)}`;
          if (p.port !== undefined && typeof p.port !== 'string' && !isPort(p.port)) wrong.push(`${at}: port outside 1-65535`);
          if (p.endPort !== undefined && (typeof p.port !== 'number' || !isPort(p.endPort) || p.endPort < p.port)) wrong.push(`${at}: invalid endPort`);
        }));
      }
    }
    if (m.kind === 'Service') {
      for (const p of m.spec?.ports ?? []) {
        if (!isPort(p.port) || (typeof p.targetPort === 'number' && !isPort(p.targetPort))) wrong.push(`${where}: port ${JSON.stringify(p)}`);
      }
    }
    if (m.kind === 'Deployment') {
      for (const c of m.spec?.template?.spec?.containers ?? []) {
        for (const p of c.ports ?? []) {
          if (!isPort(p.containerPort)) wrong.push(`${where}: container port ${JSON.stringify(p)}`);
        }
      }
    }
  }
  if (wrong.length > 0) {
    throw new Error(`synth: objects the API server would refuse:\n${wrong.join('\n')}`);
  }
}

/** The audit findings a valid app may have: info only, for tag-only images, unset priority classes and namespaces without DNS. */
function expectedFindings(desc: AppDesc, built: BuiltApp): string[] {
  const expected: string[] = desc.namespaces.filter((ns) => ns.dns === 'none' || ns.dns === 'coreDnsPods')
    // NS-DNS-EGRESS reports a namespace that allows no DNS as info (stricter; the workloads must allow it). The rule
    // knows DNS as port 53 only, so a namespace whose DNS pods listen on another port (ClusterDns.pods({ port: 5353 }),
    // documented as valid) gets the same info finding: a known discrepancy, see docs/testing.md.
    .map((ns) => `hardened/${RuleId.NS_DNS_EGRESS} info Namespace/${ns.name}`);
  desc.deployments.forEach((d, i) => {
    const name = built.deployments[i].name;
    if (d.image.digest === undefined) {
      expected.push(`hardened/${RuleId.IMG_DIGEST} info Deployment/${name}`);
    }
    if (d.priorityClass === undefined) {
      expected.push(`hardened/${RuleId.POD_PRIORITY_CLASS} info Deployment/${name}`);
    }
  });
  return expected.sort();
}

/** Property 2: `Audit.of(app)` under every pack reports nothing but the documented info findings. */
export function checkAudit(desc: AppDesc, built: BuiltApp): void {
  const report = Audit.of(built.app, { packs: [Pack.PSS_BASELINE, Pack.PSS_RESTRICTED, Pack.HARDENED] });
  // The only expected input note: Traefik's Middleware is not a built-in kind (only the rules for every object run on it).
  const problems = report.problems.filter((p) => !(p.severity === Severity.INFO && /^Middleware .* is not a built-in Kubernetes kind/.test(p.message)))
    .map((p) => JSON.stringify(p));
  if (problems.length > 0) {
    throw new Error(`audit: input problems ${problems.join('; ')}`);
  }
  const actual = report.findings.map((f) => `${f.id} ${f.severity}${f.suppressed ? ' (suppressed)' : ''} ${f.kind}/${f.name}`).sort();
  const expected = expectedFindings(desc, built);
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    const detail = report.findings.filter((f) => f.severity !== Severity.INFO || f.suppressed).map((f) => `${f.id} ${f.kind}/${f.name}: ${f.message}`);
    throw new Error(`audit: findings ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}${detail.length ? `\n${detail.join('\n')}` : ''}`);
  }
}

/** Property 3: a second build of the same description gives byte-identical YAML (after being audited). */
export function checkDeterminism(first: string, second: string): void {
  if (first !== second) {
    const a = first.split('\n');
    const b = second.split('\n');
    const line = a.findIndex((text, i) => text !== b[i]);
    throw new Error(`determinism: the YAML differs at line ${line + 1}: ${JSON.stringify(a[line])} vs ${JSON.stringify(b[line])}`);
  }
}

function namespaceLabels(manifests: Manifest[], name: string): Labels {
  const ns = manifests.find((m) => m.kind === 'Namespace' && m.metadata?.name === name);
  return { ...(ns?.metadata?.labels ?? {}), [NAMESPACE_NAME_LABEL]: name };
}

function podOf(manifests: Manifest[], name: string, namespace: string): Manifest {
  const found = manifests.filter((m) => m.kind === 'Deployment' && m.metadata?.name === name && m.metadata?.namespace === namespace);
  if (found.length !== 1) {
    throw new Error(`network: expected one Deployment ${namespace}/${name}, found ${found.length}`);
  }
  return found[0].spec.template;
}

/** The endpoints of the model: generated pods, look-alikes, strangers, controllers, DNS servers and an outside address. */
function endpoints(desc: AppDesc, built: BuiltApp, manifests: Manifest[]): ModelEndpoint[] {
  const list: ModelEndpoint[] = [];
  desc.deployments.forEach((d, index) => {
    const namespace = desc.namespaces[d.namespace].name;
    const template = podOf(manifests, built.deployments[index].name, namespace);
    const labels: Labels = { ...(template.metadata?.labels ?? {}) };
    const containerPorts = (template.spec?.containers ?? []).flatMap((c: Manifest) => (c.ports ?? []).map((p: Manifest) => ({
      name: p.name, port: p.containerPort, protocol: p.protocol ?? 'TCP',
    })));
    list.push({
      role: { kind: 'deployment', index },
      endpoint: { id: `${namespace}/${d.id}`, kind: 'pod', namespace, labels, namespaceLabels: namespaceLabels(manifests, namespace), containerPorts },
    });
    list.push({
      role: { kind: 'lookalike', index },
      endpoint: {
        id: `${LOOKALIKE_NAMESPACE}/${d.id}-lookalike`,
        kind: 'pod',
        namespace: LOOKALIKE_NAMESPACE,
        labels,
        namespaceLabels: { [NAMESPACE_NAME_LABEL]: LOOKALIKE_NAMESPACE },
        containerPorts,
      },
    });
  });
  desc.namespaces.forEach((ns, namespace) => list.push({
    role: { kind: 'stranger', namespace },
    endpoint: { id: `${ns.name}/stranger`, kind: 'pod', namespace: ns.name, labels: { app: 'stranger' }, namespaceLabels: namespaceLabels(manifests, ns.name) },
  }));
  for (const controller of Object.keys(CONTROLLER_PODS) as ControllerChoice[]) {
    const pods = CONTROLLER_PODS[controller];
    list.push({
      role: { kind: 'controller', controller },
      endpoint: { id: `${pods.namespace}/controller`, kind: 'pod', namespace: pods.namespace, labels: { ...pods.labels }, namespaceLabels: { [NAMESPACE_NAME_LABEL]: pods.namespace } },
    });
  }
  list.push({
    role: { kind: 'kubeDns' },
    endpoint: { id: 'kube-system/coredns', kind: 'pod', namespace: KUBE_DNS.namespace, labels: { ...KUBE_DNS.podLabels }, namespaceLabels: { [NAMESPACE_NAME_LABEL]: KUBE_DNS.namespace } },
  });
  list.push({
    role: { kind: 'coreDns' },
    endpoint: { id: 'dns-system/coredns', kind: 'pod', namespace: CORE_DNS.namespace, labels: { ...CORE_DNS.podLabels }, namespaceLabels: { [NAMESPACE_NAME_LABEL]: CORE_DNS.namespace } },
  });
  list.push({ role: { kind: 'nodeLocalDns' }, endpoint: { id: 'node-local-dns', kind: 'external', ip: NODE_LOCAL_DNS_ADDRESS } });
  list.push({ role: { kind: 'internet' }, endpoint: { id: 'internet', kind: 'external', ip: INTERNET_ADDRESS } });
  return list;
}

function dnsAllows(choice: DnsChoice, destination: Role, protocol: Protocol, port: number): boolean {
  if (protocol !== 'UDP' && protocol !== 'TCP') {
    return false;
  }
  switch (choice) {
    case 'kubeDns': return destination.kind === 'kubeDns' && port === KUBE_DNS.port;
    case 'nodeLocal': return (destination.kind === 'kubeDns' || destination.kind === 'nodeLocalDns') && port === KUBE_DNS.port;
    case 'coreDnsPods': return destination.kind === 'coreDns' && port === CORE_DNS.port;
    case 'none': return false;
  }
}

function portListed(ports: PortDesc[], protocol: Protocol, port: number): boolean {
  return ports.some((p) => p.protocol === protocol
    && (p.port === undefined || (p.endPort === undefined ? p.port === port : p.port <= port && port <= p.endPort)));
}

function managed(role: Role): boolean {
  return role.kind === 'deployment' || role.kind === 'stranger';
}

/** Whether the description declares the connection (Kubernetes lets unmanaged pods do what their peers admit). */
export function declared(desc: AppDesc, source: Role, destination: Role, protocol: Protocol, port: number): boolean {
  // The source's side.
  if (managed(source)) {
    const namespace = source.kind === 'deployment' ? desc.deployments[source.index].namespace : (source as { namespace: number }).namespace;
    const dns = dnsAllows(desc.namespaces[namespace].dns, destination, protocol, port)
      || (source.kind === 'deployment' && dnsAllows(desc.deployments[source.index].clusterDns ?? 'kubeDns', destination, protocol, port));
    const edge = source.kind === 'deployment' && destination.kind === 'deployment' && desc.edges.some((e) =>
      e.from === source.index && e.to === destination.index && portListed(edgePorts(desc, e), protocol, port));
    if (!dns && !edge) {
      return false;
    }
  }
  // The destination's side.
  if (!managed(destination)) {
    return true;
  }
  if (destination.kind !== 'deployment') {
    return false;
  }
  const target = desc.deployments[destination.index];
  if (source.kind === 'deployment') {
    return desc.edges.some((e) => e.from === source.index && e.to === destination.index && portListed(edgePorts(desc, e), protocol, port));
  }
  if (source.kind === 'controller') {
    const viaIngress = desc.ingresses.some((ing) => ing.controller === source.controller && ing.backends.includes(destination.index));
    const viaEdge = desc.controllerEdges.some((e) => e.controller === source.controller && e.to === destination.index);
    return (viaIngress || viaEdge) && protocol === 'TCP' && port === target.port;
  }
  return false;
}

/** Every port the description mentions, with the neighbours of ranges, plus DNS and Service ports. */
function candidatePorts(desc: AppDesc): number[] {
  const ports = new Set<number>([53, 5353, 80, 443, 1023, 9000, 12345]);
  for (const d of desc.deployments) {
    for (const p of [d.port, d.servicePort]) {
      if (p !== undefined) ports.add(p);
    }
  }
  for (const e of desc.edges) {
    for (const p of e.ports ?? []) {
      if (p.port !== undefined) {
        [p.port - 1, p.port, p.port + 1].forEach((x) => ports.add(x));
      }
      if (p.endPort !== undefined) {
        [p.endPort - 1, p.endPort, p.endPort + 1].forEach((x) => ports.add(x));
      }
    }
  }
  return [...ports].filter((p) => p >= 1 && p <= 65535).sort((a, b) => a - b);
}

/**
 * Property 4: from the manifests only, the NetworkPolicies admit exactly the declared graph, for every
 * ordered pair of endpoints, protocol and candidate port.
 */
export function checkNetwork(desc: AppDesc, built: BuiltApp, manifests: Manifest[]): void {
  const policies = manifests.filter((m) => m.kind === 'NetworkPolicy') as NetworkPolicyManifest[];
  const oracle = new NetworkOracle(policies);
  const all = endpoints(desc, built, manifests);
  const ports = candidatePorts(desc);
  const wrong: string[] = [];
  for (const source of all) {
    for (const destination of all) {
      for (const protocol of ['TCP', 'UDP'] as Protocol[]) {
        for (const port of ports) {
          const actual = oracle.allows(source.endpoint, destination.endpoint, protocol, port);
          const expected = declared(desc, source.role, destination.role, protocol, port);
          if (actual !== expected && wrong.length < 10) {
            wrong.push(`${source.endpoint.id} -> ${destination.endpoint.id} ${protocol}/${port}: ${actual ? 'allowed' : 'denied'}, `
              + `declared ${expected ? 'allowed' : 'denied'}`);
          }
        }
      }
    }
  }
  if (wrong.length > 0) {
    throw new Error(`network: the NetworkPolicies do not admit exactly the declared graph:\n${wrong.join('\n')}`);
  }
}

/** All five properties on one description. */
export function checkApp(desc: AppDesc): void {
  const { built, yaml } = synthesize(desc);
  const again = buildApp(desc);
  checkAudit(desc, again);
  checkDeterminism(yaml, again.app.synthYaml());
  const manifests = parseManifests(yaml);
  checkApiValidity(manifests);
  checkNetwork(desc, built, manifests);
  const unexplained = unexplainedScannerFindings(manifests);
  if (unexplained.length > 0) {
    throw new Error(`scanner findings that are neither fixed nor exempted with a reason:\n${unexplained.join('\n')}`);
  }
}

/**
 * The Polaris and kube-score findings (test/support/scanner-checks.ts) of the library's own output, except the one a
 * user choice decides: Polaris priorityClassNotSet on pods the app gives no PriorityClass (the fix is a
 * priorityClassName or the SecurityPolicy's defaultPriorityClassName, which the examples set).
 */
export function unexplainedScannerFindings(manifests: Manifest[]): string[] {
  const podSpec = (m: Manifest) => m.spec?.jobTemplate?.spec?.template?.spec ?? m.spec?.template?.spec;
  const withoutClass = new Set(manifests.filter((m) => podSpec(m) && podSpec(m).priorityClassName === undefined)
    .map((m) => `${m.kind}/${m.metadata?.namespace ?? ''}/${m.metadata?.name ?? ''}`));
  return [...polarisFindings(manifests), ...kubeScoreFindings(manifests)]
    .filter((f) => !(f.check === 'priorityClassNotSet' && withoutClass.has(f.object)))
    .map((f) => `${f.scanner} ${f.check} ${f.object}: ${f.message}`);
}
