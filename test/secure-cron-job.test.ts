import { Cron, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Audit, Pack, RuleId, SecureCronJob, SecureDeployment, SecurePeer, SecurityException, Severity } from '../src';
import { chartIn, find, IMAGE, Manifest, synth } from './secure-deployment-support';
import { validateManifests } from './support/kubernetes-schema';

const BACKUP = 'ghcr.io/acme/backup:2.1.0';
const NIGHTLY = Cron.schedule({ minute: '0', hour: '2' });

function cronJob(props: Partial<ConstructorParameters<typeof SecureCronJob>[2]> = {}, chart = chartIn()): SecureCronJob {
  return new SecureCronJob(chart, 'backup', { image: BACKUP, schedule: NIGHTLY, ...props });
}

describe('SecureCronJob default output', () => {
  const chart = chartIn();
  cronJob({}, chart);
  const manifests = synth(chart);
  const cron = find(manifests, 'CronJob');
  const pod = cron.spec.jobTemplate.spec.template;

  test('snapshot', () => {
    expect(manifests).toMatchSnapshot();
  });

  test('emits the CronJob, its ServiceAccount and NetworkPolicy', () => {
    const name = cron.metadata.name;
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual([`CronJob/${name}`, `ServiceAccount/${name}`, `NetworkPolicy/${name}`]);
  });

  test('scheduling defaults: Forbid, startingDeadlineSeconds 300, history 3/1, timeZone Etc/UTC, the schedule as given', () => {
    expect(cron.spec).toMatchObject({
      schedule: '0 2 * * *',
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 300,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      timeZone: 'Etc/UTC',
      suspend: false,
    });
  });

  test('each run is bounded like a SecureJob: backoffLimit 3, activeDeadlineSeconds 3600, restartPolicy Never', () => {
    expect(cron.spec.jobTemplate.spec.backoffLimit).toBe(3);
    expect(cron.spec.jobTemplate.spec.activeDeadlineSeconds).toBe(3600);
    expect(pod.spec.restartPolicy).toEqual('Never');
  });

  test('the pods carry the hardened pod and container security contexts, resources and AppArmor', () => {
    expect(pod.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.spec.automountServiceAccountToken).toBe(false);
    const main = pod.spec.containers[0];
    expect(main.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(main.resources.limits['ephemeral-storage']).toEqual('512Mi');
    expect(pod.metadata.annotations).toEqual({ 'container.apparmor.security.beta.kubernetes.io/main': 'runtime/default' });
  });

  test('the NetworkPolicy selects the run\'s pods (their pod label)', () => {
    const policy = find(manifests, 'NetworkPolicy');
    const selected = Object.entries(policy.spec.podSelector.matchLabels);
    expect(selected.length).toBeGreaterThan(0);
    expect(selected.every(([key, value]) => pod.metadata.labels[key] === value)).toBe(true);
  });

  test('is valid against the Kubernetes 1.28 API and audits clean under every pack', () => {
    expect(validateManifests(manifests)).toEqual([]);
    expect(Audit.of(chart, { packs: Pack.all() }).active(Severity.WARNING).map((f) => `${f.id} ${f.path}`)).toEqual([]);
  });
});

describe('SecureCronJob options', () => {
  test('keeps the cdk8s-plus props and accepts an explicit time zone, a macro and a concurrency policy (with its exception)', () => {
    const chart = chartIn();
    cronJob({
      schedule: Cron.daily(),
      timeZone: 'Europe/Berlin',
      concurrencyPolicy: kplus.ConcurrencyPolicy.REPLACE,
      ttlAfterFinished: Duration.hours(1),
      exceptions: [SecurityException.of(RuleId.CRONJOB_CONCURRENCY, 'the newest export supersedes a slow one')],
    }, chart);
    const cron = find(synth(chart), 'CronJob');
    expect([cron.spec.schedule, cron.spec.timeZone, cron.spec.concurrencyPolicy, cron.spec.jobTemplate.spec.ttlSecondsAfterFinished])
      .toEqual(['0 0 * * *', 'Europe/Berlin', 'Replace', 3600]);
  });

  test('allowTo() a database opens both ends', () => {
    const chart = chartIn();
    const db = new SecureDeployment(chart, 'db', { image: IMAGE, port: 5432 });
    cronJob({}, chart).allowTo(SecurePeer.deployment(db));
    const dbPolicy = synth(chart).find((m: Manifest) => m.kind === 'NetworkPolicy' && m.metadata.name.startsWith('shop-db'))!;
    expect(dbPolicy.spec.ingress[0].ports).toEqual([{ port: 5432, protocol: 'TCP' }]);
  });
});

describe('SecureCronJob bad input', () => {
  const cases: Array<[string, () => unknown, RegExp]> = [
    ['a schedule with 6 fields', () => cronJob({ schedule: Cron.schedule({ minute: '0 0', hour: '2' }) }),
      /shop\/backup: invalid 'schedule': received "0 0 2 \* \* \*"; the schedule has 6 field\(s\).*Fix: use Cron.schedule/s],
    ['an hour of 25', () => cronJob({ schedule: Cron.schedule({ minute: '0', hour: '25' }) }),
      /invalid 'schedule': received "0 25 \* \* \*"; the schedule has an invalid hour field: 25 is outside 0-23/],
    ['a range that ends before it starts', () => cronJob({ schedule: Cron.schedule({ minute: '0', hour: '2', weekDay: '5-1' }) }), /starts after it ends/],
    ['a time zone inside the schedule', () => cronJob({ schedule: Cron.schedule({ minute: 'TZ=Europe/Berlin 0', hour: '2' }) }),
      /names a time zone in the schedule.*spec.timeZone/s],
    ['an unknown time zone', () => cronJob({ timeZone: 'Mars/Olympus' }), /shop\/backup: invalid 'timeZone': received "Mars\/Olympus"; .*IANA.*Fix: use a name of the tz database/s],
    ['a starting deadline under 10 seconds', () => cronJob({ startingDeadline: Duration.seconds(5) }),
      /shop\/backup: invalid 'startingDeadline': received "5s"; .*every 10 seconds/s],
    ['history of 100 succeeded Jobs', () => cronJob({ successfulJobsRetained: 100 }), /invalid 'successfulJobsRetained': received 100; .*0 to 10/s],
    ['ttlAfterFinished beside history limits', () => cronJob({ ttlAfterFinished: Duration.hours(1), failedJobsRetained: 1 }),
      /invalid 'ttlAfterFinished': received "3600s"; .*either the history limits/s],
    ['restartPolicy Always', () => cronJob({ restartPolicy: kplus.RestartPolicy.ALWAYS }), /shop\/backup: invalid 'restartPolicy': received "Always"/],
    ['a port', () => cronJob({ port: 8080 } as never), /shop\/backup: invalid 'port': received 8080; a cron job runs to completion/],
    ['plain JavaScript: schedule as a string', () => cronJob({ schedule: '0 2 * * *' as never }), /shop\/backup: invalid 'schedule': received "0 2 \* \* \*"; .*Cron/s],
    ['plain JavaScript: no schedule', () => new SecureCronJob(chartIn(), 'backup', { image: BACKUP } as never), /shop\/backup: invalid 'schedule': .*is required/s],
  ];
  test.each(cases)('%s fails with construct, prop, value and fix', (_name, make, message) => {
    expect(make).toThrow(message);
  });
});
