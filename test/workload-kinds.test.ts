import { ApiObject, Chart, Cron, JsonPatch, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  Audit, Pack, RuleId, SecureCronJob, SecureDaemonSet, SecureDeployment, SecureJob, SecurePeer, SecureStatefulSet,
  SecurityException, SecurityPolicy, Severity,
} from '../src';
import { find, Manifest } from './secure-deployment-support';
import { validateManifests } from './support/kubernetes-schema';
import { scannerFindings } from './support/scanner-checks';

/**
 * The same security assertions over every workload kind of the library, so that adding a kind cannot skip a
 * control: each row makes the kind's one-line default (plus `extra` props) and says where its pod template is.
 */
interface Kind {
  readonly name: string;
  readonly kind: string;
  readonly make: (scope: Construct, extra: Record<string, unknown>) => kplus.Workload & { readonly container: kplus.Container };
  readonly template: (object: Manifest) => Manifest;
}

const IMAGE = 'registry.example.com/acme/app:1.4.2';
const WHY = 'vendor image needs it until the 2.0 release';
const probes = { readiness: kplus.Probe.fromCommand(['true']), liveness: kplus.Probe.fromCommand(['/bin/true']) };

const KINDS: Kind[] = [
  {
    name: 'SecureDeployment',
    kind: 'Deployment',
    template: (o) => o.spec.template,
    make: (scope, extra) => new SecureDeployment(scope, 'app', { image: IMAGE, port: 8080, ...extra }),
  },
  {
    name: 'SecureStatefulSet',
    kind: 'StatefulSet',
    template: (o) => o.spec.template,
    make: (scope, extra) => new SecureStatefulSet(scope, 'app', { image: IMAGE, port: 5432, storage: [{ path: '/data', size: Size.gibibytes(1) }], ...extra }),
  },
  {
    name: 'SecureJob',
    kind: 'Job',
    template: (o) => o.spec.template,
    make: (scope, extra) => new SecureJob(scope, 'app', { image: IMAGE, ...extra }),
  },
  {
    name: 'SecureCronJob',
    kind: 'CronJob',
    template: (o) => o.spec.jobTemplate.spec.template,
    make: (scope, extra) => new SecureCronJob(scope, 'app', { image: IMAGE, schedule: Cron.daily(), ...extra }),
  },
  {
    name: 'SecureDaemonSet',
    kind: 'DaemonSet',
    template: (o) => o.spec.template,
    make: (scope, extra) => new SecureDaemonSet(scope, 'app', { image: IMAGE, port: 2020, ...extra }),
  },
];

function chart(): Chart {
  return new Chart(Testing.app(), 'shop', { namespace: 'shop' });
}

function synthOf(scope: Chart): Manifest[] {
  return Testing.synth(scope);
}

describe.each(KINDS)('$name', (row) => {
  function build(extra: Record<string, unknown> = {}, then?: (w: ReturnType<Kind['make']>) => void): { scope: Chart; manifests: Manifest[]; pod: Manifest } {
    const scope = chart();
    const workload = row.make(scope, extra);
    then?.(workload);
    const manifests = synthOf(scope);
    return { scope, manifests, pod: row.template(find(manifests, row.kind)) };
  }

  describe('scanners (test/support/scanner-checks.ts)', () => {
    function withPriority(extra: Record<string, unknown> = {}): Manifest[] {
      const app = Testing.app();
      SecurityPolicy.apply(app, { defaultPriorityClassName: 'business-critical', platformPriorityClasses: ['business-critical'] });
      const scope = new Chart(app, 'shop', { namespace: 'shop' });
      row.make(scope, extra);
      return Testing.synth(scope);
    }

    test('the one-line default with a policy PriorityClass has no Polaris or kube-score finding', () => {
      const manifests = withPriority();
      expect(row.template(find(manifests, row.kind)).spec.priorityClassName).toEqual('business-critical');
      expect(scannerFindings(manifests)).toEqual([]);
    });

    test('without a PriorityClass, Polaris priorityClassNotSet is the only finding (never exempted: the platform decides)', () => {
      expect([...new Set(scannerFindings(synthOf(buildScope())).map((line) => line.split(' ').slice(0, 2).join(' ')))]).toEqual(['polaris priorityClassNotSet']);
    });

    test('a writable root file system with CTR-READONLY-ROOTFS: the mapped checks are exempted on this kind, nothing else', () => {
      const manifests = withPriority({
        containerSecurityContext: { readOnlyRootFilesystem: false }, exceptions: [SecurityException.of(RuleId.CTR_READONLY_ROOTFS, WHY)],
      });
      const annotations: Record<string, string> = find(manifests, row.kind).metadata.annotations;
      expect(annotations['polaris.fairwinds.com/notReadOnlyRootFilesystem-exempt']).toEqual('true');
      expect(annotations['kube-score/ignore']).toEqual('container-security-context');
      expect(scannerFindings(manifests)).toEqual([]);
      // Without the scanners' exemptions they would report it.
      const objects = manifests.map((m) => (m.kind === row.kind ? { ...m, metadata: { ...m.metadata, annotations: {} } } : m));
      expect(scannerFindings(objects).map((line) => line.split(' ').slice(0, 2).join(' ')))
        .toEqual(expect.arrayContaining(['polaris notReadOnlyRootFilesystem', 'kube-score container-security-context']));
    });

    function buildScope(): Chart {
      const scope = chart();
      row.make(scope, {});
      return scope;
    }
  });

  describe('one-line default, plus a container and an init container added later', () => {
    const { scope, manifests, pod } = build({}, (w) => {
      w.addContainer({ name: 'sidecar', image: IMAGE, ...probes });
      w.addInitContainer({ name: 'setup', image: IMAGE });
    });
    const containers: Manifest[] = [...pod.spec.initContainers, ...pod.spec.containers];

    test('pod level: non-root numeric UID/GID/fsGroup, seccomp, no token, own ServiceAccount, no host namespaces', () => {
      expect(pod.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } });
      expect(pod.spec.automountServiceAccountToken).toBe(false);
      const account = find(manifests, 'ServiceAccount');
      expect(pod.spec.serviceAccountName).toEqual(account.metadata.name);
      expect(account.automountServiceAccountToken).toBe(false);
      expect([pod.spec.hostNetwork ?? false, pod.spec.hostPID, pod.spec.hostIPC]).toEqual([false, undefined, undefined]);
    });

    test('container level, for every container: the hardened security context, resources with ephemeral storage, AppArmor, writable /tmp', () => {
      expect(containers.map((c) => c.name).sort()).toEqual(['main', 'setup', 'sidecar']);
      for (const container of containers) {
        expect(container.securityContext).toEqual({
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
          privileged: false,
          readOnlyRootFilesystem: true,
          runAsGroup: 10001,
          runAsNonRoot: true,
          runAsUser: 10001,
          seccompProfile: { type: 'RuntimeDefault' },
        });
        expect(Object.keys(container.resources.requests).sort()).toEqual(['cpu', 'ephemeral-storage', 'memory']);
        expect(Object.keys(container.resources.limits).sort()).toEqual(['cpu', 'ephemeral-storage', 'memory']);
        expect(container.imagePullPolicy).toEqual('Always');
        expect(pod.metadata.annotations[`container.apparmor.security.beta.kubernetes.io/${container.name}`]).toEqual('runtime/default');
        expect(container.volumeMounts.some((m: Manifest) => m.mountPath === '/tmp' && !m.readOnly)).toBe(true);
      }
    });

    test('a NetworkPolicy selects exactly the pods and isolates both directions, allowing DNS egress', () => {
      const policy = find(manifests, 'NetworkPolicy');
      const selected = Object.entries(policy.spec.podSelector.matchLabels);
      expect(selected.length).toBeGreaterThan(0);
      expect(selected.every(([key, value]) => pod.metadata.labels[key] === value)).toBe(true);
      expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
      expect(policy.spec.egress[0].ports.map((p: Manifest) => p.port)).toEqual([53, 53]);
    });

    test('every object has the namespace and the recommended labels; valid against the 1.28 schema; audits clean under every pack', () => {
      expect(manifests.every((m) => m.metadata.namespace === 'shop')).toBe(true);
      expect(find(manifests, row.kind).metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'app', 'app.kubernetes.io/version': '1.4.2' });
      expect(validateManifests(manifests)).toEqual([]);
      expect(Audit.of(scope, { packs: Pack.all() }).active(Severity.WARNING).map((f) => `${f.id} ${f.path}`)).toEqual([]);
    });

    test('synthesizes byte-identical output twice', () => {
      expect(JSON.stringify(build({}, (w) => {
        w.addContainer({ name: 'sidecar', image: IMAGE, ...probes });
        w.addInitContainer({ name: 'setup', image: IMAGE });
      }).manifests)).toEqual(JSON.stringify(manifests));
    });
  });

  const weakenings: Array<[string, Record<string, unknown>, RegExp]> = [
    ['a privileged container', { containerSecurityContext: { privileged: true } }, /privileged.*CTR_NOT_PRIVILEGED/s],
    ['root', { containerSecurityContext: { ensureNonRoot: false } }, /POD_RUN_AS_NONROOT/],
    ['a writable root file system', { containerSecurityContext: { readOnlyRootFilesystem: false } }, /CTR_READONLY_ROOTFS/],
    ['a writable /etc', { writablePaths: [{ path: '/etc' }] }, /writablePaths\[0\]\.path.*CTR_READONLY_ROOTFS/s],
    ['a literal secret in the environment', { envVariables: { DB_PASSWORD: kplus.EnvValue.fromValue('hunter2-but-longer') } }, /CTR_NO_SECRET_ENV/],
    ['the latest tag', { image: 'registry.example.com/acme/app:latest' }, /IMG_TAG/],
    ['the host network', { hostNetwork: true }, /POD_NO_HOSTNETWORK/],
    ['a service account token', { automountServiceAccountToken: true }, /POD_NO_SA_TOKEN/],
    ['a UID below 10001', { securityContext: { user: 1000 } }, /POD_HIGH_UID_GID/],
  ];
  test.each(weakenings)('%s without an exception fails, naming the construct', (_name, extra, message) => {
    expect(() => synthOf(row.make(chart(), extra).node.scope as Chart)).toThrow(message);
    expect(() => synthOf(row.make(chart(), extra).node.scope as Chart)).toThrow(/^shop\/app: invalid '/);
  });

  test('a container added later that weakens a control fails (addContainer and attachContainer)', () => {
    const w = row.make(chart(), {});
    expect(() => w.addContainer({ name: 'bad', image: IMAGE, securityContext: { allowPrivilegeEscalation: true }, ...probes })).toThrow(/CTR_NO_PRIV_ESC/);
    const w2 = row.make(chart(), {});
    expect(() => w2.attachContainer(new kplus.Container({ name: 'bad', image: IMAGE, securityContext: { privileged: true } }))).toThrow(/CTR_NOT_PRIVILEGED/);
  });

  test('an exception relaxes exactly its control and is documented on the workload', () => {
    const { manifests, pod } = build({
      containerSecurityContext: { readOnlyRootFilesystem: false }, exceptions: [SecurityException.of(RuleId.CTR_READONLY_ROOTFS, WHY)],
    });
    expect(pod.spec.containers[0].securityContext.readOnlyRootFilesystem).toBe(false);
    expect(find(manifests, row.kind).metadata.annotations['exception.cdk8s-secure.io/CTR-READONLY-ROOTFS']).toEqual(WHY);
    expect(() => build({ exceptions: [SecurityException.of(RuleId.CTR_READONLY_ROOTFS, WHY)] })).toThrow(/relaxes nothing/);
  });

  test('a JSON patch that changes the pod label the NetworkPolicy selects fails at synth', () => {
    const scope = chart();
    const w = row.make(scope, {});
    const label = Object.keys(w.matchLabels)[0];
    const path = row.kind === 'CronJob' ? '/spec/jobTemplate/spec/template/metadata/labels' : '/spec/template/metadata/labels';
    ApiObject.of(w).addJsonPatch(JsonPatch.replace(`${path}/${label.replace('/', '~1')}`, 'someone-else'));
    expect(() => synthOf(scope)).toThrow(/the pod label that ties the pods to this/);
  });

  test('the SecurityPolicy applies: allowed registries and required digests', () => {
    const app = Testing.app();
    SecurityPolicy.apply(app, { allowedRegistries: ['ghcr.io'] });
    expect(() => row.make(new Chart(app, 'shop', { namespace: 'shop' }), {})).toThrow(/IMG_REGISTRY/);
    expect(() => row.make(chart(), { requireDigest: true })).toThrow(/invalid 'image'.*requireDigest is set/s);
  });

  test('secrets as read-only files (mode 0400), and allowTo() a SecureDeployment opens both ends', () => {
    const scope = chart();
    const w = row.make(scope, { secretFiles: [{ secret: kplus.Secret.fromSecretName(scope, 'db-secret', 'db-credentials'), path: '/run/secrets/db' }] });
    const api = new SecureDeployment(scope, 'api', { image: IMAGE, port: 9000 });
    (w as unknown as { allowTo(peer: SecurePeer): void }).allowTo(SecurePeer.deployment(api));
    const manifests = synthOf(scope);
    const pod = row.template(manifests.find((m) => m.kind === row.kind && m.metadata.name.startsWith('shop-app'))!);
    expect(pod.spec.volumes).toContainEqual({ name: 'secret-db-credentials', secret: { secretName: 'db-credentials', defaultMode: 0o400 } });
    expect(pod.spec.containers[0].volumeMounts).toContainEqual({ name: 'secret-db-credentials', mountPath: '/run/secrets/db', readOnly: true });
    const apiPolicy = manifests.find((m) => m.kind === 'NetworkPolicy' && m.metadata.name.startsWith('shop-api'))!;
    expect(apiPolicy.spec.ingress[0].ports).toEqual([{ port: 9000, protocol: 'TCP' }]);
    expect(Audit.of(scope, { packs: Pack.all() }).active(Severity.WARNING)).toEqual([]);
  });
});
