import { App, Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  ClusterDns, IngressControllerProfile, IngressTls, SecureDeployment, SecureIngress, SecureIngressBackend, SecureNamespace, SecurePeer,
  SecurityPolicy, WorkloadProbe, WorkloadResources,
} from '../../src';

/*
 * A plain-data description of an app built from the library's public API. The generators produce
 * descriptions, `buildApp` turns one into constructs, and the properties compare what the library
 * emits with what the description declares. Descriptions hold no constructs, so the same
 * description can be built twice (determinism) and printed as a counterexample.
 */

/** Where a workload's or a namespace's DNS egress goes. */
export type DnsChoice = 'kubeDns' | 'nodeLocal' | 'coreDnsPods' | 'none';

/** The ingress controllers the model knows (the library's built-in profiles with their default pods). */
export type ControllerChoice = 'nginx' | 'traefik';

/** A NetworkPolicy port of an `allowFrom`/`allowTo` edge. */
export interface PortDesc {
  readonly protocol: 'TCP' | 'UDP';
  /** Absent: every port of the protocol. */
  readonly port?: number;
  /** Last port of a range starting at `port`. */
  readonly endPort?: number;
}

export interface NamespaceDesc {
  readonly name: string;
  readonly dns: DnsChoice;
}

export interface ImageDesc {
  /** Registry and repository, e.g. `ghcr.io/acme/api` or `nginxinc/nginx-unprivileged` (Docker Hub). */
  readonly repository: string;
  /** The registry entry of a SecurityPolicy that allows this repository. */
  readonly registry: string;
  readonly tag?: string;
  /** 64 hex digits. */
  readonly digest?: string;
}

export interface WritablePathDesc {
  readonly path: string;
  readonly sizeMi: number;
  readonly memory: boolean;
}

export type ProbeChoice = 'default' | 'http' | 'grpc' | 'tcp' | 'exec';

export interface DeploymentDesc {
  /** Construct id; unique in the app, a DNS-1123 label. */
  readonly id: string;
  /** Index into `AppDesc.namespaces`. */
  readonly namespace: number;
  /** `metadata.name`, else the name cdk8s generates. */
  readonly name?: string;
  readonly image: ImageDesc;
  /** The main container's port (>= 1024); absent for a worker. */
  readonly port?: number;
  readonly servicePort?: number;
  readonly portName?: string;
  readonly containerName?: string;
  readonly replicas?: number;
  readonly autoscaling?: { readonly minReplicas: number; readonly maxReplicas: number; readonly cpuUtilization?: number };
  readonly env: Record<string, string>;
  /** Secret names, each mounted at `/mnt/secrets/<name>`. */
  readonly secretFiles: string[];
  readonly writablePaths: WritablePathDesc[];
  readonly probes: ProbeChoice;
  readonly startupProbe: boolean;
  readonly resources?: WorkloadResources;
  /** The deployment's own DNS egress; absent: the library default (kube-dns). */
  readonly clusterDns?: DnsChoice;
  /** `platform`: a class the SecurityPolicy lists; `emitted`: a PriorityClass object of the app; `system`: system-cluster-critical. */
  readonly priorityClass?: 'platform' | 'emitted' | 'system';
}

/** `from` may connect to `to` on `ports` (default: `to`'s container ports), declared on one of the two ends. */
export interface EdgeDesc {
  readonly from: number;
  readonly to: number;
  /** `allowTo`: `from.allowTo(to)`; `allowFrom`: `to.allowFrom(from)`; `both`: both calls. */
  readonly declaredBy: 'allowTo' | 'allowFrom' | 'both';
  readonly ports?: PortDesc[];
}

/** `deployment.allowFrom(SecurePeer.ingressController(...))` for the controller's default pods. */
export interface ControllerEdgeDesc {
  readonly controller: ControllerChoice;
  readonly to: number;
}

export interface IngressDesc {
  /** `metadata.name`, a DNS-1123 label, unique in the app. */
  readonly name: string;
  readonly controller: ControllerChoice;
  /** Deployments with a port, all in the same namespace (the first one's). */
  readonly backends: number[];
  readonly tls: 'clusterIssuer' | 'secret';
}

export interface PolicyDesc {
  readonly restrictRegistries: boolean;
  readonly requireDigest: boolean;
  readonly requiredLabels: boolean;
  readonly defaultResources?: WorkloadResources;
}

export interface AppDesc {
  readonly namespaces: NamespaceDesc[];
  readonly deployments: DeploymentDesc[];
  readonly edges: EdgeDesc[];
  readonly controllerEdges: ControllerEdgeDesc[];
  readonly ingresses: IngressDesc[];
  readonly policy?: PolicyDesc;
}

/** The DNS servers of the model and the ingress controllers' default pods. */
export const CORE_DNS = { namespace: 'dns-system', podLabels: { 'app.kubernetes.io/name': 'coredns' }, port: 5353 } as const;
export const NODE_LOCAL_DNS_ADDRESS = '169.254.20.10';
export const KUBE_DNS = { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' }, port: 53 } as const;
export const CONTROLLER_PODS: Record<ControllerChoice, { namespace: string; labels: Record<string, string> }> = {
  nginx: { namespace: 'ingress-nginx', labels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' } },
  traefik: { namespace: 'traefik', labels: { 'app.kubernetes.io/name': 'traefik' } },
};
export const PLATFORM_PRIORITY_CLASS = 'business-critical';
export const EMITTED_PRIORITY_CLASS = 'app-critical';
export const REQUIRED_LABELS = { 'team': 'checkout', 'example.com/cost-center': 'cc-1234' } as const;

/** The image reference a description stands for. */
export function imageReference(image: ImageDesc): string {
  return `${image.repository}${image.tag ? `:${image.tag}` : ''}${image.digest ? `@sha256:${image.digest}` : ''}`;
}

/** The ports an edge to `to` allows when it gives none: the receiving deployment's container port. */
export function edgePorts(app: AppDesc, edge: EdgeDesc): PortDesc[] {
  return edge.ports ?? [{ protocol: 'TCP', port: app.deployments[edge.to].port! }];
}

function clusterDns(choice: DnsChoice): ClusterDns {
  switch (choice) {
    case 'kubeDns': return ClusterDns.kubeDns();
    case 'nodeLocal': return ClusterDns.nodeLocal();
    case 'coreDnsPods': return ClusterDns.pods({ namespace: CORE_DNS.namespace, podLabels: { ...CORE_DNS.podLabels }, port: CORE_DNS.port });
    case 'none': return ClusterDns.none();
  }
}

function probes(d: DeploymentDesc): { readiness?: WorkloadProbe; liveness?: WorkloadProbe; startup?: WorkloadProbe } {
  const startup = d.startupProbe ? (d.port === undefined ? WorkloadProbe.exec(['/bin/started']) : WorkloadProbe.httpGet('/startz')) : undefined;
  switch (d.probes) {
    case 'default': return { startup };
    case 'http': return { readiness: WorkloadProbe.httpGet('/readyz'), liveness: WorkloadProbe.httpGet('/livez'), startup };
    case 'grpc': return { readiness: WorkloadProbe.grpc({ service: 'readiness' }), liveness: WorkloadProbe.grpc({ service: 'liveness' }), startup };
    case 'tcp': return { readiness: WorkloadProbe.tcpSocket(), liveness: WorkloadProbe.httpGet('/livez'), startup };
    case 'exec': return { readiness: WorkloadProbe.exec(['/bin/ready']), liveness: WorkloadProbe.exec(['/bin/alive']), startup };
  }
}

function policyPort(port: PortDesc): kplus.NetworkPolicyPort {
  if (port.port === undefined) {
    return port.protocol === 'TCP' ? kplus.NetworkPolicyPort.allTcp() : kplus.NetworkPolicyPort.allUdp();
  }
  if (port.endPort !== undefined) {
    return port.protocol === 'TCP' ? kplus.NetworkPolicyPort.tcpRange(port.port, port.endPort) : kplus.NetworkPolicyPort.udpRange(port.port, port.endPort);
  }
  return port.protocol === 'TCP' ? kplus.NetworkPolicyPort.tcp(port.port) : kplus.NetworkPolicyPort.udp(port.port);
}

/** The constructs of a built app, by the indexes of the description. */
export interface BuiltApp {
  readonly app: App;
  readonly deployments: SecureDeployment[];
  readonly ingresses: SecureIngress[];
}

/** Builds the app a description stands for, with the public API only. */
export function buildApp(desc: AppDesc): BuiltApp {
  const app = Testing.app();
  const policy = desc.policy;
  if (policy) {
    SecurityPolicy.apply(app, {
      allowedRegistries: policy.restrictRegistries ? [...new Set(desc.deployments.map((d) => d.image.registry))].sort() : undefined,
      requireDigest: policy.requireDigest || undefined,
      requiredLabels: policy.requiredLabels ? Object.keys(REQUIRED_LABELS) : undefined,
      platformPriorityClasses: [PLATFORM_PRIORITY_CLASS],
      defaultResources: policy.defaultResources,
    });
  }
  const labels = policy?.requiredLabels ? { ...REQUIRED_LABELS } : undefined;
  const platform = new Chart(app, 'platform', { labels });
  for (const ns of desc.namespaces) {
    new SecureNamespace(platform, `ns-${ns.name}`, { metadata: { name: ns.name }, dns: clusterDns(ns.dns) });
  }
  if (desc.deployments.some((d) => d.priorityClass === 'emitted')) {
    new kplus.k8s.KubePriorityClass(platform, 'priority', {
      metadata: { name: EMITTED_PRIORITY_CLASS, labels: { 'app.kubernetes.io/managed-by': 'cdk8s-secure' } },
      value: 1000,
      description: 'Customer-facing workloads',
    });
  }
  const charts = desc.namespaces.map((ns) => {
    const chart = new Chart(app, ns.name, { namespace: ns.name, labels });
    chart.addDependency(platform);
    return chart;
  });

  const deployments = desc.deployments.map((d) => {
    const chart = charts[d.namespace];
    return new SecureDeployment(chart, d.id, {
      metadata: d.name === undefined ? undefined : { name: d.name },
      image: imageReference(d.image),
      port: d.port,
      servicePort: d.servicePort,
      portName: d.portName,
      containerName: d.containerName,
      replicas: d.replicas,
      autoscaling: d.autoscaling,
      envVariables: Object.keys(d.env).length === 0 ? undefined
        : Object.fromEntries(Object.entries(d.env).map(([name, value]) => [name, kplus.EnvValue.fromValue(value)])),
      secretFiles: d.secretFiles.map((name) => ({ secret: kplus.Secret.fromSecretName(chart, `${d.id}-secret-${name}`, name), path: `/mnt/secrets/${name}` })),
      writablePaths: d.writablePaths.map((w) => ({
        path: w.path, sizeLimit: Size.mebibytes(w.sizeMi), medium: w.memory ? kplus.EmptyDirMedium.MEMORY : undefined,
      })),
      ...probes(d),
      resources: d.resources,
      clusterDns: d.clusterDns === undefined ? undefined : clusterDns(d.clusterDns),
      priorityClassName: d.priorityClass === undefined ? undefined
        : { platform: PLATFORM_PRIORITY_CLASS, emitted: EMITTED_PRIORITY_CLASS, system: 'system-cluster-critical' }[d.priorityClass],
    });
  });

  for (const edge of desc.edges) {
    const options = edge.ports ? { ports: edge.ports.map(policyPort) } : {};
    const from = deployments[edge.from];
    const to = deployments[edge.to];
    if (edge.declaredBy !== 'allowFrom') {
      from.allowTo(SecurePeer.deployment(to), options);
    }
    if (edge.declaredBy !== 'allowTo') {
      to.allowFrom(SecurePeer.deployment(from), options);
    }
  }
  for (const edge of desc.controllerEdges) {
    const pods = CONTROLLER_PODS[edge.controller];
    deployments[edge.to].allowFrom(SecurePeer.ingressController(pods.namespace, { ...pods.labels }));
  }

  const ingresses = desc.ingresses.map((ing) => {
    const chart = charts[desc.deployments[ing.backends[0]].namespace];
    return new SecureIngress(chart, ing.name, {
      metadata: { name: ing.name },
      controller: ing.controller === 'nginx' ? IngressControllerProfile.nginx() : IngressControllerProfile.traefik(),
      tls: ing.tls === 'clusterIssuer' ? IngressTls.certManagerClusterIssuer('letsencrypt-prod') : IngressTls.fromSecret(`${ing.name}-tls`),
      rules: ing.backends.map((b) => ({
        host: `${desc.deployments[b].id}.${ing.name}.example.com`,
        backend: SecureIngressBackend.fromDeployment(deployments[b]),
      })),
    });
  });
  return { app, deployments, ingresses };
}
