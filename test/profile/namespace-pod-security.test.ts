import {
  DEFAULT_POD_SECURITY_LEVEL, DEFAULT_POD_SECURITY_VERSION, isPinnedPodSecurityVersion, podSecurityLabels, podSecurityVersionProblem,
} from '../../src/profile/namespace-pod-security';
import { PodSecurityLevel } from '../../src/profile/namespace-pod-security-level';

describe('Pod Security Admission defaults', () => {
  test('restricted, pinned to the targeted Kubernetes minor version', () => {
    expect(DEFAULT_POD_SECURITY_LEVEL).toEqual(PodSecurityLevel.RESTRICTED);
    expect(DEFAULT_POD_SECURITY_VERSION).toEqual('v1.28');
  });

  test('the level values are the Pod Security Standards names', () => {
    expect([PodSecurityLevel.RESTRICTED, PodSecurityLevel.BASELINE, PodSecurityLevel.PRIVILEGED]).toEqual(['restricted', 'baseline', 'privileged']);
  });
});

describe('podSecurityVersionProblem', () => {
  test.each(['v1.0', 'v1.25', 'v1.28', 'v1.30', 'v1.100', 'latest'])('accepts %j', (version) => {
    expect(podSecurityVersionProblem(version)).toBeUndefined();
  });

  test.each(['', '1.28', 'v1.28.0', 'v1', 'v1.', 'v2.0', 'V1.28', 'v1.028', 'Latest', ' v1.28'])('rejects %j', (version) => {
    expect(podSecurityVersionProblem(version)).toEqual(
      'is not a Pod Security Admission version; the format is "v1.<minor>" (for example "v1.28")');
  });
});

describe('isPinnedPodSecurityVersion', () => {
  test('v1.<minor> is pinned, latest is not', () => {
    expect(isPinnedPodSecurityVersion('v1.28')).toBe(true);
    expect(isPinnedPodSecurityVersion('latest')).toBe(false);
    // Admission evaluates a minor above every release as latest.
    expect(isPinnedPodSecurityVersion('v1.40')).toBe(true);
    expect(isPinnedPodSecurityVersion('v1.41')).toBe(false);
    expect(isPinnedPodSecurityVersion('v1.999')).toBe(false);
  });
});

describe('podSecurityLabels', () => {
  test('all three modes restricted with the version', () => {
    expect(podSecurityLabels(PodSecurityLevel.RESTRICTED, 'v1.29')).toEqual({
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/audit-version': 'v1.29',
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'v1.29',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/warn-version': 'v1.29',
    });
  });

  test('a lowered enforcement keeps audit and warn at restricted', () => {
    const labels = podSecurityLabels(PodSecurityLevel.PRIVILEGED, 'v1.28');
    expect(labels['pod-security.kubernetes.io/enforce']).toEqual('privileged');
    expect(labels['pod-security.kubernetes.io/audit']).toEqual('restricted');
    expect(labels['pod-security.kubernetes.io/warn']).toEqual('restricted');
  });
});
