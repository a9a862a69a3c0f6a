import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RuleId, Severity } from '../../../src';
import { runCli } from '../../../src/audit/cli/run-cli';
import { find, findingsOf, hardened, Manifest, webContainer, webPod } from '../support';
import { describeRule } from './rule-case';

const D = 'Deployment/web';
const P = 'spec.template.spec';
const C = `${P}.containers[0]`;

const emptyDir = (o: Manifest[], name: string, mountPath: string, extra: Manifest = {}, volume: Manifest = {}) => {
  webPod(o).volumes.push({ name, emptyDir: { sizeLimit: '16Mi', ...volume } });
  webContainer(o).volumeMounts.push({ name, mountPath, ...extra });
};

describeRule(RuleId.CTR_READONLY_ROOTFS, [
  { name: 'a writable /var/cache/nginx', change: o => emptyDir(o, 'cache', '/var/cache/nginx'), expected: [] },
  { name: 'an in-memory /dev/shm', change: o => emptyDir(o, 'shm', '/dev/shm', {}, { medium: 'Memory' }), expected: [] },
  { name: 'a read-only emptyDir over /etc', change: o => emptyDir(o, 'etc', '/etc', { readOnly: true }), expected: [] },
  { name: 'a writable /etc', change: o => emptyDir(o, 'etc', '/etc'), expected: [`${D} ${C}.volumeMounts[2].mountPath`] },
  { name: 'a writable /etc/ (trailing slash)', change: o => emptyDir(o, 'etc', '/etc/'), expected: [`${D} ${C}.volumeMounts[2].mountPath`] },
  { name: 'a writable //usr/./local/bin', change: o => emptyDir(o, 'bin', '//usr/./local/bin'), expected: [`${D} ${C}.volumeMounts[2].mountPath`] },
  { name: 'a writable /lib64', change: o => emptyDir(o, 'lib', '/lib64'), expected: [`${D} ${C}.volumeMounts[2].mountPath`] },
  {
    name: 'a writable PVC over /var/run/secrets/kubernetes.io',
    change: o => {
      webPod(o).volumes.push({ name: 'data', persistentVolumeClaim: { claimName: 'data' } });
      webContainer(o).volumeMounts.push({ name: 'data', mountPath: '/var/run/secrets/kubernetes.io' });
    },
    expected: [`${D} ${C}.volumeMounts[2].mountPath`],
  },
  { name: 'a writable /', change: o => emptyDir(o, 'root', '/'), expected: [`${D} ${C}.volumeMounts[2].mountPath`] },
]);

describeRule(RuleId.CTR_MOUNT_PATHS, [
  {
    name: 'a secret inside a writable directory',
    change: o => {
      emptyDir(o, 'data', '/data');
      webContainer(o).volumeMounts.push({ name: 'db-credentials', mountPath: '/data/db', readOnly: true });
    },
    expected: [],
  },
  { name: 'the same volume at two paths', change: o => { webContainer(o).volumeMounts.push({ name: 'tmp', mountPath: '/var/tmp' }); }, expected: [] },
  {
    name: 'a secret and a writable path at one mountPath',
    change: o => emptyDir(o, 'secrets', '/var/run/secrets/db'),
    expected: [`${D} ${C}.volumeMounts[2].mountPath`],
    severity: Severity.ERROR,
  },
  { name: 'one path written two ways (/tmp/ and /tmp)', change: o => emptyDir(o, 'tmp2', '/tmp/'), expected: [`${D} ${C}.volumeMounts[2].mountPath`] },
  { name: 'a writable path inside the Secret mount', change: o => emptyDir(o, 'cache', '/var/run/secrets/db/cache'), expected: [`${D} ${C}.volumeMounts[2].mountPath`] },
  { name: 'a relative mountPath', change: o => emptyDir(o, 'cache', 'var/cache'), expected: [`${D} ${C}.volumeMounts[2].mountPath`] },
  { name: 'a mountPath with ..', change: o => emptyDir(o, 'cache', '/var/../etc'), expected: [`${D} ${C}.volumeMounts[2].mountPath`] },
]);

describeRule(RuleId.POD_EMPTYDIR_SIZE, [
  { name: 'sizes within the limit', change: o => emptyDir(o, 'cache', '/var/cache', {}, { sizeLimit: '192Mi' }), expected: [] },
  { name: 'an in-memory emptyDir larger than ephemeral-storage', change: o => emptyDir(o, 'shm', '/dev/shm', {}, { sizeLimit: '1Gi', medium: 'Memory' }), expected: [] },
  { name: 'sizes summed above the limit', change: o => emptyDir(o, 'cache', '/var/cache', {}, { sizeLimit: '200Mi' }), expected: [`${D} ${P}.volumes`] },
  { name: 'one size above the limit', change: o => { webPod(o).volumes[0].emptyDir.sizeLimit = '1Gi'; }, expected: [`${D} ${P}.volumes`] },
  { name: 'sizeLimit 0', change: o => { webPod(o).volumes[0].emptyDir.sizeLimit = '0'; }, expected: [`${D} ${P}.volumes[0].emptyDir.sizeLimit`] },
  {
    name: 'a negative sizeLimit',
    change: o => { webPod(o).volumes[0].emptyDir.sizeLimit = '-1Mi'; },
    expected: [`${D} ${P}.volumes[0].emptyDir.sizeLimit`],
    severity: Severity.ERROR,
  },
  {
    name: 'a malformed sizeLimit',
    change: o => { webPod(o).volumes[0].emptyDir.sizeLimit = '64 MB'; },
    expected: [`${D} ${P}.volumes[0].emptyDir.sizeLimit`],
    severity: Severity.ERROR,
  },
]);

describeRule(RuleId.CTR_LIMITRANGE_BOUNDS, [
  { name: 'within max and min', change: () => undefined, expected: [] },
  { name: 'no LimitRange in the namespace', change: o => o.filter(x => x.kind !== 'LimitRange'), expected: [] },
  {
    name: 'a memory limit above max',
    change: o => { webContainer(o).resources.limits.memory = '3Gi'; },
    expected: [`${D} ${C}.resources.limits.memory`],
    severity: Severity.ERROR,
  },
  { name: 'a cpu request below min', change: o => { webContainer(o).resources.requests.cpu = '5m'; }, expected: [`${D} ${C}.resources.requests.cpu`] },
  { name: 'a limit written as 2.5 cores', change: o => { webContainer(o).resources.limits.cpu = 2.5; }, expected: [`${D} ${C}.resources.limits.cpu`] },
  {
    name: 'a second LimitRange with a lower max',
    change: o => {
      o.push({ apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'tight', namespace: 'shop' }, spec: { limits: [{ type: 'Container', max: { memory: '128Mi' } }] } });
    },
    // The CronJob's limit equals the max: allowed.
    expected: [`${D} ${C}.resources.limits.memory`],
  },
  {
    name: 'a LimitRange of another namespace',
    change: o => { find(o, 'LimitRange').metadata.namespace = 'other'; webContainer(o).resources.limits.memory = '3Gi'; },
    expected: [],
  },
]);

describeRule(RuleId.WL_NAMESPACE_DECLARED, [
  { name: 'in the declared namespace', change: () => undefined, expected: [] },
  { name: 'in kube-system (WL-NAMESPACE judges it)', change: o => { find(o, 'Deployment').metadata.namespace = 'kube-system'; }, expected: [] },
  {
    name: 'in a namespace the output does not declare',
    change: o => { find(o, 'Deployment').metadata.namespace = 'shpo'; },
    expected: [`${D} metadata.namespace`],
    severity: Severity.WARNING,
  },
  {
    name: 'in an output that declares no namespace at all (info)',
    change: o => o.filter(x => x.kind !== 'Namespace'),
    expected: [`${D} metadata.namespace`, 'CronJob/cleanup metadata.namespace'],
    severity: Severity.INFO,
  },
]);

describeRule(RuleId.META_UNIQUE_OBJECT, [
  { name: 'one name for different kinds', change: () => undefined, expected: [] },
  { name: 'a Deployment of that name in another namespace', change: o => { o.push({ ...find(o, 'Deployment'), metadata: { name: 'web', namespace: 'other' } }); }, expected: [] },
  {
    name: 'generateName only',
    change: o => {
      o.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'web-', namespace: 'shop' } });
      o.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'web-', namespace: 'shop' } });
    },
    expected: [],
  },
  {
    name: 'a second Deployment web',
    change: o => { o.push(JSON.parse(JSON.stringify(find(o, 'Deployment')))); },
    expected: [`${D} metadata.name`],
    severity: Severity.ERROR,
  },
  {
    name: 'a second Namespace shop (cluster-scoped: namespace ignored)',
    change: o => {
      o.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', namespace: 'ignored', labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } } });
    },
    expected: ['Namespace/shop metadata.name'],
  },
  {
    name: 'the same group under another version',
    change: o => {
      o.push({ apiVersion: 'apps/v1beta2', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' } });
    },
    expected: [`${D} metadata.name`],
  },
  {
    name: 'no namespace and default',
    change: o => {
      o.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
      o.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'default' } });
    },
    expected: ['ConfigMap/x metadata.name'],
  },
]);

describeRule(RuleId.META_NAME, [
  { name: 'RBAC names with colons', change: o => { find(o, 'Role').metadata.name = 'system:web-config-reader'; }, expected: [] },
  { name: 'a dotted Deployment name', change: o => { find(o, 'ConfigMap').metadata.name = 'web.config'; }, expected: [] },
  { name: 'Api_1', change: o => { find(o, 'ConfigMap').metadata.name = 'Api_1'; }, expected: ['ConfigMap/Api_1 metadata.name'], severity: Severity.ERROR },
  { name: 'a Service name starting with a digit', change: o => { find(o, 'Service').metadata.name = '1web'; }, expected: ['Service/1web metadata.name'] },
  { name: 'a dotted Namespace name', change: o => { find(o, 'Namespace').metadata.name = 'shop.eu'; }, expected: ['Namespace/shop.eu metadata.name'] },
  { name: 'a 64-character Service name', change: o => { find(o, 'Service').metadata.name = 'a'.repeat(64); }, expected: [`Service/${'a'.repeat(64)} metadata.name`] },
  { name: 'a 53-character CronJob name', change: o => { find(o, 'CronJob').metadata.name = 'c'.repeat(53); }, expected: [`CronJob/${'c'.repeat(53)} metadata.name`] },
  {
    name: 'an upper-case generateName',
    change: o => { o.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'Web-', namespace: 'shop' } }); },
    expected: ['ConfigMap/Web- metadata.generateName'],
  },
]);

describe('duplicates across files', () => {
  test('the CLI audits every file as one set: a Deployment in two files collides, and the finding names the first file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-secure-unique-'));
    const deployment = JSON.stringify(find(hardened(), 'Deployment'));
    fs.writeFileSync(path.join(dir, 'a.yaml'), deployment);
    fs.writeFileSync(path.join(dir, 'b.yaml'), deployment);
    let stdout = '';
    await runCli(['audit', '--format', 'json', '--pack', 'hardened', path.join(dir, 'a.yaml'), path.join(dir, 'b.yaml')], {
      stdout: { isTTY: false, write: (text: string) => { stdout += text; } },
      stderr: { write: () => undefined },
      env: {},
      readStdin: async () => '',
    });
    const findings = JSON.parse(stdout).findings.filter((f: { ruleId: string }) => f.ruleId === RuleId.META_UNIQUE_OBJECT);
    expect(findings.map((f: { file: string; message: string }) => [path.basename(f.file), f.message])).toEqual([
      ['b.yaml', `Deployment.apps shop/web is also ${path.join(dir, 'a.yaml')} document 1; applying both keeps only the last`],
    ]);
  });

  test('in one set, the message numbers the first object', () => {
    const objects = hardened();
    objects.push(JSON.parse(JSON.stringify(find(objects, 'Deployment'))));
    const [finding] = findingsOf(objects, RuleId.META_UNIQUE_OBJECT);
    expect(finding.message).toMatch(/^Deployment\.apps shop\/web is also object #\d+; applying both keeps only the last$/);
  });
});
