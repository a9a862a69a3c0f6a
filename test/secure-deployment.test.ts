import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { SecureDeployment } from '../src';
import { activeFindings, chartIn, container, DIGEST, find, IMAGE, Manifest, podSpec, synth } from './secure-deployment-support';
import { validateManifests } from './support/kubernetes-schema';

const HARDENED_CONTAINER_CONTEXT = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  privileged: false,
  readOnlyRootFilesystem: true,
  runAsGroup: 10001,
  runAsNonRoot: true,
  runAsUser: 10001,
  seccompProfile: { type: 'RuntimeDefault' },
};

const DEFAULT_RESOURCES = {
  requests: { 'cpu': '100m', 'memory': '128Mi', 'ephemeral-storage': '64Mi' },
  limits: { 'cpu': '500m', 'memory': '256Mi', 'ephemeral-storage': '512Mi' },
};

function defaultOutput(): Manifest[] {
  const chart = chartIn();
  new SecureDeployment(chart, 'api', { image: IMAGE, port: 8080 });
  return synth(chart);
}

describe('SecureDeployment default output', () => {
  const manifests = defaultOutput();
  const deployment = find(manifests, 'Deployment');
  const spec = podSpec(manifests);
  const main = container(manifests, 'main');

  test('snapshot', () => {
    expect(manifests).toMatchSnapshot();
  });

  test('emits the Deployment, its ServiceAccount, Service, NetworkPolicy and PodDisruptionBudget, all named after it', () => {
    const name = deployment.metadata.name;
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual([
      `Deployment/${name}`, `ServiceAccount/${name}`, `Service/${name}`, `NetworkPolicy/${name}`, `PodDisruptionBudget/${name}`,
    ]);
  });

  test('every object has the explicit namespace (WL-NAMESPACE)', () => {
    expect(manifests.map((m) => m.metadata.namespace)).toEqual(manifests.map(() => 'shop'));
  });

  test('is valid against the Kubernetes 1.28 API', () => {
    expect(validateManifests(manifests)).toEqual([]);
  });

  test('synthesizes byte-identical output twice', () => {
    expect(JSON.stringify(defaultOutput())).toEqual(JSON.stringify(manifests));
  });

  test('audits clean under the hardened and pss-restricted packs', () => {
    const chart = chartIn();
    new SecureDeployment(chart, 'api', { image: IMAGE, port: 8080 });
    expect(activeFindings(chart)).toEqual([]);
  });

  describe('pod level', () => {
    test('runAsNonRoot, numeric runAsUser/runAsGroup/fsGroup 10001 and seccomp RuntimeDefault (POD-RUN-AS-NONROOT, POD-NONROOT-GROUPS, POD-SECCOMP)', () => {
      expect(spec.securityContext).toMatchObject({
        runAsNonRoot: true,
        runAsUser: 10001,
        runAsGroup: 10001,
        fsGroup: 10001,
        seccompProfile: { type: 'RuntimeDefault' },
      });
    });

    test('no service account token, own ServiceAccount (POD-NO-SA-TOKEN, POD-OWN-SA)', () => {
      expect(spec.automountServiceAccountToken).toBe(false);
      expect(spec.serviceAccountName).toEqual(deployment.metadata.name);
      const serviceAccount = find(manifests, 'ServiceAccount');
      expect(serviceAccount.automountServiceAccountToken).toBe(false);
      expect(serviceAccount.metadata.name).toEqual(spec.serviceAccountName);
    });

    test('no host namespaces', () => {
      expect(spec.hostNetwork).toBe(false);
      expect(spec.hostPID).toBeUndefined();
      expect(spec.hostIPC).toBeUndefined();
    });

    test('AppArmor runtime/default for the container (POD-APPARMOR)', () => {
      expect(deployment.spec.template.metadata.annotations).toEqual({
        'container.apparmor.security.beta.kubernetes.io/main': 'runtime/default',
      });
    });

    test('spreads replicas across nodes, by topology spread and preferred anti-affinity (AVAIL-SPREAD)', () => {
      expect(spec.topologySpreadConstraints).toEqual([{
        maxSkew: 1,
        topologyKey: 'kubernetes.io/hostname',
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: { matchLabels: deployment.spec.selector.matchLabels },
      }]);
      expect(spec.affinity).toEqual({
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [{
            weight: 100,
            podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: deployment.spec.selector, namespaces: ['shop'] },
          }],
        },
      });
    });

    test('a writable emptyDir at /tmp with a size limit', () => {
      expect(spec.volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }]);
    });
  });

  describe('container level', () => {
    test('the hardened security context (CTR-*, POD-RUN-AS-NONROOT, POD-HIGH-UID-GID, POD-SECCOMP)', () => {
      expect(main.securityContext).toEqual(HARDENED_CONTAINER_CONTEXT);
    });

    test('cpu, memory and ephemeral-storage requests and limits (CTR-RESOURCES, CTR-EPHEMERAL-STORAGE)', () => {
      expect(main.resources).toEqual(DEFAULT_RESOURCES);
    });

    test('pull policy Always for a tagged image (IMG-PULL-ALWAYS)', () => {
      expect(main.imagePullPolicy).toEqual('Always');
      expect(main.image).toEqual(IMAGE);
    });

    test('readiness and liveness TCP probes of the port, liveness by port name with longer timings (CTR-PROBES)', () => {
      expect(main.ports).toEqual([{ containerPort: 8080, name: 'http', protocol: 'TCP' }]);
      expect(main.readinessProbe).toEqual({
        tcpSocket: { port: 8080 }, initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3, successThreshold: 1,
      });
      expect(main.livenessProbe).toEqual({
        tcpSocket: { port: 'http' }, initialDelaySeconds: 10, periodSeconds: 20, timeoutSeconds: 2, failureThreshold: 3, successThreshold: 1,
      });
      expect(main.startupProbe).toBeUndefined();
    });

    test('/tmp is the only writable path', () => {
      expect(main.volumeMounts).toEqual([{ mountPath: '/tmp', name: 'tmp', readOnly: false }]);
    });
  });

  describe('availability', () => {
    test('2 replicas, rolling update that never drops below capacity (AVAIL-REPLICAS, WL-ROLLING)', () => {
      expect(deployment.spec.replicas).toEqual(2);
      expect(deployment.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } });
    });

    test('a PodDisruptionBudget allowing one disruption, selecting the pods, never blocked by unready pods (AVAIL-PDB)', () => {
      const pdb = find(manifests, 'PodDisruptionBudget');
      expect(pdb.spec).toEqual({ maxUnavailable: 1, unhealthyPodEvictionPolicy: 'AlwaysAllow', selector: deployment.spec.selector });
    });
  });

  describe('recommended labels (META-LABELS)', () => {
    const expected = {
      'app.kubernetes.io/name': 'api',
      'app.kubernetes.io/instance': deployment.metadata.name,
      'app.kubernetes.io/part-of': 'shop',
      'app.kubernetes.io/version': '1.4.2',
      'app.kubernetes.io/managed-by': 'cdk8s-secure',
    };

    test('on every object', () => {
      for (const manifest of manifests) {
        expect(manifest.metadata.labels).toEqual(expected);
      }
    });

    test('on the pod template, besides the selector label', () => {
      expect(deployment.spec.template.metadata.labels).toEqual({ ...expected, ...deployment.spec.selector.matchLabels });
    });
  });

  describe('networking', () => {
    test('a ClusterIP Service forwarding its port to the container port', () => {
      const service = find(manifests, 'Service');
      expect(service.spec.type).toEqual('ClusterIP');
      expect(service.spec.ports).toEqual([{ name: 'http', port: 8080, targetPort: 8080, protocol: 'TCP' }]);
      expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
    });

    test('a NetworkPolicy selecting the pods: both directions isolated, DNS egress only, ingress only from its own pods (NS-DEFAULT-DENY)', () => {
      const policy = find(manifests, 'NetworkPolicy');
      expect(policy.spec).toEqual({
        podSelector: deployment.spec.selector,
        policyTypes: ['Ingress', 'Egress'],
        egress: [{
          to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
          ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
        }],
        ingress: [{ from: [{ podSelector: deployment.spec.selector }], ports: [{ port: 8080, protocol: 'TCP' }] }],
      });
    });
  });
});

describe('containers added to a SecureDeployment get the same hardening', () => {
  function withAddedContainers(): { manifests: Manifest[]; chart: ReturnType<typeof chartIn> } {
    const chart = chartIn();
    const api = new SecureDeployment(chart, 'api', {
      image: IMAGE,
      port: 8080,
      containers: [{
        name: 'from-props',
        image: 'ghcr.io/acme/proxy:2.0.1',
        portNumber: 9901,
        readiness: kplus.Probe.fromHttpGet('/ready'),
        liveness: kplus.Probe.fromHttpGet('/live'),
      }],
      initContainers: [{ name: 'init-from-props', image: 'ghcr.io/acme/migrate:3.1.0' }],
    });
    api.addContainer({
      name: 'added-later',
      image: `ghcr.io/acme/agent@${DIGEST}`,
      portNumber: 9090,
      readiness: kplus.Probe.fromTcpSocket(),
      liveness: kplus.Probe.fromHttpGet('/healthz'),
    });
    api.addInitContainer({ name: 'init-added-later', image: 'ghcr.io/acme/wait:1.0.0' });
    api.addInitContainer({
      name: 'sidecar', image: 'ghcr.io/acme/log-shipper:0.9.0', restartPolicy: kplus.ContainerRestartPolicy.ALWAYS,
    });
    api.attachContainer(new kplus.Container({
      name: 'attached',
      image: 'ghcr.io/acme/exporter:1.2.0',
      portNumber: 9100,
      readiness: kplus.Probe.fromTcpSocket(),
      liveness: kplus.Probe.fromHttpGet('/metrics'),
    }));
    return { manifests: synth(chart), chart };
  }

  const { manifests, chart } = withAddedContainers();
  const names = ['from-props', 'init-from-props', 'added-later', 'init-added-later', 'sidecar', 'attached'];

  test.each(names)('%s: hardened security context', (name) => {
    expect(container(manifests, name).securityContext).toEqual(HARDENED_CONTAINER_CONTEXT);
  });

  test.each(names.filter((name) => name !== 'attached'))('%s: default resources with ephemeral-storage', (name) => {
    expect(container(manifests, name).resources).toEqual(DEFAULT_RESOURCES);
  });

  test('attached: keeps the resources cdk8s-plus gave the Container object and gets ephemeral-storage', () => {
    expect(container(manifests, 'attached').resources).toEqual({
      requests: { 'cpu': '1000m', 'memory': '512Mi', 'ephemeral-storage': '64Mi' },
      limits: { 'cpu': '1500m', 'memory': '2048Mi', 'ephemeral-storage': '512Mi' },
    });
  });

  test.each(names)('%s: AppArmor runtime/default', (name) => {
    expect(find(manifests, 'Deployment').spec.template.metadata.annotations[`container.apparmor.security.beta.kubernetes.io/${name}`])
      .toEqual('runtime/default');
  });

  test.each(names)('%s: its own writable /tmp', (name) => {
    expect(container(manifests, name).volumeMounts).toEqual([{ mountPath: '/tmp', name: `${name}-tmp` }]);
    expect(podSpec(manifests).volumes).toContainEqual({ name: `${name}-tmp`, emptyDir: { sizeLimit: '64Mi' } });
  });

  test('pull policy Always for tags and digests alike (Polaris pullPolicyNotAlways, kube-score container-image-pull-policy)', () => {
    expect(container(manifests, 'from-props').imagePullPolicy).toEqual('Always');
    expect(container(manifests, 'added-later').image).toContain('@sha256:');
    expect(container(manifests, 'added-later').imagePullPolicy).toEqual('Always');
  });

  test('init containers and sidecars are in initContainers, the others in containers', () => {
    expect(podSpec(manifests).initContainers.map((c: Manifest) => c.name)).toEqual(['init-from-props', 'init-added-later', 'sidecar']);
    expect(podSpec(manifests).containers.map((c: Manifest) => c.name)).toEqual(['main', 'from-props', 'added-later', 'attached']);
  });

  test('the NetworkPolicy fallback ingress covers every container port', () => {
    expect(find(manifests, 'NetworkPolicy').spec.ingress[0].ports).toEqual([
      { port: 8080, protocol: 'TCP' }, { port: 9090, protocol: 'TCP' }, { port: 9100, protocol: 'TCP' }, { port: 9901, protocol: 'TCP' },
    ]);
  });

  test('the output is valid against the Kubernetes 1.28 API and audits clean', () => {
    expect(validateManifests(manifests)).toEqual([]);
    expect(activeFindings(chart)).toEqual([]);
  });

  test('a container given its own cdk8s-plus resources keeps them and gets the missing ephemeral-storage', () => {
    const chart2 = chartIn();
    const api = new SecureDeployment(chart2, 'api', { image: IMAGE, port: 8080 });
    api.addContainer({
      name: 'sized',
      image: 'ghcr.io/acme/proxy:2.0.1',
      portNumber: 9901,
      readiness: kplus.Probe.fromTcpSocket(),
      liveness: kplus.Probe.fromHttpGet('/live'),
      resources: { cpu: { request: kplus.Cpu.millis(50), limit: kplus.Cpu.millis(200) }, memory: { limit: Size.mebibytes(64) } },
    });
    expect(container(synth(chart2), 'sized').resources).toEqual({
      requests: { 'cpu': '50m', 'memory': '64Mi', 'ephemeral-storage': '64Mi' },
      limits: { 'cpu': '200m', 'memory': '64Mi', 'ephemeral-storage': '512Mi' },
    });
  });
});
