import { ApiObject, Chart, JsonPatch, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { ClusterDns, RuleId, SecureDeployment, SecureNamespace, SecureStatefulSet, SecurityException, SecurityPolicy } from '../src';
import { find, Manifest } from './secure-deployment-support';
import { kubeScoreFindings, polarisFindings } from './support/scanner-checks';

const IMAGE = 'registry.example.com/acme/api:1.4.2';
const WHY = 'vendor image writes to /var/lib/app until 2.0';

function chart(policy?: Parameters<typeof SecurityPolicy.apply>[1]): Chart {
  const app = Testing.app();
  if (policy) {
    SecurityPolicy.apply(app, policy);
  }
  return new Chart(app, 'shop', { namespace: 'shop' });
}

/** The scanner annotations of the object: the scanners' keys and the library's reasons beside them. */
function scannerAnnotations(object: Manifest): Record<string, string> {
  return Object.fromEntries(Object.entries<string>(object.metadata.annotations ?? {}).filter(([key]) => !key.startsWith('exception')));
}

describe('scanner exemptions', () => {
  test('a typed exception writes each scanner\'s own exemption for the mapped checks, with the reason', () => {
    const scope = chart();
    new SecureDeployment(scope, 'api', {
      image: IMAGE,
      port: 8080,
      containerSecurityContext: { readOnlyRootFilesystem: false },
      exceptions: [SecurityException.of(RuleId.CTR_READONLY_ROOTFS, WHY)],
    });
    const reason = `CTR-READONLY-ROOTFS exception: ${WHY}`;
    expect(scannerAnnotations(find(Testing.synth(scope), 'Deployment'))).toEqual({
      'polaris.fairwinds.com/notReadOnlyRootFilesystem-exempt': 'true',
      'scanner-exemption.cdk8s-secure.io/polaris.notReadOnlyRootFilesystem': reason,
      'kube-score/ignore': 'container-security-context',
      'scanner-exemption.cdk8s-secure.io/kube-score.container-security-context': reason,
      'ignore-check.kube-linter.io/no-read-only-root-fs': reason,
      'checkov.io/skip1': `CKV_K8S_22=${reason}`,
    });
  });

  test('the hardened default writes no scanner exemption at all', () => {
    const scope = chart();
    new SecureDeployment(scope, 'api', { image: IMAGE, port: 8080 });
    const manifests = Testing.synth(scope);
    for (const object of manifests) {
      expect(scannerAnnotations(object)).toEqual({});
    }
  });

  test('an autoscaled Deployment (no spec.replicas, as the Kubernetes docs recommend) is exempt from Polaris deploymentMissingReplicas only', () => {
    const scope = chart();
    new SecureDeployment(scope, 'api', { image: IMAGE, port: 8080, autoscaling: { maxReplicas: 6 } });
    const deployment = find(Testing.synth(scope), 'Deployment');
    expect(deployment.spec.replicas).toBeUndefined();
    expect(Object.keys(scannerAnnotations(deployment))).toEqual([
      'polaris.fairwinds.com/deploymentMissingReplicas-exempt', 'scanner-exemption.cdk8s-secure.io/polaris.deploymentMissingReplicas',
    ]);
    expect(scannerAnnotations(deployment)['scanner-exemption.cdk8s-secure.io/polaris.deploymentMissingReplicas']).toContain('HorizontalPodAutoscaler owns');
  });

  test('one replica with AVAIL-REPLICAS: the replica and PodDisruptionBudget checks of the kind are exempt', () => {
    const scope = chart();
    new SecureDeployment(scope, 'api', { image: IMAGE, port: 8080, replicas: 1, exceptions: [SecurityException.of(RuleId.AVAIL_REPLICAS, WHY)] });
    new SecureStatefulSet(scope, 'db', {
      image: IMAGE,
      port: 5432,
      replicas: 1,
      storage: [{ path: '/data', size: Size.gibibytes(1) }],
      exceptions: [SecurityException.of(RuleId.AVAIL_REPLICAS, WHY)],
    });
    const manifests = Testing.synth(scope);
    const deployment = scannerAnnotations(find(manifests, 'Deployment'));
    expect(deployment['polaris.fairwinds.com/deploymentMissingReplicas-exempt']).toEqual('true');
    expect(deployment['polaris.fairwinds.com/missingPodDisruptionBudget-exempt']).toEqual('true');
    expect(deployment['kube-score/ignore']).toEqual('deployment-has-poddisruptionbudget');
    expect(deployment['ignore-check.kube-linter.io/minimum-three-replicas']).toContain('AVAIL-REPLICAS exception');
    // Polaris' replica and PDB checks read Deployments only; kube-score's PDB check of StatefulSets is its own.
    const statefulSet = scannerAnnotations(find(manifests, 'StatefulSet'));
    expect(statefulSet['polaris.fairwinds.com/deploymentMissingReplicas-exempt']).toBeUndefined();
    expect(statefulSet['polaris.fairwinds.com/missingPodDisruptionBudget-exempt']).toBeUndefined();
    expect(statefulSet['kube-score/ignore']).toEqual('statefulset-has-poddisruptionbudget');
  });

  /** A chart with a SecureDeployment that mounts the Secret `db` at /run/secrets/db and has `env` as literal values. */
  function withSecretFiles(env: Record<string, string>, extra: Record<string, unknown> = {}): Chart {
    const scope = chart();
    const secret = kplus.Secret.fromSecretName(scope, 'db-secret', 'db');
    new SecureDeployment(scope, 'api', {
      image: IMAGE,
      port: 8080,
      secretFiles: [{ secret, path: '/run/secrets/db' }],
      envVariables: Object.fromEntries(Object.entries(env).map(([name, value]) => [name, kplus.EnvValue.fromValue(value)])),
      ...extra,
    });
    return scope;
  }

  test('*_FILE variables naming a file of a mounted Secret are exempt from Polaris sensitiveContainerEnvVar', () => {
    const scope = withSecretFiles({ POSTGRES_PASSWORD_FILE: '/run/secrets/db/password' });
    const annotations = scannerAnnotations(find(Testing.synth(scope), 'Deployment'));
    expect(annotations['polaris.fairwinds.com/sensitiveContainerEnvVar-exempt']).toEqual('true');
    expect(annotations['scanner-exemption.cdk8s-secure.io/polaris.sensitiveContainerEnvVar']).toContain('mounted Secret');
  });

  test('a flagged variable that is not a secret file path (a *_FILE outside the mounts, a TOKEN_URL) needs CTR-NO-SECRET-ENV', () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ POSTGRES_PASSWORD_FILE: '/etc/passwd' }, 'POSTGRES_PASSWORD_FILE'],
      [{ POSTGRES_PASSWORD_FILE: '/run/secrets/db/password', TOKEN_URL: 'https://auth.example.com/token' }, 'TOKEN_URL'],
      [{ BEARER_REALM: 'shop' }, 'BEARER_REALM'],
    ];
    for (const [env, flagged] of cases) {
      const make = (extra: Record<string, unknown>) => withSecretFiles(env, extra);
      expect(() => Testing.synth(make({}))).toThrow(new RegExp(`invalid 'containers\\[main\\]\\.env\\.${flagged}': received "<literal value hidden>"; `
        + 'Polaris sensitiveContainerEnvVar \\(danger\\) reports every literal value'));
      // With the exception, Polaris is exempted with its reason (and every flagged variable is covered by it).
      const excepted = make({ exceptions: [SecurityException.of(RuleId.CTR_NO_SECRET_ENV, 'the URL of the token endpoint, not a token')] });
      const deployment = find(Testing.synth(excepted), 'Deployment');
      expect(scannerAnnotations(deployment)['scanner-exemption.cdk8s-secure.io/polaris.sensitiveContainerEnvVar'])
        .toEqual('CTR-NO-SECRET-ENV exception: the URL of the token endpoint, not a token');
      expect(polarisFindings([deployment]).filter((f) => f.check === 'sensitiveContainerEnvVar')).toEqual([]);
    }
  });

  test('a renamed variable (AUTH_SERVER_URL) needs no exception and no exemption', () => {
    const scope = chart();
    new SecureDeployment(scope, 'api', { image: IMAGE, port: 8080, envVariables: { AUTH_SERVER_URL: kplus.EnvValue.fromValue('https://auth.example.com') } });
    const deployment = find(Testing.synth(scope), 'Deployment');
    expect(scannerAnnotations(deployment)).toEqual({});
    expect(polarisFindings([deployment]).filter((f) => f.check === 'sensitiveContainerEnvVar')).toEqual([]);
  });

  test('SecurityPolicy scannerExemptions: false writes none', () => {
    const scope = chart({ scannerExemptions: false });
    new SecureDeployment(scope, 'api', {
      image: IMAGE,
      port: 8080,
      containerSecurityContext: { readOnlyRootFilesystem: false },
      exceptions: [SecurityException.of(RuleId.CTR_READONLY_ROOTFS, WHY)],
      autoscaling: { maxReplicas: 4 },
    });
    const deployment = find(Testing.synth(scope), 'Deployment');
    expect(scannerAnnotations(deployment)).toEqual({});
    // The typed exception itself is still documented.
    expect(deployment.metadata.annotations['exception.cdk8s-secure.io/CTR-READONLY-ROOTFS']).toEqual(WHY);
  });

  test('an AVAIL-REPLICAS exception for minReplicas 1 exempts Polaris hpaMinAvailability on the autoscaler too', () => {
    const why = 'the batch API takes one request at a time until 2.0';
    const build = (policy?: Parameters<typeof SecurityPolicy.apply>[1]) => {
      const scope = chart(policy);
      new SecureDeployment(scope, 'api', {
        image: IMAGE,
        port: 8080,
        autoscaling: { minReplicas: 1, maxReplicas: 3 },
        exceptions: [SecurityException.of(RuleId.AVAIL_REPLICAS, why)],
      });
      return Testing.synth(scope);
    };
    const manifests = build();
    expect(scannerAnnotations(find(manifests, 'HorizontalPodAutoscaler'))).toEqual({
      'polaris.fairwinds.com/hpaMinAvailability-exempt': 'true',
      'scanner-exemption.cdk8s-secure.io/polaris.hpaMinAvailability': `AVAIL-REPLICAS exception: ${why}`,
    });
    expect(polarisFindings(manifests).filter(finding => finding.check === 'hpaMinAvailability')).toEqual([]);
    // Without the exemption, the re-implemented check reports the autoscaler: the exemption is what silences it.
    const bare = build({ scannerExemptions: false });
    expect(scannerAnnotations(find(bare, 'HorizontalPodAutoscaler'))).toEqual({});
    expect(polarisFindings(bare).map(finding => finding.check)).toContain('hpaMinAvailability');
  });

  test('an autoscaler without an exception carries no scanner exemption', () => {
    const scope = chart();
    new SecureDeployment(scope, 'api', { image: IMAGE, port: 8080, autoscaling: { maxReplicas: 4 } });
    expect(scannerAnnotations(find(Testing.synth(scope), 'HorizontalPodAutoscaler'))).toEqual({});
  });

  test('the baseline policies of a namespace without workloads carry kube-score\'s networkpolicy-targets-pod exemption', () => {
    const build = (policy?: Parameters<typeof SecurityPolicy.apply>[1]) => {
      const scope = chart(policy);
      new SecureNamespace(scope, 'ns', { metadata: { name: 'shop' } });
      return Testing.synth(scope);
    };
    const manifests = build();
    const policies = manifests.filter(object => object.kind === 'NetworkPolicy');
    expect(policies.length).toBeGreaterThanOrEqual(2);
    for (const policy of policies) {
      expect(policy.metadata.annotations['kube-score/ignore']).toBe('networkpolicy-targets-pod');
      expect(policy.metadata.annotations['scanner-exemption.cdk8s-secure.io/kube-score.networkpolicy-targets-pod']).toMatch(/^library decision: /);
    }
    expect(kubeScoreFindings(manifests).filter(finding => finding.check === 'networkpolicy-targets-pod')).toEqual([]);
    // Without the exemptions kube-score reports them: the exemption is what silences it.
    const bare = build({ scannerExemptions: false });
    expect(bare.filter(object => object.kind === 'NetworkPolicy').every(policy => policy.metadata.annotations === undefined)).toBe(true);
    expect(kubeScoreFindings(bare).map(finding => finding.check)).toContain('networkpolicy-targets-pod');
  });

  test('a scanner exemption annotation given in metadata is an error', () => {
    for (const key of ['polaris.fairwinds.com/runAsRootAllowed-exempt', 'polaris.fairwinds.com/exempt', 'kube-score/ignore',
      'ignore-check.kube-linter.io/run-as-non-root', 'checkov.io/skip1', 'bridgecrew.io/skip1', 'scanner-exemption.cdk8s-secure.io/polaris.x']) {
      expect(() => new SecureDeployment(chart(), 'api', { image: IMAGE, port: 8080, metadata: { annotations: { [key]: 'true' } } }))
        .toThrow(`shop/api: invalid 'metadata.annotations["${key}"]': received "true"; scanner exemption annotations`);
    }
  });

  test('a scanner exemption annotation added later or by a JSON patch is a synth error', () => {
    const later = chart();
    new SecureDeployment(later, 'api', { image: IMAGE, port: 8080 }).metadata.addAnnotation('polaris.fairwinds.com/exempt', 'true');
    expect(() => Testing.synth(later)).toThrow('invalid \'metadata.annotations["polaris.fairwinds.com/exempt"]\'');

    const patched = chart();
    const api = new SecureDeployment(patched, 'api', { image: IMAGE, port: 8080 });
    ApiObject.of(api).addJsonPatch(JsonPatch.add('/metadata/annotations', { 'kube-score/ignore': 'pod-probes' }));
    expect(() => Testing.synth(patched)).toThrow('scanner exemption annotations (Polaris, kube-score, kube-linter, checkov) are written by the construct');

    const changed = chart();
    const vendor = new SecureDeployment(changed, 'api', {
      image: IMAGE,
      port: 8080,
      containerSecurityContext: { readOnlyRootFilesystem: false },
      exceptions: [SecurityException.of(RuleId.CTR_READONLY_ROOTFS, WHY)],
    });
    ApiObject.of(vendor).addJsonPatch(JsonPatch.replace('/metadata/annotations/kube-score~1ignore', 'container-security-context,pod-probes'));
    expect(() => Testing.synth(changed)).toThrow('invalid \'metadata.annotations["kube-score/ignore"]\'');
  });

  test('synthesizing twice gives the same output', () => {
    const scope = chart();
    new SecureDeployment(scope, 'api', { image: IMAGE, port: 8080, autoscaling: { maxReplicas: 4 } });
    expect(Testing.synth(scope)).toEqual(Testing.synth(scope));
  });
});

describe('SecurityPolicy cluster settings for the scanners', () => {
  test('defaultPriorityClassName is used by workloads without their own (Polaris priorityClassNotSet)', () => {
    const scope = chart({ defaultPriorityClassName: 'business-critical', platformPriorityClasses: ['business-critical'] });
    new SecureDeployment(scope, 'api', { image: IMAGE, port: 8080, metadata: { name: 'api' } });
    new SecureDeployment(scope, 'own', { image: IMAGE, port: 8080, metadata: { name: 'own' }, priorityClassName: 'system-cluster-critical' });
    const manifests = Testing.synth(scope);
    expect(find(manifests, 'Deployment', 'api').spec.template.spec.priorityClassName).toEqual('business-critical');
    expect(find(manifests, 'Deployment', 'own').spec.template.spec.priorityClassName).toEqual('system-cluster-critical');
  });

  test('a defaultPriorityClassName the app neither emits nor lists is a synth error naming the policy default', () => {
    const scope = chart({ defaultPriorityClassName: 'business-critical' });
    new SecureDeployment(scope, 'api', { image: IMAGE, port: 8080 });
    expect(() => Testing.synth(scope)).toThrow("invalid 'priorityClassName (default: the SecurityPolicy's defaultPriorityClassName)': received \"business-critical\"; no such PriorityClass");
  });

  test('wrong types and names from plain JavaScript are clear errors', () => {
    expect(() => chart({ scannerExemptions: 'no' as unknown as boolean })).toThrow("invalid 'scannerExemptions': received \"no\"; is not a boolean");
    expect(() => chart({ defaultPriorityClassName: 7 as unknown as string })).toThrow("invalid 'defaultPriorityClassName': received 7; a PriorityClass name is not a string");
    expect(() => chart({ defaultPriorityClassName: 'Not_Valid' })).toThrow("invalid 'defaultPriorityClassName': received \"Not_Valid\"; a PriorityClass name");
  });
});

describe('scanner exemptions for a deny-all direction', () => {
  test('a NetworkPolicy with no egress rule (no cluster DNS, no peers) is exempt from Polaris missingNetworkPolicy, a default one is not', () => {
    const isolated = chart();
    new SecureDeployment(isolated, 'api', { image: IMAGE, port: 8080, clusterDns: ClusterDns.none() });
    const manifests = Testing.synth(isolated);
    expect(find(manifests, 'NetworkPolicy').spec.egress ?? []).toEqual([]);
    expect(scannerAnnotations(find(manifests, 'Deployment'))['polaris.fairwinds.com/missingNetworkPolicy-exempt']).toEqual('true');

    const usual = chart();
    new SecureDeployment(usual, 'api', { image: IMAGE, port: 8080 });
    expect(scannerAnnotations(find(Testing.synth(usual), 'Deployment'))['polaris.fairwinds.com/missingNetworkPolicy-exempt']).toBeUndefined();
  });
});
