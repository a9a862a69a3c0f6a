import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, Include, JsonPatch, Lazy, Testing } from 'cdk8s';
import { pod } from './support';
import { Audit, Pack, RuleId, Severity } from '../../src';
import { podNoHostNetwork } from '../../src/audit/rules/privilege/pod-no-hostnetwork';

const KINDS = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Service', 'Ingress', 'ConfigMap',
  'ServiceAccount', 'Namespace', 'NetworkPolicy', 'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'PodDisruptionBudget',
  'HorizontalPodAutoscaler', 'ResourceQuota', 'LimitRange', 'PriorityClass'];

/** Odd but parseable shapes that rules meet in real YAML. */
const ODD_VALUES: unknown[] = [null, 'text', 42, true, [], {}, [null, 'x', 1], { containers: 'nope', volumes: {}, securityContext: [] }];

describe('robustness', () => {
  test.each(KINDS)('no rule fails on odd %s objects', kind => {
    const objects = ODD_VALUES.flatMap((value, i) => [
      { apiVersion: 'v1', kind, metadata: { name: `s${i}`, namespace: 'x', labels: value, annotations: value }, spec: value, rules: value, data: value },
      {
        apiVersion: 'v1',
        kind,
        metadata: { name: `t${i}`, namespace: 'x' },
        spec: { template: { metadata: value, spec: { containers: [value, { name: 'c', securityContext: value, ports: value, env: value, resources: value }] } } },
      },
      {
        apiVersion: 'v1',
        kind,
        metadata: { name: `u${i}` },
        spec: {
          jobTemplate: { spec: { template: { spec: { initContainers: value, volumes: [value], securityContext: { sysctls: value } } } } },
          selector: value,
        },
      },
    ]);
    const report = Audit.ofManifests(objects, { allowedRegistries: ['registry.example.com'] });
    expect(report.findings.filter(f => f.message.includes('rule failed'))).toEqual([]);
  });

  test('a rule that throws becomes an ERROR finding on the object, and the other rules still run', () => {
    const spy = jest.spyOn(podNoHostNetwork, 'check').mockImplementation(() => {
      throw new Error('boom');
    });
    try {
      const report = Audit.ofManifests([pod({}, { securityContext: { privileged: true } })], { packs: [Pack.PSS_BASELINE] });
      const failed = report.findings.find(f => f.ruleId === RuleId.POD_NO_HOSTNETWORK)!;
      expect(failed).toMatchObject({ severity: Severity.ERROR, kind: 'Pod', name: 'p', path: '', suppressed: false });
      expect(failed.message).toEqual('the rule failed on this object (boom); the object could not be judged, please report this');
      expect(report.findings.map(f => f.ruleId)).toContain(RuleId.CTR_NOT_PRIVILEGED);
    } finally {
      spy.mockRestore();
    }
  });

  test('documents that are not Kubernetes objects are reported with their index, and skipped', () => {
    const report = Audit.ofManifests([null, 'text', [1], { kind: 'Pod' }, { apiVersion: 'v1', kind: 'Pod', metadata: {} }, pod()]);
    expect(report.objectCount).toBe(1);
    expect(report.problems.map(p => [p.documentIndex, p.severity, p.message])).toEqual([
      [1, 'warning', 'document is the string "text", not a Kubernetes object; skipped'],
      [2, 'warning', 'document is an array, not a Kubernetes object; skipped'],
      [3, 'warning', 'object has no apiVersion, metadata; not a Kubernetes object, skipped'],
      [4, 'warning', 'object has no metadata.name; not a Kubernetes object, skipped'],
    ]);
  });

  test('List kinds are flattened', () => {
    const report = Audit.ofManifests([{ apiVersion: 'v1', kind: 'List', items: [pod({ hostPID: true }), 'junk'] }], { packs: [Pack.PSS_BASELINE] });
    expect(report.active().map(f => `${f.id} ${f.path}`)).toEqual(['pss-baseline/POD-NO-HOSTPID spec.hostPID']);
    expect(report.problems.map(p => p.message)).toEqual(['items[1] of the List is the string "junk", not a Kubernetes object; skipped']);
  });

  test('custom resources are reported once per kind as INFO and audited by the generic rules only', () => {
    const crd = (name: string) => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name, namespace: 'default' } });
    const report = Audit.ofManifests([crd('a'), crd('b')]);
    expect(report.findings).toEqual([]);
    expect(report.problems.map(p => [p.severity, p.message])).toEqual([
      ['info', 'Widget default/a: example.com/v1 Widget is not a built-in Kubernetes kind; only the rules that apply to every object were run on objects of this kind'],
    ]);
    expect(report.counts().problems).toBe(0);
  });

  test('Audit.ofYaml reports malformed documents with index and line, and audits the others with line numbers', () => {
    const yaml = [
      'apiVersion: v1', 'kind: Pod', 'metadata: { name: p, namespace: team }', 'spec:', '  containers:', '    - name: app',
      '      image: nginx:1.27', '      securityContext:', '        privileged: true',
      '---', 'a: [b', '---', '- just', '- a list',
    ].join('\n');
    const report = Audit.ofYaml(yaml, { packs: [Pack.PSS_BASELINE] }, 'pods.yaml');
    expect(report.active().map(f => [f.id, f.file, f.documentIndex, f.line])).toEqual([['pss-baseline/CTR-NOT-PRIVILEGED', 'pods.yaml', 0, 9]]);
    expect(report.problems.map(p => [p.severity, p.file, p.documentIndex, p.line, p.message.split(':')[0]])).toEqual([
      ['error', 'pods.yaml', 1, 11, 'malformed YAML, document skipped'],
      ['warning', 'pods.yaml', 2, 13, 'document is an array, not a Kubernetes object; skipped'],
    ]);
  });

  test('a missing field is located at its closest existing parent', () => {
    const yaml = 'apiVersion: v1\nkind: Pod\nmetadata: { name: p, namespace: team }\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n';
    const finding = Audit.ofYaml(yaml, { packs: [Pack.HARDENED] }).findings.find(f => f.ruleId === RuleId.CTR_READONLY_ROOTFS)!;
    expect([finding.path, finding.line]).toEqual(['spec.containers[0].securityContext.readOnlyRootFilesystem', 6]);
  });

  test('an alias bomb is reported, not expanded', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 8; i++) {
      lines.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`);
    }
    const report = Audit.ofYaml(lines.join('\n'));
    expect(report.problems.map(p => p.severity)).toEqual(['error']);
    expect(report.problems[0].message).toMatch(/^document cannot be read, skipped: /);
  });
});

describe('construct trees', () => {
  test('an object that cannot be synthesized is reported as a problem, the others are audited', () => {
    const chart = Testing.chart();
    new ApiObject(chart, 'broken', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' }, data: Lazy.any({ produce: () => { throw new Error('no value'); } }) });
    new ApiObject(chart, 'pod', pod({ hostPID: true }) as never);
    const report = Audit.of(chart, { packs: [Pack.PSS_BASELINE] });
    expect(report.active().map(f => f.id)).toEqual(['pss-baseline/POD-NO-HOSTPID']);
    expect(report.problems.map(p => [p.severity, p.message.split(' (')[0]])).toEqual([
      ['error', 'test/broken: the object cannot be synthesized, so it was not audited'],
    ]);
  });

  test('objects of Include (YAML files, Helm output) are audited with their construct path', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'include-')), 'vendor.yaml');
    fs.writeFileSync(file, 'apiVersion: v1\nkind: Service\nmetadata: { name: vendor, namespace: team }\nspec: { type: LoadBalancer }\n');
    const chart = Testing.chart();
    new Include(chart, 'vendor', { url: file });
    const finding = Audit.of(chart, { packs: [Pack.HARDENED] }).active().find(f => f.ruleId === RuleId.SVC_TYPE)!;
    expect([finding.name, finding.constructPath]).toEqual(['vendor', 'test/vendor/vendor-service-team']);
  });

  test('JSON patches are audited as synthesized', () => {
    const chart = Testing.chart();
    const object = new ApiObject(chart, 'pod', pod() as never);
    object.addJsonPatch(JsonPatch.add('/spec/hostNetwork', true));
    expect(Audit.of(chart, { packs: [Pack.PSS_BASELINE] }).active().map(f => f.path)).toEqual(['spec.hostNetwork']);
  });
});
