import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Audit, Pack, RuleId, SecureDeployment } from '../src';

/**
 * SecureDeployment and the audit judge literal environment values alike: what the construct accepts
 * never shows up as a CTR-NO-SECRET-ENV finding, and what it rejects the audit flags in any manifest.
 */
const CASES: Array<[string, string]> = [
  ['DB_PASSWORD', 'hunter2'],
  ['DBPASSWORD', 'hunter2'],
  ['MYSQL_PWD', 'hunter2'],
  ['apiKey', 'abc123'],
  ['GITHUB', 'ghp_0123456789abcdefghijklmnopqrstuvwxyzAB'],
  ['POSTGRES_PASSWORD_FILE', '/var/run/secrets/db/password'],
  ['TOKEN_LIMIT', '100'],
  ['KEYS_ENABLED', 'true'],
  ['SECRETARY', 'alice'],
  ['TOKENIZER_MODEL', 'bert'],
  ['LOG_LEVEL', 'info'],
  ['tls.cert', 'server.crt'],
  ['MYSQL_ROOT_PASSWORD', '123456'],
  ['API_TOKEN', 'true'],
  ['DATABASE_URL', 'postgres://admin:pw@db'],
  ['DATABASE_URL', 'postgres://admin:$(DB_PASSWORD)@db'],
  ['PASSWORD_MIN', '12'],
  // Names Polaris sensitiveContainerEnvVar reads as secrets although they only describe one: both judge them too.
  ['TOKEN_URL', 'https://auth.example.com/token'],
  ['BEARER_REALM', 'shop'],
  ['AUTH_SERVER_URL', 'https://auth.example.com'],
];

function podWithEnv(name: string, value: string): unknown {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'shop' },
    spec: { containers: [{ name: 'c', image: 'ghcr.io/acme/app:1.0.0', env: [{ name, value }] }] },
  };
}

test.each(CASES)('%s=%s: the construct rejects it exactly when the audit flags it', (name, value) => {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });
  let rejected = false;
  try {
    new SecureDeployment(chart, 'api', { image: 'ghcr.io/acme/api:1.4.2', port: 8080, envVariables: { [name]: kplus.EnvValue.fromValue(value) } });
    Testing.synth(chart);
  } catch (error) {
    expect(String(error)).toContain('RuleId.CTR_NO_SECRET_ENV');
    rejected = true;
  }
  const flagged = Audit.ofManifests([podWithEnv(name, value)], { packs: [Pack.HARDENED] }).findings
    .some((finding) => finding.ruleId === RuleId.CTR_NO_SECRET_ENV);
  expect({ name, rejected }).toEqual({ name, rejected: flagged });
});

test('the cases cover both outcomes', () => {
  const flagged = CASES.filter(([name, value]) => Audit.ofManifests([podWithEnv(name, value)], { packs: [Pack.HARDENED] }).findings
    .some((finding) => finding.ruleId === RuleId.CTR_NO_SECRET_ENV));
  expect(flagged.length).toBeGreaterThan(0);
  expect(flagged.length).toBeLessThan(CASES.length);
});

test.each([
  ['MYSQL_ROOT_PASSWORD', '123456'],
  ['API_TOKEN', 'true'],
  ['DATABASE_URL', 'postgres://admin:pw@db'],
])('%s=%s holds a secret: the construct rejects it and the audit flags it', (name, value) => {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });
  expect(() => new SecureDeployment(chart, 'api', { image: 'ghcr.io/acme/api:1.4.2', port: 8080, envVariables: { [name]: kplus.EnvValue.fromValue(value) } }))
    .toThrow(`test/api: invalid 'containers[main].env.${name}': received "<literal value hidden>"`);
  expect(Audit.ofManifests([podWithEnv(name, value)], { packs: [Pack.HARDENED] }).active().map((finding) => finding.ruleId))
    .toContain(RuleId.CTR_NO_SECRET_ENV);
});
