import * as path from 'path';
import { Yaml } from 'cdk8s';
import { exampleNames, yamlFiles } from '../scripts/examples';
import { Manifest } from './support/manifests';
import { kubeScoreFindings, polarisFindings, scannerFindings } from './support/scanner-checks';

const root = path.resolve(__dirname, '..');

function committedObjects(name: string): Manifest[] {
  const dist = path.join(root, 'examples', name, 'dist');
  return yamlFiles(dist).flatMap((file) => Yaml.load(path.join(dist, file)) as Manifest[]);
}

describe.each(exampleNames(root))('the committed output of example %s', (name) => {
  test('has no Polaris or kube-score finding (default checks, warning or above)', () => {
    expect(scannerFindings(committedObjects(name))).toEqual([]);
  });
});

/** A minimal hardened Deployment with its PDB and NetworkPolicy, as the checks' positive case. */
function deployment(overrides: (d: Manifest) => void = () => undefined): Manifest[] {
  const labels = { 'app.kubernetes.io/instance': 'api', 'app.kubernetes.io/name': 'api' };
  const container = {
    name: 'main',
    image: 'ghcr.io/acme/api:1.0.0',
    imagePullPolicy: 'Always',
    resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1', memory: '1Gi' } },
    readinessProbe: { tcpSocket: { port: 8080 } },
    livenessProbe: { tcpSocket: { port: 'http' } },
    securityContext: {
      runAsUser: 10001,
      runAsGroup: 10001,
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    },
  };
  const d: Manifest = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', namespace: 'shop', labels },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'api' } },
      template: {
        metadata: { labels: { ...labels, app: 'api' } },
        spec: {
          priorityClassName: 'business-critical',
          automountServiceAccountToken: false,
          serviceAccountName: 'api',
          containers: [container],
          topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'api' } } }],
          affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'api' } } } }] } },
        },
      },
    },
  };
  overrides(d);
  return [
    d,
    { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'api', namespace: 'shop', labels }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'api' } } } },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'api', namespace: 'shop', labels },
      spec: { podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Ingress', 'Egress'], ingress: [{ from: [{ podSelector: {} }] }], egress: [{ to: [{ podSelector: {} }] }] },
    },
  ];
}

describe('the re-implemented checks can fail', () => {
  test('a hardened Deployment passes both scanners', () => {
    expect(scannerFindings(deployment())).toEqual([]);
  });

  test.each([
    ['pullPolicyNotAlways', (d: Manifest) => { d.spec.template.spec.containers[0].imagePullPolicy = 'IfNotPresent'; }],
    ['priorityClassNotSet', (d: Manifest) => { delete d.spec.template.spec.priorityClassName; }],
    ['deploymentMissingReplicas', (d: Manifest) => { delete d.spec.replicas; }],
    ['sensitiveContainerEnvVar', (d: Manifest) => { d.spec.template.spec.containers[0].env = [{ name: 'POSTGRES_PASSWORD_FILE', value: '/run/secrets/db/password' }]; }],
    ['readinessProbeMissing', (d: Manifest) => { delete d.spec.template.spec.containers[0].readinessProbe; }],
    ['notReadOnlyRootFilesystem', (d: Manifest) => { d.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem = false; }],
    ['runAsRootAllowed', (d: Manifest) => { delete d.spec.template.spec.containers[0].securityContext.runAsNonRoot; d.spec.template.spec.containers[0].securityContext.runAsUser = 0; }],
    ['topologySpreadConstraint', (d: Manifest) => { delete d.spec.template.spec.topologySpreadConstraints; }],
    ['metadataAndInstanceMismatched', (d: Manifest) => { d.metadata.labels = { 'app.kubernetes.io/instance': 'other' }; }],
  ])('Polaris %s', (check, change) => {
    const objects = deployment(change);
    expect(polarisFindings(objects).map((f) => f.check)).toContain(check);
    // The scanner's own exemption on the controller silences it.
    objects[0].metadata.annotations = { [`polaris.fairwinds.com/${check}-exempt`]: 'true' };
    expect(polarisFindings(objects).map((f) => f.check)).not.toContain(check);
  });

  test.each([
    ['container-image-pull-policy', (d: Manifest) => { d.spec.template.spec.containers[0].imagePullPolicy = 'IfNotPresent'; }],
    ['pod-probes', (d: Manifest) => { d.spec.template.spec.containers[0].livenessProbe = { tcpSocket: { port: 8080 } }; }],
    ['container-security-context', (d: Manifest) => { d.spec.template.spec.containers[0].securityContext.runAsUser = 1000; }],
    ['container-resources', (d: Manifest) => { delete d.spec.template.spec.containers[0].resources.limits; }],
    ['deployment-has-host-podantiaffinity', (d: Manifest) => { delete d.spec.template.spec.affinity; }],
  ])('kube-score %s', (check, change) => {
    const objects = deployment(change);
    expect(kubeScoreFindings(objects).map((f) => f.check)).toContain(check);
    objects[0].metadata.annotations = { 'kube-score/ignore': `other-check,${check}` };
    expect(kubeScoreFindings(objects).map((f) => f.check)).not.toContain(check);
  });

  test('a Deployment without a PodDisruptionBudget or NetworkPolicy', () => {
    const [only] = deployment();
    expect(polarisFindings([only]).map((f) => f.check)).toEqual(expect.arrayContaining(['missingPodDisruptionBudget', 'missingNetworkPolicy']));
    expect(kubeScoreFindings([only]).map((f) => f.check)).toEqual(expect.arrayContaining(['deployment-has-poddisruptionbudget', 'pod-networkpolicy']));
  });

  test('polaris.fairwinds.com/exempt silences every Polaris check of the controller', () => {
    const [only] = deployment((d) => { d.metadata.annotations = { 'polaris.fairwinds.com/exempt': 'true' }; });
    expect(polarisFindings([only])).toEqual([]);
  });
});
