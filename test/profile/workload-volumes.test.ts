import { ALLOWED_VOLUME_TYPES, DEFAULT_WRITABLE_SIZE_LIMIT, SECRET_FILE_MODE, volumeNameForPath } from '../../src/profile/workload-volumes';

describe('workload volumes', () => {
  test.each([
    ['/tmp', 'tmp'],
    ['/var/cache/nginx', 'var-cache-nginx'],
    ['/var/run/', 'var-run'],
    ['/Data/My Files', 'data-my-files'],
    ['main-tmp', 'main-tmp'],
    [`/${'a'.repeat(70)}`, 'a'.repeat(63)],
  ])('volume name of %s', (path, name) => {
    expect(volumeNameForPath(path)).toEqual(name);
  });

  test('secret files are owner-read-only, writable paths 64Mi by default', () => {
    expect(SECRET_FILE_MODE).toEqual(0o400);
    expect(DEFAULT_WRITABLE_SIZE_LIMIT.toMebibytes()).toEqual(64);
  });

  test('the volume types of Pod Security Standards restricted (POD-VOLUME-TYPES)', () => {
    expect([...ALLOWED_VOLUME_TYPES].sort()).toEqual(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);
  });
});
