import { ApiObject, Chart, Cron, JsonPatch, Lazy, Size, Testing, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  Audit, IIngressControllerProfile, IngressControllerBindContext, IngressControllerBinding, IngressTls, Pack, RuleId, SecureCronJob,
  SecureDaemonSet, SecureDeployment, SecureIngress, SecureIngressBackend, SecureNamespace, SecureStatefulSet, SecurityException,
} from '../src';
import { unjustifiedScannerExemptions } from '../src/profile/scanner-exemptions';

const IMAGE = 'registry.example.com/acme/api:1.4.2';
const WHY = 'vendor image writes to /var/lib/app until 2.0';
const FORGED = 'polaris.fairwinds.com/hpaMaxAvailability-exempt';

function chart(): Chart {
  return new Chart(Testing.app(), 'shop', { namespace: 'shop' });
}

function deployment(scope: Chart, extra: Record<string, unknown> = {}): SecureDeployment {
  return new SecureDeployment(scope, 'api', { image: IMAGE, port: 8080, ...extra });
}

/** The META-SCANNER-EXEMPTION findings of an audit of `scope` as a construct tree, as `Kind/name path`. */
function scannerFindings(scope: Chart): string[] {
  return Audit.of(scope, { packs: [Pack.HARDENED] }).findings
    .filter((finding) => finding.ruleId === RuleId.META_SCANNER_EXEMPTION && !finding.suppressed)
    .map((finding) => `${finding.kind}/${finding.name} ${finding.path}`);
}

describe('a scanner exemption written by hand on any object of a secure construct fails synthesis', () => {
  // Each case: the object of a secure construct that receives the annotation, and the prop the error names.
  const cases: Array<[string, (scope: Chart) => ApiObject, string]> = [
    ['the autoscaler of a SecureDeployment', (scope) => ApiObject.of(deployment(scope, { autoscaling: { maxReplicas: 4 } }).autoscaler!),
      'Autoscaler.metadata.annotations'],
    ['the Service of a SecureDeployment', (scope) => ApiObject.of(deployment(scope).service!), 'Service.metadata.annotations'],
    ['the PodDisruptionBudget of a SecureDeployment', (scope) => deployment(scope).podDisruptionBudget!, 'PodDisruptionBudget.metadata.annotations'],
    ['the NetworkPolicy of a SecureDeployment', (scope) => ApiObject.of(deployment(scope).networkPolicy), 'NetworkPolicy.metadata.annotations'],
    ['the ServiceAccount of a SecureDeployment', (scope) => ApiObject.of(deployment(scope).serviceAccount as kplus.ServiceAccount),
      'ServiceAccount.metadata.annotations'],
    ['an object added under a SecureDeployment', (scope) => new ApiObject(deployment(scope), 'extra', {
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'extra' },
    }), 'extra.metadata.annotations'],
    ['a SecureNamespace', (scope) => ApiObject.of(new SecureNamespace(scope, 'ns', { metadata: { name: 'team' } })), 'metadata.annotations'],
    ['the default-deny policy of a SecureNamespace', (scope) => ApiObject.of(new SecureNamespace(scope, 'ns', { metadata: { name: 'team' } }).defaultDenyPolicy),
      'DefaultDeny.metadata.annotations'],
    ['the ResourceQuota of a SecureNamespace', (scope) => new SecureNamespace(scope, 'ns', { metadata: { name: 'team' } }).resourceQuota,
      'metadata.annotations'],
    ['a SecureIngress', (scope) => ApiObject.of(new SecureIngress(scope, 'web', {
      tls: IngressTls.fromSecret('web-tls'),
      rules: [{ host: 'shop.example.com', backend: SecureIngressBackend.fromDeployment(deployment(scope)) }],
    })), 'metadata.annotations'],
    ['the PodDisruptionBudget of a SecureStatefulSet', (scope) => new SecureStatefulSet(scope, 'db', {
      image: IMAGE, port: 5432, storage: [{ path: '/data', size: Size.gibibytes(1) }],
    }).podDisruptionBudget!, 'metadata.annotations'],
    ['a SecureCronJob', (scope) => ApiObject.of(new SecureCronJob(scope, 'report', { image: IMAGE, schedule: Cron.daily() })), 'metadata.annotations'],
    ['a SecureDaemonSet', (scope) => ApiObject.of(new SecureDaemonSet(scope, 'agent', { image: IMAGE, port: 2020 })), 'metadata.annotations'],
  ];

  test.each(cases)('%s: addAnnotation()', (_what, objectOf, prop) => {
    const scope = chart();
    objectOf(scope).metadata.addAnnotation(FORGED, 'true');
    expect(() => Testing.synth(scope)).toThrow(`${prop}["${FORGED}"]': received "true"; scanner exemption annotations`);
  });

  test.each(cases)('%s: a JSON patch, kube-linter ignore-all', (_what, objectOf) => {
    const scope = chart();
    objectOf(scope).addJsonPatch(JsonPatch.add('/metadata/annotations', { 'kube-linter.io/ignore-all': 'yes' }));
    expect(() => Testing.synth(scope)).toThrow('["kube-linter.io/ignore-all"]\': received "yes"; scanner exemption annotations');
  });

  test('a Lazy value or metadata.add() on a child object is judged as it renders', () => {
    const lazy = chart();
    ApiObject.of(deployment(lazy).service!).metadata.addAnnotation('kube-score/skip', Lazy.any({ produce: () => 'true' }) as unknown as string);
    expect(() => Testing.synth(lazy)).toThrow('Service.metadata.annotations["kube-score/skip"]\': received "true"');
    // metadata.add('annotations', ...) never reaches a generated kind's output (its metadata fields are mapped by name).
    const added = chart();
    ApiObject.of(deployment(added).service!).metadata.add('annotations', { 'kube-score/skip': 'true' });
    expect(Testing.synth(added).find((m) => m.kind === 'Service').metadata.annotations).toBeUndefined();
  });

  test('the error names the object it was found on', () => {
    const scope = chart();
    ApiObject.of(deployment(scope, { autoscaling: { maxReplicas: 4 } }).autoscaler!).metadata.addAnnotation(FORGED, 'true');
    expect(() => Testing.synth(scope)).toThrow(/a hand-written one on the HorizontalPodAutoscaler shop-api-\w+ would hide a finding/);
  });

  test('changing an exemption the library wrote (the namespace baseline\'s kube-score exemption) fails synthesis', () => {
    const scope = chart();
    const ns = new SecureNamespace(scope, 'ns', { metadata: { name: 'team' } });
    ApiObject.of(ns.defaultDenyPolicy).addJsonPatch(JsonPatch.replace('/metadata/annotations/kube-score~1ignore', 'networkpolicy-targets-pod,pod-probes'));
    expect(() => Testing.synth(scope)).toThrow('DefaultDeny.metadata.annotations["kube-score/ignore"]\': received "networkpolicy-targets-pod,pod-probes"');
  });

  test('the exemptions the library writes for a typed exception and its decisions synthesize and audit clean', () => {
    const scope = chart();
    deployment(scope, {
      replicas: 1,
      containerSecurityContext: { readOnlyRootFilesystem: false },
      exceptions: [SecurityException.of(RuleId.AVAIL_REPLICAS, WHY), SecurityException.of(RuleId.CTR_READONLY_ROOTFS, WHY)],
    });
    new SecureNamespace(scope, 'ns', { metadata: { name: 'team' } });
    const manifests = Testing.synth(scope);
    expect(manifests.find((object) => object.kind === 'Deployment').metadata.annotations['polaris.fairwinds.com/notReadOnlyRootFilesystem-exempt']).toEqual('true');
    expect(scannerFindings(scope)).toEqual([]);
    // The same output read back as YAML passes the manifest check too.
    const report = Audit.ofManifests(manifests, { packs: [Pack.HARDENED] });
    expect(report.findings.filter((finding) => finding.ruleId === RuleId.META_SCANNER_EXEMPTION)).toEqual([]);
  });
});

describe('a custom ingress controller profile cannot exempt the scanners', () => {
  /** A profile that tries to silence kube-score on the Ingress and Polaris on an object it adds below it. */
  class SilencingProfile implements IIngressControllerProfile {
    public readonly controllerName = 'edge-proxy';
    public readonly className = 'edge';
    public readonly namespace = 'edge-system';
    public readonly podLabels = { 'app.kubernetes.io/name': 'edge-proxy' };
    constructor(private readonly onIngress: boolean) {}
    public bind(scope: Construct, context: IngressControllerBindContext): IngressControllerBinding {
      if (this.onIngress) {
        return { annotations: { 'kube-score/ignore': 'ingress-targets-service' } };
      }
      new ApiObject(scope, 'EdgePolicy', {
        apiVersion: 'edge.example.com/v1',
        kind: 'SecurityPolicy',
        metadata: { name: `${context.ingressName}-https`, namespace: context.namespace, annotations: { 'polaris.fairwinds.com/exempt': 'true' } },
      });
      return {};
    }
  }

  test.each([
    ['annotations of its binding, on the Ingress', true, 'metadata.annotations["kube-score/ignore"]\': received "ingress-targets-service"'],
    ['an object it adds below the Ingress', false, 'EdgePolicy.metadata.annotations["polaris.fairwinds.com/exempt"]\': received "true"'],
  ])('%s: synth error', (_what, onIngress, message) => {
    const scope = chart();
    new SecureIngress(scope, 'web', {
      controller: new SilencingProfile(onIngress),
      tls: IngressTls.fromSecret('web-tls'),
      rules: [{ host: 'shop.example.com', backend: SecureIngressBackend.fromDeployment(deployment(scope)) }],
    });
    expect(() => Testing.synth(scope)).toThrow(message);
  });
});

describe('META-SCANNER-EXEMPTION in an app audited as a construct tree', () => {
  test('an exemption on an object outside the secure constructs is a finding', () => {
    const scope = chart();
    new kplus.ConfigMap(scope, 'settings', { metadata: { name: 'settings', annotations: { 'checkov.io/skip1': 'CKV_K8S_21=not needed' } } });
    new ApiObject(scope, 'hpa', {
      apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'legacy', annotations: { [FORGED]: 'true' } },
    });
    expect(scannerFindings(scope)).toEqual([
      'ConfigMap/settings metadata.annotations["checkov.io/skip1"]',
      `HorizontalPodAutoscaler/legacy metadata.annotations["${FORGED}"]`,
    ]);
  });

  test('an exemption the library wrote, copied onto another object, is a finding there', () => {
    const scope = chart();
    deployment(scope, { replicas: 1, exceptions: [SecurityException.of(RuleId.AVAIL_REPLICAS, WHY)] });
    const written = Testing.synth(scope).find((object) => object.kind === 'Deployment').metadata.annotations;
    new ApiObject(scope, 'copy', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'copy', annotations: written } });
    const findings = scannerFindings(scope);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((finding) => finding.startsWith('Deployment/copy '))).toBe(true);
  });
});

describe('META-SCANNER-EXEMPTION in manifests', () => {
  const exception = { 'exception.cdk8s-secure.io/CTR-READONLY-ROOTFS': WHY };
  const reason = `CTR-READONLY-ROOTFS exception: ${WHY}`;

  test.each([
    ['Polaris exempt from every check', { 'polaris.fairwinds.com/exempt': 'true' }, 'exempts the object from every check of Polaris'],
    ['kube-linter ignore-all', { 'kube-linter.io/ignore-all': '' }, 'exempts the object from every check of kube-linter'],
    ['a Polaris exemption without a reason', { 'polaris.fairwinds.com/notReadOnlyRootFilesystem-exempt': 'true', ...exception },
      'the Polaris exemption of notReadOnlyRootFilesystem carries no reason (scanner-exemption.cdk8s-secure.io/polaris.notReadOnlyRootFilesystem)'],
    ['a reason citing an exception that is not documented on the object', {
      'polaris.fairwinds.com/notReadOnlyRootFilesystem-exempt': 'true',
      'scanner-exemption.cdk8s-secure.io/polaris.notReadOnlyRootFilesystem': reason,
    }, 'names neither a typed exception documented on this object'],
    ['a documented exception whose reason differs', {
      'polaris.fairwinds.com/notReadOnlyRootFilesystem-exempt': 'true',
      'scanner-exemption.cdk8s-secure.io/polaris.notReadOnlyRootFilesystem': 'CTR-READONLY-ROOTFS exception: something else entirely',
      ...exception,
    }, 'names neither a typed exception'],
    ['a documented exception to a rule not mapped to the check', {
      'polaris.fairwinds.com/privilegeEscalationAllowed-exempt': 'true',
      'scanner-exemption.cdk8s-secure.io/polaris.privilegeEscalationAllowed': reason,
      ...exception,
    }, 'the Polaris exemption of privilegeEscalationAllowed names neither'],
    ['a library decision text for another check', {
      'polaris.fairwinds.com/runAsRootAllowed-exempt': 'true',
      'scanner-exemption.cdk8s-secure.io/polaris.runAsRootAllowed':
        'library decision: a DaemonSet runs one pod on each eligible node by design, so a topology spread constraint would change nothing',
    }, 'nor one of the library\'s decisions for runAsRootAllowed'],
    ['one unjustified check in a kube-score list', {
      'kube-score/ignore': 'container-security-context,pod-probes',
      'scanner-exemption.cdk8s-secure.io/kube-score.container-security-context': reason,
      ...exception,
    }, 'the kube-score exemption of pod-probes carries no reason'],
    ['a kube-linter exemption with a free-text reason', { 'ignore-check.kube-linter.io/run-as-non-root': 'we know' },
      'the kube-linter exemption of run-as-non-root names neither'],
    ['a checkov skip without a reason', { 'checkov.io/skip1': 'CKV_K8S_22', ...exception }, 'the checkov exemption of CKV_K8S_22 carries no reason'],
    ['a bridgecrew skip', { 'bridgecrew.io/skip1': 'CKV_K8S_40=legacy' }, 'the checkov exemption of CKV_K8S_40 names neither'],
  ])('%s is a finding', (_what, annotations, problem) => {
    const found = unjustifiedScannerExemptions(annotations as Record<string, string>);
    expect(found.length).toBe(1);
    expect(found[0].problem).toContain(problem);
    const yaml = Yaml.stringify({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api', namespace: 'shop', annotations },
      spec: { selector: { matchLabels: { app: 'api' } }, template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'api', image: IMAGE }] } } },
    });
    const findings = Audit.ofYaml(yaml).findings.filter((finding) => finding.ruleId === RuleId.META_SCANNER_EXEMPTION);
    expect(findings.map((finding) => finding.path)).toEqual([`metadata.annotations["${found[0].key}"]`]);
    expect(findings[0].message).toContain(problem);
  });

  // A typed exception documented on the object, for each scanner: the library's own output, read back, in
  // "the exemptions the library writes for a typed exception and its decisions synthesize and audit clean".
  test.each([
    ['two reasons for one check, joined', {
      'polaris.fairwinds.com/missingPodDisruptionBudget-exempt': 'true',
      'scanner-exemption.cdk8s-secure.io/polaris.missingPodDisruptionBudget': `AVAIL-REPLICAS exception: ${WHY}; library decision: with fewer than 2 `
        + 'replicas (an AVAIL-REPLICAS exception) no PodDisruptionBudget is created: one allowing no eviction would block every node drain',
      'exception.cdk8s-secure.io/AVAIL-REPLICAS': WHY,
    }],
    ['a documented library decision', {
      'polaris.fairwinds.com/topologySpreadConstraint-exempt': 'true',
      'scanner-exemption.cdk8s-secure.io/polaris.topologySpreadConstraint':
        'library decision: a DaemonSet runs one pod on each eligible node by design, so a topology spread constraint would change nothing',
    }],
    ['annotations that are not exemptions', { 'polaris.fairwinds.com/owner': 'team-a', 'kube-score/enable': 'container-seccomp-profile' }],
  ])('%s is not a finding', (_what, annotations) => {
    expect(unjustifiedScannerExemptions(annotations as Record<string, string>, { kind: 'DaemonSet', spec: {} })).toEqual([]);
  });

  const DAEMONSET_REASON = 'library decision: a DaemonSet runs one pod on each eligible node by design, so a topology spread constraint would change nothing';
  const NO_PDB_REASON = 'library decision: with fewer than 2 replicas (an AVAIL-REPLICAS exception) no PodDisruptionBudget is created: one allowing '
    + 'no eviction would block every node drain';
  test.each([
    ['the DaemonSet decision on a Deployment', { kind: 'Deployment', spec: { replicas: 3 } }, {
      'polaris.fairwinds.com/topologySpreadConstraint-exempt': 'true',
      'scanner-exemption.cdk8s-secure.io/polaris.topologySpreadConstraint': DAEMONSET_REASON,
    }, 'cites the library decision for topologySpreadConstraint, which does not hold for this Deployment (a DaemonSet)'],
    ['the no-PDB decision without an AVAIL-REPLICAS exception', { kind: 'Deployment', spec: { replicas: 1 } }, {
      'polaris.fairwinds.com/missingPodDisruptionBudget-exempt': 'true',
      'scanner-exemption.cdk8s-secure.io/polaris.missingPodDisruptionBudget': NO_PDB_REASON,
    }, 'an AVAIL-REPLICAS exception documented on the object and fewer than 2 replicas'],
    ['the no-PDB decision with 3 replicas', { kind: 'Deployment', spec: { replicas: 3 } }, {
      'kube-score/ignore': 'deployment-has-poddisruptionbudget',
      'scanner-exemption.cdk8s-secure.io/kube-score.deployment-has-poddisruptionbudget': NO_PDB_REASON,
      'exception.cdk8s-secure.io/AVAIL-REPLICAS': WHY,
    }, 'which does not hold for this Deployment'],
    ['the autoscaled decision with spec.replicas', { kind: 'Deployment', spec: { replicas: 1 } }, {
      'polaris.fairwinds.com/deploymentMissingReplicas-exempt': 'true',
      'scanner-exemption.cdk8s-secure.io/polaris.deploymentMissingReplicas': 'library decision: the HorizontalPodAutoscaler owns the replica count, '
        + 'so spec.replicas is left out as the Kubernetes docs recommend (kube-score deployment-targeted-by-hpa-does-not-have-replicas-configured agrees)',
    }, '(a Deployment without spec.replicas)'],
    ['the secret-file decision beside a literal secret', {
      kind: 'Deployment',
      spec: { template: { spec: { containers: [{ name: 'api', env: [{ name: 'DB_PASSWORD', value: 'hunter2' }] }] } } },
    }, {
      'polaris.fairwinds.com/sensitiveContainerEnvVar-exempt': 'true',
      'scanner-exemption.cdk8s-secure.io/polaris.sensitiveContainerEnvVar': 'library decision: the *_FILE variables hold the path of a file of a '
        + 'mounted Secret (the secrets-as-files pattern official images read), not the secret',
    }, 'every variable Polaris flags is a *_FILE path into a Secret mounted into its container'],
    ['the namespace baseline decision on a policy selecting some pods', { kind: 'NetworkPolicy', spec: { podSelector: { matchLabels: { app: 'api' } } } }, {
      'kube-score/ignore': 'networkpolicy-targets-pod',
      'scanner-exemption.cdk8s-secure.io/kube-score.networkpolicy-targets-pod': 'library decision: a namespace baseline policy selects every pod of '
        + 'the namespace, present and future, and exists before the namespace\'s workloads',
    }, 'a NetworkPolicy selecting every pod of its namespace'],
  ])('%s is a finding (a decision is accepted only where it can hold)', (_what, object, annotations, problem) => {
    const found = unjustifiedScannerExemptions(annotations as Record<string, string>, object);
    expect(found.map((f) => f.problem).join('\n')).toContain(problem);
  });
});

describe('scanner exemptions the scanners read in less obvious places', () => {
  test.each([
    ['kube-score/skip (skips the whole object)', 'kube-score/skip', 'true'],
    ['a checkov skip key with a prefix (checkov matches checkov.io/skip anywhere in the key)', 'acme-checkov.io/skip1', 'CKV_K8S_20=we know'],
    ['a bridgecrew skip key with a prefix', 'team.bridgecrew.io/skip2', 'CKV_K8S_22=we know'],
  ])('%s: refused in props, at synth, and reported in manifests', (_what, key, value) => {
    expect(() => deployment(chart(), { metadata: { annotations: { [key]: value } } })).toThrow(`invalid 'metadata.annotations["${key}"]'`);
    const later = chart();
    ApiObject.of(deployment(later)).metadata.addAnnotation(key, value);
    expect(() => Testing.synth(later)).toThrow(`metadata.annotations["${key}"]': received ${JSON.stringify(value)}; scanner exemption annotations`);
    const found = unjustifiedScannerExemptions({ [key]: value });
    expect(found.map((f) => f.key)).toEqual([key]);
  });

  test('kube-score reads kube-score/ignore on the pod template: refused there at synth and reported by the audit', () => {
    const scope = chart();
    deployment(scope).podMetadata.addAnnotation('kube-score/ignore', 'container-security-context');
    expect(() => Testing.synth(scope)).toThrow('spec.template.metadata.annotations["kube-score/ignore"]\': received "container-security-context"');

    const cron = chart();
    new SecureCronJob(cron, 'report', { image: IMAGE, schedule: Cron.daily() }).podMetadata.addAnnotation('kube-score/ignore', '*');
    expect(() => Testing.synth(cron)).toThrow('spec.jobTemplate.spec.template.metadata.annotations["kube-score/ignore"]\'');

    const manifests = Testing.synth((() => { const c = chart(); deployment(c); return c; })());
    manifests.find((m) => m.kind === 'Deployment').spec.template.metadata.annotations = { 'kube-score/ignore': '*' };
    const findings = Audit.ofManifests(manifests, { packs: [Pack.HARDENED] }).findings.filter((f) => f.ruleId === RuleId.META_SCANNER_EXEMPTION);
    expect(findings.map((f) => f.path)).toEqual(['spec.template.metadata.annotations["kube-score/ignore"]']);
  });

  test('kube-score/ignore: * on the object exempts every check and is a finding', () => {
    expect(unjustifiedScannerExemptions({ 'kube-score/ignore': 'pod-probes,*' })[0].problem).toContain('* exempts the object from every check of kube-score');
  });

  test('an exemption inside a List under a secure construct fails synthesis', () => {
    const scope = chart();
    new ApiObject(deployment(scope), 'list', {
      apiVersion: 'v1',
      kind: 'List',
      items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'shop', annotations: { 'polaris.fairwinds.com/exempt': 'true' } } }],
    } as any);
    expect(() => Testing.synth(scope)).toThrow('list.items[0].metadata.annotations["polaris.fairwinds.com/exempt"]\'');
  });
});

describe('literal env values added by a JSON patch need the same exception as props', () => {
  test.each([
    ['a literal secret', { name: 'DB_PASSWORD', value: 'hunter2' }, 'a secret in a literal environment value'],
    ['a name Polaris reads as a secret', { name: 'TOKEN_URL', value: 'https://auth.example.com/token' }, 'Polaris sensitiveContainerEnvVar (danger)'],
  ])('%s', (_what, variable, problem) => {
    const scope = chart();
    ApiObject.of(deployment(scope)).addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/env', [variable]));
    expect(() => Testing.synth(scope)).toThrow(`invalid 'containers[main].env.${variable.name}': received "<literal value hidden>"; ${problem}`);
    const excepted = chart();
    ApiObject.of(deployment(excepted, { exceptions: [SecurityException.of(RuleId.CTR_NO_SECRET_ENV, 'a fixture value of the test cluster only')] }))
      .addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/env', [variable]));
    expect(Testing.synth(excepted).find((m) => m.kind === 'Deployment').spec.template.spec.containers[0].env).toContainEqual(variable);
  });

  test('the audit reports an empty value under a name Polaris reads as a secret as a warning, as the constructs refuse it', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'shop' },
      spec: { containers: [{ name: 'c', image: IMAGE, env: [{ name: 'DB_PASSWORD', value: '' }] }] },
    };
    const findings = Audit.ofManifests([pod], { packs: [Pack.HARDENED] }).findings.filter((f) => f.ruleId === RuleId.CTR_NO_SECRET_ENV);
    expect(findings.map((f) => [f.path, f.severity])).toEqual([['spec.containers[0].env[0].value', 'warning']]);
    expect(() => Testing.synth((() => {
      const c = chart();
      deployment(c, { envVariables: { DB_PASSWORD: kplus.EnvValue.fromValue('') } });
      return c;
    })())).toThrow('RuleId.CTR_NO_SECRET_ENV');
  });
});
