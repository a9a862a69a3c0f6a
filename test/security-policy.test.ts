import { ApiObject, App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  Audit, ComplianceFramework, IngressControllerProfile, IngressTls, Pack, RuleId, SecureDeployment, SecureIngress, SecureIngressBackend,
  SecureNamespace, SecurityException, SecurityPolicy, SecurityPolicyProps,
} from '../src';

import { find as findIn, Manifest } from './support/manifests';

const DIGEST = `sha256:${'a'.repeat(64)}`;

/** A chart `shop` under an App that holds `appPolicy`, with `chartPolicy` applied to the chart itself. */
function chartWith(chartPolicy?: SecurityPolicyProps, appPolicy?: SecurityPolicyProps): Chart {
  const app = Testing.app();
  if (appPolicy) {
    SecurityPolicy.apply(app, appPolicy);
  }
  const chart = new Chart(app, 'shop', { namespace: 'shop' });
  if (chartPolicy) {
    SecurityPolicy.apply(chart, chartPolicy);
  }
  return chart;
}

function find(chart: Chart, kind: string): Manifest {
  return findIn(Testing.synth(chart), kind);
}

function ingressIn(chart: Chart, props: { className?: string } = {}): SecureIngress {
  const service = new kplus.Service(chart, 'svc', { metadata: { name: 'api' }, ports: [{ port: 80, targetPort: 8080 }] });
  service.selectLabel('app', 'api');
  return new SecureIngress(chart, 'web', {
    metadata: { name: 'web' },
    tls: IngressTls.certManagerClusterIssuer('letsencrypt-prod'),
    rules: [{ host: 'shop.example.com', backend: SecureIngressBackend.fromService(service) }],
    ...props,
  });
}

describe('SecurityPolicy.apply and SecurityPolicy.of', () => {
  test('of() finds the policy of the scope itself and of its nearest parent', () => {
    const chart = chartWith({ requireDigest: true }, { requireDigest: false });
    const child = new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap' });
    expect(SecurityPolicy.of(chart)?.requireDigest).toBe(true);
    expect(SecurityPolicy.of(child)?.requireDigest).toBe(true);
    expect(SecurityPolicy.of(chart.node.scope!)?.requireDigest).toBe(false);
  });

  test('of() returns undefined without a policy, and a policy on one chart does not reach a sibling chart', () => {
    const app = Testing.app();
    const a = new Chart(app, 'a');
    SecurityPolicy.apply(a, { requireDigest: true });
    const b = new Chart(app, 'b');
    expect(SecurityPolicy.of(a)).toBeDefined();
    expect(SecurityPolicy.of(b)).toBeUndefined();
    expect(SecurityPolicy.of(app)).toBeUndefined();
  });

  test('the policy adds no object to the output', () => {
    const chart = chartWith({ allowedRegistries: ['ghcr.io/acme'], requireDigest: true });
    expect(Testing.synth(chart)).toEqual([]);
  });

  test('fields are kept, registries and PriorityClasses sorted and deduplicated, getters return copies', () => {
    const policy = SecurityPolicy.apply(new App(), {
      allowedRegistries: ['registry.example.com', 'ghcr.io/acme', 'ghcr.io/acme'],
      platformPriorityClasses: ['tier-2', 'tier-1'],
      podSecurityVersion: 'v1.30',
      ingressClassName: 'internal',
      requireDigest: true,
    });
    expect(policy.allowedRegistries).toEqual(['ghcr.io/acme', 'registry.example.com']);
    expect(policy.platformPriorityClasses).toEqual(['tier-1', 'tier-2']);
    expect(policy.podSecurityVersion).toBe('v1.30');
    expect(policy.ingressClassName).toBe('internal');
    expect(policy.requireDigest).toBe(true);
    policy.allowedRegistries!.push('evil.example.com');
    expect(policy.allowedRegistries).toEqual(['ghcr.io/acme', 'registry.example.com']);
  });

  test('an empty policy leaves every field unset', () => {
    const policy = SecurityPolicy.apply(new App(), {});
    expect(policy.allowedRegistries).toBeUndefined();
    expect(policy.platformPriorityClasses).toBeUndefined();
    expect(policy.requireDigest).toBeUndefined();
    expect(policy.podSecurityVersion).toBeUndefined();
    expect(policy.ingressClassName).toBeUndefined();
  });

  test('applying twice on the same scope is an error', () => {
    const app = new App();
    SecurityPolicy.apply(app, {});
    expect(() => SecurityPolicy.apply(app, { requireDigest: true })).toThrow(
      "invalid 'SecurityPolicy': received {\"requireDigest\":true}; a security policy is already applied to this scope. Fix: apply one policy per scope");
  });

  test('applying to a scope that already holds constructs is an error, since they were created without it', () => {
    const app = new App();
    const chart = new Chart(app, 'shop');
    new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap' });
    expect(() => SecurityPolicy.apply(chart, {})).toThrow(
      'shop: invalid \'SecurityPolicy\': received {}; the scope already holds "cm", created without the policy. Fix: apply the policy right after creating the scope');
  });

  test.each<[string, SecurityPolicyProps, string]>([
    ['an empty registry list', { allowedRegistries: [] },
      "SecurityPolicy: invalid 'allowedRegistries': received []; an empty allowlist would reject every image"],
    ['an empty registry', { allowedRegistries: ['ghcr.io/acme', ''] },
      "SecurityPolicy: invalid 'allowedRegistries[1]': received \"\"; the entry does not start with a registry host"],
    ['a registry without host', { allowedRegistries: ['acme'] },
      "invalid 'allowedRegistries[0]': received \"acme\"; the entry does not start with a registry host"],
    ['a registry with a scheme', { allowedRegistries: ['https://ghcr.io/acme'] },
      "invalid 'allowedRegistries[0]': received \"https://ghcr.io/acme\"; the entry does not start with a registry host"],
    ['a registry with a trailing slash', { allowedRegistries: ['ghcr.io/acme/'] },
      "invalid 'allowedRegistries[0]': received \"ghcr.io/acme/\"; the entry has a repository path that is not"],
    ['a registry with a tag', { allowedRegistries: ['ghcr.io/acme/api:1.0'] },
      'Fix: give a registry host with an optional path prefix, e.g. "registry.example.com"'],
    ['a malformed PSA version', { podSecurityVersion: '1.28' },
      "SecurityPolicy: invalid 'podSecurityVersion': received \"1.28\"; is not a Pod Security Admission version"],
    ['the unpinned PSA version', { podSecurityVersion: 'latest' },
      "invalid 'podSecurityVersion': received \"latest\"; an organisation policy pins a version"],
    ['a bad IngressClass', { ingressClassName: 'Internal_Class' },
      "SecurityPolicy: invalid 'ingressClassName': received \"Internal_Class\"; an IngressClass name has the label"],
    ['PriorityClasses that are not a list', { platformPriorityClasses: 'tier-1' as any },
      "SecurityPolicy: invalid 'platformPriorityClasses': received \"tier-1\"; is not a list of PriorityClass names"],
    ['registries that are not a list', { allowedRegistries: 'ghcr.io/acme' as any },
      "SecurityPolicy: invalid 'allowedRegistries': received \"ghcr.io/acme\"; is not a list of registries"],
    ['a bad PriorityClass', { platformPriorityClasses: ['ok', ''] },
      "SecurityPolicy: invalid 'platformPriorityClasses[1]': received \"\"; a PriorityClass name is empty"],
  ])('rejects %s', (_name, props, message) => {
    expect(() => SecurityPolicy.apply(Testing.app(), props)).toThrow(message);
  });
});

describe('SecureDeployment under a SecurityPolicy', () => {
  test('an image from an allowed registry or path prefix is accepted', () => {
    const chart = chartWith({ allowedRegistries: ['ghcr.io/acme', 'docker.io/library'] });
    new SecureDeployment(chart, 'api', { image: 'ghcr.io/acme/api:1.4.2', port: 8080 });
    new SecureDeployment(chart, 'exact', { image: 'ghcr.io/acme:1.0', port: 8080 });
    expect(Testing.synth(chart).filter((m: Manifest) => m.kind === 'Deployment')
      .map((m: Manifest) => m.spec.template.spec.containers[0].image)).toEqual(['ghcr.io/acme/api:1.4.2', 'ghcr.io/acme:1.0']);
    // A Docker Hub user image is docker.io/<user>/<name>, not under docker.io/library.
    expect(() => new SecureDeployment(chart, 'web', { image: 'nginxinc/nginx-unprivileged:1.27', port: 8080 })).toThrow(
      "shop/web: invalid 'image': received \"nginxinc/nginx-unprivileged:1.27\"; the image comes from docker.io/nginxinc/nginx-unprivileged");
  });

  test('an official image is docker.io/library/<name>', () => {
    const chart = chartWith({ allowedRegistries: ['docker.io/library'] });
    const deployment = new SecureDeployment(chart, 'redis', { image: 'redis:7.2', port: 6379 });
    expect(deployment.containers[0].image).toBe('redis:7.2');
  });

  test('an image outside the allowed registries names path, prop, value, the allowlist and the fix', () => {
    const chart = chartWith({ allowedRegistries: ['ghcr.io/acme', 'registry.example.com'] });
    expect(() => new SecureDeployment(chart, 'api', { image: 'ghcr.io/acme-evil/api:1.4.2', port: 8080 })).toThrow(
      "shop/api: invalid 'image': received \"ghcr.io/acme-evil/api:1.4.2\"; the image comes from ghcr.io/acme-evil/api, outside the registries "
      + 'the SecurityPolicy allows (ghcr.io/acme, registry.example.com); mirror the image to an allowed registry. '
      + "Fix: keep the hardened default, or add SecurityException.of(RuleId.IMG_REGISTRY, '<why>') to 'exceptions'.");
  });

  test('a container added later is checked too', () => {
    const chart = chartWith({ allowedRegistries: ['ghcr.io/acme'] });
    const deployment = new SecureDeployment(chart, 'api', { image: 'ghcr.io/acme/api:1.4.2', port: 8080 });
    expect(() => deployment.addContainer({ name: 'proxy', image: 'quay.io/proxy/envoy:1.30', portNumber: 9901 })).toThrow(
      "invalid 'containers[proxy].image': received \"quay.io/proxy/envoy:1.30\"; the image comes from quay.io/proxy/envoy, outside the registries");
  });

  test('an IMG-REGISTRY exception allows the image and is written on the Deployment', () => {
    const chart = chartWith({ allowedRegistries: ['ghcr.io/acme'] });
    new SecureDeployment(chart, 'api', {
      image: 'quay.io/vendor/agent:2.0',
      port: 8080,
      exceptions: [SecurityException.of(RuleId.IMG_REGISTRY, 'vendor agent is not mirrored yet, ticket OPS-12')],
    });
    expect(find(chart, 'Deployment').metadata.annotations['exception.cdk8s-secure.io/IMG-REGISTRY'])
      .toBe('vendor agent is not mirrored yet, ticket OPS-12');
  });

  test('without a policy any registry is accepted', () => {
    const chart = chartWith();
    new SecureDeployment(chart, 'api', { image: 'quay.io/vendor/agent:2.0', port: 8080 });
    expect(find(chart, 'Deployment').spec.template.spec.containers[0].image).toBe('quay.io/vendor/agent:2.0');
  });

  test('requireDigest comes from the policy', () => {
    const chart = chartWith({ requireDigest: true });
    expect(() => new SecureDeployment(chart, 'api', { image: 'ghcr.io/acme/api:1.4.2', port: 8080 })).toThrow(
      "shop/api: invalid 'image': received \"ghcr.io/acme/api:1.4.2\"; requireDigest is set and the image is not pinned by digest");
    new SecureDeployment(chart, 'pinned', { image: `ghcr.io/acme/api@${DIGEST}`, port: 8080 });
  });

  test('the requireDigest prop wins over the policy, both ways', () => {
    const relaxed = chartWith({ requireDigest: true });
    new SecureDeployment(relaxed, 'api', { image: 'ghcr.io/acme/api:1.4.2', port: 8080, requireDigest: false });
    expect(find(relaxed, 'Deployment').spec.template.spec.containers[0].image).toBe('ghcr.io/acme/api:1.4.2');
    const strict = chartWith({ requireDigest: false });
    expect(() => new SecureDeployment(strict, 'api', { image: 'ghcr.io/acme/api:1.4.2', port: 8080, requireDigest: true }))
      .toThrow('requireDigest is set and the image is not pinned by digest');
  });

  test('a policy on a child chart replaces the app policy there', () => {
    const chart = chartWith({ allowedRegistries: ['quay.io/vendor'] }, { allowedRegistries: ['ghcr.io/acme'], requireDigest: true });
    new SecureDeployment(chart, 'agent', { image: 'quay.io/vendor/agent:2.0', port: 8080 });
    expect(find(chart, 'Deployment').spec.template.spec.containers[0].image).toBe('quay.io/vendor/agent:2.0');
  });

  test('the app policy reaches deployments in nested constructs of every chart', () => {
    const chart = chartWith(undefined, { allowedRegistries: ['ghcr.io/acme'] });
    const team = new Chart(chart, 'team', { namespace: 'team' });
    expect(() => new SecureDeployment(team, 'api', { image: 'docker.io/acme/api:1.0', port: 8080 }))
      .toThrow("shop/team/api: invalid 'image'");
  });
});

describe('SecureNamespace under a SecurityPolicy', () => {
  test('podSecurityVersion comes from the policy', () => {
    const chart = chartWith({ podSecurityVersion: 'v1.30' });
    const namespace = new SecureNamespace(chart, 'ns', { metadata: { name: 'shop' } });
    expect(namespace.podSecurityVersion).toBe('v1.30');
    const labels = find(chart, 'Namespace').metadata.labels;
    expect(labels['pod-security.kubernetes.io/enforce-version']).toBe('v1.30');
    expect(labels['pod-security.kubernetes.io/audit-version']).toBe('v1.30');
    expect(labels['pod-security.kubernetes.io/warn-version']).toBe('v1.30');
  });

  test('the prop wins over the policy; without either the default applies', () => {
    const chart = chartWith({ podSecurityVersion: 'v1.30' });
    expect(new SecureNamespace(chart, 'ns', { metadata: { name: 'shop' }, podSecurityVersion: 'v1.31' }).podSecurityVersion).toBe('v1.31');
    expect(new SecureNamespace(chartWith({}), 'ns', { metadata: { name: 'shop' } }).podSecurityVersion).toBe('v1.28');
  });

  test("the policy's version is a minimum: an older one on a namespace needs an NS-PSA exception", () => {
    expect(() => new SecureNamespace(chartWith({ podSecurityVersion: 'v1.30' }), 'ns', { metadata: { name: 'shop' }, podSecurityVersion: 'v1.29' }))
      .toThrow("shop/ns: invalid 'podSecurityVersion': received \"v1.29\"; a policy version older than v1.30 (the SecurityPolicy's) admits pods");
    const excepted = new SecureNamespace(chartWith({ podSecurityVersion: 'v1.30' }), 'ns', {
      metadata: { name: 'shop' }, podSecurityVersion: 'v1.29', exceptions: [SecurityException.of(RuleId.NS_PSA, 'the staging cluster still runs 1.29')],
    });
    expect(excepted.podSecurityVersion).toBe('v1.29');
  });
});

describe('SecureIngress under a SecurityPolicy', () => {
  test('className: prop, then policy, then controller profile', () => {
    expect(ingressIn(chartWith({ ingressClassName: 'internal' }), { className: 'public' }).className).toBe('public');
    const fromPolicy = chartWith({ ingressClassName: 'internal' });
    expect(ingressIn(fromPolicy).className).toBe('internal');
    expect(find(fromPolicy, 'Ingress').spec.ingressClassName).toBe('internal');
    expect(ingressIn(chartWith({})).className).toBe('nginx');
  });

  test('the policy class wins over the class of an explicitly chosen controller profile', () => {
    const chart = chartWith({ ingressClassName: 'traefik-internal' });
    const service = new kplus.Service(chart, 'svc', { metadata: { name: 'api' }, ports: [{ port: 80, targetPort: 8080 }] });
    const ingress = new SecureIngress(chart, 'web', {
      controller: IngressControllerProfile.traefik(),
      tls: IngressTls.fromSecret('web-tls'),
      rules: [{ host: 'shop.example.com', backend: SecureIngressBackend.fromService(service) }],
    });
    expect(ingress.className).toBe('traefik-internal');
  });
});

describe('Audit.of() under a SecurityPolicy', () => {
  function chartWithImage(image: string, policy?: SecurityPolicyProps): Chart {
    const chart = chartWith(policy);
    new ApiObject(chart, 'job', {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'migrate', namespace: 'shop' },
      spec: { template: { spec: { priorityClassName: 'business-critical', containers: [{ name: 'main', image }] } } },
    });
    return chart;
  }
  const ids = (chart: Chart, options = {}) => Audit.of(chart, { packs: [Pack.HARDENED], ...options }).findings.map((f) => f.ruleId);

  test('IMG-REGISTRY is judged with the policy\'s allowed registries', () => {
    expect(ids(chartWithImage('quay.io/vendor/agent:2.0'))).not.toContain(RuleId.IMG_REGISTRY);
    const chart = chartWithImage('quay.io/vendor/agent:2.0', { allowedRegistries: ['ghcr.io/acme'] });
    const finding = Audit.of(chart, { packs: [Pack.HARDENED] }).findings.find((f) => f.ruleId === RuleId.IMG_REGISTRY);
    expect(finding?.message).toContain('is quay.io/vendor/agent, which is not in an allowed registry (ghcr.io/acme)');
    expect(ids(chartWithImage('ghcr.io/acme/agent:2.0', { allowedRegistries: ['ghcr.io/acme'] }))).not.toContain(RuleId.IMG_REGISTRY);
  });

  test('explicit options win over the policy', () => {
    const chart = chartWithImage('quay.io/vendor/agent:2.0', { allowedRegistries: ['ghcr.io/acme'] });
    expect(ids(chart, { allowedRegistries: ['quay.io/vendor'] })).not.toContain(RuleId.IMG_REGISTRY);
  });

  test('platformPriorityClasses come from the policy unless the options give them', () => {
    const unknownClass = (chart: Chart, options = {}) => Audit.of(chart, { packs: [Pack.HARDENED], ...options }).findings
      .filter((f) => f.ruleId === RuleId.POD_PRIORITY_CLASS && f.message.includes('business-critical')).length;
    expect(unknownClass(chartWithImage('ghcr.io/acme/agent:2.0'))).toBe(1);
    const chart = chartWithImage('ghcr.io/acme/agent:2.0', { platformPriorityClasses: ['business-critical'] });
    expect(unknownClass(chart)).toBe(0);
    expect(unknownClass(chart, { platformPriorityClasses: ['other'] })).toBe(1);
  });
});

describe('SecurityPolicy complianceFrameworks', () => {
  function chartWithFinding(policy?: SecurityPolicyProps): Chart {
    const chart = chartWith(policy);
    new ApiObject(chart, 'pod', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'debug', namespace: 'shop' },
      spec: { containers: [{ name: 'main', image: 'ghcr.io/acme/debug:1.0', securityContext: { privileged: true } }] },
    });
    return chart;
  }

  test('kept in report order without duplicates; the getter returns a copy', () => {
    const policy = SecurityPolicy.apply(new App(), {
      complianceFrameworks: [ComplianceFramework.GDPR, ComplianceFramework.PCI_DSS, ComplianceFramework.GDPR],
    });
    expect(policy.complianceFrameworks).toEqual([ComplianceFramework.PCI_DSS, ComplianceFramework.GDPR]);
    policy.complianceFrameworks!.pop();
    expect(policy.complianceFrameworks).toHaveLength(2);
    expect(SecurityPolicy.apply(new App(), {}).complianceFrameworks).toBeUndefined();
  });

  test.each<[string, SecurityPolicyProps, string]>([
    ['an empty list', { complianceFrameworks: [] },
      "SecurityPolicy: invalid 'complianceFrameworks': received []; an empty list would leave every related control out of the reports"],
    ['an unknown framework', { complianceFrameworks: [ComplianceFramework.HIPAA, 'sox' as ComplianceFramework] },
      "SecurityPolicy: invalid 'complianceFrameworks[1]': received \"sox\"; is not a ComplianceFramework. Fix: use a ComplianceFramework member (cis-kubernetes, "],
  ])('rejects %s', (_name, props, message) => {
    expect(() => SecurityPolicy.apply(Testing.app(), props)).toThrow(message);
  });

  test('Audit.of() reports use the policy\'s frameworks unless the options give some; findings are unchanged', () => {
    const all = Audit.of(chartWithFinding(), { packs: [Pack.PSS_BASELINE] });
    const pci = Audit.of(chartWithFinding({ complianceFrameworks: [ComplianceFramework.PCI_DSS] }), { packs: [Pack.PSS_BASELINE] });
    expect(all.frameworks).toHaveLength(7);
    expect(pci.frameworks).toEqual(['pci-dss']);
    expect(pci.findings).toEqual(all.findings);
    expect(pci.toMarkdown()).toContain('| Rule | PSS | PCI DSS 4.0 |\n');
    const explicit = Audit.of(chartWithFinding({ complianceFrameworks: [ComplianceFramework.PCI_DSS] }),
      { packs: [Pack.PSS_BASELINE], frameworks: [ComplianceFramework.HIPAA] });
    expect(explicit.frameworks).toEqual(['hipaa']);
  });

  test('an unknown framework in the audit options is an input error', () => {
    expect(() => Audit.ofManifests([], { frameworks: ['sox' as ComplianceFramework] })).toThrow(
      "audit options: invalid 'frameworks[0]': received \"sox\"; is not a ComplianceFramework. Fix: use a ComplianceFramework member");
  });
});

describe('audit options of the organisation policy', () => {
  test.each<[string, Record<string, unknown>, string]>([
    ['an empty frameworks list', { frameworks: [] },
      "audit options: invalid 'frameworks': received []; an empty list would leave every related control out of the reports"],
    ['frameworks that are not a list', { frameworks: 'pci-dss' }, "audit options: invalid 'frameworks': received \"pci-dss\"; is not a list"],
    ['required labels that are not a list', { requiredLabels: 'team' }, "audit options: invalid 'requiredLabels': received \"team\"; is not a list"],
    ['a required label with a bad key', { requiredLabels: ['team', 'cost center'] },
      "audit options: invalid 'requiredLabels[1]': received \"cost center\"; the label key has a name \"cost center\" that is not a label name"],
    ['a required label that is not a string', { requiredLabels: [3] }, "audit options: invalid 'requiredLabels[0]': received 3; the label key is not a string"],
    ['registries that are not a list', { allowedRegistries: 'ghcr.io/acme' }, "audit options: invalid 'allowedRegistries': received \"ghcr.io/acme\"; is not a list"],
  ])('%s is an input error', (_name, options, message) => {
    expect(() => Audit.ofManifests([], options as any)).toThrow(message);
  });

  test('the audit reports an empty required label as empty', () => {
    const findings = Audit.ofManifests([{
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'debug', namespace: 'shop', labels: { team: '' } },
      spec: { containers: [{ name: 'main', image: 'ghcr.io/acme/debug:1.0' }] },
    }], { packs: [Pack.HARDENED], requiredLabels: ['team'] }).findings.filter((f) => f.ruleId === RuleId.META_LABELS && f.path === 'metadata.labels.team');
    expect(findings.map((f) => f.message)).toEqual(['the Pod has an empty team label, which the organisation requires']);
  });
});
