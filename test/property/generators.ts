import * as fc from 'fast-check';
import {
  AppDesc, ControllerChoice, ControllerEdgeDesc, DeploymentDesc, DnsChoice, EdgeDesc, ImageDesc, IngressDesc, NamespaceDesc, PolicyDesc, PortDesc,
  WritablePathDesc,
} from './app-model';
import { WorkloadResources } from '../../src';

/*
 * Generators of app descriptions that the library documents as valid, and that stay well inside
 * that space (see docs/testing.md for the list of assumptions):
 * - names are DNS-1123 labels from fixed pools, unique in the app; namespaces never reserved ones
 *   nor those of the model's DNS servers and ingress controllers;
 * - container ports are >= 1024 and distinct from each other's names; Service ports may be 80/443;
 * - env names end in words that are not secret-looking, values are short lower-case words;
 * - writable paths are below /var, /data or /home, never on a system directory, never /tmp, never
 *   overlapping one another or the secret mounts (/mnt/secrets/<name>); their size limits plus /tmp
 *   stay below the smallest ephemeral-storage limit generated (512Mi), a memory-backed one at 32Mi;
 * - requests and limits are drawn from pools where every request <= every limit and all are inside
 *   the namespace LimitRange (max cpu 2, memory 4Gi) and, summed over replicas, inside the quota;
 * - a SecurityPolicy's allowed registries always include the generated images' registries, and
 *   requireDigest only comes with digest-pinned images.
 */

const NAMESPACE_NAMES = ['shop', 'payments', 'search', 'team-a', 'analytics'];
const DEPLOYMENT_IDS = ['api', 'web', 'worker', 'cache', 'auth', 'billing', 'queue', 'frontend', 'reports'];
const INGRESS_NAMES = ['public', 'internal', 'partner'];

const REPOSITORIES: { repository: string; registry: string }[] = [
  { repository: 'ghcr.io/acme/api', registry: 'ghcr.io/acme' },
  { repository: 'ghcr.io/acme/team/worker', registry: 'ghcr.io/acme' },
  { repository: 'registry.example.com/shop/web', registry: 'registry.example.com' },
  { repository: 'localhost:5000/tools/job', registry: 'localhost:5000' },
  { repository: 'nginxinc/nginx-unprivileged', registry: 'docker.io/nginxinc' },
];

const PORTS = [3000, 5432, 6379, 8080, 8443, 9090, 50051];
const ENV_NAMES = ['LOG_LEVEL', 'APP_MODE', 'HTTP_TIMEOUT', 'REGION', 'CACHE_TTL', 'WORKER_COUNT', 'FEATURE_FLAGS', 'PASSWORD_FILE', 'AUTH_SERVER_URL'];
const WRITABLE_PATHS = ['/var/cache/app', '/var/lib/app', '/var/log/app', '/data', '/home/app/.cache'];
const SECRET_NAMES = ['db-credentials', 'api-keys', 'tls-cert'];

const CPU_REQUESTS = ['50m', '100m', '200m'];
const CPU_LIMITS = ['500m', '750m', '1'];
const MEMORY_REQUESTS = ['64Mi', '128Mi', '256Mi'];
const MEMORY_LIMITS = ['256Mi', '512Mi', '1Gi'];
const EPHEMERAL_REQUESTS = ['32Mi', '64Mi', '128Mi'];
const EPHEMERAL_LIMITS = ['512Mi', '1Gi'];

const DNS_CHOICES: DnsChoice[] = ['kubeDns', 'nodeLocal', 'coreDnsPods', 'none'];
const CONTROLLERS: ControllerChoice[] = ['nginx', 'traefik'];

const hex64 = fc.stringMatching(/^[0-9a-f]{64}$/);
const tag = fc.oneof(
  fc.tuple(fc.nat(20), fc.nat(30), fc.nat(99)).map(([a, b, c]) => `${a}.${b}.${c}`),
  fc.tuple(fc.nat(9), fc.nat(9)).map(([a, b]) => `v${a}.${b}`),
  fc.constantFrom('stable-2024', '1.27.2-alpine'),
);

function image(requireDigest: boolean): fc.Arbitrary<ImageDesc> {
  const pinning: fc.Arbitrary<{ tag?: string; digest?: string }> = requireDigest
    ? fc.record({ tag: fc.option(tag, { nil: undefined }), digest: hex64 })
    : fc.oneof(
      fc.record({ tag }),
      fc.record({ digest: hex64 }),
      fc.record({ tag, digest: hex64 }),
    );
  return fc.tuple(fc.constantFrom(...REPOSITORIES), pinning).map(([repo, pin]) => ({ ...repo, ...pin }));
}

function optionalPick(values: string[]): fc.Arbitrary<string | undefined> {
  return fc.option(fc.constantFrom(...values), { nil: undefined });
}

/** Each field optional; every request of the pools is at most every limit, so any combination is ordered. */
const resources: fc.Arbitrary<WorkloadResources> = fc.record({
  cpuRequest: optionalPick(CPU_REQUESTS),
  cpuLimit: optionalPick(CPU_LIMITS),
  memoryRequest: optionalPick(MEMORY_REQUESTS),
  memoryLimit: optionalPick(MEMORY_LIMITS),
  ephemeralStorageRequest: optionalPick(EPHEMERAL_REQUESTS),
  ephemeralStorageLimit: optionalPick(EPHEMERAL_LIMITS),
}).map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as WorkloadResources);

const writablePaths: fc.Arbitrary<WritablePathDesc[]> = fc.uniqueArray(fc.constantFrom(...WRITABLE_PATHS), { maxLength: 3 }).chain((paths) =>
  fc.tuple(...paths.map((path, index) => fc.record({
    path: fc.constant(path),
    sizeMi: fc.integer({ min: 16, max: 128 }),
    // At most the first one in memory, small: it counts towards the memory limit (>= 256Mi).
    memory: index === 0 ? fc.boolean() : fc.constant(false),
  }))).map((list) => list.map((w) => (w.memory ? { ...w, sizeMi: Math.min(w.sizeMi, 32) } : w))),
);

const env: fc.Arbitrary<Record<string, string>> = fc.dictionary(
  fc.constantFrom(...ENV_NAMES),
  fc.stringMatching(/^[a-z][a-z0-9.-]{0,11}$/),
  { maxKeys: 3 },
).map((vars) => {
  // The *_FILE and *_URL names point to where a secret is; give them such values.
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(vars)) {
    out[name] = name === 'PASSWORD_FILE' ? '/mnt/secrets/db-credentials/password' : name === 'AUTH_SERVER_URL' ? 'https://auth.example.com/token' : value;
  }
  return out;
});

function deployment(id: string, namespaces: number, requireDigest: boolean, priorityPlatform: boolean): fc.Arbitrary<DeploymentDesc> {
  return fc.record({
    namespace: fc.nat(namespaces - 1),
    explicitName: fc.boolean(),
    image: image(requireDigest),
    port: fc.option(fc.constantFrom(...PORTS), { nil: undefined, freq: 5 }),
    servicePort: fc.option(fc.constantFrom(80, 443, 8081), { nil: undefined }),
    portName: fc.option(fc.constantFrom('web', 'grpc-api'), { nil: undefined }),
    containerName: fc.option(fc.constantFrom('app', 'server'), { nil: undefined }),
    scaling: fc.oneof(
      fc.record({ replicas: fc.option(fc.integer({ min: 2, max: 3 }), { nil: undefined }) }),
      fc.integer({ min: 2, max: 3 }).chain((min) => fc.record({
        autoscaling: fc.record({
          minReplicas: fc.constant(min),
          maxReplicas: fc.integer({ min: min + 1, max: 6 }),
          cpuUtilization: fc.option(fc.integer({ min: 50, max: 90 }), { nil: undefined }),
        }, { requiredKeys: ['minReplicas', 'maxReplicas'] }),
      })),
    ),
    env,
    secretFiles: fc.uniqueArray(fc.constantFrom(...SECRET_NAMES), { maxLength: 2 }),
    writablePaths,
    probes: fc.constantFrom('default', 'http', 'grpc', 'tcp', 'exec'),
    startupProbe: fc.boolean(),
    resources: fc.option(resources, { nil: undefined }),
    clusterDns: fc.option(fc.constantFrom(...DNS_CHOICES), { nil: undefined }),
    priorityClass: fc.option(fc.constantFrom(...(priorityPlatform ? ['platform', 'emitted', 'system'] as const : ['emitted', 'system'] as const)),
      { nil: undefined }),
  }).map((r): DeploymentDesc => {
    const port = r.port;
    return {
      id,
      namespace: r.namespace,
      name: r.explicitName ? `${id}-svc` : undefined,
      image: r.image,
      port,
      servicePort: port === undefined ? undefined : r.servicePort,
      portName: port === undefined ? undefined : r.portName,
      containerName: r.containerName,
      ...r.scaling,
      env: r.env,
      // PASSWORD_FILE names a file of the db-credentials Secret, which must then be mounted (else Polaris flags it).
      secretFiles: r.env.PASSWORD_FILE !== undefined && !r.secretFiles.includes('db-credentials') ? [...r.secretFiles, 'db-credentials'] : r.secretFiles,
      writablePaths: r.writablePaths,
      // Without a port only exec probes can be given (the others need a port).
      probes: port === undefined ? 'exec' : r.probes,
      startupProbe: r.startupProbe,
      resources: r.resources,
      clusterDns: r.clusterDns,
      priorityClass: r.priorityClass,
    };
  });
}

const port: fc.Arbitrary<PortDesc> = fc.oneof(
  { arbitrary: fc.record({ protocol: fc.constantFrom('TCP' as const, 'UDP' as const), port: fc.constantFrom(...PORTS, 1024, 65535) }), weight: 4 },
  {
    arbitrary: fc.tuple(fc.constantFrom('TCP' as const, 'UDP' as const), fc.integer({ min: 1024, max: 60000 }), fc.integer({ min: 1, max: 5000 }))
      .map(([protocol, start, width]) => ({ protocol, port: start, endPort: start + width })),
    weight: 1,
  },
  { arbitrary: fc.record({ protocol: fc.constantFrom('TCP' as const, 'UDP' as const) }), weight: 1 },
);

function edges(deployments: DeploymentDesc[]): fc.Arbitrary<EdgeDesc[]> {
  const count = deployments.length;
  const edge = fc.record({
    from: fc.nat(count - 1),
    to: fc.nat(count - 1),
    declaredBy: fc.constantFrom('allowTo' as const, 'allowFrom' as const, 'both' as const),
    ports: fc.option(fc.array(port, { minLength: 1, maxLength: 3 }), { nil: undefined }),
  }).map((e): EdgeDesc => (e.ports === undefined && deployments[e.to].port === undefined
    // A receiver without a container port needs explicit ports (else nothing to allow: a documented error).
    ? { ...e, ports: [{ protocol: 'TCP', port: 9000 }] }
    : e.ports === undefined ? { from: e.from, to: e.to, declaredBy: e.declaredBy } : e));
  return fc.array(edge, { maxLength: 8 });
}

function ingresses(deployments: DeploymentDesc[]): fc.Arbitrary<IngressDesc[]> {
  const withPort = deployments.map((d, index) => ({ d, index })).filter(({ d }) => d.port !== undefined);
  if (withPort.length === 0) {
    return fc.constant([]);
  }
  const ingress = fc.record({
    first: fc.constantFrom(...withPort.map(({ index }) => index)),
    more: fc.boolean(),
    controller: fc.constantFrom(...CONTROLLERS),
    tls: fc.constantFrom('clusterIssuer' as const, 'secret' as const),
  }).map(({ first, more, controller, tls }) => {
    const sameNamespace = withPort.filter(({ d, index }) => index !== first && d.namespace === deployments[first].namespace)
      .map(({ index }) => index);
    return { controller, tls, backends: more ? [first, ...sameNamespace] : [first] };
  });
  return fc.array(ingress, { maxLength: INGRESS_NAMES.length }).map((list) => list.map((ing, i) => ({ ...ing, name: INGRESS_NAMES[i] })));
}

function controllerEdges(deployments: DeploymentDesc[]): fc.Arbitrary<ControllerEdgeDesc[]> {
  const withPort = deployments.map((d, index) => ({ d, index })).filter(({ d }) => d.port !== undefined).map(({ index }) => index);
  if (withPort.length === 0) {
    return fc.constant([]);
  }
  return fc.array(fc.record({ controller: fc.constantFrom(...CONTROLLERS), to: fc.constantFrom(...withPort) }), { maxLength: 2 });
}

const policy: fc.Arbitrary<PolicyDesc | undefined> = fc.option(fc.record({
  restrictRegistries: fc.boolean(),
  requireDigest: fc.boolean(),
  requiredLabels: fc.boolean(),
  defaultResources: fc.option(resources, { nil: undefined }),
}, { requiredKeys: ['restrictRegistries', 'requireDigest', 'requiredLabels'] }), { nil: undefined });

/** A random valid app: 1-3 SecureNamespaces, 1-6 SecureDeployments, edges, ingresses, sometimes a SecurityPolicy. */
export const appDesc: fc.Arbitrary<AppDesc> = fc.record({
  namespaces: fc.uniqueArray(fc.constantFrom(...NAMESPACE_NAMES), { minLength: 1, maxLength: 3 }),
  ids: fc.shuffledSubarray(DEPLOYMENT_IDS, { minLength: 1, maxLength: 6 }),
  nsDns: fc.array(fc.constantFrom(...DNS_CHOICES), { minLength: 3, maxLength: 3 }),
  policy,
}).chain(({ namespaces, ids, nsDns, policy: pol }) => {
  const nsDescs: NamespaceDesc[] = namespaces.map((name, i) => ({ name, dns: nsDns[i] }));
  return fc.tuple(...ids.map((id) => deployment(id, nsDescs.length, pol?.requireDigest ?? false, pol !== undefined))).chain((deployments) =>
    fc.record({
      edges: edges(deployments),
      controllerEdges: controllerEdges(deployments),
      ingresses: ingresses(deployments),
    }).map((rest): AppDesc => ({ namespaces: nsDescs, deployments, ...rest, policy: pol })));
});
