import { App, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { RuleId, SecureDeployment, SecurityException, WorkloadProbe } from '../src';
import { activeFindings, chartIn, container, deploy, DIGEST, find, IMAGE, Manifest, podSpec, synth, WHY } from './secure-deployment-support';
import { validateManifests } from './support/kubernetes-schema';

describe('SecureDeployment options', () => {
  describe('service and ports', () => {
    test('the Service port may differ from the container port (80 -> 8080)', () => {
      const api = deploy({ servicePort: 80 });
      expect(api.port).toEqual(80);
      expect(api.containerPort).toEqual(8080);
      expect(find(synth(api), 'Service').spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }]);
    });

    test('no port: no Service, no default probes', () => {
      const chart = chartIn();
      const worker = new SecureDeployment(chart, 'worker', {
        image: IMAGE, readiness: WorkloadProbe.exec(['test', '-f', '/tmp/ready']), liveness: WorkloadProbe.exec(['test', '-f', '/tmp/alive']),
      });
      const manifests = synth(chart);
      expect(worker.service).toBeUndefined();
      expect(manifests.map((m) => m.kind)).toEqual(['Deployment', 'ServiceAccount', 'NetworkPolicy', 'PodDisruptionBudget']);
      expect(container(manifests, 'main').ports).toBeUndefined();
      expect(find(manifests, 'NetworkPolicy').spec.ingress).toEqual([{ from: [{ podSelector: { matchLabels: worker.matchLabels } }] }]);
      expect(activeFindings(chart)).toEqual([]);
    });

    test('the container and port names are configurable', () => {
      const manifests = synth(deploy({ containerName: 'api', portName: 'web' }));
      expect(container(manifests, 'api').ports).toEqual([{ containerPort: 8080, name: 'web', protocol: 'TCP' }]);
      expect(container(manifests, 'api').livenessProbe.tcpSocket).toEqual({ port: 'web' });
      expect(find(manifests, 'Deployment').spec.template.metadata.annotations).toEqual({ 'container.apparmor.security.beta.kubernetes.io/api': 'runtime/default' });
    });

    test('cdk8s-plus exposeViaService still works, in the deployment\'s namespace', () => {
      const api = deploy();
      const extra = api.exposeViaService({ name: 'api-internal', ports: [{ port: 9000, targetPort: 8080 }] });
      expect(extra.metadata.namespace).toEqual('shop');
    });
  });

  describe('probes', () => {
    test('HTTP probes with custom paths and timings', () => {
      const main = container(synth(deploy({
        readiness: WorkloadProbe.httpGet('/readyz', { period: Duration.seconds(5) }),
        liveness: WorkloadProbe.httpGet('/livez', { scheme: kplus.ConnectionScheme.HTTPS, failureThreshold: 6 }),
        startup: WorkloadProbe.httpGet('/livez'),
      })), 'main');
      expect(main.readinessProbe).toEqual({
        httpGet: { path: '/readyz', port: 8080 }, initialDelaySeconds: 0, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 3, successThreshold: 1,
      });
      expect(main.livenessProbe).toEqual({
        httpGet: { path: '/livez', port: 8080, scheme: 'HTTPS' }, initialDelaySeconds: 10, periodSeconds: 20, timeoutSeconds: 2, failureThreshold: 6, successThreshold: 1,
      });
      expect(main.startupProbe).toEqual({
        httpGet: { path: '/livez', port: 8080 }, initialDelaySeconds: 0, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 60, successThreshold: 1,
      });
    });

    test('gRPC probes for a gRPC server', () => {
      const chart = chartIn();
      new SecureDeployment(chart, 'api', {
        image: IMAGE,
        port: 9090,
        portName: 'grpc',
        readiness: WorkloadProbe.grpc(),
        liveness: WorkloadProbe.grpc({ service: 'liveness', initialDelay: Duration.seconds(30) }),
      });
      const main = container(synth(chart), 'main');
      expect(main.readinessProbe.grpc).toEqual({ port: 9090 });
      expect(main.livenessProbe).toMatchObject({ grpc: { port: 9090, service: 'liveness' }, initialDelaySeconds: 30 });
      expect(validateManifests(synth(chart))).toEqual([]);
      expect(activeFindings(chart)).toEqual([]);
    });

    test('TCP and exec probes on another port', () => {
      const main = container(synth(deploy({
        readiness: WorkloadProbe.tcpSocket({ port: 8080, timeout: Duration.seconds(1) }),
        liveness: WorkloadProbe.exec(['/bin/health']),
      })), 'main');
      expect(main.readinessProbe).toMatchObject({ tcpSocket: { port: 8080 }, timeoutSeconds: 1 });
      expect(main.livenessProbe).toMatchObject({ exec: { command: ['/bin/health'] } });
    });
  });

  describe('writable paths', () => {
    test('nginx-unprivileged: /var/cache/nginx and /var/run besides /tmp, each an emptyDir with a size limit', () => {
      const chart = chartIn();
      new SecureDeployment(chart, 'web', {
        image: 'nginxinc/nginx-unprivileged:1.25.4',
        port: 8080,
        servicePort: 80,
        writablePaths: [{ path: '/var/cache/nginx', sizeLimit: Size.mebibytes(128) }, { path: '/var/run', medium: kplus.EmptyDirMedium.MEMORY }],
      });
      const manifests = synth(chart);
      expect(container(manifests, 'main').volumeMounts).toEqual([
        { mountPath: '/tmp', name: 'tmp', readOnly: false },
        { mountPath: '/var/cache/nginx', name: 'var-cache-nginx', readOnly: false },
        { mountPath: '/var/run', name: 'var-run', readOnly: false },
      ]);
      expect(podSpec(manifests).volumes).toEqual([
        { name: 'tmp', emptyDir: { sizeLimit: '64Mi' } },
        { name: 'var-cache-nginx', emptyDir: { sizeLimit: '128Mi' } },
        { name: 'var-run', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
      ]);
      expect(activeFindings(chart)).toEqual([]);
    });

    test('/tmp may be given its own size', () => {
      // The pod's ephemeral-storage limit must hold the volume, or the kubelet evicts the pod when it fills.
      const manifests = synth(deploy({ writablePaths: [{ path: '/tmp', sizeLimit: Size.gibibytes(1) }], resources: { ephemeralStorageLimit: '2Gi' } }));
      expect(podSpec(manifests).volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '1024Mi' } }]);
    });
  });

  describe('secrets as files', () => {
    test('secretFiles and mountSecret mount read-only secret volumes with mode 0400', () => {
      const chart = chartIn();
      const db = kplus.Secret.fromSecretName(chart, 'db', 'db-credentials');
      const tls = kplus.Secret.fromSecretName(chart, 'tls', 'api-tls');
      const api = deploy({ secretFiles: [{ secret: db, path: '/etc/secrets/db' }] }, chart);
      api.mountSecret(tls, '/etc/tls', { items: { 'tls.key': { path: 'key.pem' } } });
      const manifests = synth(chart);
      expect(container(manifests, 'main').volumeMounts).toEqual([
        { mountPath: '/tmp', name: 'tmp', readOnly: false },
        { mountPath: '/etc/secrets/db', name: 'secret-db-credentials', readOnly: true },
        { mountPath: '/etc/tls', name: 'secret-api-tls-1', readOnly: true },
      ]);
      expect(podSpec(manifests).volumes).toEqual([
        { name: 'tmp', emptyDir: { sizeLimit: '64Mi' } },
        { name: 'secret-db-credentials', secret: { secretName: 'db-credentials', defaultMode: 0o400 } },
        { name: 'secret-api-tls-1', secret: { secretName: 'api-tls', defaultMode: 0o400, items: [{ key: 'tls.key', path: 'key.pem' }] } },
      ]);
      expect(activeFindings(chart)).toEqual([]);
    });

    test('the same Secret mounted into two containers shares one volume', () => {
      const chart = chartIn();
      const db = kplus.Secret.fromSecretName(chart, 'db', 'db-credentials');
      const api = deploy({}, chart);
      const side = api.addContainer({
        name: 'side', image: 'ghcr.io/acme/side:1.0.0', readiness: kplus.Probe.fromCommand(['true']), liveness: kplus.Probe.fromCommand(['/bin/true']),
      });
      api.mountSecret(db, '/etc/db');
      api.mountSecret(db, '/etc/db', { container: side });
      const volumes = podSpec(synth(chart)).volumes.map((v: Manifest) => v.name);
      expect(volumes.filter((name: string) => name.startsWith('secret-'))).toEqual(['secret-db-credentials']);
    });

    test('a literal value of a harmless name is fine', () => {
      const main = container(synth(deploy({ envVariables: { LOG_LEVEL: kplus.EnvValue.fromValue('info'), KEYCLOAK_URL: kplus.EnvValue.fromValue('https://id') } })), 'main');
      expect(main.env).toEqual([{ name: 'LOG_LEVEL', value: 'info' }, { name: 'KEYCLOAK_URL', value: 'https://id' }]);
    });
  });

  describe('availability', () => {
    test('autoscaling: an HPA on CPU, no fixed replicas, a PDB for the minimum of 2', () => {
      const chart = chartIn();
      const api = deploy({ autoscaling: { maxReplicas: 10 } }, chart);
      const manifests = synth(chart);
      expect(find(manifests, 'Deployment').spec.replicas).toBeUndefined();
      const hpa = find(manifests, 'HorizontalPodAutoscaler');
      expect(hpa.metadata).toMatchObject({ name: api.name, namespace: 'shop' });
      expect(hpa.spec).toMatchObject({
        minReplicas: 2,
        maxReplicas: 10,
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: api.name },
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
      });
      expect(find(manifests, 'PodDisruptionBudget').spec.maxUnavailable).toEqual(1);
      expect(activeFindings(chart)).toEqual([]);
      expect(validateManifests(manifests)).toEqual([]);
    });

    test('autoscaling passes cdk8s-plus\'s own HPA validations at app synthesis', () => {
      const chart = chartIn();
      deploy({ autoscaling: { maxReplicas: 4 } }, chart);
      expect(() => (chart.node.scope as App).synthYaml()).not.toThrow();
    });

    test('an HPA minimum of 1 with AVAIL-REPLICAS: no PodDisruptionBudget', () => {
      const chart = chartIn();
      deploy({ autoscaling: { minReplicas: 1, maxReplicas: 4 }, exceptions: [SecurityException.of(RuleId.AVAIL_REPLICAS, WHY)] }, chart);
      const manifests = synth(chart);
      expect(find(manifests, 'HorizontalPodAutoscaler').spec.minReplicas).toEqual(1);
      expect(manifests.filter((m) => m.kind === 'PodDisruptionBudget')).toEqual([]);
      expect(activeFindings(chart)).toEqual([]);
    });

    test('autoscaling with a custom minimum and CPU target', () => {
      const manifests = synth(deploy({ autoscaling: { minReplicas: 3, maxReplicas: 6, cpuUtilization: 50 } }));
      expect(find(manifests, 'HorizontalPodAutoscaler').spec).toMatchObject({ minReplicas: 3, maxReplicas: 6 });
    });

    test('3 replicas: still one disruption at a time', () => {
      const manifests = synth(deploy({ replicas: 3 }));
      expect(find(manifests, 'Deployment').spec.replicas).toEqual(3);
      expect(find(manifests, 'PodDisruptionBudget').spec.maxUnavailable).toEqual(1);
    });

    test('cdk8s-plus scheduling still works next to the spread constraint', () => {
      const api = deploy();
      api.scheduling.attract(kplus.Node.labeled(kplus.NodeLabelQuery.is('pool', 'apps')));
      const spec = podSpec(synth(api));
      expect(spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toHaveLength(1);
      expect(spec.topologySpreadConstraints).toHaveLength(1);
    });
  });

  describe('images, identity and labels', () => {
    test('a digest-pinned image: Always and a short digest as version', () => {
      const chart = chartIn();
      deploy({ image: `ghcr.io/acme/api@${DIGEST}`, requireDigest: true }, chart);
      const manifests = synth(chart);
      expect(container(manifests, 'main').imagePullPolicy).toEqual('Always');
      expect(find(manifests, 'Deployment').metadata.labels['app.kubernetes.io/version']).toEqual('sha256-a1b2c3d4a1b2');
      expect(activeFindings(chart)).toEqual([]);
    });

    test('tag and digest: the tag is the version', () => {
      const manifests = synth(deploy({ image: `ghcr.io/acme/api:1.4.2@${DIGEST}` }));
      expect(find(manifests, 'Deployment').metadata.labels['app.kubernetes.io/version']).toEqual('1.4.2');
    });

    test('name, part-of and version labels and the object names are configurable', () => {
      const manifests = synth(deploy({ metadata: { name: 'orders-api' }, appName: 'orders', partOf: 'webshop', version: '2024.05' }));
      for (const manifest of manifests) {
        expect(manifest.metadata.name).toEqual('orders-api');
        expect(manifest.metadata.labels).toMatchObject({
          'app.kubernetes.io/name': 'orders',
          'app.kubernetes.io/instance': 'orders-api',
          'app.kubernetes.io/part-of': 'webshop',
          'app.kubernetes.io/version': '2024.05',
        });
      }
    });

    test('metadata.namespace wins over the chart\'s', () => {
      const manifests = synth(deploy({ metadata: { namespace: 'orders' } }, chartIn(null)));
      expect(new Set(manifests.map((m) => m.metadata.namespace))).toEqual(new Set(['orders']));
    });

    test('a custom UID/GID applies to pod and containers', () => {
      const manifests = synth(deploy({ securityContext: { user: 20000, group: 30000 } }));
      expect(podSpec(manifests).securityContext).toMatchObject({ runAsUser: 20000, runAsGroup: 30000, fsGroup: 30000 });
      expect(container(manifests, 'main').securityContext).toMatchObject({ runAsUser: 20000, runAsGroup: 30000 });
    });

    test('custom resources', () => {
      const main = container(synth(deploy({ resources: { cpuRequest: '250m', cpuLimit: '1', memoryRequest: '1Gi', memoryLimit: '1Gi' } })), 'main');
      expect(main.resources).toEqual({
        requests: { 'cpu': '250m', 'memory': '1Gi', 'ephemeral-storage': '64Mi' },
        limits: { 'cpu': '1', 'memory': '1Gi', 'ephemeral-storage': '512Mi' },
      });
    });

    test('a lone request above the default limit pulls the limit along', () => {
      const main = container(synth(deploy({ resources: { memoryRequest: '1Gi' } })), 'main');
      expect(main.resources.limits.memory).toEqual('1Gi');
    });
  });

  describe('service account', () => {
    test('an existing ServiceAccount of the app is used instead of a new one', () => {
      const chart = chartIn();
      const serviceAccount = new kplus.ServiceAccount(chart, 'runner', { metadata: { name: 'runner' } });
      const api = deploy({ serviceAccount }, chart);
      const manifests = synth(chart);
      expect(api.serviceAccount).toBe(serviceAccount);
      expect(podSpec(manifests).serviceAccountName).toEqual('runner');
      expect(manifests.filter((m) => m.kind === 'ServiceAccount').map((m) => m.metadata.name)).toEqual(['runner']);
      expect(activeFindings(chart)).toEqual([]);
    });

    test('a Role bound to the deployment binds its own ServiceAccount', () => {
      const chart = chartIn();
      const api = deploy({}, chart);
      new kplus.Role(chart, 'reader').bind(api);
      const binding = find(synth(chart), 'RoleBinding');
      expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: api.name, namespace: 'shop', apiGroup: '' }]);
    });
  });
});
