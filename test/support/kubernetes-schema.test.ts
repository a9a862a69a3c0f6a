import { validateManifests } from './kubernetes-schema';

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'api', namespace: 'shop', labels: { app: 'api' } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'api' } },
    template: {
      metadata: { labels: { app: 'api' }, annotations: { 'container.apparmor.security.beta.kubernetes.io/api': 'runtime/default' } },
      spec: {
        securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
        containers: [{
          name: 'api',
          image: 'ghcr.io/acme/api:1.4.2',
          ports: [{ containerPort: 8080 }],
          resources: { limits: { 'cpu': '500m', 'memory': '256Mi', 'ephemeral-storage': '1Gi' } },
          readinessProbe: { httpGet: { path: '/', port: 8080 } },
        }],
      },
    },
  },
};

describe('validateManifests', () => {
  test('accepts a valid Deployment', () => {
    expect(validateManifests([deployment])).toEqual([]);
  });

  test('reports a field of the wrong type', () => {
    const bad = JSON.parse(JSON.stringify(deployment));
    bad.spec.replicas = 'two';
    const problems = validateManifests([bad]);
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toMatch(/replicas/);
  });

  test('reports a missing required field', () => {
    const bad = JSON.parse(JSON.stringify(deployment));
    delete bad.spec.template.spec.containers[0].name;
    expect(validateManifests([bad]).map((p) => p.message).join()).toMatch(/name/);
  });

  test('reports unknown fields at any depth, with their path', () => {
    const bad = JSON.parse(JSON.stringify(deployment));
    bad.spec.template.spec.containers[0].securityContext = { readOnlyRootFileSystem: true };
    bad.spec.template.spec.securityContext.appArmorProfile = { type: 'RuntimeDefault' };
    expect(validateManifests([bad]).map((p) => p.path)).toEqual([
      'spec.template.spec.securityContext.appArmorProfile',
      'spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem',
    ]);
  });

  test('rejects kinds that are not in the 1.28 API unless declared as custom resources', () => {
    const peerAuthentication = { apiVersion: 'security.istio.io/v1beta1', kind: 'PeerAuthentication', metadata: { name: 'default' } };
    expect(validateManifests([peerAuthentication])[0].message).toMatch(/not a Kubernetes 1.28 kind/);
    expect(validateManifests([peerAuthentication], ['security.istio.io/v1beta1/PeerAuthentication'])).toEqual([]);
  });

  test('rejects documents that are not objects', () => {
    expect(validateManifests(['text'])[0].message).toBe('not an object');
  });
});
