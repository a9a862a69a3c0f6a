import { Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Audit, Pack, RuleId, SecureDeployment, SecureJob, SecurePeer, SecurityException, Severity } from '../src';
import { chartIn, find, IMAGE, Manifest, synth, WHY } from './secure-deployment-support';
import { validateManifests } from './support/kubernetes-schema';

const MIGRATE = 'ghcr.io/acme/migrate:1.4.2';

function job(props: Partial<ConstructorParameters<typeof SecureJob>[2]> = {}, chart = chartIn()): SecureJob {
  return new SecureJob(chart, 'migrate', { image: MIGRATE, ...props });
}

function jobOf(manifests: Manifest[]): Manifest {
  return find(manifests, 'Job');
}

describe('SecureJob default output', () => {
  const chart = chartIn();
  job({}, chart);
  const manifests = synth(chart);
  const spec = jobOf(manifests).spec;

  test('snapshot', () => {
    expect(manifests).toMatchSnapshot();
  });

  test('emits the Job, its ServiceAccount and NetworkPolicy, and no Service or PodDisruptionBudget', () => {
    const name = jobOf(manifests).metadata.name;
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual([`Job/${name}`, `ServiceAccount/${name}`, `NetworkPolicy/${name}`]);
  });

  test('bounded runs: backoffLimit 3, activeDeadlineSeconds 3600, ttlSecondsAfterFinished 86400, restartPolicy Never', () => {
    expect(spec.backoffLimit).toBe(3);
    expect(spec.activeDeadlineSeconds).toBe(3600);
    expect(spec.ttlSecondsAfterFinished).toBe(86400);
    expect(spec.template.spec.restartPolicy).toEqual('Never');
  });

  test('no default probes and no spreading (the pods run to completion)', () => {
    const main = spec.template.spec.containers[0];
    expect(main.readinessProbe).toBeUndefined();
    expect(main.livenessProbe).toBeUndefined();
    expect(spec.template.spec.topologySpreadConstraints).toBeUndefined();
    expect(spec.template.spec.affinity).toBeUndefined();
  });

  test('the NetworkPolicy selects the job\'s pods by their own label and allows only DNS egress', () => {
    const policy = find(manifests, 'NetworkPolicy');
    const podLabels = spec.template.metadata.labels;
    expect(Object.entries(policy.spec.podSelector.matchLabels).every(([key, value]) => podLabels[key] === value)).toBe(true);
    expect(Object.keys(policy.spec.podSelector.matchLabels).length).toBeGreaterThan(0);
    expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(policy.spec.egress).toHaveLength(1);
    expect(policy.spec.egress[0].ports).toEqual([{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }]);
    expect(policy.spec.ingress).toEqual([{ from: [{ podSelector: { matchLabels: policy.spec.podSelector.matchLabels } }] }]);
  });

  test('is valid against the Kubernetes 1.28 API and audits clean under every pack', () => {
    expect(validateManifests(manifests)).toEqual([]);
    expect(Audit.of(chart, { packs: Pack.all() }).active(Severity.WARNING).map((f) => `${f.id} ${f.path}`)).toEqual([]);
  });
});

describe('SecureJob options', () => {
  test('keeps the cdk8s-plus props: restartPolicy OnFailure, backoffLimit, deadlines', () => {
    const chart = chartIn();
    job({
      restartPolicy: kplus.RestartPolicy.ON_FAILURE, backoffLimit: 0, activeDeadline: Duration.minutes(10), ttlAfterFinished: Duration.hours(2),
    }, chart);
    const spec = jobOf(synth(chart)).spec;
    expect(spec.template.spec.restartPolicy).toEqual('OnFailure');
    expect([spec.backoffLimit, spec.activeDeadlineSeconds, spec.ttlSecondsAfterFinished]).toEqual([0, 600, 7200]);
  });

  test('allowTo() a SecureDeployment opens the egress on the job and the ingress on the deployment', () => {
    const chart = chartIn();
    const db = new SecureDeployment(chart, 'db', { image: IMAGE, port: 5432 });
    job({}, chart).allowTo(SecurePeer.deployment(db));
    const manifests = synth(chart);
    const jobPolicy = manifests.find((m) => m.kind === 'NetworkPolicy' && m.metadata.name.startsWith('shop-migrate'))!;
    const dbPolicy = manifests.find((m) => m.kind === 'NetworkPolicy' && m.metadata.name.startsWith('shop-db'))!;
    expect(jobPolicy.spec.egress[1]).toEqual({
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } }, podSelector: dbPolicy.spec.podSelector }],
      ports: [{ port: 5432, protocol: 'TCP' }],
    });
    expect(dbPolicy.spec.ingress).toEqual([{
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } }, podSelector: jobPolicy.spec.podSelector }],
      ports: [{ port: 5432, protocol: 'TCP' }],
    }]);
    expect(Audit.of(chart, { packs: Pack.all() }).active(Severity.WARNING)).toEqual([]);
  });

  test('a SecureDeployment can allowFrom() a job as a peer (SecurePeer.secureWorkload)', () => {
    const chart = chartIn();
    const db = new SecureDeployment(chart, 'db', { image: IMAGE, port: 5432 });
    const migrate = job({}, chart);
    db.allowFrom(SecurePeer.secureWorkload(migrate));
    const policy = synth(chart).find((m) => m.kind === 'NetworkPolicy' && m.metadata.name.startsWith('shop-migrate'))!;
    expect(policy.spec.egress.map((rule: Manifest) => rule.ports)).toEqual([
      [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }], [{ port: 5432, protocol: 'TCP' }],
    ]);
  });

  test('a token for a job that calls the API needs the POD-NO-SA-TOKEN exception, and is documented', () => {
    const chart = chartIn();
    job({ automountServiceAccountToken: true, exceptions: [SecurityException.of(RuleId.POD_NO_SA_TOKEN, WHY)] }, chart);
    const emitted = jobOf(synth(chart));
    expect(emitted.spec.template.spec.automountServiceAccountToken).toBe(true);
    expect(emitted.metadata.annotations['exception.cdk8s-secure.io/POD-NO-SA-TOKEN']).toEqual(WHY);
  });
});

describe('SecureJob bad input', () => {
  const cases: Array<[string, () => unknown, RegExp]> = [
    ['restartPolicy Always', () => job({ restartPolicy: kplus.RestartPolicy.ALWAYS }),
      /shop\/migrate: invalid 'restartPolicy': received "Always"; .*refuses.*Fix: use RestartPolicy.NEVER/s],
    ['a negative backoffLimit', () => job({ backoffLimit: -1 }), /shop\/migrate: invalid 'backoffLimit': received -1; .*whole number from 0 to 10.*Fix: use e.g. 3/s],
    ['an unbounded backoffLimit', () => job({ backoffLimit: 1000 }), /invalid 'backoffLimit': received 1000; /],
    ['a port (a job serves nothing)', () => job({ port: 8080 } as never), /shop\/migrate: invalid 'port': received 8080; .*serves no traffic.*Fix: remove port; run the server as a SecureDeployment/s],
    ['select: false (the NetworkPolicy would select every pod)', () => job({ select: false }), /shop\/migrate: invalid 'select': received false; .*Fix: leave select unset/s],
    ['an activeDeadline of 0', () => job({ activeDeadline: Duration.seconds(0) }), /invalid 'activeDeadline': received "0s"; the deadline must be at least 1 second/],
    ['no namespace', () => job({}, chartIn(null)), /metadata.namespace .*WL-NAMESPACE/s],
    ['a privileged container without exception', () => job({ containerSecurityContext: { privileged: true } }),
      /invalid 'containers\[main\]\.securityContext\.privileged': received true; .*CTR_NOT_PRIVILEGED/s],
    ['plain JavaScript: backoffLimit as a string', () => job({ backoffLimit: '3' as never }), /shop\/migrate: invalid 'backoffLimit': received "3"; .*number/s],
    ['plain JavaScript: activeDeadline as a number', () => job({ activeDeadline: 3600 as never }), /shop\/migrate: invalid 'activeDeadline': received 3600; .*Duration/s],
    ['plain JavaScript: no props', () => new SecureJob(chartIn(), 'migrate', undefined as never), /shop\/migrate: invalid 'props': .*new SecureJob/s],
  ];
  test.each(cases)('%s fails with construct, prop, value and fix', (_name, make, message) => {
    expect(make).toThrow(message);
  });

  test('a container added later that weakens a control fails, and one that keeps them gets the hardened fields', () => {
    const chart = chartIn();
    const migrate = job({}, chart);
    expect(() => migrate.addContainer({ name: 'root', image: IMAGE, securityContext: { ensureNonRoot: false } })).toThrow(/POD_RUN_AS_NONROOT/);
    const chart2 = chartIn();
    job({}, chart2).addContainer({ name: 'sidecar', image: IMAGE });
    const sidecar = jobOf(Testing.synth(chart2)).spec.template.spec.containers.find((c: Manifest) => c.name === 'sidecar');
    expect(sidecar.securityContext).toMatchObject({ readOnlyRootFilesystem: true, runAsNonRoot: true, allowPrivilegeEscalation: false });
  });
});
