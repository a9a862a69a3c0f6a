import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, Chart, Include, JsonPatch, Testing } from 'cdk8s';
import { Manifest } from './support';
import { Audit, Pack, RuleId, SecureDeployment } from '../../src';

/** An insecure pod spec: privileged, on the host network, with an untagged image. */
function insecureSpec(name = 'app'): Manifest {
  return { hostNetwork: true, containers: [{ name, image: 'registry.example.com/app', securityContext: { privileged: true } }] };
}

function insecurePod(name: string): Manifest {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'team' }, spec: insecureSpec() };
}

/** `<ruleId> <kind>/<name> <path>` of the hardened findings of `ruleId`. */
function paths(findings: readonly { ruleId: string; kind: string; name: string; path: string; pack: string }[], ruleId: RuleId): string[] {
  return findings.filter(f => f.ruleId === ruleId && f.pack === 'hardened').map(f => `${f.kind}/${f.name} ${f.path}`).sort();
}

describe('Audit.of flattens List objects as the CLI does', () => {
  test.each(['List', 'PodList'])('pods inside a %s ApiObject are audited, with paths from the ApiObject root', (kind) => {
    // GIVEN
    const chart = Testing.chart();
    new ApiObject(chart, 'pods', { apiVersion: 'v1', kind, metadata: { name: 'pods' }, items: [insecurePod('a'), insecurePod('b')] } as any);

    // WHEN
    const report = Audit.of(chart, { packs: [Pack.HARDENED] });

    // THEN
    expect(paths(report.findings, RuleId.CTR_NOT_PRIVILEGED)).toEqual([
      'Pod/a items[0].spec.containers[0].securityContext.privileged',
      'Pod/b items[1].spec.containers[0].securityContext.privileged',
    ]);
    const finding = report.findings.find(f => f.ruleId === RuleId.POD_NO_HOSTNETWORK)!;
    expect(finding).toMatchObject({ kind: 'Pod', name: 'a', namespace: 'team', constructPath: 'test/pods', path: 'items[0].spec.hostNetwork' });
  });

  test('the same findings as Audit.ofManifests, apart from the item prefix', () => {
    const list = { apiVersion: 'v1', kind: 'List', metadata: { name: 'l' }, items: [insecurePod('a')] };
    const chart = Testing.chart();
    new ApiObject(chart, 'list', list as any);
    const fromTree = Audit.of(chart).findings.map(f => `${f.id} ${f.name} ${f.path.replace(/^items\[0\]\./, '')}`).sort();
    const fromManifests = Audit.ofManifests([list]).findings.map(f => `${f.id} ${f.name} ${f.path}`).sort();
    expect(fromTree).toEqual(fromManifests);
    expect(fromTree.length).toBeGreaterThan(5);
  });

  test('items that are not Kubernetes objects are problems, not silently skipped', () => {
    const chart = Testing.chart();
    new ApiObject(chart, 'list', { apiVersion: 'v1', kind: 'List', metadata: { name: 'l' }, items: ['text', { kind: 'Pod' }] } as any);
    const report = Audit.of(chart);
    expect(report.problems.map(p => p.message)).toEqual(expect.arrayContaining([
      expect.stringContaining('test/list: items[0] of the List is not an object'),
      expect.stringContaining('test/list: items[1] of the List has no apiVersion, metadata'),
    ]));
  });

  test('a List read through Include is flattened too', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'list-'));
    const file = path.join(dir, 'list.yaml');
    fs.writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'PodList', metadata: { name: 'l' }, items: [insecurePod('x')] }));
    const chart = Testing.chart();
    new Include(chart, 'inc', { url: file });
    expect(paths(Audit.of(chart).findings, RuleId.CTR_NOT_PRIVILEGED)).toEqual(['Pod/x items[0].spec.containers[0].securityContext.privileged']);
  });
});

describe('PodTemplate objects', () => {
  test('the template is judged by the pod rules', () => {
    const template = { apiVersion: 'v1', kind: 'PodTemplate', metadata: { name: 't', namespace: 'team' }, template: { metadata: {}, spec: insecureSpec() } };
    const report = Audit.ofManifests([template], { packs: [Pack.PSS_BASELINE] });
    expect(report.findings.map(f => `${f.ruleId} ${f.path}`)).toEqual(expect.arrayContaining([
      'CTR-NOT-PRIVILEGED template.spec.containers[0].securityContext.privileged',
      'POD-NO-HOSTNETWORK template.spec.hostNetwork',
    ]));
  });
});

describe('pod specs found structurally in custom resources', () => {
  const rollout: Manifest = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'r', namespace: 'team' },
    spec: { replicas: 2, template: { metadata: { labels: { app: 'r' } }, spec: insecureSpec() } },
  };

  test('an Argo Rollout spec.template is judged by every pod rule, and each finding says where the spec was found', () => {
    const report = Audit.ofManifests([rollout], { packs: [Pack.HARDENED] });
    const privileged = report.findings.find(f => f.ruleId === RuleId.CTR_NOT_PRIVILEGED)!;
    expect(privileged.path).toEqual('spec.template.spec.containers[0].securityContext.privileged');
    expect(privileged.message).toContain('(pod spec of this Rollout found structurally at spec.template.spec)');
    const rules = new Set(report.findings.map(f => f.ruleId));
    const expected = [
      RuleId.POD_NO_HOSTNETWORK, RuleId.IMG_TAG, RuleId.POD_SECCOMP, RuleId.CTR_READONLY_ROOTFS, RuleId.POD_NO_SA_TOKEN, RuleId.NS_DEFAULT_DENY,
    ];
    for (const rule of expected) {
      expect(rules).toContain(rule);
    }
    // Rules for other kinds (Deployment rollouts, replicas) are not run on it.
    expect(rules).not.toContain(RuleId.WL_ROLLING);
    expect(report.problems.map(p => p.message)).toEqual([expect.stringContaining('its pod spec was found structurally at spec.template.spec')]);
  });

  test('the note is in every report format', () => {
    const report = Audit.ofManifests([rollout], { packs: [Pack.HARDENED] });
    for (const text of [report.toText(), report.toJson(), report.toMarkdown(), report.toSarif()]) {
      expect(text).toContain('found structurally at spec.template.spec');
    }
  });

  test('the pod metadata beside the spec is used (annotations, labels)', () => {
    const r = JSON.parse(JSON.stringify(rollout));
    r.spec.template.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' };
    const findings = Audit.ofManifests([r], { packs: [Pack.PSS_BASELINE] }).findings.filter(f => f.ruleId === RuleId.POD_APPARMOR);
    expect(findings.map(f => f.path)).toEqual(['spec.template.metadata.annotations["container.apparmor.security.beta.kubernetes.io/app"]']);
  });

  test('KEDA ScaledJob spec.jobTemplate.spec.template and several templates in one object are all judged', () => {
    const scaledJob = {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledJob',
      metadata: { name: 'j', namespace: 'team' },
      spec: { jobTemplate: { spec: { template: { spec: insecureSpec('worker') } } } },
    };
    const multi = {
      apiVersion: 'example.com/v1',
      kind: 'LeaderWorkerSet',
      metadata: { name: 'm', namespace: 'team' },
      spec: { leaderTemplate: { spec: insecureSpec('leader') }, workers: [{ template: { spec: insecureSpec('worker') } }] },
    };
    const report = Audit.ofManifests([scaledJob, multi], { packs: [Pack.PSS_BASELINE] });
    expect(paths(report.findings.map(f => ({ ...f, pack: 'hardened' })), RuleId.CTR_NOT_PRIVILEGED)).toEqual([
      'LeaderWorkerSet/m spec.leaderTemplate.spec.containers[0].securityContext.privileged',
      'LeaderWorkerSet/m spec.workers[0].template.spec.containers[0].securityContext.privileged',
      'ScaledJob/j spec.jobTemplate.spec.template.spec.containers[0].securityContext.privileged',
    ]);
  });

  test('a pod spec directly under spec uses the object metadata (a Pod-like custom resource)', () => {
    const custom = { apiVersion: 'example.com/v1', kind: 'Sandbox', metadata: { name: 's', namespace: 'team' }, spec: insecureSpec() };
    const findings = Audit.ofManifests([custom], { packs: [Pack.PSS_BASELINE] }).findings;
    expect(findings.map(f => f.path)).toEqual(expect.arrayContaining(['spec.containers[0].securityContext.privileged', 'spec.hostNetwork']));
  });

  test('from a construct tree too (a CRD ApiObject)', () => {
    const chart = new Chart(Testing.app(), 'c');
    new ApiObject(chart, 'rollout', rollout as any);
    const finding = Audit.of(chart).findings.find(f => f.id === 'pss-baseline/CTR-NOT-PRIVILEGED')!;
    expect(finding.message).toContain('found structurally at spec.template.spec');
  });

  test('built-in kinds without pods are never judged by shape', () => {
    const revision = {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: { name: 'rev', namespace: 'team' },
      revision: 1,
      data: { spec: { template: { spec: insecureSpec() } } },
    };
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'team' }, spec: insecureSpec() };
    const report = Audit.ofManifests([revision, configMap], { packs: [Pack.PSS_BASELINE] });
    expect(report.findings).toEqual([]);
  });

  test('objects that only look a little like pods are not judged (no containers with an image, status ignored)', () => {
    const notPods = {
      apiVersion: 'example.com/v1',
      kind: 'Thing',
      metadata: { name: 't', namespace: 'team' },
      spec: { containers: [{ name: 'a' }], other: { containers: 'text' } },
      status: { lastPod: insecureSpec() },
    };
    const report = Audit.ofManifests([notPods], { packs: [Pack.PSS_BASELINE] });
    expect(report.findings).toEqual([]);
    expect(report.problems.map(p => p.message)).toEqual([expect.stringContaining('only the rules that apply to every object were run')]);
  });

  test('the search is bounded: a deeply nested object does not hang or overflow', () => {
    let deep: Manifest = { spec: insecureSpec() };
    for (let i = 0; i < 5000; i++) {
      deep = { next: deep };
    }
    const report = Audit.ofManifests([{ apiVersion: 'example.com/v1', kind: 'Deep', metadata: { name: 'd' }, spec: deep }]);
    expect(report.findings.filter(f => f.ruleId === RuleId.CTR_NOT_PRIVILEGED)).toEqual([]);
  });
});

describe('escape hatches', () => {
  test.each([
    ['at pod level', '/spec/template/spec/securityContext/appArmorProfile'],
    ['on the container', '/spec/template/spec/containers/0/securityContext/appArmorProfile'],
  ])('a JSON patch adding appArmorProfile Unconfined %s to a SecureDeployment never reaches the output (the 1.28 schema drops it)', (_name, pointer) => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    const deployment = new SecureDeployment(chart, 'api', { image: 'registry.example.com/api:1.0', port: 8080 });
    ApiObject.of(deployment).addJsonPatch(JsonPatch.add(pointer, { type: 'Unconfined' }));
    expect(JSON.stringify(Testing.synth(chart))).not.toContain('appArmorProfile');
    expect(Audit.of(chart, { packs: [Pack.PSS_BASELINE] }).findings.filter(f => f.ruleId === RuleId.POD_APPARMOR)).toEqual([]);
  });

  test('a JSON patch adding seccompProfile {} to a SecureDeployment container is caught (pss-restricted)', () => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    const deployment = new SecureDeployment(chart, 'api', { image: 'registry.example.com/api:1.0', port: 8080 });
    expect(Audit.of(chart, { packs: [Pack.PSS_RESTRICTED] }).findings.filter(f => f.ruleId === RuleId.POD_SECCOMP)).toEqual([]);
    ApiObject.of(deployment).addJsonPatch(JsonPatch.replace('/spec/template/spec/containers/0/securityContext/seccompProfile', {}));
    const findings = Audit.of(chart, { packs: [Pack.PSS_RESTRICTED] }).findings.filter(f => f.ruleId === RuleId.POD_SECCOMP);
    expect(findings.map(f => f.path)).toEqual(['spec.template.spec.containers[0].securityContext.seccompProfile.type']);
  });

  test('a plain ApiObject Deployment with appArmorProfile Unconfined (no typed schema) is caught', () => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    new ApiObject(chart, 'raw', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'raw' },
      spec: { template: { spec: { securityContext: { appArmorProfile: { type: 'Unconfined' } }, containers: [{ name: 'a', image: 'registry.example.com/a:1' }] } } },
    } as any);
    const findings = Audit.of(chart, { packs: [Pack.PSS_BASELINE] }).findings.filter(f => f.ruleId === RuleId.POD_APPARMOR);
    expect(findings.map(f => f.path)).toEqual(['spec.template.spec.securityContext.appArmorProfile.type']);
  });
});
