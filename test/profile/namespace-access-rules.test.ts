import {
  AccessRule, DEPLOYER_RULES, DEPLOYER_WRITE_RULES, EVERYONE_SUBJECT_NAMES, READ_ONLY_RULES, READ_VERBS,
} from '../../src/profile/namespace-access-rules';

const KNOWN_GROUPS = ['', 'apps', 'autoscaling', 'batch', 'discovery.k8s.io', 'events.k8s.io', 'networking.k8s.io', 'policy'];
const KNOWN_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];
const FORBIDDEN_RESOURCES = ['secrets', 'pods/exec', 'pods/attach', 'pods/portforward', 'pods/proxy', 'services/proxy', 'nodes/proxy',
  'serviceaccounts/token', 'pods/ephemeralcontainers'];

function triples(rules: readonly AccessRule[]): string[] {
  return rules.flatMap((rule) => rule.apiGroups.flatMap((g) => rule.resources.flatMap((r) => rule.verbs.map((v) => `${g}/${r}:${v}`))));
}

describe.each([
  ['read-only', READ_ONLY_RULES],
  ['deployer', DEPLOYER_RULES],
])('the %s rules', (_name, rules) => {
  test('name only known API groups and verbs, never a wildcard', () => {
    for (const rule of rules) {
      expect(rule.apiGroups.every((g) => KNOWN_GROUPS.includes(g))).toBe(true);
      expect(rule.verbs.every((v) => KNOWN_VERBS.includes(v))).toBe(true);
      expect(rule.resources.every((r) => /^[a-z]+(\/[a-z]+)?$/.test(r))).toBe(true);
    }
  });

  test('grant nothing on Secrets, exec, attach, port-forward, proxies or token minting', () => {
    for (const rule of rules) {
      expect(rule.resources.filter((r) => FORBIDDEN_RESOURCES.includes(r))).toEqual([]);
    }
  });

  test('list each resource once per rule set with sorted resources', () => {
    for (const rule of rules) {
      expect([...rule.resources]).toEqual([...rule.resources].sort());
    }
  });
});

test('the read-only rules only read', () => {
  expect(READ_ONLY_RULES.every((rule) => rule.verbs === READ_VERBS)).toBe(true);
});

test('the deployer rules are the read-only rules plus the write rules', () => {
  expect(DEPLOYER_RULES).toEqual([...READ_ONLY_RULES, ...DEPLOYER_WRITE_RULES]);
  expect(new Set(triples(DEPLOYER_WRITE_RULES)).size).toEqual(triples(DEPLOYER_WRITE_RULES).length);
});

test('pods can only be deleted (restarted), never created, by a deployer', () => {
  const podWrites = triples(DEPLOYER_WRITE_RULES).filter((t) => t.startsWith('/pods:'));
  expect(podWrites).toEqual(['/pods:delete']);
});

test('the subjects that stand for everyone', () => {
  expect(EVERYONE_SUBJECT_NAMES).toEqual(['system:anonymous', 'system:authenticated', 'system:unauthenticated']);
});
