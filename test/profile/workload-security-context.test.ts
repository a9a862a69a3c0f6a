import {
  appArmorAnnotationKey, hardenedContainerSecurityContext, hardenedPodSecurityContext, isConfiningAppArmorProfile, SAFE_SYSCTLS,
} from '../../src/profile/workload-security-context';

const IDENTITY = { user: 10001, group: 10001, fsGroup: 10001 };

describe('hardened security contexts', () => {
  test('pod level: non-root, numeric ids, fsGroup, seccomp RuntimeDefault', () => {
    expect(hardenedPodSecurityContext(IDENTITY)).toEqual({
      runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  test('container level: every restricted field plus read-only root file system', () => {
    expect(hardenedContainerSecurityContext(IDENTITY)).toEqual({
      runAsNonRoot: true,
      runAsUser: 10001,
      runAsGroup: 10001,
      privileged: false,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  test('AppArmor annotation per container (Kubernetes 1.28)', () => {
    expect(appArmorAnnotationKey('main')).toEqual('container.apparmor.security.beta.kubernetes.io/main');
    expect(isConfiningAppArmorProfile('runtime/default')).toBe(true);
    expect(isConfiningAppArmorProfile('localhost/my-profile')).toBe(true);
    expect(isConfiningAppArmorProfile('localhost/')).toBe(false);
    expect(isConfiningAppArmorProfile('unconfined')).toBe(false);
  });

  test('the safe sysctls of Kubernetes 1.28', () => {
    expect(SAFE_SYSCTLS.size).toEqual(6);
    expect(SAFE_SYSCTLS.has('net.ipv4.ip_unprivileged_port_start')).toBe(true);
    expect(SAFE_SYSCTLS.has('net.core.somaxconn')).toBe(false);
  });
});
