import { ApiObject, App, Chart, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Audit, Pack, RuleId, SecureDeployment, SecureNamespace, SecurityPolicy, SecurityPolicyProps, Severity } from '../src';

import { find, Manifest } from './support/manifests';

const IMAGE = 'ghcr.io/acme/api:1.4.2';

const LIBRARY_DEFAULTS = {
  requests: { 'cpu': '100m', 'memory': '128Mi', 'ephemeral-storage': '64Mi' },
  limits: { 'cpu': '500m', 'memory': '256Mi', 'ephemeral-storage': '512Mi' },
};

/** A chart `shop` whose App holds `policy`; `labels` are the Chart's labels. */
function chartWith(policy?: SecurityPolicyProps, labels?: Record<string, string>): Chart {
  const app = Testing.app();
  if (policy) {
    SecurityPolicy.apply(app, policy);
  }
  return new Chart(app, 'shop', { namespace: 'shop', labels });
}

function only(chart: Chart, kind: string): Manifest {
  return find(Testing.synth(chart), kind);
}

function containersOf(chart: Chart): Record<string, Manifest> {
  const spec = only(chart, 'Deployment').spec.template.spec;
  return Object.fromEntries([...spec.initContainers ?? [], ...spec.containers].map((c: Manifest) => [c.name, c]));
}

describe('SecurityPolicy requiredLabels and defaultResources fields', () => {
  test('required label keys are sorted and deduplicated; getters return copies', () => {
    const policy = SecurityPolicy.apply(new App(), {
      requiredLabels: ['team', 'example.com/cost-center', 'team'],
      defaultResources: { memoryLimit: '1Gi' },
    });
    expect(policy.requiredLabels).toEqual(['example.com/cost-center', 'team']);
    expect(policy.defaultResources).toEqual({ memoryLimit: '1Gi' });
    policy.requiredLabels!.push('evil');
    expect(policy.requiredLabels).toEqual(['example.com/cost-center', 'team']);
  });

  test('an empty policy requires no label and changes no resource', () => {
    const policy = SecurityPolicy.apply(new App(), {});
    expect(policy.requiredLabels).toBeUndefined();
    expect(policy.defaultResources).toBeUndefined();
  });

  test.each<[string, SecurityPolicyProps, string]>([
    ['a label key with a space', { requiredLabels: ['cost center'] },
      "SecurityPolicy: invalid 'requiredLabels[0]': received \"cost center\"; the label key has a name \"cost center\" that is not a label name"],
    ['an empty label key', { requiredLabels: ['team', ''] },
      "SecurityPolicy: invalid 'requiredLabels[1]': received \"\"; the label key has an empty name. Fix: give a label key such as \"team\""],
    ['a label key with an upper-case prefix', { requiredLabels: ['Example.com/team'] },
      "invalid 'requiredLabels[0]': received \"Example.com/team\"; the label key has a prefix \"Example.com\" that has the label \"Example\""],
    ['a label key with two slashes', { requiredLabels: ['example.com/a/b'] },
      "invalid 'requiredLabels[0]': received \"example.com/a/b\"; the label key has a name \"a/b\" that is not a label name"],
    ['a label name over 63 characters', { requiredLabels: [`x${'y'.repeat(63)}`] },
      'the label key has a name of 64 characters; the name part of a label key has at most 63'],
    ['a malformed quantity', { defaultResources: { memoryLimit: 'lots' } },
      "SecurityPolicy: invalid 'defaultResources.memoryLimit': received \"lots\"; the quantity"],
    ['a limit below its request', { defaultResources: { cpuRequest: '2', cpuLimit: '1' } },
      "SecurityPolicy: invalid 'defaultResources.cpuLimit': received \"1\"; the quantity is below cpuRequest \"2\"; a limit must be at least its request"],
    ['an unknown resources field', { defaultResources: { memLimit: '1Gi' } as any },
      "SecurityPolicy: invalid 'defaultResources.memLimit': received \"1Gi\"; is not a resources field. Fix: use cpuRequest, cpuLimit, memoryRequest"],
    ['required labels that are not a list', { requiredLabels: 'team' as any },
      "SecurityPolicy: invalid 'requiredLabels': received \"team\"; is not a list of label keys"],
    ['a required label that is not a string', { requiredLabels: ['team', 7 as any] },
      "SecurityPolicy: invalid 'requiredLabels[1]': received 7; the label key is not a string"],
    ['a quantity that is not a string', { defaultResources: { cpuLimit: 2 as any } },
      "SecurityPolicy: invalid 'defaultResources.cpuLimit': received 2; is not a quantity string"],
  ])('rejects %s', (_name, props, message) => {
    expect(() => SecurityPolicy.apply(Testing.app(), props)).toThrow(message);
  });
});

describe('SecureDeployment under a SecurityPolicy with requiredLabels', () => {
  const policy = { requiredLabels: ['team', 'example.com/cost-center'] };

  test('missing labels fail synthesis, naming the construct, the labels it has, the missing keys and the fix', () => {
    const chart = chartWith(policy);
    new SecureDeployment(chart, 'api', { image: IMAGE, port: 8080, metadata: { labels: { team: 'checkout' } } });
    expect(() => Testing.synth(chart)).toThrow(
      /shop\/api: invalid 'metadata.labels': received \{"app.kubernetes.io\/instance":"shop-api-[0-9a-f]+",.*"team":"checkout"\}; /);
    expect(() => Testing.synth(chart)).toThrow(
      'the SecurityPolicy requires the label "example.com/cost-center" on every workload. '
      + "Fix: pass metadata: { labels: { 'example.com/cost-center': '<value>' } }, call metadata.addLabel(), or set them on the Chart");
  });

  test('every missing key is named', () => {
    const chart = chartWith(policy);
    new SecureDeployment(chart, 'api', { image: IMAGE, port: 8080 });
    expect(() => Testing.synth(chart)).toThrow('requires the labels "example.com/cost-center", "team" on every workload');
  });

  test('an empty value counts as missing, and the error says it is empty', () => {
    const chart = chartWith(policy);
    new SecureDeployment(chart, 'api', { image: IMAGE, port: 8080, metadata: { labels: { 'team': '', 'example.com/cost-center': 'cc-1' } } });
    expect(() => Testing.synth(chart)).toThrow('requires the label "team" on every workload ("team" is empty)');
  });

  test('a label added by a JSON patch counts, as it does for the audit', () => {
    const chart = chartWith(policy, { 'example.com/cost-center': 'cc-1' });
    const api = new SecureDeployment(chart, 'api', { image: IMAGE, port: 8080 });
    ApiObject.of(api).addJsonPatch(JsonPatch.add('/metadata/labels/team', 'checkout'));
    expect(only(chart, 'Deployment').metadata.labels.team).toBe('checkout');
    expect(Audit.of(chart).findings.filter((f) => f.ruleId === RuleId.META_LABELS)).toEqual([]);
  });

  test('labels from props, from the Chart and added after construction all count', () => {
    const chart = chartWith(policy, { 'example.com/cost-center': 'cc-1' });
    const api = new SecureDeployment(chart, 'api', { image: IMAGE, port: 8080 });
    api.metadata.addLabel('team', 'checkout');
    new SecureDeployment(chart, 'worker', { image: IMAGE, port: 8080, metadata: { labels: { team: 'checkout' } } });
    const labels = Testing.synth(chart).filter((m: Manifest) => m.kind === 'Deployment').map((m: Manifest) => m.metadata.labels);
    expect(labels).toHaveLength(2);
    for (const set of labels) {
      expect(set).toMatchObject({ 'team': 'checkout', 'example.com/cost-center': 'cc-1' });
    }
  });

  test('without requiredLabels no label is demanded', () => {
    const chart = chartWith({ allowedRegistries: ['ghcr.io/acme'] });
    new SecureDeployment(chart, 'api', { image: IMAGE, port: 8080 });
    expect(only(chart, 'Deployment').metadata.labels.team).toBeUndefined();
  });

  test('Audit.of() reports the missing labels under META-LABELS with the policy, and explicit options win', () => {
    const chart = chartWith(policy);
    new SecureDeployment(chart, 'api', { image: IMAGE, port: 8080, metadata: { labels: { team: 'checkout' } } });
    const metaLabels = (options = {}) => Audit.of(chart, { packs: [Pack.HARDENED], ...options }).findings
      .filter((f) => f.ruleId === RuleId.META_LABELS).map((f) => [f.path, f.severity, f.message]);
    expect(metaLabels()).toEqual([['metadata.labels["example.com/cost-center"]', Severity.WARNING,
      'the Deployment has no example.com/cost-center label, which the organisation requires']]);
    expect(metaLabels({ requiredLabels: ['team'] })).toEqual([]);
  });
});

describe('SecureDeployment under a SecurityPolicy with defaultResources', () => {
  test('each given field replaces the library default; the rest keep theirs', () => {
    const chart = chartWith({ defaultResources: { cpuRequest: '250m', memoryLimit: '1Gi' } });
    new SecureDeployment(chart, 'api', { image: IMAGE, port: 8080 });
    expect(containersOf(chart).main.resources).toEqual({
      requests: { ...LIBRARY_DEFAULTS.requests, cpu: '250m' },
      limits: { ...LIBRARY_DEFAULTS.limits, memory: '1Gi' },
    });
  });

  test('a lone policy request pulls its limit up, as for a container\'s own resources', () => {
    const chart = chartWith({ defaultResources: { memoryRequest: '1Gi' } });
    new SecureDeployment(chart, 'api', { image: IMAGE, port: 8080 });
    expect(containersOf(chart).main.resources.requests.memory).toBe('1Gi');
    expect(containersOf(chart).main.resources.limits.memory).toBe('1Gi');
  });

  test('the resources prop wins per field; a lone limit below the policy request pulls the request down', () => {
    const chart = chartWith({ defaultResources: { memoryRequest: '1Gi', memoryLimit: '2Gi', cpuLimit: '1' } });
    new SecureDeployment(chart, 'api', { image: IMAGE, port: 8080, resources: { memoryLimit: '512Mi' } });
    const resources = containersOf(chart).main.resources;
    expect(resources.requests.memory).toBe('512Mi');
    expect(resources.limits.memory).toBe('512Mi');
    expect(resources.limits.cpu).toBe('1');
  });

  test('containers added without resources get the policy defaults, not the main container\'s resources', () => {
    const chart = chartWith({ defaultResources: { cpuLimit: '1', memoryLimit: '512Mi' } });
    const deployment = new SecureDeployment(chart, 'api', { image: IMAGE, port: 8080, resources: { memoryLimit: '2Gi' } });
    deployment.addContainer({
      name: 'proxy',
      image: 'ghcr.io/acme/proxy:2.0',
      portNumber: 9090,
      readiness: kplus.Probe.fromTcpSocket({ port: 9090 }),
      liveness: kplus.Probe.fromHttpGet('/livez', { port: 9090 }),
    });
    deployment.addInitContainer({ name: 'migrate', image: 'ghcr.io/acme/migrate:1.0' });
    const containers = containersOf(chart);
    expect(containers.main.resources.limits).toEqual({ ...LIBRARY_DEFAULTS.limits, cpu: '1', memory: '2Gi' });
    for (const name of ['proxy', 'migrate']) {
      expect(containers[name].resources).toEqual({
        requests: LIBRARY_DEFAULTS.requests,
        limits: { ...LIBRARY_DEFAULTS.limits, cpu: '1', memory: '512Mi' },
      });
    }
  });

  test('a prop that contradicts the policy defaults names the prop and mentions the policy', () => {
    const chart = chartWith({ defaultResources: { cpuRequest: '1', cpuLimit: '2' } });
    expect(() => new SecureDeployment(chart, 'api', { image: IMAGE, port: 8080, resources: { cpuRequest: '4', cpuLimit: '3' } })).toThrow(
      "shop/api: invalid 'resources.cpuLimit': received \"3\"; the quantity is below cpuRequest \"4\"");
    expect(() => new SecureDeployment(chart, 'web', { image: IMAGE, port: 8080, resources: { cpuLimit: 'x' } })).toThrow(
      "(unset fields take the SecurityPolicy's defaultResources)");
  });

  test('the output under a policy audits clean under every pack', () => {
    const chart = chartWith({ defaultResources: { memoryRequest: '256Mi', memoryLimit: '1Gi' }, requiredLabels: ['team'] }, { team: 'checkout' });
    new SecureNamespace(chart, 'ns', { metadata: { name: 'shop' } });
    new SecureDeployment(chart, 'api', { image: `${IMAGE}@sha256:${'a'.repeat(64)}`, port: 8080 });
    const report = Audit.of(chart);
    expect(report.findings.filter((f) => !f.suppressed && f.severity !== Severity.INFO)).toEqual([]);
  });
});

describe('SecureNamespace under a SecurityPolicy with defaultResources', () => {
  function limitRange(chart: Chart): Manifest {
    return only(chart, 'LimitRange').spec.limits[0];
  }

  test('the amounts the policy sets become the LimitRange defaults; the others keep the namespace defaults', () => {
    const chart = chartWith({ defaultResources: { cpuRequest: '250m', memoryLimit: '1Gi', ephemeralStorageRequest: '32Mi' } });
    new SecureNamespace(chart, 'ns', { metadata: { name: 'shop' } });
    const item = limitRange(chart);
    expect(item.defaultRequest).toEqual({ 'cpu': '250m', 'memory': '128Mi', 'ephemeral-storage': '32Mi' });
    // Not the SecureDeployment defaults of the other sides (memory 128Mi is shared; ephemeral-storage 512Mi is not).
    expect(item.default).toEqual({ 'cpu': '500m', 'memory': '1Gi', 'ephemeral-storage': '1Gi' });
  });

  test('the side the policy leaves out follows the side it sets when the namespace default would contradict it', () => {
    const up = chartWith({ defaultResources: { memoryRequest: '1Gi' } });
    new SecureNamespace(up, 'ns', { metadata: { name: 'shop' } });
    expect([limitRange(up).defaultRequest.memory, limitRange(up).default.memory]).toEqual(['1Gi', '1Gi']);
    const down = chartWith({ defaultResources: { memoryLimit: '64Mi' } });
    new SecureNamespace(down, 'ns', { metadata: { name: 'shop' } });
    expect([limitRange(down).defaultRequest.memory, limitRange(down).default.memory]).toEqual(['64Mi', '64Mi']);
  });

  test('without a policy the namespace defaults apply', () => {
    const chart = chartWith();
    new SecureNamespace(chart, 'ns', { metadata: { name: 'shop' } });
    expect(limitRange(chart).default).toEqual({ 'cpu': '500m', 'memory': '512Mi', 'ephemeral-storage': '1Gi' });
  });

  test('containerLimits wins over the policy per amount', () => {
    const chart = chartWith({ defaultResources: { memoryRequest: '256Mi', memoryLimit: '1Gi' } });
    new SecureNamespace(chart, 'ns', { metadata: { name: 'shop' }, containerLimits: { defaultLimit: { memory: '2Gi' } } });
    expect(limitRange(chart).defaultRequest.memory).toBe('256Mi');
    expect(limitRange(chart).default.memory).toBe('2Gi');
  });

  test('a policy default above the namespace maximum names the prop, says it comes from the policy and how to fix it', () => {
    const chart = chartWith({ defaultResources: { memoryLimit: '8Gi' } });
    expect(() => new SecureNamespace(chart, 'ns', { metadata: { name: 'shop' } })).toThrow(
      "shop/ns: invalid 'containerLimits.max.memory': received \"4Gi\"; is below containerLimits.defaultLimit.memory (\"8Gi\"); "
      + 'a LimitRange needs min <= defaultRequest <= defaultLimit <= max '
      + "(containerLimits.defaultLimit.memory comes from the SecurityPolicy's defaultResources). "
      + 'Fix: raise containerLimits.max.memory to at least "8Gi" or lower containerLimits.defaultLimit.memory, '
      + 'or set containerLimits.defaultLimit.memory on the namespace.');
    expect(new SecureNamespace(chartWith({ defaultResources: { memoryLimit: '8Gi' } }), 'ns', {
      metadata: { name: 'shop' }, containerLimits: { max: { memory: '8Gi' } }, quota: { limitsMemory: '32Gi' },
    }).limitRange).toBeDefined();
  });

  test('a policy default above the quota says where it comes from', () => {
    const chart = chartWith({ defaultResources: { cpuRequest: '2', cpuLimit: '2' } });
    expect(() => new SecureNamespace(chart, 'ns', { metadata: { name: 'shop' }, quota: { requestsCpu: '1' } })).toThrow(
      "invalid 'quota.requestsCpu': received \"1\"; is below the LimitRange default containerLimits.defaultRequest.cpu (\"2\"), "
      + 'so not even one container relying on the defaults fits in the namespace '
      + "(containerLimits.defaultRequest.cpu comes from the SecurityPolicy's defaultResources)");
  });

  test('a problem unrelated to the policy is reported unchanged', () => {
    const chart = chartWith({ defaultResources: { memoryLimit: '1Gi' } });
    expect(() => new SecureNamespace(chart, 'ns', { metadata: { name: 'shop' }, quota: { requestsCpu: '50m' } })).toThrow(
      /invalid 'quota.requestsCpu': received "50m"; is below the LimitRange default containerLimits.defaultRequest.cpu \("100m"\), so not even one container relying on the defaults fits in the namespace. Fix/);
  });
});
