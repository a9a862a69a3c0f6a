import { Chart, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { Audit, Pack, RuleId, SecureDeployment, SecurityPolicy } from '../src';

/** Whether SecureDeployment accepts `image` under a SecurityPolicy with `allowedRegistries` (IMG-REGISTRY only). */
function constructAllows(image: string, allowedRegistries: string[]): boolean {
  const app = Testing.app();
  SecurityPolicy.apply(app, { allowedRegistries });
  const chart = new Chart(app, 'shop', { namespace: 'shop' });
  try {
    new SecureDeployment(chart, 'api', { image, port: 8080 });
    return true;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (message.includes('outside the registries the SecurityPolicy allows')) {
      return false;
    }
    throw error; // any other error is a mistake of the test's generators
  }
}

/** Whether the audit's IMG-REGISTRY accepts a pod with `image` under the same allowlist. */
function auditAllows(image: string, allowedRegistries: string[]): boolean {
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'shop' },
    spec: { containers: [{ name: 'app', image }] },
  };
  return !Audit.ofManifests([pod], { packs: [Pack.HARDENED], allowedRegistries }).findings.some(f => f.ruleId === RuleId.IMG_REGISTRY);
}

const HOSTS = ['docker.io', 'index.docker.io', 'registry-1.docker.io', 'Docker.IO', 'ghcr.io', 'GHCR.io', 'localhost', 'localhost:5000',
  'registry.example.com', 'registry.example.com:443', 'registry.example.com.evil.io'];
const COMPONENTS = ['library', 'redis', 'red', 'redis-evil', 'nginx', 'acme', 'acme-evil', 'team', 'api', 'a.b', 'x_y'];

const pathArb = (min: number, max: number) => fc.array(fc.constantFrom(...COMPONENTS), { minLength: min, maxLength: max });
const imageArb = fc.record({
  host: fc.option(fc.constantFrom(...HOSTS), { nil: undefined }),
  path: pathArb(1, 3),
  tag: fc.constantFrom('7.2.4', 'v1', '1.0_rc-1'),
}).map(({ host, path, tag }) => `${host ? `${host}/` : ''}${path.join('/')}:${tag}`);
const entryArb = fc.record({ host: fc.constantFrom(...HOSTS), path: pathArb(0, 2) })
  .map(({ host, path }) => [host, ...path].join('/'));
const allowlistArb = fc.array(entryArb, { minLength: 1, maxLength: 3 });

describe('SecureDeployment and the audit judge image registries alike', () => {
  test('property: for random references and allowlists, the construct verdict equals the audit verdict', () => {
    fc.assert(fc.property(imageArb, allowlistArb, (image, allowlist) => {
      expect(auditAllows(image, allowlist)).toBe(constructAllows(image, allowlist));
    }), { numRuns: 300, seed: 20261202 });
  });

  test.each([
    // [allowlist, image, allowed]
    [['docker.io/redis'], 'docker.io/redis:7.2.4', true],
    [['docker.io/redis'], 'redis:7.2.4', true],
    [['docker.io/redis'], 'docker.io/library/redis:7.2.4', true],
    [['docker.io/redis'], 'index.docker.io/redis:7.2.4', true],
    [['docker.io/redis'], 'redis/tools:1', true],
    [['docker.io/redis'], 'redis-evil:1', false],
    [['docker.io/redis'], 'nginx:1', false],
    [['docker.io/red'], 'docker.io/redis:7.2.4', false],
    [['docker.io/library'], 'nginx:1.27', true],
    [['docker.io/library'], 'docker.io/nginx:1.27', true],
    [['docker.io/library'], 'index.docker.io/library/nginx:1.27', true],
    [['docker.io/library'], 'registry-1.docker.io/library/nginx:1.27', true],
    [['docker.io/library'], 'acme/api:1', false],
    [['index.docker.io/acme'], 'acme/api:1', true],
    [['docker.io/acme'], 'index.docker.io/acme/api:1', true],
    [['docker.io/acme'], 'acme-evil/api:1', false],
    [['docker.io'], 'nginx:1', true],
    [['ghcr.io/acme'], 'GHCR.io/acme/api:1', true],
    [['ghcr.io/acme'], 'ghcr.io/acme-evil/api:1', false],
    [['registry.example.com'], 'registry.example.com.evil.io/app:1', false],
    [['registry.example.com'], 'registry.example.com:443/app:1', false],
    [['localhost:5000'], 'localhost:5000/app:1', true],
    [['localhost'], 'localhost:5000/app:1', false],
  ])('%j and %s: allowed %s, by the construct and the audit', (allowlist, image, allowed) => {
    expect(constructAllows(image, allowlist)).toBe(allowed);
    expect(auditAllows(image, allowlist)).toBe(allowed);
  });
});

describe('invalid image references', () => {
  test.each(['Nginx:1.27', 'registry.example.com/Team/app:1', 'acme//api:1', 'acme/api:', ' nginx:1', 'nginx:1@sha256:abc'])(
    'SecureDeployment refuses %j with the construct path, the prop, the value and a fix', (image) => {
      const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
      expect(() => new SecureDeployment(chart, 'api', { image, port: 8080 })).toThrow(
        new RegExp(`shop/api.*'image'.*${JSON.stringify(image).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*Fix: use "registry/repository:tag"`));
    });

  test.each(['Nginx:1.27', 'registry.example.com/Team/app:1', 'acme//api:1', 'acme/api:', ' nginx:1', 'nginx:1@sha256:abc'])(
    'the audit reports %j under IMG-TAG, and under IMG-REGISTRY when an allowlist is set', (image) => {
      const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'shop' }, spec: { containers: [{ name: 'app', image }] } };
      const findings = Audit.ofManifests([pod], { packs: [Pack.HARDENED], allowedRegistries: ['docker.io', 'registry.example.com'] }).findings;
      const tag = findings.find(f => f.ruleId === RuleId.IMG_TAG)!;
      expect(tag.path).toEqual('spec.containers[0].image');
      expect(tag.message).toMatch(/is not|has a malformed/);
      const registry = findings.find(f => f.ruleId === RuleId.IMG_REGISTRY)!;
      expect(registry.message).toContain('so its registry cannot be judged');
      expect(findings.find(f => f.ruleId === RuleId.IMG_DIGEST)).toBeDefined();
    });

  test('the audit refuses allowlist entries that are not registry prefixes, as the SecurityPolicy does', () => {
    expect(() => Audit.ofManifests([], { allowedRegistries: ['acme'] })).toThrow(
      /audit options: invalid 'allowedRegistries\[0\]': received "acme"; the entry does not start with a registry host/);
    expect(() => Audit.ofManifests([], { allowedRegistries: [42 as any] })).toThrow(/'allowedRegistries\[0\]': received 42; the entry is not a string/);
    expect(() => SecurityPolicy.apply(Testing.app(), { allowedRegistries: ['acme'] })).toThrow(/does not start with a registry host/);
    // The audit's leniency for a scheme and a trailing slash stays.
    expect(() => Audit.ofManifests([], { allowedRegistries: ['https://registry.example.com/shop/'] })).not.toThrow();
  });
});
