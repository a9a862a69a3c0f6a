import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { RuleId, SecureDeployment, SecurePeer, SecurityException, WorkloadProbe } from '../src';
import { chartIn, deploy, IMAGE, synth, WHY } from './secure-deployment-support';

describe('SecureDeployment rejects bad input with the construct path, prop, value and fix', () => {
  test('the message names all four', () => {
    expect(() => deploy({ image: 'ghcr.io/acme/api' })).toThrow(
      /^shop\/api: invalid 'image': received "ghcr\.io\/acme\/api"; .*no tag.*\. Fix: .*SecurityException\.of\(RuleId\.IMG_TAG/);
  });

  describe('images', () => {
    test.each([
      ['no tag', 'ghcr.io/acme/api', 'has no tag'],
      ['latest', 'ghcr.io/acme/api:latest', 'uses the mutable tag "latest"'],
      ['LATEST in another case', 'nginx:Latest', 'uses the mutable tag "latest"'],
    ])('%s', (_, image, message) => {
      expect(() => deploy({ image })).toThrow(message);
    });

    test.each([
      ['upper-case repository', 'Acme/api:1.0'],
      ['space', 'acme/api :1.0'],
      ['empty', ''],
      ['bad tag', 'acme/api:-1.0'],
      ['short digest', 'acme/api@sha256:abc'],
      ['double slash', 'ghcr.io//api:1.0'],
    ])('malformed reference: %s', (_, image) => {
      expect(() => deploy({ image })).toThrow(`shop/api: invalid 'image': received ${JSON.stringify(image)}`);
    });

    test('malformed image of a container added later', () => {
      const api = deploy();
      expect(() => api.addContainer({ name: 'side', image: 'Not An Image' })).toThrow("invalid 'containers[side].image'");
    });

    test('requireDigest rejects a tag-only image', () => {
      expect(() => deploy({ requireDigest: true })).toThrow('requireDigest is set and the image is not pinned by digest');
    });

    test('a pull policy other than Always for a tagged image needs an exception (IMG-PULL-ALWAYS)', () => {
      expect(() => deploy({ imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT })).toThrow('RuleId.IMG_PULL_ALWAYS');
    });

    test('IfNotPresent or Never for a digest-pinned image needs an exception too (IMG-PULL-ALWAYS)', () => {
      const image = `ghcr.io/acme/api@sha256:${'ab'.repeat(32)}`;
      for (const policy of [kplus.ImagePullPolicy.IF_NOT_PRESENT, kplus.ImagePullPolicy.NEVER]) {
        expect(() => deploy({ image, imagePullPolicy: policy })).toThrow('a digest-pinned image is pulled with Always too');
      }
      const exceptions = [SecurityException.of(RuleId.IMG_PULL_ALWAYS, WHY)];
      expect(() => deploy({ image, imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT, exceptions }))
        .not.toThrow();
    });
  });

  describe('security context', () => {
    test('runAsUser 0 at pod level', () => {
      expect(() => deploy({ securityContext: { user: 0 } })).toThrow("invalid 'securityContext.user': received 0; the process would run as root");
    });

    test('runAsUser 0 at container level', () => {
      expect(() => deploy({ containerSecurityContext: { user: 0 } })).toThrow("invalid 'containers[main].securityContext.user': received 0");
    });

    test('runAsUser 0 even with its exception, while runAsNonRoot stays true', () => {
      expect(() => deploy({ securityContext: { user: 0 }, exceptions: [SecurityException.of(RuleId.POD_RUNASUSER_NONZERO, WHY)] }))
        .toThrow('UID 0 contradicts runAsNonRoot: true');
    });

    test('a UID of 10000 or less (POD-HIGH-UID-GID)', () => {
      expect(() => deploy({ securityContext: { user: 1000 } })).toThrow('RuleId.POD_HIGH_UID_GID');
    });

    test('runAsGroup 0 (POD-NONROOT-GROUPS)', () => {
      expect(() => deploy({ securityContext: { group: 0 } })).toThrow("invalid 'securityContext.group'");
    });

    test('a negative or fractional UID', () => {
      expect(() => deploy({ securityContext: { user: -5 } })).toThrow('a UID/GID is a whole number');
      expect(() => deploy({ containerSecurityContext: { user: 10001.5 } })).toThrow('a UID/GID is a whole number');
    });

    test('ensureNonRoot: false', () => {
      expect(() => deploy({ securityContext: { ensureNonRoot: false } })).toThrow('RuleId.POD_RUN_AS_NONROOT');
      expect(() => deploy({ containerSecurityContext: { ensureNonRoot: false } })).toThrow("invalid 'containers[main].securityContext.ensureNonRoot'");
    });

    test('privileged without an exception', () => {
      expect(() => deploy({ containerSecurityContext: { privileged: true } }))
        .toThrow("invalid 'containers[main].securityContext.privileged': received true; a privileged container has full access to the node");
    });

    test('privilege escalation without an exception', () => {
      expect(() => deploy({ containerSecurityContext: { allowPrivilegeEscalation: true } })).toThrow('RuleId.CTR_NO_PRIV_ESC');
    });

    test('a writable root file system without an exception', () => {
      expect(() => deploy({ containerSecurityContext: { readOnlyRootFilesystem: false } })).toThrow('declare the paths the software writes with writablePaths');
    });

    test('added capabilities without an exception', () => {
      expect(() => deploy({ containerSecurityContext: { capabilities: { add: [kplus.Capability.NET_BIND_SERVICE] } } })).toThrow('RuleId.CTR_CAPS_ADD');
    });

    test.each([[[]], [[kplus.Capability.NET_RAW]]])('a drop list without ALL (%j) without an exception, never silently completed', (drop) => {
      expect(() => deploy({ containerSecurityContext: { capabilities: { drop } } })).toThrow(
        "invalid 'containers[main].securityContext.capabilities.drop'");
      const api = deploy();
      expect(() => api.addInitContainer({
        name: 'sidecar', image: IMAGE, restartPolicy: kplus.ContainerRestartPolicy.ALWAYS, securityContext: { capabilities: { drop } },
      })).toThrow('RuleId.CTR_DROP_ALL');
    });

    test('an unconfined seccomp profile without an exception', () => {
      expect(() => deploy({ containerSecurityContext: { seccompProfile: { type: kplus.SeccompProfileType.UNCONFINED } } })).toThrow('RuleId.POD_SECCOMP');
    });

    test('an unsafe sysctl without an exception', () => {
      expect(() => deploy({ securityContext: { sysctls: [{ name: 'net.core.somaxconn', value: '1024' }] } })).toThrow('RuleId.POD_SYSCTLS');
    });

    test('hostNetwork without an exception', () => {
      expect(() => deploy({ hostNetwork: true })).toThrow("invalid 'hostNetwork': received true");
    });

    test('an unconfined AppArmor annotation without an exception', () => {
      expect(() => synth(deploy({ podMetadata: { annotations: { 'container.apparmor.security.beta.kubernetes.io/main': 'unconfined' } } })))
        .toThrow('RuleId.POD_APPARMOR');
    });

    test('a privileged container added later, at once', () => {
      const api = deploy();
      expect(() => api.addContainer({
        name: 'debug',
        image: 'ghcr.io/acme/debug:1.0.0',
        securityContext: { privileged: true },
        readiness: kplus.Probe.fromCommand(['true']),
        liveness: kplus.Probe.fromCommand(['/bin/true']),
      })).toThrow("invalid 'containers[debug].securityContext.privileged'");
    });

    test('a privileged init container added later, at once', () => {
      const api = deploy();
      expect(() => api.addInitContainer({ name: 'setup', image: 'ghcr.io/acme/setup:1.0.0', securityContext: { allowPrivilegeEscalation: true } }))
        .toThrow("invalid 'initContainers[setup].securityContext.allowPrivilegeEscalation'");
    });

    test('fsGroup 0 (POD-NONROOT-GROUPS)', () => {
      expect(() => deploy({ securityContext: { fsGroup: 0 } })).toThrow("invalid 'securityContext.fsGroup': received 0; volumes would be owned by the root group");
    });

    test('a volume type outside Pod Security Standards restricted, without an exception', () => {
      const chart = chartIn();
      const api = deploy({}, chart);
      api.addVolume(kplus.Volume.fromNfs(chart, 'nfs', 'shared', { server: 'nfs.example.com', path: '/exports' }));
      expect(() => synth(chart)).toThrow("invalid 'volumes.shared': received \"nfs\"");
    });

    test('a hostPath volume without an exception', () => {
      const chart = chartIn();
      const api = deploy({}, chart);
      api.addVolume(kplus.Volume.fromHostPath(chart, 'docker', 'docker', { path: '/var/run/docker.sock' }));
      expect(() => synth(chart)).toThrow('RuleId.POD_NO_HOSTPATH');
    });
  });

  describe('ports', () => {
    test.each([0, -1, 65536, 70000, 80.5])('container port %d', (port) => {
      expect(() => deploy({ port })).toThrow(`invalid 'port': received ${port}; a port is a whole number from 1 to 65535`);
    });

    test.each([0, 65536])('service port %d', (servicePort) => {
      expect(() => deploy({ servicePort })).toThrow(`invalid 'servicePort': received ${servicePort}`);
    });

    test.each([kplus.ServiceType.NODE_PORT, kplus.ServiceType.LOAD_BALANCER])('exposeViaService with type %s without an exception (SVC-TYPE)', (type) => {
      expect(() => deploy().exposeViaService({ name: 'public', serviceType: type })).toThrow(
        `invalid 'exposeViaService(options.serviceType)': received "${type}"`);
      expect(() => deploy().exposeViaService({ name: 'public', serviceType: type })).toThrow('RuleId.SVC_TYPE');
    });

    test('exposeViaService without a name when the deployment already has its Service', () => {
      expect(() => deploy().exposeViaService()).toThrow("invalid 'exposeViaService(options.name)'");
    });

    test('exposeViaIngress: a cdk8s-plus Ingress has no TLS, so SecureIngress is the way', () => {
      expect(() => deploy().exposeViaIngress('/')).toThrow('SecureIngressBackend.fromDeployment(deployment)');
    });

    test.each(['HTTP', 'http_x', 'a-very-long-port-name', '-http', 'h--p', '8080'])('a port name that is not an IANA service name: %s', (name) => {
      expect(() => deploy({ portName: name })).toThrow(`invalid 'portName': received "${name}"; the name is not an IANA service name`);
      expect(() => deploy().addContainer({
        name: 'metrics', image: IMAGE, ports: [{ number: 9090, name }], readiness: kplus.Probe.fromTcpSocket(), liveness: kplus.Probe.fromTcpSocket(),
      })).toThrow(`invalid 'containers[metrics].ports': received "${name}"`);
    });

    test('a service port without a container port', () => {
      expect(() => deploy({ port: undefined, servicePort: 80 })).toThrow('also give port');
    });

    test('a port declared twice in the pod', () => {
      const api = deploy();
      api.addContainer({
        name: 'proxy',
        image: 'ghcr.io/acme/proxy:1.0.0',
        portNumber: 8080,
        readiness: kplus.Probe.fromTcpSocket(),
        liveness: kplus.Probe.fromHttpGet('/live'),
      });
      expect(() => synth(api)).toThrow("invalid 'containers[proxy].ports': received 8080; the port is declared twice in the pod");
    });

    test('a container port below 1024 without an exception (POD-PRIVILEGED-PORT)', () => {
      expect(() => deploy({ port: 80 })).toThrow('serve on a port >= 1024 and map the Service port (e.g. 80 -> 8080)');
    });

    test('a hostPort without an exception', () => {
      const api = deploy();
      expect(() => api.addContainer({
        name: 'agent',
        image: 'ghcr.io/acme/agent:1.0.0',
        ports: [{ number: 9100, hostPort: 9100 }],
        readiness: kplus.Probe.fromTcpSocket({ port: 9100 }),
        liveness: kplus.Probe.fromHttpGet('/live', { port: 9100 }),
      })).toThrow('RuleId.CTR_NO_HOSTPORT');
    });

    test('a container added later with a port outside 1-65535', () => {
      expect(() => deploy().addContainer({
        name: 'side',
        image: 'ghcr.io/acme/side:1.0.0',
        portNumber: 70000,
        readiness: kplus.Probe.fromCommand(['true']),
        liveness: kplus.Probe.fromCommand(['/bin/true']),
      })).toThrow("invalid 'containers[side].ports': received 70000");
    });

    test('a port name used twice in the pod', () => {
      const api = deploy();
      api.addContainer({
        name: 'side',
        image: 'ghcr.io/acme/side:1.0.0',
        ports: [{ number: 9000, name: 'http' }],
        readiness: kplus.Probe.fromCommand(['true']),
        liveness: kplus.Probe.fromCommand(['/bin/true']),
      });
      expect(() => synth(api)).toThrow("invalid 'containers[side].ports': received \"http\"; the port name is used twice in the pod");
    });

    test('two containers with the same name', () => {
      const api = deploy();
      api.addContainer({ image: 'ghcr.io/acme/other:1.0.0', readiness: kplus.Probe.fromCommand(['true']), liveness: kplus.Probe.fromCommand(['/bin/true']) });
      expect(() => synth(api)).toThrow("invalid 'containers': received \"main\"; two containers of the pod have the same name");
    });
  });

  describe('availability', () => {
    test.each([-1, 1.5])('replicas %d', (replicas) => {
      expect(() => deploy({ replicas })).toThrow(`invalid 'replicas': received ${replicas}; replicas is a whole number, 0 or more`);
    });

    test('fewer than 2 replicas without an exception (AVAIL-REPLICAS)', () => {
      expect(() => deploy({ replicas: 1 })).toThrow('RuleId.AVAIL_REPLICAS');
    });

    test('replicas together with autoscaling', () => {
      expect(() => deploy({ replicas: 3, autoscaling: { maxReplicas: 5 } })).toThrow('the HorizontalPodAutoscaler sets the replicas');
    });

    test('autoscaling maximum below its minimum', () => {
      expect(() => deploy({ autoscaling: { minReplicas: 4, maxReplicas: 3 } })).toThrow("invalid 'autoscaling.maxReplicas': received 3");
    });

    test('autoscaling maximum equal to its minimum (the autoscaler could never scale)', () => {
      expect(() => deploy({ autoscaling: { minReplicas: 3, maxReplicas: 3 } }))
        .toThrow("invalid 'autoscaling.maxReplicas': received 3; equals minReplicas (3), so the autoscaler could never scale");
      expect(() => deploy({ autoscaling: { maxReplicas: 2 } })).toThrow('equals minReplicas (2)');
    });

    test('autoscaling minimum of 1 without an exception', () => {
      expect(() => deploy({ autoscaling: { minReplicas: 1, maxReplicas: 3 } })).toThrow("invalid 'autoscaling.minReplicas'");
    });

    test('autoscaling minimum of 0', () => {
      expect(() => deploy({ autoscaling: { minReplicas: 0, maxReplicas: 3 } })).toThrow('the autoscaler keeps at least 1 replica');
    });

    test('autoscaling CPU target of 0', () => {
      expect(() => deploy({ autoscaling: { maxReplicas: 3, cpuUtilization: 0 } })).toThrow("invalid 'autoscaling.cpuUtilization'");
    });

    test('a Recreate strategy without an exception (WL-ROLLING)', () => {
      expect(() => deploy({ strategy: kplus.DeploymentStrategy.recreate() })).toThrow("invalid 'strategy': received \"Recreate\"");
    });

    test('a rolling update that may take pods down, without an exception', () => {
      expect(() => deploy({ strategy: kplus.DeploymentStrategy.rollingUpdate() })).toThrow('received "maxUnavailable 25%"');
    });

    test('select: false', () => {
      expect(() => deploy({ select: false })).toThrow("invalid 'select'");
    });
  });

  describe('resources', () => {
    test('a limit below its request', () => {
      expect(() => deploy({ resources: { memoryRequest: '512Mi', memoryLimit: '256Mi' } }))
        .toThrow("invalid 'resources.memoryLimit': received \"256Mi\"; the quantity is below memoryRequest \"512Mi\"");
    });

    test.each([
      ['cpuRequest', '100 m'],
      ['cpuLimit', 'lots'],
      ['memoryLimit', '1GB'],
      ['ephemeralStorageRequest', '-1Gi'],
    ])('malformed or negative quantity %s: %s', (field, value) => {
      expect(() => deploy({ resources: { [field]: value } })).toThrow(`invalid 'resources.${field}': received ${JSON.stringify(value)}`);
    });

    test('a container added later with a negative cdk8s-plus quantity', () => {
      expect(() => deploy().addContainer({
        name: 'side',
        image: 'ghcr.io/acme/side:1.0.0',
        resources: { cpu: { request: kplus.Cpu.millis(-5), limit: kplus.Cpu.millis(100) } },
        readiness: kplus.Probe.fromCommand(['true']),
        liveness: kplus.Probe.fromCommand(['/bin/true']),
      })).toThrow("invalid 'containers[side].resources.requests.cpu': received \"-5m\"; the quantity is negative");
    });

    test('a container added later whose cdk8s-plus limit is below its request', () => {
      const api = deploy();
      expect(() => api.addContainer({
        name: 'side',
        image: 'ghcr.io/acme/side:1.0.0',
        resources: { cpu: { request: kplus.Cpu.millis(500), limit: kplus.Cpu.millis(100) } },
        readiness: kplus.Probe.fromCommand(['true']),
        liveness: kplus.Probe.fromCommand(['/bin/true']),
      })).toThrow("invalid 'containers[side].resources.limits.cpu': received \"100m\"; the limit is below the request \"500m\"");
    });
  });

  describe('secrets', () => {
    test.each(['DB_PASSWORD', 'apiKey', 'GITHUB_TOKEN', 'client_secret', 'AWS_CREDENTIALS'])('a literal value for %s', (name) => {
      expect(() => deploy({ envVariables: { [name]: kplus.EnvValue.fromValue('hunter2') } }))
        .toThrow(new RegExp(`invalid 'containers\\[main\\]\\.env\\.${name}': received "<literal value hidden>".*mount it as a file with secretFiles or mountSecret`));
    });

    test('the secret value is not repeated in the error', () => {
      expect(() => deploy({ envVariables: { DB_PASSWORD: kplus.EnvValue.fromValue('hunter2') } })).not.toThrow(/hunter2/);
    });

    test.each(['DBPASSWORD', 'GITHUBTOKEN'])('a literal value for the run-together name %s, which the audit flags too', (name) => {
      expect(() => deploy({ envVariables: { [name]: kplus.EnvValue.fromValue('hunter2') } })).toThrow(`invalid 'containers[main].env.${name}'`);
    });

    test('a well-known token format in a literal value, whatever the name', () => {
      expect(() => deploy({ envVariables: { GH: kplus.EnvValue.fromValue(`ghp_${'a1B2'.repeat(9)}`) } })).toThrow("invalid 'containers[main].env.GH'");
    });

    test('a private key in a literal value, whatever the name', () => {
      expect(() => deploy({ envVariables: { TLS: kplus.EnvValue.fromValue('-----BEGIN RSA PRIVATE KEY-----\nabc') } })).toThrow('RuleId.CTR_NO_SECRET_ENV');
    });

    test('a literal secret added to the environment after construction fails at synthesis', () => {
      const api = deploy();
      api.container.env.addVariable('SESSION_SECRET', kplus.EnvValue.fromValue('x'));
      expect(() => synth(api)).toThrow("invalid 'containers[main].env.SESSION_SECRET'");
    });

    test('a secretKeyRef env var without the CTR-SECRETS-AS-FILES exception points to the file API', () => {
      const chart = chartIn();
      const secret = kplus.Secret.fromSecretName(chart, 'db', 'db');
      expect(() => deploy({ envVariables: { DB_PASSWORD: kplus.EnvValue.fromSecretValue({ secret, key: 'password' }) } }, chart))
        .toThrow(/RuleId\.CTR_SECRETS_AS_FILES.*|mount the Secret as read-only files with secretFiles or mountSecret/);
    });

    test('envFrom a Secret without the exception', () => {
      const chart = chartIn();
      const secret = kplus.Secret.fromSecretName(chart, 'db', 'db');
      expect(() => deploy({ envFrom: [kplus.Env.fromSecret(secret)] }, chart)).toThrow("invalid 'containers[main].envFrom'");
    });

    test('a relative secret mount path', () => {
      const chart = chartIn();
      const api = deploy({}, chart);
      expect(() => api.mountSecret(kplus.Secret.fromSecretName(chart, 'db', 'db'), 'secrets/db')).toThrow("invalid 'mountSecret(path)'");
    });
  });

  describe('exceptions', () => {
    test.each([['empty', ''], ['too short', 'legacy']])('a reason that is %s', (_, reason) => {
      expect(() => deploy({ exceptions: [SecurityException.of(RuleId.CTR_READONLY_ROOTFS, reason)] }))
        .toThrow("invalid 'exceptions[CTR-READONLY-ROOTFS].reason'");
    });

    test('the same control excepted twice', () => {
      expect(() => deploy({ exceptions: [SecurityException.of(RuleId.CTR_PROBES, WHY), SecurityException.of(RuleId.CTR_PROBES, WHY)] }))
        .toThrow('the same control is excepted twice');
    });
  });

  describe('namespace', () => {
    test('no namespace on the deployment or its chart', () => {
      expect(() => deploy({}, chartIn(null))).toThrow(
        "shop/api: invalid 'metadata.namespace (or the Chart's namespace)': received nothing; every object needs an explicit namespace (control WL-NAMESPACE)");
    });

    test.each(['default', 'kube-system', 'kube-public', 'kube-node-lease'])('the reserved namespace %s', (namespace) => {
      expect(() => deploy({ metadata: { namespace } }, chartIn(null))).toThrow(`invalid 'metadata.namespace': received "${namespace}"`);
      expect(() => deploy({}, chartIn(namespace))).toThrow('reserved for Kubernetes itself');
    });
  });

  describe('probes', () => {
    test('no port and no probes', () => {
      expect(() => deploy({ port: undefined })).toThrow("invalid 'readiness': received nothing; without a port no default probes can be added");
    });

    test('a probe that needs a port, on a deployment without one', () => {
      expect(() => deploy({ port: undefined, readiness: WorkloadProbe.httpGet('/ready'), liveness: WorkloadProbe.exec(['/bin/true']) }))
        .toThrow('the readiness probe needs a port and the deployment has none');
    });

    test('a probe of a port the container does not declare', () => {
      expect(() => synth(deploy({ readiness: WorkloadProbe.httpGet('/ready', { port: 9999 }) })))
        .toThrow("invalid 'containers[main].readiness': received 9999; the probe targets a port the container does not declare");
    });

    test('an HTTP path without a leading slash', () => {
      expect(() => deploy({ readiness: WorkloadProbe.httpGet('ready') })).toThrow('must start with "/"');
    });

    test('a liveness probe with successThreshold other than 1', () => {
      expect(() => deploy({ liveness: WorkloadProbe.httpGet('/live', { successThreshold: 2 }) })).toThrow('a liveness probe needs successThreshold 1');
    });

    test('an empty exec command', () => {
      expect(() => deploy({ port: undefined, readiness: WorkloadProbe.exec([]), liveness: WorkloadProbe.exec(['/bin/true']) })).toThrow('empty command');
    });

    test('identical readiness and liveness probes (kube-score pod-probes) need an exception to CTR-PROBES', () => {
      const same = [
        [WorkloadProbe.httpGet('/healthz'), WorkloadProbe.httpGet('/healthz', { period: Duration.seconds(30) })],
        [WorkloadProbe.tcpSocket(), WorkloadProbe.tcpSocket({ port: 8080 })],
        [WorkloadProbe.exec(['/bin/check']), WorkloadProbe.exec(['/bin/check'])],
      ];
      for (const [readiness, liveness] of same) {
        expect(() => synth(deploy({ readiness, liveness })))
          .toThrow("invalid 'containers[main].liveness'");
        expect(() => synth(deploy({ readiness, liveness })))
          .toThrow('the liveness probe is the same check as the readiness probe');
        expect(() => synth(deploy({ readiness, liveness, exceptions: [SecurityException.of(RuleId.CTR_PROBES, WHY)] }))).not.toThrow();
      }
    });

    test('readiness and liveness probes that differ in path, port or command are accepted', () => {
      expect(() => synth(deploy({ readiness: WorkloadProbe.httpGet('/readyz'), liveness: WorkloadProbe.httpGet('/livez') }))).not.toThrow();
      expect(() => synth(deploy({ readiness: WorkloadProbe.exec(['/bin/ready']), liveness: WorkloadProbe.exec(['/bin/live']) }))).not.toThrow();
      // The defaults: the same socket, by number for readiness and by name for liveness (kube-score compares them literally).
      expect(() => synth(deploy())).not.toThrow();
    });

    test('a container added later without probes', () => {
      const api = deploy();
      expect(() => api.addContainer({ name: 'side', image: 'ghcr.io/acme/side:1.0.0' }))
        .toThrow("invalid 'containers[side].readiness': received nothing; the container has no readiness and liveness probe");
    });
  });

  describe('service account', () => {
    test('mounting the token without an exception', () => {
      expect(() => deploy({ automountServiceAccountToken: true })).toThrow("invalid 'automountServiceAccountToken': received true");
    });

    test('the default ServiceAccount', () => {
      const chart = chartIn();
      expect(() => deploy({ serviceAccount: kplus.ServiceAccount.fromServiceAccountName(chart, 'sa', 'default') }, chart)).toThrow('RuleId.POD_OWN_SA');
    });

    test('a ServiceAccount that is not in the output, without an exception', () => {
      const chart = chartIn();
      expect(() => deploy({ serviceAccount: kplus.ServiceAccount.fromServiceAccountName(chart, 'sa', 'api-runner') }, chart))
        .toThrow('neither its existence nor its token setting can be checked');
    });

    test('a ServiceAccount of another namespace', () => {
      const chart = chartIn();
      const serviceAccount = new kplus.ServiceAccount(chart, 'sa', { metadata: { namespace: 'other' } });
      expect(() => deploy({ serviceAccount }, chart)).toThrow('the ServiceAccount is in namespace other, not shop');
    });

    test('a ServiceAccount that mounts its token', () => {
      const chart = chartIn();
      const serviceAccount = new kplus.ServiceAccount(chart, 'sa', { automountToken: true });
      expect(() => deploy({ serviceAccount }, chart)).toThrow('the ServiceAccount mounts its token by default');
    });
  });

  describe('writable paths and labels', () => {
    test.each(['var/cache', '/', '/var/../etc'])('writable path %s', (path) => {
      expect(() => deploy({ writablePaths: [{ path }] })).toThrow("invalid 'writablePaths'");
    });

    test('a writable path declared twice', () => {
      expect(() => deploy({ writablePaths: [{ path: '/var/run' }, { path: '/var/run', sizeLimit: Size.mebibytes(1) }] }))
        .toThrow('the path is declared twice');
    });

    test('a construct id that is not a label value', () => {
      expect(() => new SecureDeployment(chartIn(), 'My API', { image: IMAGE, port: 8080 }))
        .toThrow("invalid 'appName (default: the construct id)': received \"My API\"");
    });

    test('a version that is not a label value', () => {
      expect(() => deploy({ version: 'v1/2' })).toThrow("invalid 'version'");
    });
  });

  describe('peers', () => {
    test('allowFrom a workload whose namespace cannot be resolved', () => {
      const api = deploy();
      const elsewhere = new kplus.Deployment(chartIn(null, 'other'), 'web', { containers: [{ image: IMAGE }] });
      expect(() => api.allowFrom(SecurePeer.workload(elsewhere)))
        .toThrow("shop/api: invalid 'allowFrom(peer)': received \"'other/web'\"; the namespace of the peer's pods cannot be resolved");
    });

    test('allowTo pods of an empty namespace name', () => {
      expect(() => deploy().allowTo(SecurePeer.pods('', { app: 'db' }))).toThrow("invalid 'allowTo(peer)': received \"\"; the peer's namespace cannot be resolved");
    });

    test('allowFrom a namespace that is not a DNS label', () => {
      expect(() => deploy().allowFrom(SecurePeer.namespace('Team A'))).toThrow("the peer's namespace cannot be resolved");
    });

    test('pods selected by no label', () => {
      expect(() => deploy().allowFrom(SecurePeer.pods('web', {}))).toThrow('an empty label selector would match every pod of the namespace');
    });

    test('an ipBlock that is not a CIDR', () => {
      expect(() => deploy().allowTo(SecurePeer.ipBlock('10.0.0.1'))).toThrow('is not an IPv4 or IPv6 CIDR');
      expect(() => deploy().allowTo(SecurePeer.ipBlock('10.0.0.0/33'))).toThrow('is not an IPv4 or IPv6 CIDR');
    });

    test('allowTo a deployment without ports', () => {
      const chart = chartIn();
      const worker = new SecureDeployment(chart, 'worker', {
        image: IMAGE, readiness: WorkloadProbe.exec(['true']), liveness: WorkloadProbe.exec(['/bin/true']),
      });
      const api = deploy({}, chart);
      expect(() => api.allowTo(SecurePeer.deployment(worker))).toThrow('the receiving deployment declares no container port');
    });
  });
});
