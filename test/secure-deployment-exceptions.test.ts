import * as kplus from 'cdk8s-plus-28';
import { Audit, Pack, RuleId, SecurityException, SuppressionOrigin, WorkloadProbe } from '../src';
import { activeFindings, chartIn, container, deploy, find, Manifest, podSpec, synth, WHY } from './secure-deployment-support';

const ANNOTATION = 'exception.cdk8s-secure.io/';

/** The annotations that document typed exceptions (the scanners' exemptions beside them are tested in scanner-exemptions.test.ts). */
function documented(object: Manifest): Record<string, string> {
  return Object.fromEntries(Object.entries<string>(object.metadata?.annotations ?? {}).filter(([key]) => key.includes('exception') && key.includes('cdk8s-secure.io/')
    && !key.startsWith('scanner-exemption.')));
}

function except(...rules: RuleId[]): SecurityException[] {
  return rules.map((rule) => SecurityException.of(rule, WHY));
}

/** Suppressed findings of every pack for the chart: `<rule> <reason>`, deduplicated. */
function suppressed(chart: ReturnType<typeof chartIn>): string[] {
  return [...new Set(Audit.of(chart, { packs: [Pack.HARDENED, Pack.PSS_RESTRICTED] }).findings
    .filter((f) => f.suppressed).map((f) => `${f.ruleId} ${f.suppressionReason}`))].sort();
}

describe('SecureDeployment exceptions', () => {
  test('a writable root file system: the field is weakened, the reason is written and the audit reports it as suppressed', () => {
    // GIVEN
    const chart = chartIn();
    deploy({ containerSecurityContext: { readOnlyRootFilesystem: false }, exceptions: except(RuleId.CTR_READONLY_ROOTFS) }, chart);

    // WHEN
    const manifests = synth(chart);

    // THEN
    expect(container(manifests, 'main').securityContext.readOnlyRootFilesystem).toBe(false);
    expect(documented(find(manifests, 'Deployment'))).toEqual({ [`${ANNOTATION}CTR-READONLY-ROOTFS`]: WHY });
    expect(activeFindings(chart)).toEqual([]);
    expect(suppressed(chart)).toEqual([`CTR-READONLY-ROOTFS ${WHY}`]);
  });

  test('an exception alone weakens nothing, and an exception that relaxes nothing fails synthesis', () => {
    const api = deploy({ exceptions: except(RuleId.CTR_READONLY_ROOTFS, RuleId.CTR_NOT_PRIVILEGED) });
    expect(() => synth(api)).toThrow("shop/api: invalid 'exceptions[CTR-NOT-PRIVILEGED]': received \"vendor image needs it until the 2.0 release\"; "
      + 'the exception relaxes nothing on this construct');
    // Synthesis fails before anything is emitted; without the unused exception the output keeps the hardened default.
    const manifests = synth(deploy({ containerSecurityContext: { readOnlyRootFilesystem: false }, exceptions: except(RuleId.CTR_READONLY_ROOTFS) }));
    expect(container(manifests, 'main').securityContext).toMatchObject({ readOnlyRootFilesystem: false, privileged: false });
  });

  test('an exception that relaxes a control the construct never relaxes (AVAIL-REPLICAS with 2 replicas) fails synthesis', () => {
    expect(() => synth(deploy({ replicas: 2, exceptions: except(RuleId.AVAIL_REPLICAS) }))).toThrow("'exceptions[AVAIL-REPLICAS]'");
    expect(() => synth(deploy({ exceptions: except(RuleId.IMG_DIGEST) }))).toThrow('relaxes nothing');
  });

  test('annotations are written in rule order, one per exception', () => {
    const manifests = synth(deploy({
      image: 'ghcr.io/acme/api:latest',
      containerSecurityContext: { readOnlyRootFilesystem: false, capabilities: { add: [kplus.Capability.NET_ADMIN] } },
      exceptions: except(RuleId.CTR_READONLY_ROOTFS, RuleId.CTR_CAPS_ADD, RuleId.IMG_TAG),
    }));
    expect(Object.keys(documented(find(manifests, 'Deployment')))).toEqual([
      `${ANNOTATION}CTR-CAPS-ADD`, `${ANNOTATION}CTR-READONLY-ROOTFS`, `${ANNOTATION}IMG-TAG`,
    ]);
  });

  test('a NodePort Service with SVC-TYPE: the reason is on the Service too, and the audit reports it as suppressed', () => {
    const chart = chartIn();
    const api = deploy({ exceptions: except(RuleId.SVC_TYPE) }, chart);
    api.exposeViaService({ name: 'api-nodeport', serviceType: kplus.ServiceType.NODE_PORT });
    const service = find(synth(chart), 'Service', 'api-nodeport');
    expect(service.spec.type).toEqual('NodePort');
    expect(service.metadata.annotations).toEqual({ [`${ANNOTATION}SVC-TYPE`]: WHY });
    expect(activeFindings(chart)).toEqual([]);
    expect(suppressed(chart)).toEqual([`SVC-TYPE ${WHY}`]);
  });

  test('the path of a mounted secret file (POSTGRES_PASSWORD_FILE) needs no exception and audits clean', () => {
    const chart = chartIn();
    const api = deploy({ envVariables: { POSTGRES_PASSWORD_FILE: kplus.EnvValue.fromValue('/etc/secrets/db/password') } }, chart);
    api.mountSecret(kplus.Secret.fromSecretName(chart, 'db', 'db'), '/etc/secrets/db');
    expect(container(synth(chart), 'main').env).toEqual([{ name: 'POSTGRES_PASSWORD_FILE', value: '/etc/secrets/db/password' }]);
    expect(activeFindings(chart)).toEqual([]);
  });

  test('a hostPath volume needs POD-NO-HOSTPATH and POD-VOLUME-TYPES; with both it is emitted and suppressed', () => {
    const only = chartIn();
    const api = deploy({ exceptions: except(RuleId.POD_NO_HOSTPATH) }, only);
    api.addVolume(kplus.Volume.fromHostPath(only, 'docker', 'docker', { path: '/var/run/docker.sock' }));
    expect(() => synth(only)).toThrow('RuleId.POD_VOLUME_TYPES');

    const both = chartIn();
    const excepted = deploy({ exceptions: except(RuleId.POD_NO_HOSTPATH, RuleId.POD_VOLUME_TYPES) }, both);
    excepted.addVolume(kplus.Volume.fromHostPath(both, 'docker', 'docker', { path: '/var/run/docker.sock' }));
    expect(podSpec(synth(both)).volumes).toContainEqual({ name: 'docker', hostPath: { path: '/var/run/docker.sock', type: '' } });
    // The exceptions approve a hostPath, not a node socket: a socket accepts requests even when mounted read-only.
    expect(activeFindings(both, [Pack.HARDENED])).toEqual([
      'hardened/POD-HOSTPATH-READONLY Deployment/shop-api-c8f8f8d3 spec.template.spec.volumes[1].hostPath',
    ]);
    expect(suppressed(both)).toEqual([`POD-NO-HOSTPATH ${WHY}`, `POD-VOLUME-TYPES ${WHY}`]);
    // Admission ignores exceptions: the Pod Security pack still reports what a restricted namespace would reject.
    expect(activeFindings(both, [Pack.PSS_RESTRICTED])).toEqual([
      'pss-restricted/POD-NO-HOSTPATH Deployment/shop-api-c8f8f8d3 spec.template.spec.volumes[1].hostPath',
      'pss-restricted/POD-VOLUME-TYPES Deployment/shop-api-c8f8f8d3 spec.template.spec.volumes[1].hostPath',
    ]);
  });

  test('port 80 with NET_BIND_SERVICE: the capability is added after dropping ALL', () => {
    const chart = chartIn();
    deploy({
      port: 80,
      containerSecurityContext: { capabilities: { add: [kplus.Capability.NET_BIND_SERVICE] } },
      exceptions: except(RuleId.POD_PRIVILEGED_PORT, RuleId.CTR_CAPS_ADD),
    }, chart);
    const main = container(synth(chart), 'main');
    expect(main.securityContext.capabilities).toEqual({ add: ['NET_BIND_SERVICE'], drop: ['ALL'] });
    expect(main.ports).toEqual([{ containerPort: 80, name: 'http', protocol: 'TCP' }]);
    expect(activeFindings(chart)).toEqual([]);
  });

  test('keeping capabilities (no drop ALL) needs CTR-DROP-ALL and keeps the given drop list', () => {
    const manifests = synth(deploy({
      containerSecurityContext: { capabilities: { drop: [kplus.Capability.NET_RAW] } }, exceptions: except(RuleId.CTR_DROP_ALL),
    }));
    expect(container(manifests, 'main').securityContext.capabilities).toEqual({ drop: ['NET_RAW'] });
  });

  test('mounting the API token: the pod mounts it, the ServiceAccount still does not', () => {
    const chart = chartIn();
    deploy({ exceptions: except(RuleId.POD_NO_SA_TOKEN) }, chart);
    const manifests = synth(chart);
    expect(podSpec(manifests).automountServiceAccountToken).toBe(true);
    expect(find(manifests, 'ServiceAccount').automountServiceAccountToken).toBe(false);
    expect(documented(find(manifests, 'Deployment'))).toEqual({ [`${ANNOTATION}POD-NO-SA-TOKEN`]: WHY });
    expect(activeFindings(chart)).toEqual([]);
  });

  test('declining the token explicitly with the exception given makes the exception relax nothing', () => {
    expect(() => synth(deploy({ automountServiceAccountToken: false, exceptions: except(RuleId.POD_NO_SA_TOKEN) })))
      .toThrow("'exceptions[POD-NO-SA-TOKEN]'");
  });

  test('a secretKeyRef env var with CTR-SECRETS-AS-FILES', () => {
    const chart = chartIn();
    const secret = kplus.Secret.fromSecretName(chart, 'db', 'db-credentials');
    deploy({
      envVariables: { DB_PASSWORD: kplus.EnvValue.fromSecretValue({ secret, key: 'password' }) },
      exceptions: except(RuleId.CTR_SECRETS_AS_FILES),
    }, chart);
    expect(container(synth(chart), 'main').env).toEqual([
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-credentials', key: 'password' } } },
    ]);
    expect(activeFindings(chart)).toEqual([]);
  });

  test('a worker without probes, with CTR-PROBES', () => {
    const chart = chartIn();
    deploy({ port: undefined, exceptions: except(RuleId.CTR_PROBES) }, chart);
    const main = container(synth(chart), 'main');
    expect(main.readinessProbe).toBeUndefined();
    expect(main.livenessProbe).toBeUndefined();
    expect(activeFindings(chart)).toEqual([]);
  });

  test('one replica with AVAIL-REPLICAS: no PodDisruptionBudget', () => {
    const chart = chartIn();
    deploy({ replicas: 1, exceptions: except(RuleId.AVAIL_REPLICAS) }, chart);
    const manifests = synth(chart);
    expect(find(manifests, 'Deployment').spec.replicas).toEqual(1);
    expect(manifests.filter((m) => m.kind === 'PodDisruptionBudget')).toEqual([]);
    expect(activeFindings(chart)).toEqual([]);
  });

  test('a low UID with POD-HIGH-UID-GID applies at pod and container level', () => {
    const chart = chartIn();
    deploy({ securityContext: { user: 1000, group: 1000 }, exceptions: except(RuleId.POD_HIGH_UID_GID) }, chart);
    const manifests = synth(chart);
    expect(podSpec(manifests).securityContext).toMatchObject({ runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000 });
    expect(container(manifests, 'main').securityContext).toMatchObject({ runAsUser: 1000, runAsGroup: 1000 });
    expect(activeFindings(chart)).toEqual([]);
  });

  test('the latest tag with IMG-TAG: pulled Always, version label "latest"', () => {
    const chart = chartIn();
    deploy({ image: 'ghcr.io/acme/api:latest', exceptions: except(RuleId.IMG_TAG) }, chart);
    const manifests = synth(chart);
    expect(container(manifests, 'main').imagePullPolicy).toEqual('Always');
    expect(find(manifests, 'Deployment').metadata.labels['app.kubernetes.io/version']).toEqual('latest');
    expect(activeFindings(chart)).toEqual([]);
  });

  test('a Recreate strategy with WL-ROLLING', () => {
    const chart = chartIn();
    deploy({ strategy: kplus.DeploymentStrategy.recreate(), exceptions: except(RuleId.WL_ROLLING) }, chart);
    expect(find(synth(chart), 'Deployment').spec.strategy).toEqual({ type: 'Recreate' });
    expect(activeFindings(chart)).toEqual([]);
  });

  test('a privileged debug sidecar added later, with the exceptions it needs', () => {
    const chart = chartIn();
    const api = deploy({ exceptions: except(RuleId.CTR_NOT_PRIVILEGED, RuleId.CTR_NO_PRIV_ESC) }, chart);
    api.addContainer({
      name: 'debug',
      image: 'ghcr.io/acme/debug:1.0.0',
      securityContext: { privileged: true, allowPrivilegeEscalation: true },
      readiness: kplus.Probe.fromCommand(['true']),
      liveness: kplus.Probe.fromCommand(['pgrep', 'debug']),
    });
    expect(container(synth(chart), 'debug').securityContext).toMatchObject({ privileged: true, allowPrivilegeEscalation: true, capabilities: { drop: ['ALL'] } });
    expect(activeFindings(chart, [Pack.HARDENED])).toEqual([]);
    expect(activeFindings(chart, [Pack.PSS_RESTRICTED])).toEqual([
      'pss-restricted/CTR-NOT-PRIVILEGED Deployment/shop-api-c8f8f8d3 spec.template.spec.containers[1].securityContext.privileged',
      'pss-restricted/CTR-NO-PRIV-ESC Deployment/shop-api-c8f8f8d3 spec.template.spec.containers[1].securityContext.allowPrivilegeEscalation',
    ]);
  });

  test('hostNetwork with POD-NO-HOSTNETWORK: suppressed in hardened, active in the Pod Security packs until Audit.suppress()', () => {
    const chart = chartIn();
    const api = deploy({ hostNetwork: true, exceptions: except(RuleId.POD_NO_HOSTNETWORK) }, chart);
    expect(podSpec(synth(chart)).hostNetwork).toBe(true);
    expect(activeFindings(chart, [Pack.HARDENED])).toEqual([]);
    const [pss] = Audit.of(chart, { packs: [Pack.PSS_BASELINE] }).active();
    expect(pss).toMatchObject({ id: 'pss-baseline/POD-NO-HOSTNETWORK', ignoredException: expect.stringContaining('does not apply to the Pod Security packs') });

    Audit.suppress(api, RuleId.POD_NO_HOSTNETWORK, 'the namespace is privileged for node agents (ticket OPS-7)');
    expect(activeFindings(chart)).toEqual([]);
    expect(Audit.of(chart, { packs: [Pack.PSS_BASELINE] }).suppressed().map((f) => [f.suppressionOrigin, f.suppressionSource]))
      .toEqual([[SuppressionOrigin.CODE_SUPPRESSION, 'shop/api']]);
  });

  test('an existing ServiceAccount outside the output, with POD-OWN-SA', () => {
    const chart = chartIn();
    deploy({ serviceAccount: kplus.ServiceAccount.fromServiceAccountName(chart, 'sa', 'api-runner'), exceptions: except(RuleId.POD_OWN_SA) }, chart);
    const manifests = synth(chart);
    expect(podSpec(manifests).serviceAccountName).toEqual('api-runner');
    expect(manifests.filter((m) => m.kind === 'ServiceAccount')).toEqual([]);
  });

  test('probes may still be given with CTR-PROBES and no port', () => {
    const manifests = synth(deploy({ port: undefined, liveness: WorkloadProbe.exec(['cat', '/tmp/alive']), exceptions: except(RuleId.CTR_PROBES) }));
    expect(container(manifests, 'main').livenessProbe.exec).toEqual({ command: ['cat', '/tmp/alive'] });
  });
});
