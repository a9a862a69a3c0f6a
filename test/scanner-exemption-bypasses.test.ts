import { ApiObject, Chart, Cron, JsonPatch, Size, Testing, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  Audit, IngressTls, Pack, RuleId, SecureCronJob, SecureDaemonSet, SecureDeployment, SecureIngress, SecureIngressBackend, SecureNamespace,
  SecureStatefulSet, SecurityException,
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

  test.each([
    ['a typed exception documented on the object, for each scanner', {
      'polaris.fairwinds.com/notReadOnlyRootFilesystem-exempt': 'true',
      'scanner-exemption.cdk8s-secure.io/polaris.notReadOnlyRootFilesystem': reason,
      'kube-score/ignore': 'container-security-context',
      'scanner-exemption.cdk8s-secure.io/kube-score.container-security-context': reason,
      'ignore-check.kube-linter.io/no-read-only-root-fs': reason,
      'checkov.io/skip1': `CKV_K8S_22=${reason}`,
      ...exception,
    }],
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
    expect(unjustifiedScannerExemptions(annotations as Record<string, string>)).toEqual([]);
  });
});
