import { ApiObject, Chart, Cron, JsonPatch, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  Audit, NodeAppArmor, Pack, RuleId, SecureCronJob, SecureDaemonSet, SecureDeployment, SecureJob, SecureNamespace, SecureStatefulSet,
  SecurityException, SecurityPolicy, SecurityPolicyProps, SuppressionOrigin,
} from '../src';
import { find, Manifest } from './secure-deployment-support';
import { scannerFindings } from './support/scanner-checks';

/** The five workload kinds, built as in test/workload-kinds.test.ts, with where each keeps its pod template. */
interface Kind {
  readonly name: string;
  readonly kind: string;
  readonly make: (scope: Construct) => kplus.Workload;
  readonly template: (object: Manifest) => Manifest;
}

const IMAGE = 'registry.example.com/acme/app:1.4.2';
const APPARMOR_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

const KINDS: Kind[] = [
  {
    name: 'SecureDeployment',
    kind: 'Deployment',
    template: (o) => o.spec.template,
    make: (scope) => new SecureDeployment(scope, 'app', { image: IMAGE, port: 8080 }),
  },
  {
    name: 'SecureStatefulSet',
    kind: 'StatefulSet',
    template: (o) => o.spec.template,
    make: (scope) => new SecureStatefulSet(scope, 'app', { image: IMAGE, port: 5432, storage: [{ path: '/data', size: Size.gibibytes(1) }] }),
  },
  {
    name: 'SecureJob',
    kind: 'Job',
    template: (o) => o.spec.template,
    make: (scope) => new SecureJob(scope, 'app', { image: IMAGE }),
  },
  {
    name: 'SecureCronJob',
    kind: 'CronJob',
    template: (o) => o.spec.jobTemplate.spec.template,
    make: (scope) => new SecureCronJob(scope, 'app', { image: IMAGE, schedule: Cron.daily() }),
  },
  {
    name: 'SecureDaemonSet',
    kind: 'DaemonSet',
    template: (o) => o.spec.template,
    make: (scope) => new SecureDaemonSet(scope, 'app', { image: IMAGE, port: 2020 }),
  },
];

function chartWith(policy?: SecurityPolicyProps): Chart {
  const app = Testing.app();
  if (policy) {
    SecurityPolicy.apply(app, policy);
  }
  return new Chart(app, 'shop', { namespace: 'shop' });
}

function build(row: Kind, policy?: SecurityPolicyProps, then?: (workload: kplus.Workload) => void): { chart: Chart; pod: Manifest } {
  const chart = chartWith(policy);
  const workload = row.make(chart);
  workload.addInitContainer({ name: 'migrate', image: IMAGE });
  then?.(workload);
  return { chart, pod: row.template(find(Testing.synth(chart), row.kind)) };
}

function appArmorAnnotations(pod: Manifest): Record<string, string> {
  return Object.fromEntries(Object.entries<string>(pod.metadata?.annotations ?? {}).filter(([key]) => key.startsWith(APPARMOR_PREFIX)));
}

function containerNames(pod: Manifest): string[] {
  return [...(pod.spec.initContainers ?? []), ...pod.spec.containers].map((container: Manifest) => container.name).sort();
}

describe.each(KINDS)('$name', (row) => {
  test.each(['1.30', '1.31'])('Kubernetes %s: the pod sets appArmorProfile RuntimeDefault and keeps the annotations', (kubernetesVersion) => {
    const { pod } = build(row, { kubernetesVersion });
    expect(pod.spec.securityContext.appArmorProfile).toEqual({ type: 'RuntimeDefault' });
    // The rest of the pod security context is still there.
    expect(pod.spec.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    expect(Object.keys(appArmorAnnotations(pod)).sort()).toEqual(containerNames(pod).map((name) => `${APPARMOR_PREFIX}${name}`));
    expect(new Set(Object.values(appArmorAnnotations(pod)))).toEqual(new Set(['runtime/default']));
  });

  test.each([
    ['Kubernetes 1.28', { kubernetesVersion: '1.28' }],
    ['Kubernetes 1.29', { kubernetesVersion: '1.29' }],
    ['no kubernetesVersion', {}],
    ['no SecurityPolicy', undefined],
  ])('%s: no appArmorProfile field, the annotations only, output unchanged', (_what, policy) => {
    const { pod } = build(row, policy);
    expect(pod.spec.securityContext.appArmorProfile).toBeUndefined();
    expect(Object.keys(appArmorAnnotations(pod)).sort()).toEqual(containerNames(pod).map((name) => `${APPARMOR_PREFIX}${name}`));
    expect(pod).toEqual(build(row).pod);
  });

  test.each(['1.28', '1.30'])('NodeAppArmor.UNAVAILABLE (Kubernetes %s): no AppArmor annotation or field, a platform suppression in Audit.of()', (kubernetesVersion) => {
    const { chart, pod } = build(row, { kubernetesVersion, nodeAppArmor: NodeAppArmor.UNAVAILABLE });
    expect(appArmorAnnotations(pod)).toEqual({});
    expect(pod.spec.securityContext.appArmorProfile).toBeUndefined();
    for (const container of [...pod.spec.initContainers, ...pod.spec.containers]) {
      expect(container.securityContext.appArmorProfile).toBeUndefined();
    }
    expect(JSON.stringify(pod)).not.toMatch(/apparmor/i);

    const report = Audit.of(chart, { packs: [Pack.HARDENED] });
    const appArmor = report.findings.filter((finding) => finding.ruleId === RuleId.POD_APPARMOR);
    // One finding per container without a profile, each accepted by the platform's decision.
    expect(appArmor.map((finding) => finding.message).sort()).toEqual(containerNames(pod).map((name) => expect.stringContaining(`'${name}'`)));
    for (const finding of appArmor) {
      expect(finding.suppressed).toBe(true);
      expect(finding.suppressionOrigin).toBe(SuppressionOrigin.PLATFORM_POLICY);
      expect(finding.suppressionSource).toBe('SecurityPolicy');
      expect(finding.suppressionReason).toContain('nodeAppArmor: NodeAppArmor.UNAVAILABLE');
      expect(finding.suppressionReason).toContain('the SecurityPolicy of the app');
    }
    expect(report.unusedSuppressions ?? []).toEqual([]);
    expect(() => Audit.gate(chart, { packs: [Pack.HARDENED, Pack.PSS_RESTRICTED] })).not.toThrow();
    // The gate's synth-time audit passes too, and the manifest documents the decision on the workload.
    const manifests = Testing.synth(chart);
    expect(find(manifests, row.kind).metadata.annotations['exception.cdk8s-secure.io/POD-APPARMOR'])
      .toBe(appArmor[0].suppressionReason);
    // Polaris linuxHardening is still met by the seccomp profile, so no scanner needs an exemption for the choice.
    expect(scannerFindings(manifests).filter((line) => line.includes('linuxHardening'))).toEqual([]);
  });

  test('with AppArmor available the hardened audit has no POD-APPARMOR finding at all', () => {
    const { chart } = build(row, { kubernetesVersion: '1.30' });
    expect(Audit.of(chart, { packs: [Pack.HARDENED] }).findings.filter((finding) => finding.ruleId === RuleId.POD_APPARMOR)).toEqual([]);
  });

  test('without the platform record the same pod would be an active finding (the suppression is what the gate relies on)', () => {
    const base = row.kind === 'CronJob' ? '/spec/jobTemplate/spec/template' : '/spec/template';
    // Removing the annotations by hand (no policy decision) fails synthesis and leaves the audit's findings active.
    const chart = chartWith();
    const workload = row.make(chart);
    workload.addInitContainer({ name: 'migrate', image: IMAGE });
    for (const name of ['main', 'migrate']) {
      ApiObject.of(workload).addJsonPatch(JsonPatch.remove(`${base}/metadata/annotations/container.apparmor.security.beta.kubernetes.io~1${name}`));
    }
    expect(() => Testing.synth(chart)).toThrow(
      `shop/app: invalid '${base.slice(1).split('/').join('.')}.metadata.annotations["container.apparmor.security.beta.kubernetes.io/main"]': `
      + 'received nothing; container \'main\' has no AppArmor profile');
    expect(appArmorAnnotations(row.template(ApiObject.of(workload).toJson()))).toEqual({});
    const appArmor = Audit.of(chart, { packs: [Pack.HARDENED] }).findings.filter((finding) => finding.ruleId === RuleId.POD_APPARMOR);
    expect(appArmor.length).toBeGreaterThan(0);
    expect(appArmor.every((finding) => !finding.suppressed)).toBe(true);
  });
});

describe('SecurityPolicy kubernetesVersion and the Pod Security version', () => {
  test('a SecureNamespace pins v1.<minor> of kubernetesVersion', () => {
    const chart = chartWith({ kubernetesVersion: '1.31' });
    const namespace = new SecureNamespace(chart, 'ns', { metadata: { name: 'shop' } });
    expect(namespace.podSecurityVersion).toBe('v1.31');
    const labels = find(Testing.synth(chart), 'Namespace').metadata.labels;
    for (const mode of ['enforce', 'audit', 'warn']) {
      expect(labels[`pod-security.kubernetes.io/${mode}-version`]).toBe('v1.31');
    }
  });

  test("the policy's podSecurityVersion wins over kubernetesVersion, and the namespace's prop over both", () => {
    const both = { kubernetesVersion: '1.31', podSecurityVersion: 'v1.30' };
    expect(new SecureNamespace(chartWith(both), 'ns', { metadata: { name: 'shop' } }).podSecurityVersion).toBe('v1.30');
    expect(new SecureNamespace(chartWith(both), 'ns', { metadata: { name: 'shop' }, podSecurityVersion: 'v1.32' }).podSecurityVersion).toBe('v1.32');
    expect(new SecureNamespace(chartWith({ kubernetesVersion: '1.31' }), 'ns', { metadata: { name: 'shop' }, podSecurityVersion: 'v1.29' })
      .podSecurityVersion).toBe('v1.29');
    expect(new SecureNamespace(chartWith({}), 'ns', { metadata: { name: 'shop' } }).podSecurityVersion).toBe('v1.28');
  });

  test('the policy exposes what it was given', () => {
    const policy = SecurityPolicy.apply(Testing.app(), { kubernetesVersion: '1.30', nodeAppArmor: NodeAppArmor.UNAVAILABLE });
    expect(policy.kubernetesVersion).toBe('1.30');
    expect(policy.nodeAppArmor).toBe(NodeAppArmor.UNAVAILABLE);
    expect(SecurityPolicy.apply(Testing.app(), {}).nodeAppArmor).toBe(NodeAppArmor.AVAILABLE);
  });
});

describe('SecurityPolicy kubernetesVersion and nodeAppArmor validation', () => {
  test.each([
    ['a number', { kubernetesVersion: 1.3 as any }, "SecurityPolicy: invalid 'kubernetesVersion': received 1.3; is not a string"],
    ['a v prefix', { kubernetesVersion: 'v1.30' }, "SecurityPolicy: invalid 'kubernetesVersion': received \"v1.30\"; is not a Kubernetes minor version"],
    ['a patch number', { kubernetesVersion: '1.30.2' }, "SecurityPolicy: invalid 'kubernetesVersion': received \"1.30.2\"; is not a Kubernetes minor version"],
    ['a leading zero', { kubernetesVersion: '1.030' }, "invalid 'kubernetesVersion': received \"1.030\"; is not a Kubernetes minor version"],
    ['a version older than 1.28', { kubernetesVersion: '1.27' }, "SecurityPolicy: invalid 'kubernetesVersion': received \"1.27\"; is older than 1.28"],
    ['a version beyond any release', { kubernetesVersion: '1.41' }, "invalid 'kubernetesVersion': received \"1.41\"; is newer than 1.40"],
    ['nodeAppArmor "off"', { nodeAppArmor: 'off' as any }, "SecurityPolicy: invalid 'nodeAppArmor': received \"off\"; is not a NodeAppArmor member"],
  ])('rejects %s', (_what, props, message) => {
    expect(() => SecurityPolicy.apply(Testing.app(), props)).toThrow(message);
  });

  test('the errors say how to fix it', () => {
    expect(() => SecurityPolicy.apply(Testing.app(), { kubernetesVersion: 'v1.30' })).toThrow('e.g. "1.30"');
    expect(() => SecurityPolicy.apply(Testing.app(), { nodeAppArmor: 'off' as any })).toThrow('NodeAppArmor.UNAVAILABLE');
  });
});

describe('NodeAppArmor.UNAVAILABLE beside a typed POD-APPARMOR exception', () => {
  test("the workload's own exception covers the rule; no platform record is added", () => {
    const chart = chartWith({ nodeAppArmor: NodeAppArmor.UNAVAILABLE });
    const why = 'vendor agent needs to run unconfined until its profile ships';
    new SecureDeployment(chart, 'app', {
      image: IMAGE,
      port: 8080,
      podMetadata: { annotations: { [`${APPARMOR_PREFIX}main`]: 'unconfined' } },
      exceptions: [SecurityException.of(RuleId.POD_APPARMOR, why)],
    });
    const deployment = find(Testing.synth(chart), 'Deployment');
    expect(deployment.metadata.annotations['exception.cdk8s-secure.io/POD-APPARMOR']).toBe(why);
    expect(appArmorAnnotations(deployment.spec.template)).toEqual({ [`${APPARMOR_PREFIX}main`]: 'unconfined' });
    const appArmor = Audit.of(chart, { packs: [Pack.HARDENED] }).findings.filter((finding) => finding.ruleId === RuleId.POD_APPARMOR);
    expect(appArmor.length).toBeGreaterThan(0);
    expect(appArmor.map((finding) => finding.suppressionOrigin)).toEqual(appArmor.map(() => SuppressionOrigin.CONSTRUCT_EXCEPTION));
  });
});
