import { couldBeSecret, isSecretLookingName, isSecretValue } from '../../src/profile/workload-env';

describe('isSecretLookingName (CTR-NO-SECRET-ENV)', () => {
  test.each([
    'PASSWORD', 'DB_PASSWORD', 'db-passwd', 'MYSQL_PWD', 'client_secret', 'SECRETS', 'GITHUB_TOKEN', 'accessToken', 'apiKey', 'API_KEY',
    'APIKEY', 'private_key', 'AWS_CREDENTIALS', 'creds', 'BASIC_AUTH', 'SSL_PASSPHRASE',
    'DBPASSWORD', 'ADMINPASSWD', 'GITHUBTOKEN', 'MYAPIKEY', 'clientsecret', 'AWSCREDENTIALS',
  ])('%s looks secret', (name) => {
    expect(isSecretLookingName(name)).toBe(true);
  });

  test.each(['LOG_LEVEL', 'KEYCLOAK_URL', 'MONKEY', 'PORT', 'TOKENIZER_MODEL', 'passport', 'SECRETARY', 'AUTHOR', 'CERTAINTY', 'tls.cert', 'PRIVATE_REGISTRY', '', '__'])('%s does not', (name) => {
    expect(isSecretLookingName(name)).toBe(false);
  });

  test.each([
    'DB_PASSWORD_FILE', 'POSTGRES_PASSWORD_FILE', 'SECRETS_DIR', 'PRIVATE_KEY_PATH', 'TOKEN_URL', 'AWS_ACCESS_KEY_ID', 'AUTH_ENABLED', 'dbPasswordFile',
    'TOKEN_LIMIT', 'PASSWORD_MIN', 'AUTH_MODE', 'KEYS_DISABLED', 'AUTH_PORT',
  ])(
    '%s names where a secret is, or describes it, so it does not', (name) => {
      expect(isSecretLookingName(name)).toBe(false);
    });
});

describe('isSecretValue', () => {
  test('detects PEM private keys', () => {
    expect(isSecretValue('-----BEGIN PRIVATE KEY-----\nMIIE')).toBe(true);
    expect(isSecretValue('-----BEGIN OPENSSH PRIVATE KEY-----')).toBe(true);
    expect(isSecretValue('-----BEGIN RSA PRIVATE KEY-----')).toBe(true);
    expect(isSecretValue('-----BEGIN CERTIFICATE-----')).toBe(false);
  });

  test.each([
    ['an AWS access key id', 'AKIAIOSFODNN7EXAMPLE'],
    ['a GitHub token', `ghp_${'a1B2'.repeat(9)}`],
    ['a Slack token', 'xoxb-1234567890-abcdef'],
    ['a Stripe secret key', `sk_live_${'a1'.repeat(8)}`],
    ['credentials in a URL', 'postgres://admin:pw@db:5432/shop'],
    ['credentials in an https URL', 'https://deploy:s3cr3t@git.example.com/acme/app.git'],
  ])('detects %s', (_kind, value) => {
    expect(isSecretValue(value)).toBe(true);
  });

  test.each([
    'https://api.example.com', 'info', '8080', 'ghp_short', 'postgres://admin@db/shop', 'postgres://admin:$(DB_PASSWORD)@db/shop',
    'postgres://admin:${DB_PASSWORD}@db', 'mailto:admin@example.com', 'https://example.com/a:b@c',
  ])('%s is not one', (value) => {
    expect(isSecretValue(value)).toBe(false);
  });
});

describe('couldBeSecret', () => {
  // A number or a word can be the secret itself (MYSQL_ROOT_PASSWORD=123456, API_TOKEN=true).
  test.each(['hunter2', 's3cr3t-value', ' x ', '123456', 'true', '-1.5'])('%s could be a secret', (value) => {
    expect(couldBeSecret(value)).toBe(true);
  });

  test.each(['', '  ', '$(HOME)', '${TOKEN}'])('%s cannot', (value) => {
    expect(couldBeSecret(value)).toBe(false);
  });
});
