import { Chart, Cron, Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  IngressTls, RuleId, SecureCronJob, SecureDeployment, SecureIngress, SecureIngressBackend, SecureJob, SecureNamespace, SecurePeer, SecureStatefulSet,
  SecurityException,
} from '../src';

const IMAGE = 'registry.example.com/acme/app@sha256:' + 'a'.repeat(64);

function build() {
  const app = Testing.app();
  const chart = new Chart(app, 'shop', { namespace: 'shop' });
  const namespace = new SecureNamespace(chart, 'ns', { metadata: { name: 'shop' } });
  const deployment = new SecureDeployment(chart, 'api', { image: IMAGE, port: 8080, autoscaling: { maxReplicas: 5 } });
  const statefulSet = new SecureStatefulSet(chart, 'db', { image: IMAGE, port: 5432, replicas: 3, storage: [{ path: '/data', size: Size.gibibytes(1) }] });
  return { chart, namespace, deployment, statefulSet };
}

type Built = ReturnType<typeof build>;
/** Changes made after construction through an exposed object's typed API (or a JavaScript assignment to a readonly field). */
const CHANGES: { name: string; change: (built: Built) => void; message: string }[] = [
  {
    name: 'service.selectLabel() retargets the Service',
    change: ({ deployment }) => deployment.service!.selectLabel('app', 'payments'),
    message: "shop/api/Service/Resource: invalid 'spec.selector': received {\"app\":\"payments\"",
  },
  {
    name: 'service.type assigned LoadBalancer',
    change: ({ deployment }) => { (deployment.service as any).type = 'LoadBalancer'; },
    message: "shop/api/Service/Resource: invalid 'spec.type': received \"LoadBalancer\"; the construct made it \"ClusterIP\"",
  },
  {
    name: 'service.externalName assigned',
    change: ({ deployment }) => { (deployment.service as any).externalName = 'evil.example.com'; },
    message: "invalid 'spec.externalName': received \"evil.example.com\"; the construct made it unset",
  },
  {
    name: 'autoscaler.maxReplicas assigned 100000',
    change: ({ deployment }) => { (deployment.autoscaler as any).maxReplicas = 100000; },
    message: "shop/api/Autoscaler/Resource: invalid 'spec.maxReplicas': received 100000; the construct made it 5",
  },
  {
    name: 'autoscaler.minReplicas assigned 1',
    change: ({ deployment }) => { (deployment.autoscaler as any).minReplicas = 1; },
    message: "invalid 'spec.minReplicas': received 1; the construct made it 2",
  },
  {
    name: 'the StatefulSet\'s headless Service retargeted',
    change: ({ statefulSet }) => (statefulSet as any).service.selectLabel('a', 'b'),
    message: "shop/db/Service/Resource: invalid 'spec.selector'",
  },
  {
    name: 'the PodDisruptionBudget\'s selector replaced in its props',
    change: ({ deployment }) => {
      (deployment.podDisruptionBudget as any).props.spec.selector = { matchLabels: { app: 'other' } };
    },
    message: "shop/api/PodDisruptionBudget: invalid 'spec.selector': received {\"matchLabels\":{\"app\":\"other\"}}",
  },
  {
    name: 'the ResourceQuota\'s scopes set in its props',
    change: ({ namespace }) => { (namespace.resourceQuota as any).props.spec.scopes = ['Terminating']; },
    message: "shop/ns/Quota: invalid 'spec.scopes': received [\"Terminating\"]; the construct made it unset",
  },
  {
    name: 'the Service moved to another namespace by reassigning its metadata',
    change: ({ deployment }) => { (deployment.service!.metadata as any).namespace = 'other'; },
    message: "shop/api/Service/Resource: invalid 'metadata.namespace': received \"other\"; the construct created this object as \"shop\"",
  },
  {
    name: 'the workload moved to another namespace by reassigning its metadata',
    change: ({ deployment }) => { (deployment.metadata as any).namespace = 'other'; },
    message: "shop/api/Resource: invalid 'metadata.namespace': received \"other\"; the construct created this object as \"shop\"",
  },
  {
    name: 'the ResourceQuota\'s limits removed in its props',
    change: ({ namespace }) => { (namespace.resourceQuota as any).props.spec.hard = {}; },
    message: 'no ResourceQuota in namespace shop limits',
  },
];

describe('a change through an exposed object\'s typed API after construction is judged like a JSON patch', () => {
  test('the app without changes synthesizes', () => {
    const { chart } = build();
    expect(Testing.synth(chart).length).toBeGreaterThan(10);
  });

  test.each(CHANGES)('$name fails synthesis, naming the object, the field and the value', ({ change, message }) => {
    const built = build();
    change(built);
    expect(() => Testing.synth(built.chart)).toThrow(message);
  });

  test('the pinned-field error names the typed API among the causes and the fix', () => {
    const built = build();
    built.deployment.service!.selectLabel('app', 'payments');
    expect(() => Testing.synth(built.chart)).toThrow("or the object's own typed API changed it after the checks");
    expect(() => Testing.synth(built.chart)).toThrow("Fix: remove that change; the field is set only through the construct's props");
  });

  test('typed changes that weaken nothing pass, and the output carries them', () => {
    const { chart, deployment } = build();
    deployment.service!.metadata.addLabel('team', 'shop');
    deployment.service!.bind(9090, { targetPort: 8080, name: 'metrics' });
    const service = Testing.synth(chart).find((o: any) => o.kind === 'Service' && o.metadata.labels?.team === 'shop');
    expect(service.spec.ports.map((p: any) => p.port)).toEqual([8080, 9090]);
  });

  test('the construct\'s own methods that make objects afterwards are not mistaken for a change (exposeViaService, grants)', () => {
    const { chart, namespace, deployment } = build();
    deployment.exposeViaService({ name: 'api-internal', ports: [{ port: 80, targetPort: 8080 }] });
    namespace.grantReadOnly(kplus.Group.fromName(chart, 'Viewers', 'viewers'));
    namespace.grantReadOnly(kplus.Group.fromName(chart, 'Auditors', 'auditors'));
    const objects = Testing.synth(chart);
    expect(objects.filter((o: any) => o.kind === 'Service').map((o: any) => o.metadata.name)).toContain('api-internal');
    expect(objects.find((o: any) => o.kind === 'RoleBinding').subjects.map((s: any) => s.name)).toEqual(['viewers', 'auditors']);
  });
});

describe('an object other code adds under a Secure* construct after construction is judged as a whole', () => {
  test('a privileged Pod added under the deployment fails synthesis, naming it', () => {
    const { chart, deployment } = build();
    new kplus.Pod(deployment, 'debug', { containers: [{ image: 'busybox:1.36', securityContext: { ensureNonRoot: false, privileged: true } }] });
    expect(() => Testing.synth(chart)).toThrow("shop/api/debug/Resource: invalid 'spec.containers[0].securityContext.privileged': received true");
    expect(() => Testing.synth(chart)).toThrow('the object was added under the construct after it was made, by code other than the construct\'s methods');
  });

  test('cdk8s-plus connections.allowTo() with an allow-all address block fails synthesis', () => {
    const { chart, deployment } = build();
    deployment.connections.allowTo(kplus.NetworkPolicyIpBlock.anyIpv4(deployment, 'AnyIpv4'));
    expect(() => Testing.synth(chart)).toThrow("invalid 'spec.egress[0].to[0].ipBlock.cidr': received \"0.0.0.0/0\"");
  });

  test('an object that weakens nothing (a ConfigMap) passes', () => {
    const { chart, deployment } = build();
    new kplus.ConfigMap(deployment, 'settings', { data: { mode: 'fast' } });
    expect(Testing.synth(chart).filter((o: any) => o.kind === 'ConfigMap')).toHaveLength(1);
  });

  test('the same privileged Pod made outside the construct is left to the app\'s audit (the construct does not claim it)', () => {
    const { chart } = build();
    new kplus.Pod(chart, 'debug', { containers: [{ image: 'busybox:1.36', securityContext: { ensureNonRoot: false, privileged: true } }] });
    expect(Testing.synth(chart).some((o: any) => o.kind === 'Pod')).toBe(true);
  });
});


describe('a Secure* construct made under another one', () => {
  test('a SecureDeployment with a typed exception under a SecureNamespace synthesizes, and its objects are still checked', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    const namespace = new SecureNamespace(chart, 'ns', { metadata: { name: 'shop' } });
    const deployment = new SecureDeployment(namespace, 'api', {
      image: IMAGE, port: 8080, replicas: 1, exceptions: [SecurityException.of(RuleId.AVAIL_REPLICAS, 'a single replica is enough for this internal tool')],
    });
    expect(Testing.synth(chart).filter((o: any) => o.kind === 'Deployment')).toHaveLength(1);
    deployment.service!.selectLabel('app', 'payments');
    expect(() => Testing.synth(chart)).toThrow("shop/ns/api/Service/Resource: invalid 'spec.selector'");
  });

  test('a change to the inner construct\'s objects is reported once, by the inner construct\'s check', () => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    const namespace = new SecureNamespace(chart, 'ns', { metadata: { name: 'shop' } });
    const deployment = new SecureDeployment(namespace, 'api', { image: IMAGE, port: 8080 });
    const ingress = new SecureIngress(namespace, 'web', {
      metadata: { name: 'web' },
      tls: IngressTls.certManagerClusterIssuer('letsencrypt-prod'),
      rules: [{ host: 'shop.example.com', backend: SecureIngressBackend.fromDeployment(deployment) }],
    });
    (deployment.service as any).type = 'LoadBalancer';
    (ingress as any)._tlsConfig.length = 0;
    let message = '';
    try {
      Testing.synth(chart);
    } catch (error) {
      message = (error as Error).message;
    }
    const lines = message.split('\n').filter((line) => line.includes('invalid'));
    const on = (field: string) => lines.filter((line) => line.includes(`invalid '${field}'`)).map((line) => line.trim().split(' ')[0]);
    expect(on('spec.type').length).toBeGreaterThan(0);
    expect(new Set(on('spec.type'))).toEqual(new Set(['[shop/ns/api]']));
    expect(new Set(on('spec.tls'))).toEqual(new Set(['[shop/ns/web]']));
    expect(lines.some((line) => line.trim().startsWith('[shop/ns] '))).toBe(false);
  });
});

describe('a change other code makes before a construct method records an object anew is judged on its own', () => {
  function ingress() {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });
    const service = (name: string) => {
      const made = new kplus.Service(chart, name, { metadata: { name }, ports: [{ port: 80, targetPort: 8080 }] });
      made.selectLabel('app', name);
      return made;
    };
    const ing = new SecureIngress(chart, 'web', {
      metadata: { name: 'web' },
      tls: IngressTls.certManagerClusterIssuer('letsencrypt-prod'),
      rules: [{ host: 'shop.example.com', backend: SecureIngressBackend.fromService(service('api')) }],
    });
    const addRule = () => ing.addSecureRule({ host: 'other.example.com', backend: SecureIngressBackend.fromService(service('other')) });
    // The SecureIngress's private state, as plain JavaScript reaches it.
    const state = ing as any;
    return { chart, ing, addRule, state };
  }
  const BEFORE_METHOD = 'so other code (the object\'s own typed API, or its private state) changed it after the checks and before addSecureRule() was called';

  test('TLS cleared in the private state, then addSecureRule(), fails synthesis (the rule used to record the cleared TLS as made)', () => {
    const { chart, addRule, state } = ingress();
    state._tlsConfig.length = 0;
    addRule();
    expect(() => Testing.synth(chart)).toThrow('test/web/Resource: invalid \'spec.tls\': received nothing; the Ingress terminates no TLS (ING-TLS); '
      + `the construct checked its Ingress web without this, ${BEFORE_METHOD}`);
    // A SecureIngress relaxes ING-NO-SNIPPETS only: the fix does not suggest an exception it would refuse.
    expect(() => Testing.synth(chart)).toThrow('Fix: remove that change; the construct never relaxes ING-TLS.');
  });

  test('the same change without a later method call fails as before', () => {
    const { chart, state } = ingress();
    state._tlsConfig.length = 0;
    expect(() => Testing.synth(chart)).toThrow(/invalid 'spec\.tls': received nothing; .*\(ING-TLS\)/);
  });

  test('a host added in the private state, then addSecureRule(), fails synthesis, naming the host', () => {
    const { chart, addRule, state } = ingress();
    state._rulesPerHost['evil.example.com'] = [...state._rulesPerHost['shop.example.com']];
    addRule();
    expect(() => Testing.synth(chart)).toThrow('invalid \'spec.rules[1].host\': received "evil.example.com"; host evil.example.com is not covered by spec.tls (ING-TLS)');
  });

  test('a change after the method call is still judged against the render the method recorded', () => {
    const { chart, addRule, state } = ingress();
    addRule();
    state._tlsConfig.length = 0;
    expect(() => Testing.synth(chart)).toThrow(/invalid 'spec\.tls': received nothing; .*\(ING-TLS\); the construct checked its Ingress web without this, so a JSON patch/);
  });

  test('harmless typed changes before the method pass, and the output carries them and both rules', () => {
    const { chart, ing, addRule } = ingress();
    ing.metadata.addLabel('tier', 'edge');
    ing.metadata.addAnnotation('example.com/owner', 'team-shop');
    addRule();
    const rendered = Testing.synth(chart).find((o: any) => o.kind === 'Ingress');
    expect(rendered.metadata.labels.tier).toBe('edge');
    expect(rendered.metadata.annotations['example.com/owner']).toBe('team-shop');
    expect(rendered.spec.rules.map((r: any) => r.host)).toEqual(['shop.example.com', 'other.example.com']);
    expect(rendered.spec.tls[0].hosts).toEqual(['other.example.com', 'shop.example.com']);
  });

  test('an object that could not be rendered when the method was called fails synthesis (nothing is taken on trust)', () => {
    const { chart, addRule, state } = ingress();
    const real = state._tlsConfig;
    let reads = 0;
    Object.defineProperty(state, '_tlsConfig', {
      get() {
        reads += 1;
        if (reads === 1) throw new Error('not yet');
        return real;
      },
    });
    addRule();
    expect(() => Testing.synth(chart)).toThrow("test/web/Resource: invalid 'Ingress web': received nothing; other code changed the object so that it "
      + 'could not be rendered before addSecureRule() recorded it anew, so the construct cannot tell what changed after its checks. '
      + "Fix: remove that change; the object is changed only through the construct's props and methods");
  });

  test('a RoleBinding retargeted to cluster-admin before a later grant() fails synthesis, naming grant()', () => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    const namespace = new SecureNamespace(chart, 'ns', { metadata: { name: 'shop' } });
    const binding = namespace.grantReadOnly(kplus.Group.fromName(chart, 'Viewers', 'viewers')) as any;
    binding.role = kplus.ClusterRole.fromClusterRoleName(chart, 'Admin', 'cluster-admin');
    namespace.grantReadOnly(kplus.Group.fromName(chart, 'Auditors', 'auditors'));
    expect(() => Testing.synth(chart)).toThrow("shop/ns/ReadOnlyBinding/Resource: invalid 'roleRef.name': received \"cluster-admin\"; the RoleBinding grants "
      + 'the built-in ClusterRole cluster-admin (RBAC-NO-ADMIN); the construct checked its RoleBinding namespace-read-only without this, so other code '
      + '(the object\'s own typed API, or its private state) changed it after the checks and before grant() was called');
  });
});

describe('a Secure* workload\'s fields reassigned after construction fail synthesis', () => {
  const chartIn = () => new Chart(Testing.app(), 'shop', { namespace: 'shop' });
  const REASSIGNED = 'the construct set this field from its checked props when it was made, and other code changed it afterwards '
    + '(the field is readonly in TypeScript; plain JavaScript or a cast can still assign it), so the checks no longer hold. '
    + "Fix: set it through the construct's props, with a typed exception where the control allows one";
  const cases: { name: string; make: (chart: Chart) => object; change: (workload: any) => void; message: string }[] = [
    {
      name: 'a SecureDeployment\'s replicas set to 1',
      make: (chart) => new SecureDeployment(chart, 'app', { image: IMAGE, port: 8080 }),
      change: (workload) => { workload.replicas = 1; },
      message: `shop/app: invalid 'replicas': received 1; ${REASSIGNED}`,
    },
    {
      name: 'a SecureDeployment\'s strategy replaced by Recreate',
      make: (chart) => new SecureDeployment(chart, 'app', { image: IMAGE, port: 8080 }),
      change: (workload) => { workload.strategy = kplus.DeploymentStrategy.recreate(); },
      message: "shop/app: invalid 'strategy': received {\"strategy\":{\"type\":\"Recreate\"}}",
    },
    {
      name: 'a SecureDeployment\'s strategy changed in place',
      make: (chart) => new SecureDeployment(chart, 'app', { image: IMAGE, port: 8080 }),
      change: (workload) => { workload.strategy.strategy.type = 'Recreate'; },
      message: "shop/app: invalid 'strategy': received {\"strategy\":{\"type\":\"Recreate\"",
    },
    {
      name: 'a SecureDeployment marked as autoscaled without the construct\'s autoscaler',
      make: (chart) => new SecureDeployment(chart, 'app', { image: IMAGE, port: 8080 }),
      change: (workload) => workload.markHasAutoscaler(),
      message: "shop/app: invalid 'hasAutoscaler': received true",
    },
    {
      name: 'a SecureStatefulSet\'s replicas redefined as a getter',
      make: (chart) => new SecureStatefulSet(chart, 'app', { image: IMAGE, port: 5432, replicas: 3 }),
      change: (workload) => Object.defineProperty(workload, 'replicas', { get: () => 1 }),
      message: "shop/app: invalid 'replicas': received \"<a getter or setter>\"",
    },
    {
      name: 'a SecureJob\'s deadline removed',
      make: (chart) => new SecureJob(chart, 'app', { image: IMAGE }),
      change: (workload) => { workload.activeDeadline = undefined; },
      message: "shop/app: invalid 'activeDeadline': received nothing",
    },
    {
      name: 'a SecureJob\'s retries raised',
      make: (chart) => new SecureJob(chart, 'app', { image: IMAGE }),
      change: (workload) => { workload.backoffLimit = 1000; },
      message: "shop/app: invalid 'backoffLimit': received 1000",
    },
    {
      name: 'a SecureCronJob\'s starting deadline lengthened',
      make: (chart) => new SecureCronJob(chart, 'app', { image: IMAGE, schedule: Cron.daily() }),
      change: (workload) => { workload.startingDeadline = Duration.days(30); },
      message: "shop/app: invalid 'startingDeadline': received {",
    },
  ];

  test.each(cases)('$name fails synthesis, naming the field and the value', ({ make, change, message }) => {
    const chart = chartIn();
    const workload = make(chart);
    expect(Testing.synth(chart).length).toBeGreaterThan(0);
    change(workload);
    expect(() => Testing.synth(chart)).toThrow(message);
  });

  test('what the docs say does not work: select() of another selector, and a cdk8s-plus HorizontalPodAutoscaler of one\'s own', () => {
    const chart = chartIn();
    const deployment = new SecureDeployment(chart, 'app', { image: IMAGE, port: 8080 });
    deployment.select(kplus.LabelSelector.of({ labels: { tier: 'api' } }));
    deployment.podMetadata.addLabel('tier', 'api');
    expect(() => Testing.synth(chart)).toThrow("shop/app: invalid 'networkPolicy.spec.podSelector'");
    expect(() => Testing.synth(chart)).toThrow('Fix: remove the change of the pod selector (a JSON patch, or select() on the workload');
    const other = chartIn();
    new kplus.HorizontalPodAutoscaler(other, 'hpa', {
      target: new SecureDeployment(other, 'app', { image: IMAGE, port: 8080 }), minReplicas: 2, maxReplicas: 5,
    });
    expect(() => Testing.synth(other)).toThrow('HorizontalPodAutoscaler target cannot have a fixed number of replicas (2)');
  });

  test('the construct\'s methods and cdk8s-plus\'s own typed API that add to the workload pass', () => {
    const chart = chartIn();
    const deployment = new SecureDeployment(chart, 'app', { image: IMAGE, port: 8080 });
    const other = new SecureDeployment(chart, 'other', { image: IMAGE, port: 9090 });
    deployment.podMetadata.addLabel('tier', 'web');
    deployment.scheduling.attract(kplus.Node.labeled(kplus.NodeLabelQuery.is('zone', 'a')));
    deployment.addVolume(kplus.Volume.fromEmptyDir(chart, 'cache', 'cache'));
    deployment.dns.addSearch('svc.example.internal');
    deployment.containers[0].env.addVariable('MODE', kplus.EnvValue.fromValue('fast'));
    deployment.containers[0].mount('/scratch', kplus.Volume.fromEmptyDir(chart, 'scratch', 'scratch'));
    deployment.addContainer({
      name: 'sidecar',
      image: IMAGE,
      portNumber: 9091,
      readiness: kplus.Probe.fromHttpGet('/readyz', { port: 9091 }),
      liveness: kplus.Probe.fromHttpGet('/livez', { port: 9091 }),
    });
    deployment.allowFrom(SecurePeer.deployment(other));
    deployment.exposeViaService({ name: 'app-internal', ports: [{ port: 80, targetPort: 8080 }] });
    const rendered = Testing.synth(chart).find((o: any) => o.kind === 'Deployment' && o.metadata.name.includes('app'));
    expect(rendered.spec.replicas).toBe(2);
    expect(rendered.spec.template.metadata.labels.tier).toBe('web');
    expect(rendered.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['main', 'sidecar']);
    expect(rendered.spec.template.spec.dnsConfig.searches).toEqual(['svc.example.internal']);
    expect(rendered.spec.template.spec.containers[0].env).toContainEqual({ name: 'MODE', value: 'fast' });
  });
});
