import {
  imageTagProblem, isAllowedRegistry, isSha256Digest, parseImageReference, pullPolicyFor, qualifiedImageName, registryPrefixProblem,
} from '../../src/profile/workload-image';

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;

describe('parseImageReference', () => {
  test.each([
    ['nginx:1.25', { name: 'nginx', tag: '1.25', digest: undefined }],
    ['ghcr.io/acme/api:1.4.2', { name: 'ghcr.io/acme/api', tag: '1.4.2', digest: undefined }],
    [`ghcr.io/acme/api@${DIGEST}`, { name: 'ghcr.io/acme/api', tag: undefined, digest: DIGEST }],
    [`ghcr.io/acme/api:1.4.2@${DIGEST}`, { name: 'ghcr.io/acme/api', tag: '1.4.2', digest: DIGEST }],
    ['localhost:5000/app:v1', { name: 'localhost:5000/app', tag: 'v1', digest: undefined }],
    ['registry.example.com:443/team/a_b/c-d:v1.0_rc-1', { name: 'registry.example.com:443/team/a_b/c-d', tag: 'v1.0_rc-1', digest: undefined }],
    ['[::1]:5000/app:1', { name: '[::1]:5000/app', tag: '1', digest: undefined }],
    ['Registry.Example.com/app:1', { name: 'Registry.Example.com/app', tag: '1', digest: undefined }],
    ['nginxinc/nginx-unprivileged', { name: 'nginxinc/nginx-unprivileged', tag: undefined, digest: undefined }],
  ])('%s', (image, expected) => {
    expect(parseImageReference(image)).toEqual(expected);
  });

  test.each([
    ['', 'empty'],
    [' nginx:1', 'surrounding spaces'],
    ['Acme/api:1', 'valid image name'],
    ['acme//api:1', 'valid image name'],
    ['acme/api:', 'malformed tag'],
    ['acme/api:-1', 'malformed tag'],
    [`acme/api:${'x'.repeat(129)}`, 'malformed tag'],
    ['acme/api@sha256:abc', 'malformed digest'],
    [`acme/api@sha512:${'a'.repeat(128)}`, 'malformed digest'],
    [`acme/api@SHA256:${'a'.repeat(64)}`, 'malformed digest'],
    [`${'a'.repeat(256)}:1`, 'valid image name'],
  ])('rejects %j', (image, problem) => {
    expect(parseImageReference(image)).toEqual(expect.stringContaining(problem));
  });
});

describe('imageTagProblem (IMG-TAG)', () => {
  test('no tag and latest are problems', () => {
    expect(imageTagProblem({ name: 'nginx' })).toContain('has no tag');
    expect(imageTagProblem({ name: 'nginx', tag: 'latest' })).toContain('"latest"');
    expect(imageTagProblem({ name: 'nginx', tag: 'LATEST' })).toContain('"latest"');
  });

  test('a version tag or a digest is fine, even with latest', () => {
    expect(imageTagProblem({ name: 'nginx', tag: '1.25' })).toBeUndefined();
    expect(imageTagProblem({ name: 'nginx', digest: DIGEST })).toBeUndefined();
    expect(imageTagProblem({ name: 'nginx', tag: 'latest', digest: DIGEST })).toBeUndefined();
  });
});

describe('pullPolicyFor (IMG-PULL-ALWAYS)', () => {
  test('Always for tags and digests alike', () => {
    expect(pullPolicyFor({ name: 'nginx', tag: '1.25' })).toEqual('Always');
    expect(pullPolicyFor({ name: 'nginx', tag: '1.25', digest: DIGEST })).toEqual('Always');
  });
});

describe('qualifiedImageName', () => {
  test.each([
    ['nginx', 'docker.io/library/nginx'],
    ['nginxinc/nginx-unprivileged', 'docker.io/nginxinc/nginx-unprivileged'],
    ['ghcr.io/acme/api', 'ghcr.io/acme/api'],
    ['localhost/app', 'localhost/app'],
    ['localhost:5000/app', 'localhost:5000/app'],
    ['docker.io/redis', 'docker.io/library/redis'],
    ['index.docker.io/redis', 'docker.io/library/redis'],
    ['registry-1.docker.io/acme/api', 'docker.io/acme/api'],
    ['Docker.IO/library/nginx', 'docker.io/library/nginx'],
    ['Registry.Example.com/app', 'registry.example.com/app'],
    ['docker.io.evil.com/redis', 'docker.io.evil.com/redis'],
  ])('%s is %s', (name, qualified) => {
    expect(qualifiedImageName(name)).toBe(qualified);
  });
});

describe('registryPrefixProblem', () => {
  test.each(['registry.example.com', 'ghcr.io/acme', 'localhost', 'localhost:5000/team', 'docker.io/library', 'registry.example.com:443'])(
    'accepts %s', (prefix) => {
      expect(registryPrefixProblem(prefix)).toBeUndefined();
    });
  test.each([
    ['', 'does not start with a registry host'],
    ['acme', 'does not start with a registry host'],
    ['https://ghcr.io', 'does not start with a registry host'],
    [' ghcr.io', 'does not start with a registry host'],
    ['ghcr.io/', 'has a repository path'],
    ['ghcr.io/Acme', 'has a repository path'],
    ['ghcr.io/acme/api:1.0', 'has a repository path'],
  ])('rejects %j', (prefix, problem) => {
    expect(registryPrefixProblem(prefix)).toContain(problem);
  });
});

describe('isAllowedRegistry', () => {
  const allowed = ['ghcr.io/acme', 'docker.io/library', 'registry.example.com'];
  test.each([
    ['ghcr.io/acme/api', true],
    ['ghcr.io/acme', true],
    ['ghcr.io/acme-evil/api', false],
    ['ghcr.io/other/api', false],
    ['nginx', true],
    ['nginxinc/nginx-unprivileged', false],
    ['registry.example.com/team/app', true],
    ['registry.example.com.evil.io/app', false],
  ])('%s: %s', (name, expected) => {
    expect(isAllowedRegistry(name, allowed)).toBe(expected);
  });

  test.each([
    [['docker.io/redis'], 'docker.io/redis', true],
    [['docker.io/redis'], 'redis', true],
    [['docker.io/redis'], 'redis/tools', true],
    [['docker.io/redis'], 'redis-evil', false],
    [['docker.io/red'], 'redis', false],
    [['docker.io/library'], 'docker.io/nginx', true],
    [['index.docker.io'], 'nginx', true],
    [['acme'], 'acme/api', false],
    [['ghcr.io/'], 'ghcr.io/acme/api', false],
  ])('entries %j and image %s: %s', (entries, name, expected) => {
    expect(isAllowedRegistry(name, entries)).toBe(expected);
  });
});

describe('isSha256Digest', () => {
  test('only sha256 and 64 lower-case hex digits', () => {
    expect(isSha256Digest(DIGEST)).toBe(true);
    expect(isSha256Digest(DIGEST.toUpperCase())).toBe(false);
    expect(isSha256Digest('sha256:abc')).toBe(false);
    expect(isSha256Digest(undefined)).toBe(false);
  });
});

describe('parseImageReference with wrong JS types', () => {
  test.each([42, null, undefined, {}])('%j is a problem, not a TypeError', (value) => {
    expect(parseImageReference(value as any)).toEqual(expect.stringContaining('not a string'));
  });
});
