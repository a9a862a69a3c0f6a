import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  AnnotationExceptions, Audit, IngressTls, Pack, ReportFormat, RuleId, SecureDeployment, SecureIngress, SecureIngressBackend,
  SecureNamespace, SecurityException, SecurityPolicy, SecurityPolicyProps, Severity, SuppressionOrigin,
} from '../src';
import { deploy, IMAGE, synth, WHY } from './secure-deployment-support';

const PRIVILEGED_PATCH = JsonPatch.add('/spec/template/spec/containers/0/securityContext/privileged', true);
const SELF_APPROVAL = 'exception.cdk8s-secure.io/CTR-NOT-PRIVILEGED';

/** A chart `shop` (namespace shop) in an app with `policy` applied. */
function chartWithPolicy(policy?: SecurityPolicyProps): Chart {
  const app = Testing.app();
  if (policy) {
    SecurityPolicy.apply(app, policy);
  }
  return new Chart(app, 'shop', { namespace: 'shop' });
}

/** A SecureDeployment whose Deployment is JSON-patched to privileged and annotated to approve it. */
function selfApprovedPrivileged(chart: Chart): SecureDeployment {
  const api = deploy({}, chart);
  const deployment = ApiObject.of(api);
  deployment.addJsonPatch(PRIVILEGED_PATCH);
  deployment.addJsonPatch(JsonPatch.add('/metadata/annotations', { [SELF_APPROVAL]: 'the vendor agent needs privileged mode' }));
  return api;
}

function readOnlyRootFsException(approval = {}): Partial<ConstructorParameters<typeof SecureDeployment>[2]> {
  return {
    containerSecurityContext: { readOnlyRootFilesystem: false },
    exceptions: [SecurityException.of(RuleId.CTR_READONLY_ROOTFS, WHY, approval)],
  };
}

/** A Namespace manifest enforcing restricted, with `version` on enforce-version and v1.28 on the other modes. */
function psaNamespace(version: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: 'team',
      labels: {
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/enforce-version': version,
        'pod-security.kubernetes.io/audit': 'restricted',
        'pod-security.kubernetes.io/audit-version': 'v1.28',
        'pod-security.kubernetes.io/warn': 'restricted',
        'pod-security.kubernetes.io/warn-version': 'v1.28',
      },
    },
  };
}

describe('no object approves its own weakening', () => {
  test('a JSON patch to privileged plus a self-written exception annotation fails Audit.gate with both packs', () => {
    // GIVEN a deployment patched to privileged that carries its own "approval"
    const chart = chartWithPolicy();
    const api = selfApprovedPrivileged(chart);
    // The construct's own synth check names the forged annotation.
    expect(() => synth(chart)).toThrow(`shop/api: invalid 'metadata.annotations["${SELF_APPROVAL}"]'`);

    // WHEN the app is gated on both packs (the audit, independently of the construct's check)
    const report = Audit.of(chart, { packs: [Pack.HARDENED, Pack.PSS_RESTRICTED] });

    // THEN the privileged container is an active error in both packs, and the annotation is a finding itself
    expect(report.active(Severity.ERROR).map((f) => f.id).sort()).toEqual([
      'hardened/CTR-NOT-PRIVILEGED', 'hardened/META-EXCEPTION-ANNOTATION', 'pss-restricted/CTR-NOT-PRIVILEGED',
    ]);
    expect(report.suppressed()).toEqual([]);
    Audit.gate(chart, { packs: [Pack.HARDENED, Pack.PSS_RESTRICTED] });
    // One error for the problem, naming both packs.
    expect(() => Testing.synth(chart)).toThrow(/ERROR hardened\/CTR-NOT-PRIVILEGED at shop\/api\/Resource .* Packs: hardened \(error\), pss-restricted \(error\)\./);
    expect(api.node.path).toBe('shop/api');
  });

  test('hostPID and a hostPath volume with self-written annotations are findings too', () => {
    const chart = chartWithPolicy();
    const pod = new ApiObject(chart, 'agent', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'agent',
        annotations: {
          'exception.cdk8s-secure.io/POD-NO-HOSTPID': 'the agent reads every process of the node',
          'exception.cdk8s-secure.io/POD-NO-HOSTPATH': 'the agent reads the node log directory',
        },
      },
      spec: { hostPID: true, containers: [{ name: 'agent', image: IMAGE }], volumes: [{ name: 'logs', hostPath: { path: '/var/log' } }] },
    });
    const report = Audit.of(chart, { packs: [Pack.PSS_BASELINE, Pack.HARDENED] });
    const active = report.active(Severity.ERROR).map((f) => f.id);
    expect(active).toEqual(expect.arrayContaining([
      'pss-baseline/POD-NO-HOSTPID', 'pss-baseline/POD-NO-HOSTPATH', 'hardened/POD-NO-HOSTPID', 'hardened/POD-NO-HOSTPATH',
    ]));
    expect(report.active().filter((f) => f.ruleId === RuleId.META_EXCEPTION_ANNOTATION).map((f) => f.path)).toEqual([
      'metadata.annotations["exception.cdk8s-secure.io/POD-NO-HOSTPATH"]', 'metadata.annotations["exception.cdk8s-secure.io/POD-NO-HOSTPID"]',
    ]);
    expect(pod.name).toBe('agent');
  });

  test('a changed reason on a construct-written annotation is a finding, and the recorded reason still applies', () => {
    const chart = chartWithPolicy();
    const api = deploy(readOnlyRootFsException(), chart);
    ApiObject.of(api).addJsonPatch(JsonPatch.replace('/metadata/annotations/exception.cdk8s-secure.io~1CTR-READONLY-ROOTFS', 'approved by me'));
    const report = Audit.of(chart, { packs: [Pack.HARDENED] });
    expect(report.active().map((f) => [f.ruleId, f.message])).toEqual([[RuleId.META_EXCEPTION_ANNOTATION,
      'the annotation exception.cdk8s-secure.io/CTR-READONLY-ROOTFS was changed after the construct wrote it from the typed exception to CTR-READONLY-ROOTFS']]);
    expect(report.suppressed().map((f) => [f.ruleId, f.suppressionReason])).toEqual([[RuleId.CTR_READONLY_ROOTFS, WHY]]);
  });

  test.each([
    ['SecureDeployment metadata.annotations', (chart: Chart) => deploy({ metadata: { annotations: { [SELF_APPROVAL]: WHY } } }, chart),
      `shop/api: invalid 'metadata.annotations["${SELF_APPROVAL}"]'`],
    ['SecureDeployment approval annotation', (chart: Chart) => deploy({ metadata: { annotations: { 'exception-approval.cdk8s-secure.io/CTR-NOT-PRIVILEGED': 'SEC-1' } } }, chart),
      'exception annotations are written by the construct from typed exceptions'],
    ['SecureNamespace metadata.annotations', (chart: Chart) => new SecureNamespace(chart, 'ns', { metadata: { name: 'team', annotations: { [SELF_APPROVAL]: WHY } } }),
      `shop/ns: invalid 'metadata.annotations["${SELF_APPROVAL}"]'`],
    ['SecureIngress metadata.annotations', (chart: Chart) => new SecureIngress(chart, 'web', {
      metadata: { annotations: { 'exception.cdk8s-secure.io/ING-TLS': WHY } },
      tls: IngressTls.fromSecret('web-tls'),
      rules: [{ host: 'shop.example.com', backend: SecureIngressBackend.fromDeployment(deploy({}, chart)) }],
    }), "shop/web: invalid 'metadata.annotations[\"exception.cdk8s-secure.io/ING-TLS\"]'"],
  ])('%s: a user-supplied exception annotation is rejected', (_what, make, message) => {
    expect(() => make(chartWithPolicy())).toThrow(message);
  });

  test.each([
    ['SecureDeployment', (chart: Chart) => ApiObject.of(deploy({}, chart))],
    ['SecureNamespace', (chart: Chart) => ApiObject.of(new SecureNamespace(chart, 'ns', { metadata: { name: 'team' } }))],
    ['SecureIngress', (chart: Chart) => ApiObject.of(new SecureIngress(chart, 'web', {
      tls: IngressTls.fromSecret('web-tls'),
      rules: [{ host: 'shop.example.com', backend: SecureIngressBackend.fromDeployment(deploy({}, chart)) }],
    }))],
  ])('%s: an exception annotation added after construction fails synthesis', (_what, objectOf) => {
    const chart = chartWithPolicy();
    objectOf(chart).metadata.addAnnotation(SELF_APPROVAL, WHY);
    expect(() => synth(chart)).toThrow('exception annotations are written by the construct from typed exceptions');
  });
});

describe('typed exceptions are checked', () => {
  test('an unknown rule id is an error', () => {
    expect(() => deploy({ exceptions: [SecurityException.of('NO-SUCH-RULE' as RuleId, WHY)] }))
      .toThrow("shop/api: invalid 'exceptions[0].rule': received \"NO-SUCH-RULE\"; is not a rule id.");
    expect(() => new SecureNamespace(chartWithPolicy(), 'ns', { exceptions: [SecurityException.of('NS_PSA' as RuleId, WHY)] }))
      .toThrow("invalid 'exceptions[0].rule': received \"NS_PSA\"; is not a rule id");
  });

  test('plain JavaScript input gets the library error, not a TypeError', () => {
    const wrong = (exceptions: unknown) => () => deploy({ exceptions: exceptions as SecurityException[] });
    expect(wrong('CTR-READONLY-ROOTFS')).toThrow("shop/api: invalid 'exceptions': received \"CTR-READONLY-ROOTFS\"; is not a list of exceptions");
    expect(wrong([null])).toThrow("invalid 'exceptions[0].rule': received nothing; is not a rule id");
    expect(wrong([{ rule: RuleId.CTR_READONLY_ROOTFS, reason: 42 }])).toThrow("invalid 'exceptions[CTR-READONLY-ROOTFS].reason': received 42");
    expect(wrong([SecurityException.of(RuleId.CTR_READONLY_ROOTFS, WHY, { expires: '31.12.2027' })]))
      .toThrow("invalid 'exceptions[CTR-READONLY-ROOTFS].expires': received \"31.12.2027\"; is not a date written YYYY-MM-DD");
    expect(wrong([SecurityException.of(RuleId.CTR_READONLY_ROOTFS, WHY, { reference: '' })]))
      .toThrow("invalid 'exceptions[CTR-READONLY-ROOTFS].approvalReference': received \"\"");
  });

  test('an exception that relaxes nothing is an error in every construct that takes exceptions', () => {
    expect(() => synth(deploy({ replicas: 2, exceptions: [SecurityException.of(RuleId.AVAIL_REPLICAS, WHY)] })))
      .toThrow('the exception relaxes nothing on this construct');
    expect(() => new SecureNamespace(chartWithPolicy(), 'ns', { exceptions: [SecurityException.of(RuleId.NS_PSA, WHY)] }))
      .toThrow('the exception relaxes nothing on this construct');
  });

  test('an exception used only by a container added after construction counts as used', () => {
    const chart = chartWithPolicy();
    const api = deploy({ exceptions: [SecurityException.of(RuleId.CTR_READONLY_ROOTFS, WHY)] }, chart);
    api.addContainer({
      name: 'cache',
      image: IMAGE,
      securityContext: { readOnlyRootFilesystem: false },
      readiness: kplus.Probe.fromCommand(['true']),
      liveness: kplus.Probe.fromCommand(['pgrep', 'cache']),
    });
    expect(() => synth(chart)).not.toThrow();
  });
});

describe('the exception policy of the SecurityPolicy', () => {
  test('an exception to a rule the policy does not allow fails at synth, naming the policy', () => {
    const chart = chartWithPolicy({ exceptionPolicy: { allowedRules: [RuleId.SVC_TYPE] } });
    expect(() => deploy(readOnlyRootFsException(), chart)).toThrow(
      "shop/api: invalid 'exceptions[CTR-READONLY-ROOTFS]': received \"vendor image needs it until the 2.0 release\"; "
      + 'the SecurityPolicy of the app does not allow app teams to except CTR-READONLY-ROOTFS (allowed: SVC-TYPE)');
  });

  test('a rule that is never exceptable cannot be excepted, suppressed in code, or suppressed by object suppressions', () => {
    const policy = { exceptionPolicy: { neverExceptable: [RuleId.CTR_NOT_PRIVILEGED, RuleId.CTR_READONLY_ROOTFS] } };
    expect(() => deploy(readOnlyRootFsException(), chartWithPolicy(policy)))
      .toThrow('the SecurityPolicy of the app never allows exceptions to CTR-READONLY-ROOTFS');
    const chart = chartWithPolicy(policy);
    expect(() => Audit.suppress(chart, RuleId.CTR_NOT_PRIVILEGED, 'the agent needs privileged mode'))
      .toThrow("shop: invalid 'Audit.suppress(RuleId.CTR_NOT_PRIVILEGED)'");

    const privileged = [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'shop' }, spec: { containers: [{ name: 'c', image: IMAGE, securityContext: { privileged: true } }] } }];
    const report = Audit.ofManifests(privileged, {
      packs: [Pack.PSS_BASELINE],
      exceptionPolicy: policy.exceptionPolicy,
      suppressions: [{ rule: RuleId.CTR_NOT_PRIVILEGED, reason: 'the platform team approved it', name: 'p' }],
    });
    expect(report.active().map((f) => [f.id, f.ignoredException])).toEqual([['pss-baseline/CTR-NOT-PRIVILEGED',
      'the object suppression (audit options) is not honoured: the exception policy never allows exceptions to CTR-NOT-PRIVILEGED']]);
  });

  test('approval reference and expiry, when required, are required of typed exceptions and Audit.suppress()', () => {
    const policy = { exceptionPolicy: { requireApprovalReference: true, requireExpiry: true } };
    expect(() => deploy(readOnlyRootFsException(), chartWithPolicy(policy))).toThrow('requires an approval reference on every exception');
    expect(() => deploy(readOnlyRootFsException({ reference: 'SEC-1' }), chartWithPolicy(policy))).toThrow('requires an expiry date on every exception');
    const chart = chartWithPolicy(policy);
    const api = deploy(readOnlyRootFsException({ reference: 'SEC-1', expires: '2099-12-31' }), chart);
    expect(Object.fromEntries(Object.entries(Testing.synth(chart).find((m) => m.kind === 'Deployment').metadata.annotations)
      .filter(([key]) => key.startsWith('exception')))).toEqual({
      'exception.cdk8s-secure.io/CTR-READONLY-ROOTFS': WHY,
      'exception-approval.cdk8s-secure.io/CTR-READONLY-ROOTFS': 'SEC-1',
      'exception-expires.cdk8s-secure.io/CTR-READONLY-ROOTFS': '2099-12-31',
    });
    expect(() => Audit.suppress(api, RuleId.IMG_DIGEST, 'tags are pinned by the release process')).toThrow('requires an approval reference');
    Audit.suppress(api, RuleId.IMG_DIGEST, 'tags are pinned by the release process', { reference: 'SEC-2', expires: '2099-12-31' });
    const suppressed = Audit.of(chart, { packs: [Pack.HARDENED] }).suppressed();
    const provenance = suppressed.map((f) => [f.ruleId, f.suppressionOrigin, f.suppressionSource, f.suppressionApprovalReference,
      f.suppressionExpires]);
    expect(provenance).toEqual([
      [RuleId.CTR_READONLY_ROOTFS, SuppressionOrigin.CONSTRUCT_EXCEPTION, 'shop/api', 'SEC-1', '2099-12-31'],
      [RuleId.IMG_DIGEST, SuppressionOrigin.CODE_SUPPRESSION, 'shop/api', 'SEC-2', '2099-12-31'],
    ]);
  });

  test('an expired exception stops suppressing: its finding is active again, reported as expired with its date', () => {
    const chart = chartWithPolicy();
    deploy(readOnlyRootFsException({ reference: 'SEC-1', expires: '2099-06-30' }), chart);
    const before = Audit.of(chart, { packs: [Pack.HARDENED], evaluationDate: '2099-06-30' });
    expect(before.active()).toEqual([]);
    const after = Audit.of(chart, { packs: [Pack.HARDENED], evaluationDate: '2099-07-01' });
    expect(after.active().map((f) => [f.ruleId, f.exceptionExpired, f.ignoredException])).toEqual([[RuleId.CTR_READONLY_ROOTFS, '2099-06-30',
      'the typed exception (shop/api) expired: it applied until 2099-06-30']]);
    expect(after.counts().warnings).toBe(1);
    Audit.gate(chart, { packs: [Pack.HARDENED], evaluationDate: '2099-07-01' });
    expect(() => Testing.synth(chart)).toThrow('Not excepted: the typed exception (shop/api) expired: it applied until 2099-06-30');
  });

  test.each([
    [{ allowedRules: ['NOPE'] }, "SecurityPolicy: invalid 'exceptionPolicy.allowedRules[0]': received \"NOPE\"; is not a rule id"],
    [{ allowedRules: [RuleId.SVC_TYPE], neverExceptable: [RuleId.SVC_TYPE] }, 'these rules are also never exceptable, so the policy contradicts itself'],
    [{ requireExpiry: 'yes' }, "invalid 'exceptionPolicy.requireExpiry': received \"yes\"; is not a boolean"],
    [{ allowRules: [] }, "invalid 'exceptionPolicy.allowRules': received []; is not a field of the exception policy"],
    ['strict', "invalid 'exceptionPolicy': received \"strict\"; is not an exception policy object"],
  ])('exception policy %j is rejected', (exceptionPolicy, message) => {
    expect(() => chartWithPolicy({ exceptionPolicy: exceptionPolicy as never })).toThrow(message);
  });
});

describe('Pod Security Admission version', () => {
  test('v1.0 on a SecureNamespace, or for the app through the SecurityPolicy, needs an NS-PSA exception', () => {
    expect(() => new SecureNamespace(chartWithPolicy(), 'ns', { metadata: { name: 'team' }, podSecurityVersion: 'v1.0' }))
      .toThrow("shop/ns: invalid 'podSecurityVersion': received \"v1.0\"; a policy version older than v1.28 admits pods that v1.28 rejects");
    expect(() => new SecureNamespace(chartWithPolicy({ podSecurityVersion: 'v1.0' }), 'ns', { metadata: { name: 'team' } }))
      .toThrow("invalid 'podSecurityVersion (from the SecurityPolicy)': received \"v1.0\"");
  });

  test('with an allowed NS-PSA exception, v1.0 is emitted and its finding is suppressed with the reason', () => {
    const chart = chartWithPolicy({ podSecurityVersion: 'v1.0', exceptionPolicy: { allowedRules: [RuleId.NS_PSA] } });
    new SecureNamespace(chart, 'ns', { metadata: { name: 'team' }, exceptions: [SecurityException.of(RuleId.NS_PSA, 'clusters still run 1.22 until Q3')] });
    expect(Testing.synth(chart)[0].metadata.labels['pod-security.kubernetes.io/enforce-version']).toBe('v1.0');
    const report = Audit.of(chart, { packs: [Pack.HARDENED] });
    expect(report.active()).toEqual([]);
    expect(report.suppressed().map((f) => [f.ruleId, f.suppressionReason, f.suppressionOrigin])).toEqual([
      [RuleId.NS_PSA, 'clusters still run 1.22 until Q3', SuppressionOrigin.CONSTRUCT_EXCEPTION],
      [RuleId.NS_PSA, 'clusters still run 1.22 until Q3', SuppressionOrigin.CONSTRUCT_EXCEPTION],
      [RuleId.NS_PSA, 'clusters still run 1.22 until Q3', SuppressionOrigin.CONSTRUCT_EXCEPTION],
    ]);
  });

  test('the exception policy must allow the NS-PSA exception', () => {
    const chart = chartWithPolicy({ exceptionPolicy: { allowedRules: [RuleId.SVC_TYPE] } });
    expect(() => new SecureNamespace(chart, 'ns', {
      metadata: { name: 'team' }, podSecurityVersion: 'v1.0', exceptions: [SecurityException.of(RuleId.NS_PSA, 'clusters still run 1.22 until Q3')],
    })).toThrow('does not allow app teams to except NS-PSA');
  });

  const psaFindings = (version: string, minimumPodSecurityVersion?: string) => Audit
    .ofManifests([psaNamespace(version)], { packs: [Pack.HARDENED], minimumPodSecurityVersion })
    .active(Severity.INFO).filter((f) => f.ruleId === RuleId.NS_PSA).map((f) => [f.severity, f.message]);

  test.each([
    ['banana', [['error', 'pod-security.kubernetes.io/enforce-version is "banana", which is not a Pod Security Admission version ("v1.<minor>" or "latest")']]],
    ['v1.0', [['warning', expect.stringContaining('pod-security.kubernetes.io/enforce-version is v1.0, older than v1.28')]]],
    ['v1.27', [['warning', expect.stringContaining('older than v1.28')]]],
    ['latest', [['warning', 'pod-security.kubernetes.io/enforce-version is latest, not a pinned version']]],
    ['v1.28', []],
    ['v1.31', []],
  ])('NS-PSA judges enforce-version %j', (version, expected) => {
    expect(psaFindings(version)).toEqual(expected);
  });

  test("Audit.of() takes the SecurityPolicy's newer podSecurityVersion as the minimum", () => {
    const chart = chartWithPolicy({ podSecurityVersion: 'v1.30' });
    new ApiObject(chart, 'legacy', psaNamespace('v1.29') as never);
    expect(Audit.of(chart, { packs: [Pack.HARDENED] }).active().filter((f) => f.ruleId === RuleId.NS_PSA).map((f) => f.message))
      .toEqual(['audit-version is v1.28', 'enforce-version is v1.29', 'warn-version is v1.28']
        .map((start) => expect.stringContaining(`pod-security.kubernetes.io/${start}, older than v1.30`)));
    // Explicit options can raise the minimum, never lower it below the organisation's.
    const psa = (minimumPodSecurityVersion: string) => Audit.of(chart, { packs: [Pack.HARDENED], minimumPodSecurityVersion })
      .active().filter((f) => f.ruleId === RuleId.NS_PSA).length;
    expect([psa('v1.28'), psa('v1.29'), psa('v1.31')]).toEqual([3, 3, 3]);
    expect(Audit.of(chart, { packs: [Pack.HARDENED], minimumPodSecurityVersion: 'v1.31' }).active()[0].message).toContain('older than v1.31');
  });

  test('the minimum version is configurable', () => {
    expect(psaFindings('v1.27', 'v1.25')).toEqual([]);
    // audit-version and warn-version are v1.28 too.
    expect(psaFindings('v1.28', 'v1.30')).toEqual([0, 1, 2].map(() => ['warning', expect.stringContaining('is v1.28, older than v1.30')]));
    expect(() => psaFindings('v1.28', '1.30')).toThrow("audit options: invalid 'minimumPodSecurityVersion': received \"1.30\"");
  });
});

describe('provenance and unused exceptions', () => {
  test('every report format says where a suppression came from', () => {
    const chart = chartWithPolicy();
    const api = deploy(readOnlyRootFsException({ reference: 'SEC-7' }), chart);
    Audit.suppress(api, RuleId.IMG_DIGEST, 'tags are pinned by the release process');
    const report = Audit.of(chart, { packs: [Pack.HARDENED] });
    expect(report.render(ReportFormat.TEXT)).toContain('by: typed exception (shop/api); approval SEC-7');
    expect(report.render(ReportFormat.TEXT)).toContain('by: Audit.suppress() (shop/api)');
    expect(report.render(ReportFormat.MARKDOWN)).toContain('| typed exception (shop/api); approval SEC-7 |');
    const json = JSON.parse(report.render(ReportFormat.JSON));
    expect(json.findings.filter((f: { suppressed: boolean }) => f.suppressed).map((f: { suppressionOrigin: string }) => f.suppressionOrigin))
      .toEqual(['construct-exception', 'code-suppression']);
    const sarif = JSON.parse(report.render(ReportFormat.SARIF));
    expect(sarif.runs[0].results.flatMap((r: { suppressions?: unknown[] }) => r.suppressions ?? [])).toEqual([
      { kind: 'inSource', justification: WHY, properties: { origin: 'construct-exception', source: 'shop/api', approvalReference: 'SEC-7' } },
      { kind: 'inSource', justification: 'tags are pinned by the release process', properties: { origin: 'code-suppression', source: 'shop/api' } },
    ]);
  });

  test('unused exceptions and suppressions of every origin are reported', () => {
    const chart = chartWithPolicy();
    deploy(readOnlyRootFsException(), chart);
    Audit.suppress(chart, RuleId.SVC_TYPE, 'the shop exposes a public load balancer');
    // The Pod Security pack does not judge CTR-READONLY-ROOTFS, so the typed exception matches nothing there.
    const inApp = Audit.of(chart, { packs: [Pack.PSS_BASELINE] });
    expect(inApp.unusedSuppressions.map((s) => [s.origin, s.rule, s.constructPath])).toEqual([
      [SuppressionOrigin.CODE_SUPPRESSION, RuleId.SVC_TYPE, 'shop'],
      [SuppressionOrigin.CONSTRUCT_EXCEPTION, RuleId.CTR_READONLY_ROOTFS, 'shop/api'],
    ]);

    const manifests = Testing.synth(chart);
    const fromFiles = Audit.ofManifests(manifests, {
      packs: [Pack.HARDENED],
      annotationExceptions: AnnotationExceptions.ALLOWED_RULES,
      exceptionPolicy: { allowedRules: [RuleId.CTR_READONLY_ROOTFS, RuleId.SVC_TYPE] },
      suppressions: [{ rule: RuleId.RBAC_EXEC, reason: 'the on-call team debugs with exec' }],
    });
    expect(fromFiles.unusedSuppressions.map((s) => [s.origin, s.rule])).toEqual([[SuppressionOrigin.OBJECT_SUPPRESSION, RuleId.RBAC_EXEC]]);
    expect(fromFiles.suppressed().map((f) => [f.ruleId, f.suppressionOrigin]))
      .toEqual([[RuleId.CTR_READONLY_ROOTFS, SuppressionOrigin.MANIFEST_ANNOTATION]]);
    const deployment = manifests.find((m) => m.kind === 'Deployment');
    deployment.metadata.annotations['exception.cdk8s-secure.io/SVC-TYPE'] = 'the shop exposes a public load balancer';
    expect(Audit.ofManifests(manifests, {
      packs: [Pack.HARDENED],
      annotationExceptions: AnnotationExceptions.ALLOWED_RULES,
      exceptionPolicy: { allowedRules: [RuleId.CTR_READONLY_ROOTFS, RuleId.SVC_TYPE] },
    })
      .unusedSuppressions.map((s) => [s.origin, s.rule, s.name]))
      .toEqual([[SuppressionOrigin.MANIFEST_ANNOTATION, RuleId.SVC_TYPE, deployment.metadata.name]]);
  });

  test('an annotation that names a finding another suppression accepted first is not reported as unused', () => {
    const chart = chartWithPolicy();
    deploy(readOnlyRootFsException(), chart);
    const report = Audit.ofManifests(Testing.synth(chart), {
      packs: [Pack.HARDENED],
      suppressions: [{ rule: RuleId.CTR_READONLY_ROOTFS, reason: 'the platform team accepts it for this vendor', kind: 'Deployment' }],
    });
    expect(report.suppressed().map((f) => f.suppressionOrigin)).toEqual([SuppressionOrigin.OBJECT_SUPPRESSION]);
    expect(report.unusedSuppressions).toEqual([]);
  });

  test('annotation exceptions of manifests follow the exception policy: allowed rules only, never the Pod Security packs', () => {
    const chart = chartWithPolicy();
    deploy({
      ...readOnlyRootFsException(),
      hostNetwork: true,
      exceptions: [
        SecurityException.of(RuleId.CTR_READONLY_ROOTFS, WHY), SecurityException.of(RuleId.POD_NO_HOSTNETWORK, WHY),
      ],
    }, chart);
    const manifests = Testing.synth(chart);
    const audit = (allowedRules: RuleId[]) => Audit.ofManifests(manifests, {
      packs: [Pack.PSS_BASELINE, Pack.HARDENED], annotationExceptions: AnnotationExceptions.ALLOWED_RULES, exceptionPolicy: { allowedRules },
    });
    expect(audit([RuleId.CTR_READONLY_ROOTFS, RuleId.POD_NO_HOSTNETWORK]).active().map((f) => f.id)).toEqual(['pss-baseline/POD-NO-HOSTNETWORK']);
    expect(audit([RuleId.CTR_READONLY_ROOTFS]).active().map((f) => [f.id, f.ignoredException])).toEqual([
      ['pss-baseline/POD-NO-HOSTNETWORK', expect.stringContaining('does not apply to the Pod Security packs')],
      ['hardened/POD-NO-HOSTNETWORK', expect.stringContaining('the exception policy does not allow app teams to except POD-NO-HOSTNETWORK')],
    ]);
  });
});

describe('bypasses found by adversarial review stay closed', () => {
  test('removing the policy construct from the tree does not remove the policy', () => {
    const app = Testing.app();
    SecurityPolicy.apply(app, { exceptionPolicy: { neverExceptable: [RuleId.CTR_READONLY_ROOTFS] } });
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    expect(app.node.tryRemoveChild(SecurityPolicy.ID)).toBe(true);
    expect(SecurityPolicy.of(chart)?.exceptionPolicy?.neverExceptable).toEqual([RuleId.CTR_READONLY_ROOTFS]);
    expect(() => deploy(readOnlyRootFsException(), chart)).toThrow('never allows exceptions to CTR-READONLY-ROOTFS');
    expect(() => SecurityPolicy.apply(app, {})).toThrow('a security policy is already applied to this scope');
  });

  test('a look-alike child construct named SecurityPolicy is not a policy', () => {
    const app = Testing.app();
    new Construct(app, SecurityPolicy.ID);
    expect(SecurityPolicy.of(app)).toBeUndefined();
    expect(SecurityPolicy.isSecurityPolicy(app.node.findChild(SecurityPolicy.ID))).toBe(false);
  });

  test('a suppression on the app does not escape the stricter policy of a chart below it', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    SecurityPolicy.apply(new Construct(chart, 'payments'), { exceptionPolicy: { neverExceptable: [RuleId.CTR_NOT_PRIVILEGED] } });
    const payments = chart.node.findChild('payments');
    selfApprovedPrivileged(chart);
    const api = payments.node.tryFindChild('api') ?? deploy({}, payments as unknown as Chart);
    ApiObject.of(api).addJsonPatch(PRIVILEGED_PATCH);
    Audit.suppress(app, RuleId.CTR_NOT_PRIVILEGED, 'the whole cluster is a CI sandbox');
    const findings = Audit.of(app, { packs: [Pack.PSS_BASELINE] }).findings.filter((f) => f.ruleId === RuleId.CTR_NOT_PRIVILEGED);
    // The chart-level object is outside the payments policy and suppressed; the payments one is not.
    expect(findings.map((f) => [f.constructPath, f.suppressed])).toEqual([['shop/payments/api/Resource', false], ['shop/api/Resource', true]]);
    expect(findings[0].ignoredException).toContain("the SecurityPolicy of 'shop/payments' never allows exceptions to CTR-NOT-PRIVILEGED");
    expect(findings[1].suppressionSource).toBe('the app');
  });

  test('a lenient policy applied to a child scope cannot loosen the policy above it', () => {
    const chart = chartWithPolicy({ exceptionPolicy: { neverExceptable: [RuleId.CTR_READONLY_ROOTFS] } });
    const mine = new Construct(chart, 'mine');
    SecurityPolicy.apply(mine, { exceptionPolicy: {} });
    expect(() => deploy(readOnlyRootFsException(), mine as unknown as Chart)).toThrow('never allows exceptions to CTR-READONLY-ROOTFS');
    expect(() => Audit.suppress(mine, RuleId.CTR_READONLY_ROOTFS, 'the vendor CMS writes below /var/www')).toThrow('never allows exceptions');
  });

  test('an explicit exception policy in the audit options adds to the SecurityPolicy, and app object suppressions meet allowedRules', () => {
    const chart = chartWithPolicy({ exceptionPolicy: { neverExceptable: [RuleId.IMG_DIGEST] } });
    deploy({}, chart);
    const report = Audit.of(chart, {
      packs: [Pack.HARDENED],
      exceptionPolicy: { allowedRules: [RuleId.SVC_TYPE, RuleId.IMG_DIGEST] },
      suppressions: [
        { rule: RuleId.IMG_DIGEST, reason: 'tags are pinned by the release process' },
        { rule: RuleId.POD_PRIORITY_CLASS, reason: 'the cluster has a default PriorityClass' },
      ],
    });
    expect(report.findings.filter((f) => f.ignoredException).map((f) => [f.ruleId, f.ignoredException])).toEqual([
      [RuleId.IMG_DIGEST, expect.stringContaining('the SecurityPolicy of the app never allows exceptions to IMG-DIGEST')],
      [RuleId.POD_PRIORITY_CLASS, expect.stringContaining('the exception policy of the audit options does not allow app teams to except POD-PRIORITY-CLASS')],
    ]);
  });

  test('a version far above every release is not a pin: it needs an NS-PSA exception and NS-PSA reports it', () => {
    expect(() => new SecureNamespace(chartWithPolicy(), 'ns', { metadata: { name: 'team' }, podSecurityVersion: 'v1.999' }))
      .toThrow("invalid 'podSecurityVersion': received \"v1.999\"; an unpinned version (latest, or a minor above v1.40");
    expect(() => chartWithPolicy({ podSecurityVersion: 'v1.100' })).toThrow("invalid 'podSecurityVersion': received \"v1.100\"");
    const ns = psaNamespace('v1.9999');
    expect(Audit.ofManifests([ns], { packs: [Pack.HARDENED] }).active().filter((f) => f.ruleId === RuleId.NS_PSA).map((f) => f.message)).toEqual([
      'pod-security.kubernetes.io/enforce-version is v1.9999, newer than any Kubernetes release, which admission evaluates as latest: not a pinned version',
    ]);
  });

  test('patching the PSA labels of a SecureNamespace fails synthesis, with or without an NS-PSA exception', () => {
    const chart = chartWithPolicy();
    const ns = new SecureNamespace(chart, 'ns', {
      metadata: { name: 'team' }, podSecurityVersion: 'latest', exceptions: [SecurityException.of(RuleId.NS_PSA, 'the sandbox follows the cluster version')],
    });
    ApiObject.of(ns).addJsonPatch(JsonPatch.replace('/metadata/labels/pod-security.kubernetes.io~1enforce', 'privileged'));
    expect(() => Testing.synth(chart)).toThrow("shop/ns: invalid 'metadata.labels[\"pod-security.kubernetes.io/enforce\"]': received \"privileged\"");
  });

  test('removing the annotation that documents an exception fails synthesis and is a finding', () => {
    const chart = chartWithPolicy();
    const api = deploy(readOnlyRootFsException({ reference: 'SEC-1' }), chart);
    ApiObject.of(api).addJsonPatch(JsonPatch.remove('/metadata/annotations'));
    expect(() => Testing.synth(chart)).toThrow('the annotation that documents an exception ("vendor image needs it until the 2.0 release") was removed');
    const annotationFindings = Audit.of(chart, { packs: [Pack.HARDENED] }).active().filter((f) => f.ruleId === RuleId.META_EXCEPTION_ANNOTATION);
    expect(annotationFindings.map((f) => f.path)).toEqual([
      'metadata.annotations["exception-approval.cdk8s-secure.io/CTR-READONLY-ROOTFS"]', 'metadata.annotations["exception.cdk8s-secure.io/CTR-READONLY-ROOTFS"]',
    ]);
  });

  test('replacing the object a construct emits with a look-alike fails synthesis, and the audit judges the look-alike', () => {
    const chart = chartWithPolicy();
    const api = deploy(readOnlyRootFsException(), chart);
    api.node.tryRemoveChild('Resource');
    new ApiObject(api, 'Resource', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'api', namespace: 'shop', annotations: { [SELF_APPROVAL]: WHY } },
      spec: { containers: [{ name: 'c', image: IMAGE, securityContext: { privileged: true } }] },
    });
    expect(() => Testing.synth(chart)).toThrow('an object this construct emits was removed from the construct tree');
    const report = Audit.of(chart, { packs: [Pack.HARDENED, Pack.PSS_BASELINE] });
    expect(report.findings.filter((f) => f.ruleId === RuleId.CTR_NOT_PRIVILEGED || f.ruleId === RuleId.META_EXCEPTION_ANNOTATION)
      .map((f) => [f.id, f.suppressed])).toEqual([
      ['hardened/CTR-NOT-PRIVILEGED', false], ['pss-baseline/CTR-NOT-PRIVILEGED', false], ['hardened/META-EXCEPTION-ANNOTATION', false],
    ]);
  });

  test('a weakening that failed (an error caught by the caller) does not count as using the exception', () => {
    const chart = chartWithPolicy();
    const api = deploy({ exceptions: [SecurityException.of(RuleId.SVC_TYPE, 'the shop is served by a public load balancer')] }, chart);
    expect(() => api.exposeViaService({ serviceType: kplus.ServiceType.LOAD_BALANCER })).toThrow("invalid 'exposeViaService(options.name)'");
    expect(() => Testing.synth(chart)).toThrow("invalid 'exceptions[SVC-TYPE]'");
  });

  test('a construct whose constructor threw fails synthesis even when the caller caught the error', () => {
    const chart = chartWithPolicy();
    expect(() => deploy({ containerSecurityContext: { privileged: true } }, chart)).toThrow('RuleId.CTR_NOT_PRIVILEGED');
    expect(() => Testing.synth(chart)).toThrow('shop/api: the construct threw an error while it was created');
  });

  test('plain JavaScript suppressions that are not objects get the library error', () => {
    expect(() => Audit.ofManifests([], { suppressions: [null as never] })).toThrow("audit options: invalid 'suppressions[0]': received null; is not a suppression");
    expect(() => Audit.ofManifests([], { suppressions: [{ rule: RuleId.SVC_TYPE, reason: 'the shop load balancer', name: 404 as never }] }))
      .toThrow("audit options: invalid 'suppressions[0].name': received 404; is not a string");
    expect(() => Audit.ofManifests([], { packs: [] })).toThrow("audit options: invalid 'packs': received []; an empty list runs no rule");
  });

  test('approval references are printable ASCII, and maxExpiryDays caps how long an exception may run', () => {
    expect(() => deploy(readOnlyRootFsException({ reference: 'SEC-1\u2028' }))).toThrow('printable ASCII');
    expect(() => deploy(readOnlyRootFsException({ reference: '\u200b' }))).toThrow('printable ASCII');
    const chart = chartWithPolicy({ exceptionPolicy: { maxExpiryDays: 90 } });
    expect(() => deploy(readOnlyRootFsException({ expires: '9999-12-31' }), chart)).toThrow('approves exceptions for at most 90 days');
    expect(() => chartWithPolicy({ exceptionPolicy: { maxExpiryDays: 0 } })).toThrow("invalid 'exceptionPolicy.maxExpiryDays'");
  });
});

describe('bypasses found by the second adversarial review stay closed', () => {
  test('calling the private constructor (plain JavaScript) cannot replace an applied policy', () => {
    const app = Testing.app();
    SecurityPolicy.apply(app, { exceptionPolicy: { neverExceptable: [RuleId.CTR_READONLY_ROOTFS] } });
    app.node.tryRemoveChild(SecurityPolicy.ID);
    const Policy = SecurityPolicy as unknown as new (scope: unknown, props: unknown) => SecurityPolicy;
    expect(() => new Policy(app, {})).toThrow('a security policy is already applied to this scope and cannot be replaced');
    expect(SecurityPolicy.of(app)?.exceptionPolicy?.neverExceptable).toEqual([RuleId.CTR_READONLY_ROOTFS]);
  });

  test('a policy on a child scope cannot lower the PSA minimum of the policy above it', () => {
    const chart = chartWithPolicy({ podSecurityVersion: 'v1.30' });
    const mine = new Construct(chart, 'mine');
    SecurityPolicy.apply(mine, {});
    expect(() => new SecureNamespace(mine, 'ns', { metadata: { name: 'team' }, podSecurityVersion: 'v1.28' }))
      .toThrow("a policy version older than v1.30 (the SecurityPolicy's)");
    new ApiObject(mine, 'raw', psaNamespace('v1.28') as never);
    // (The namespace whose constructor threw stays in the tree half-built; only the raw one is judged here.)
    expect(Audit.of(mine, { packs: [Pack.HARDENED] }).active().filter((f) => f.ruleId === RuleId.NS_PSA && f.constructPath === 'shop/mine/raw')
      .map((f) => f.message)).toEqual([0, 1, 2].map(() => expect.stringContaining('is v1.28, older than v1.30')));
  });

  test('each object is judged by the settings of its own SecurityPolicy, whichever scope is audited', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    const team = new Construct(chart, 'team');
    SecurityPolicy.apply(team, { allowedRegistries: ['registry.example.com'], requiredLabels: ['team'] });
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'shop' }, spec: { containers: [{ name: 'c', image: IMAGE }] } };
    new ApiObject(team, 'pod', pod as never);
    const rules = (scope: Construct) => Audit.of(scope, { packs: [Pack.HARDENED] }).active().map((f) => f.ruleId);
    for (const scope of [app, chart, team]) {
      expect(rules(scope)).toEqual(expect.arrayContaining([RuleId.IMG_REGISTRY]));
    }
    expect(Audit.of(app, { packs: [Pack.HARDENED] }).active().filter((f) => f.ruleId === RuleId.META_LABELS).map((f) => f.message))
      .toContain('the Pod has no team label, which the organisation requires');
  });

  test('an evaluation date in the past cannot revive expired exceptions', () => {
    expect(() => Audit.ofManifests([], { evaluationDate: '2020-01-01' })).toThrow("audit options: invalid 'evaluationDate': received \"2020-01-01\"; is in the past");
  });

  test('an exception the audit options\' exception policy forbids is not honoured in the app audit', () => {
    const chart = chartWithPolicy();
    deploy(readOnlyRootFsException(), chart);
    const [finding] = Audit.of(chart, { packs: [Pack.HARDENED], exceptionPolicy: { neverExceptable: [RuleId.CTR_READONLY_ROOTFS] } }).active();
    expect(finding).toMatchObject({
      ruleId: RuleId.CTR_READONLY_ROOTFS,
      ignoredException: expect.stringContaining('the exception policy of the audit options never allows exceptions to CTR-READONLY-ROOTFS'),
    });
  });

  test('maxExpiryDays: the last allowed day is accepted, the next one rejected', () => {
    const inDays = (days: number) => new Date(Date.parse(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
    const policy = { exceptionPolicy: { maxExpiryDays: 90 } };
    expect(() => deploy(readOnlyRootFsException({ expires: inDays(90) }), chartWithPolicy(policy))).not.toThrow();
    expect(() => deploy(readOnlyRootFsException({ expires: inDays(91) }), chartWithPolicy(policy))).toThrow('approves exceptions for at most 90 days');
  });

  test('removing a PSA label of a SecureNamespace fails synthesis', () => {
    const chart = chartWithPolicy();
    const ns = new SecureNamespace(chart, 'ns', { metadata: { name: 'team' } });
    ApiObject.of(ns).addJsonPatch(JsonPatch.remove('/metadata/labels/pod-security.kubernetes.io~1enforce'));
    expect(() => Testing.synth(chart)).toThrow("shop/ns: invalid 'metadata.labels[\"pod-security.kubernetes.io/enforce\"]': received nothing");
  });

  test('plain JavaScript arguments of the wrong type get the library error', () => {
    const js = <T>(value: unknown) => value as T;
    expect(() => SecurityException.of(RuleId.CTR_READONLY_ROOTFS, WHY, js('SEC-1'))).toThrow("SecurityException.of(CTR-READONLY-ROOTFS): invalid 'approval': received \"SEC-1\"");
    expect(() => Audit.suppress(js(null), RuleId.SVC_TYPE, WHY)).toThrow('Audit.suppress(scope): received null; is not a construct');
    expect(() => Audit.suppress(chartWithPolicy(), RuleId.SVC_TYPE, WHY, js(['SEC-1']))).toThrow("invalid 'approval'");
    expect(() => Audit.of(js(null))).toThrow('Audit.of(scope): received null; is not a construct');
    expect(() => Audit.gate(js({}))).toThrow('Audit.gate(scope): received {}; is not a construct');
    expect(() => SecurityPolicy.apply(js(null), {})).toThrow('SecurityPolicy.apply(scope): received null; is not a construct');
    expect(() => SecurityPolicy.apply(Testing.app(), js(null))).toThrow("invalid 'props': received null; is not a policy object");
    expect(() => chartWithPolicy({ exceptionPolicy: js(new Date(0)) })).toThrow("invalid 'exceptionPolicy'");
    expect(() => chartWithPolicy({ exceptionPolicy: { maxExpiryDays: NaN } })).toThrow("invalid 'exceptionPolicy.maxExpiryDays': received NaN");
  });
});
