import { Audit, Pack, RuleId, Severity } from '../../src';

/** A privileged pod spec on the host network. */
function insecureSpec(): Record<string, unknown> {
  return { hostNetwork: true, containers: [{ name: 'app', image: 'registry.example.com/app:1.0', securityContext: { privileged: true } }] };
}

function hardenedRules(manifests: unknown[]): string[] {
  const report = Audit.ofManifests(manifests, { packs: [Pack.HARDENED] });
  return [...new Set(report.findings.map(f => f.ruleId))].sort();
}

describe('built-in kind names on custom-resource groups', () => {
  test('a Knative Service is searched structurally, not judged as a core Service', () => {
    // GIVEN
    const knative = {
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'team' },
      spec: { template: { metadata: { labels: { app: 'web' } }, spec: insecureSpec() } },
    };

    // WHEN
    const report = Audit.ofManifests([knative], { packs: [Pack.HARDENED] });

    // THEN
    const privileged = report.findings.find(f => f.ruleId === RuleId.CTR_NOT_PRIVILEGED)!;
    expect(privileged.path).toBe('spec.template.spec.containers[0].securityContext.privileged');
    expect(privileged.message).toContain('found structurally at spec.template.spec');
    expect(report.findings.some(f => f.ruleId === RuleId.POD_NO_HOSTNETWORK)).toBe(true);
    expect(report.findings.filter(f => f.ruleId.startsWith('SVC-'))).toEqual([]);
    expect(report.problems.some(p => p.message.includes('serving.knative.dev/v1 Service is not a built-in Kubernetes kind'))).toBe(true);
  });

  test('a Volcano Job has its task templates judged', () => {
    // GIVEN
    const volcano = {
      apiVersion: 'batch.volcano.sh/v1alpha1',
      kind: 'Job',
      metadata: { name: 'train', namespace: 'team' },
      spec: { tasks: [{ name: 'worker', template: { spec: insecureSpec() } }] },
    };

    // WHEN
    const report = Audit.ofManifests([volcano], { packs: [Pack.HARDENED] });

    // THEN
    expect(report.findings.filter(f => f.ruleId === RuleId.CTR_NOT_PRIVILEGED).map(f => f.path))
      .toEqual(['spec.tasks[0].template.spec.containers[0].securityContext.privileged']);
  });

  test.each(['apps/v1', 'extensions/v1beta1', 'apps/v1beta2'])('a %s Deployment is still a built-in Deployment', (apiVersion) => {
    const deployment = {
      apiVersion,
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'team' },
      spec: { template: { spec: insecureSpec() } },
    };
    expect(hardenedRules([deployment])).toContain(RuleId.CTR_NOT_PRIVILEGED);
    const report = Audit.ofManifests([deployment], { packs: [Pack.HARDENED] });
    expect(report.findings.find(f => f.ruleId === RuleId.CTR_NOT_PRIVILEGED)!.message).not.toContain('structurally');
  });
});

describe('the structural search', () => {
  test('says when it stops at its depth bound', () => {
    // GIVEN a pod spec deeper than the search looks
    let nested: Record<string, unknown> = { template: { spec: insecureSpec() } };
    for (let i = 0; i < 14; i++) {
      nested = { level: nested };
    }
    const deep = { apiVersion: 'example.com/v1', kind: 'Deep', metadata: { name: 'deep', namespace: 'team' }, spec: nested };

    // WHEN
    const report = Audit.ofManifests([deep], { packs: [Pack.HARDENED] });

    // THEN
    const problem = report.problems.find(p => p.message.includes('search for pod specs'));
    expect(problem).toMatchObject({ severity: Severity.WARNING });
    expect(problem!.message).toContain('pods beyond it were not judged');
  });

  test('says when it stops at its size bound', () => {
    const big = {
      apiVersion: 'example.com/v1',
      kind: 'Big',
      metadata: { name: 'big', namespace: 'team' },
      spec: { padding: Array.from({ length: 25000 }, (_, i) => i), template: { spec: insecureSpec() } },
    };
    const report = Audit.ofManifests([big], { packs: [Pack.HARDENED] });
    expect(report.problems.find(p => p.message.includes('search for pod specs'))!.message).toContain('20000 values');
  });

  test('a complete search reports nothing more', () => {
    const rollout = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      metadata: { name: 'web', namespace: 'team' },
      spec: { template: { spec: insecureSpec() } },
    };
    const report = Audit.ofManifests([rollout], { packs: [Pack.HARDENED] });
    expect(report.problems.filter(p => p.message.includes('search for pod specs'))).toEqual([]);
  });

  test('looks for pod templates nested in the non-container keys of a pod spec', () => {
    // GIVEN a pod-shaped spec whose sidecarTemplate holds another pod spec
    const outer = {
      apiVersion: 'example.com/v1',
      kind: 'Outer',
      metadata: { name: 'outer', namespace: 'team' },
      spec: {
        containers: [{ name: 'ok', image: 'registry.example.com/ok:1.0' }],
        sidecarTemplate: { spec: insecureSpec() },
      },
    };

    // WHEN
    const report = Audit.ofManifests([outer], { packs: [Pack.HARDENED] });

    // THEN
    expect(report.findings.filter(f => f.ruleId === RuleId.CTR_NOT_PRIVILEGED).map(f => f.path))
      .toEqual(['spec.sidecarTemplate.spec.containers[0].securityContext.privileged']);
  });
});

describe('YAML read as kubectl reads it', () => {
  test('a !!binary annotation is decoded to text and judged', () => {
    const report = Audit.ofYaml([
      'apiVersion: networking.k8s.io/v1',
      'kind: Ingress',
      'metadata:',
      '  name: web',
      '  namespace: team',
      '  annotations:',
      '    nginx.ingress.kubernetes.io/server-snippet: !!binary bG9jYXRpb24gL3gge30=',
      'spec:',
      '  rules: [{host: web.example.com}]',
    ].join('\n'), { packs: [Pack.HARDENED] });
    expect(report.findings.filter(f => f.ruleId === RuleId.ING_NO_SNIPPETS).length).toBeGreaterThan(0);
  });

  test.each(['0o0', '-0o0', '0o0_0', '0O0', '0X0', '0B0', '0_x0', '-_0', '0x_0'])('plain %s is the int 0, so the pod runs as root', (value) => {
    const report = Audit.ofYaml(podWithRunAsUser(value), { packs: [Pack.HARDENED] });
    expect(report.findings.filter(f => f.ruleId === RuleId.POD_RUNASUSER_NONZERO).map(f => f.message)).toEqual(['the pod runs as user 0 (root)']);
  });

  test('a quoted \'0o0\' stays a string', () => {
    const report = Audit.ofYaml(podWithRunAsUser('\'0o0\''), { packs: [Pack.HARDENED] });
    expect(report.findings.filter(f => f.ruleId === RuleId.POD_RUNASUSER_NONZERO).map(f => f.message)).not.toContain('the pod runs as user 0 (root)');
  });
});

function podWithRunAsUser(value: string): string {
  return [
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: app, namespace: team}',
    'spec:',
    `  securityContext: {runAsUser: ${value}}`,
    '  containers: [{name: app, image: registry.example.com/app:1.0}]',
  ].join('\n');
}
