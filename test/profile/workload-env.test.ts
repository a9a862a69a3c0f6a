import { isPrivateKeyValue, isSecretLookingName } from '../../src/profile/workload-env';

describe('isSecretLookingName (CTR-NO-SECRET-ENV)', () => {
  test.each([
    'PASSWORD', 'DB_PASSWORD', 'db-passwd', 'MYSQL_PWD', 'client_secret', 'SECRETS_DIR', 'GITHUB_TOKEN', 'accessToken', 'apiKey', 'API_KEY',
    'APIKEY', 'private_key', 'PRIVATE_KEY_PATH', 'AWS_CREDENTIALS', 'creds', 'BASIC_AUTH', 'tls.cert', 'SSL_PASSPHRASE',
  ])('%s looks secret', (name) => {
    expect(isSecretLookingName(name)).toBe(true);
  });

  test.each(['LOG_LEVEL', 'KEYCLOAK_URL', 'MONKEY', 'PORT', 'TOKENIZER_MODEL', 'passport', 'SECRETARY', 'AUTHOR', 'CERTAINTY'])('%s does not', (name) => {
    expect(isSecretLookingName(name)).toBe(false);
  });
});

describe('isPrivateKeyValue', () => {
  test('detects PEM private keys', () => {
    expect(isPrivateKeyValue('-----BEGIN PRIVATE KEY-----\nMIIE')).toBe(true);
    expect(isPrivateKeyValue('-----BEGIN OPENSSH PRIVATE KEY-----')).toBe(true);
    expect(isPrivateKeyValue('-----BEGIN CERTIFICATE-----')).toBe(false);
  });
});
