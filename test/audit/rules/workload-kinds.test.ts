import { App, Chart, Cron, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Audit, Pack, RuleId, Severity } from '../../../src';
import { agent, cleanup, db, migrate, withKinds } from '../kind-fixtures';
import { find, hardened, Manifest } from '../support';
import { describeRule } from './rule-case';

const S = 'StatefulSet/db';
const A = 'DaemonSet/agent';
const J = 'Job/migrate';
const CJ = 'CronJob/cleanup';
const CJT = 'spec.jobTemplate.spec';
const claim = (o: Manifest[]): Manifest => db(o).spec.volumeClaimTemplates[0];

describe('the hardened StatefulSet, DaemonSet and Job', () => {
  test('audit clean in every pack, info findings included', () => {
    expect(Audit.ofManifests(withKinds(hardened())).active(Severity.INFO).map(f => `${f.id} ${f.kind}/${f.name} ${f.path}`)).toEqual([]);
  });
});

describe('plain cdk8s-plus-28 workloads', () => {
  test('are judged by the kind-specific rules on the fields cdk8s-plus leaves unset only', () => {
    const chart = new Chart(new App(), 'c', { namespace: 'shop' });
    const image = 'registry.example.com/x:1.0';
    new kplus.CronJob(chart, 'cron', { schedule: Cron.daily(), containers: [{ image }] });
    new kplus.Job(chart, 'job', { containers: [{ image }], activeDeadline: Duration.minutes(10) });
    const service = new kplus.Service(chart, 'db', { clusterIP: 'None', ports: [{ port: 5432 }] });
    new kplus.StatefulSet(chart, 'sts', { containers: [{ image }], service });
    new kplus.DaemonSet(chart, 'ds', { containers: [{ image }] });
    const kindRules: string[] = [RuleId.JOB_LIMITS, RuleId.JOB_CLEANUP, RuleId.CRONJOB_CONCURRENCY, RuleId.CRONJOB_DEADLINE, RuleId.CRONJOB_SCHEDULE,
      RuleId.STS_VOLUME_CLAIMS, RuleId.STS_PVC_RETENTION, RuleId.STS_SERVICE_NAME, RuleId.WL_ROLLING, RuleId.POD_TOLERATIONS];
    const findings = Audit.of(chart, { packs: [Pack.HARDENED] }).findings.filter(f => kindRules.includes(f.ruleId));
    // cdk8s-plus sets concurrencyPolicy Forbid, startingDeadlineSeconds 10, history limits, RollingUpdate and the Service.
    expect(findings.map(f => `${f.ruleId} ${f.severity} ${f.kind} ${f.path}`).sort()).toEqual([
      'CRONJOB-SCHEDULE info CronJob spec.timeZone',
      'JOB-CLEANUP warning Job spec.ttlSecondsAfterFinished',
      'JOB-LIMITS info CronJob spec.jobTemplate.spec.backoffLimit',
      'JOB-LIMITS info Job spec.backoffLimit',
      'JOB-LIMITS warning CronJob spec.jobTemplate.spec.activeDeadlineSeconds',
    ]);
  });
});

describeRule(RuleId.JOB_LIMITS, [
  { name: 'the hardened Job and CronJob', change: withKinds, expected: [] },
  { name: 'backoffLimit 0 (never retry)', change: o => { withKinds(o); migrate(o).spec.backoffLimit = 0; }, expected: [] },
  { name: 'backoffLimit 10', change: o => { withKinds(o); migrate(o).spec.backoffLimit = 10; }, expected: [] },
  { name: 'parallelism 10 with 40 completions', change: o => { withKinds(o); migrate(o).spec.parallelism = 10; migrate(o).spec.completions = 40; }, expected: [] },
  { name: 'parallelism 500', change: o => { withKinds(o); migrate(o).spec.parallelism = 500; }, expected: [`${J} spec.parallelism`], severity: Severity.WARNING },
  { name: 'parallelism "5" (a string)', change: o => { withKinds(o); migrate(o).spec.parallelism = '5'; }, expected: [`${J} spec.parallelism`] },
  { name: 'parallelism 50 in a CronJob job template', change: o => { withKinds(o); cleanup(o).spec.jobTemplate.spec.parallelism = 50; }, expected: [`${CJ} ${CJT}.parallelism`] },
  {
    name: 'no backoffLimit (the implicit default of 6, info)',
    change: o => { withKinds(o); delete migrate(o).spec.backoffLimit; },
    expected: [`${J} spec.backoffLimit`],
    severity: Severity.INFO,
  },
  { name: 'backoffLimit 1000', change: o => { withKinds(o); migrate(o).spec.backoffLimit = 1000; }, expected: [`${J} spec.backoffLimit`], severity: Severity.WARNING },
  { name: 'backoffLimit -1', change: o => { withKinds(o); migrate(o).spec.backoffLimit = -1; }, expected: [`${J} spec.backoffLimit`] },
  { name: 'backoffLimit "3" (a string)', change: o => { withKinds(o); migrate(o).spec.backoffLimit = '3'; }, expected: [`${J} spec.backoffLimit`], severity: Severity.WARNING },
  { name: 'backoffLimit 2.5', change: o => { withKinds(o); migrate(o).spec.backoffLimit = 2.5; }, expected: [`${J} spec.backoffLimit`] },
  { name: 'no activeDeadlineSeconds on a Job', change: o => { withKinds(o); delete migrate(o).spec.activeDeadlineSeconds; }, expected: [`${J} spec.activeDeadlineSeconds`] },
  { name: 'activeDeadlineSeconds 0', change: o => { withKinds(o); migrate(o).spec.activeDeadlineSeconds = 0; }, expected: [`${J} spec.activeDeadlineSeconds`] },
  { name: 'activeDeadlineSeconds "600"', change: o => { withKinds(o); migrate(o).spec.activeDeadlineSeconds = '600'; }, expected: [`${J} spec.activeDeadlineSeconds`] },
  {
    name: 'a CronJob job template without limits',
    change: o => { delete cleanup(o).spec.jobTemplate.spec.backoffLimit; delete cleanup(o).spec.jobTemplate.spec.activeDeadlineSeconds; },
    expected: [`${CJ} ${CJT}.backoffLimit`, `${CJ} ${CJT}.activeDeadlineSeconds`],
  },
  {
    name: 'activeDeadlineSeconds typed in the CronJob spec instead of its job template',
    change: o => {
      const spec = cleanup(o).spec;
      spec.activeDeadlineSeconds = spec.jobTemplate.spec.activeDeadlineSeconds;
      delete spec.jobTemplate.spec.activeDeadlineSeconds;
    },
    expected: [`${CJ} ${CJT}.activeDeadlineSeconds`],
  },
  { name: 'a camel-case typo (activeDeadlineSecond)', change: o => { withKinds(o); migrate(o).spec.activeDeadlineSecond = migrate(o).spec.activeDeadlineSeconds; delete migrate(o).spec.activeDeadlineSeconds; }, expected: [`${J} spec.activeDeadlineSeconds`] },
  {
    name: 'an unlimited Job inside a List',
    change: o => {
      const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'listed', namespace: 'shop' }, spec: { ttlSecondsAfterFinished: 60, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'registry.example.com/c:1' }] } } } };
      o.push({ apiVersion: 'v1', kind: 'List', items: [job] });
    },
    expected: ['Job/listed spec.backoffLimit', 'Job/listed spec.activeDeadlineSeconds'],
  },
  {
    name: 'a Job of another API group (Volcano batch.volcano.sh) is not judged as a Kubernetes Job',
    change: o => { o.push({ apiVersion: 'batch.volcano.sh/v1alpha1', kind: 'Job', metadata: { name: 'vc', namespace: 'shop' }, spec: { tasks: [] } }); },
    expected: [],
  },
]);

describeRule(RuleId.JOB_CLEANUP, [
  { name: 'ttlSecondsAfterFinished 0 (deleted at once)', change: o => { withKinds(o); migrate(o).spec.ttlSecondsAfterFinished = 0; }, expected: [] },
  {
    name: 'a Job owned by a CronJob (kubectl get output) needs no TTL',
    change: o => {
      withKinds(o);
      delete migrate(o).spec.ttlSecondsAfterFinished;
      migrate(o).metadata.ownerReferences = [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'cleanup', uid: 'u', controller: true }];
    },
    expected: [],
  },
  { name: 'CronJob history limits unset (defaults 3 and 1)', change: o => { delete cleanup(o).spec.successfulJobsHistoryLimit; delete cleanup(o).spec.failedJobsHistoryLimit; }, expected: [] },
  { name: 'history limits 0 and 10', change: o => { cleanup(o).spec.successfulJobsHistoryLimit = 0; cleanup(o).spec.failedJobsHistoryLimit = 10; }, expected: [] },
  { name: 'a standalone Job without TTL', change: o => { withKinds(o); delete migrate(o).spec.ttlSecondsAfterFinished; }, expected: [`${J} spec.ttlSecondsAfterFinished`], severity: Severity.WARNING },
  {
    name: 'a Job owned by a Deployment-like controller is still judged',
    change: o => {
      withKinds(o);
      delete migrate(o).spec.ttlSecondsAfterFinished;
      migrate(o).metadata.ownerReferences = [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', name: 'w', uid: 'u' }];
    },
    expected: [`${J} spec.ttlSecondsAfterFinished`],
  },
  { name: 'a negative TTL', change: o => { withKinds(o); migrate(o).spec.ttlSecondsAfterFinished = -1; }, expected: [`${J} spec.ttlSecondsAfterFinished`] },
  { name: 'a TTL as a string', change: o => { withKinds(o); migrate(o).spec.ttlSecondsAfterFinished = '3600'; }, expected: [`${J} spec.ttlSecondsAfterFinished`] },
  { name: 'successfulJobsHistoryLimit 1000', change: o => { cleanup(o).spec.successfulJobsHistoryLimit = 1000; }, expected: [`${CJ} spec.successfulJobsHistoryLimit`] },
  { name: 'failedJobsHistoryLimit "1"', change: o => { cleanup(o).spec.failedJobsHistoryLimit = '1'; }, expected: [`${CJ} spec.failedJobsHistoryLimit`] },
  { name: 'failedJobsHistoryLimit -1', change: o => { cleanup(o).spec.failedJobsHistoryLimit = -1; }, expected: [`${CJ} spec.failedJobsHistoryLimit`] },
]);

describeRule(RuleId.CRONJOB_CONCURRENCY, [
  { name: 'Replace (info)', change: o => { cleanup(o).spec.concurrencyPolicy = 'Replace'; }, expected: [`${CJ} spec.concurrencyPolicy`], severity: Severity.INFO },
  { name: 'unset (Allow)', change: o => { delete cleanup(o).spec.concurrencyPolicy; }, expected: [`${CJ} spec.concurrencyPolicy`], severity: Severity.WARNING },
  { name: 'Allow', change: o => { cleanup(o).spec.concurrencyPolicy = 'Allow'; }, expected: [`${CJ} spec.concurrencyPolicy`] },
  { name: 'forbid (lower case)', change: o => { cleanup(o).spec.concurrencyPolicy = 'forbid'; }, expected: [`${CJ} spec.concurrencyPolicy`] },
  { name: 'set on the job template instead of the CronJob', change: o => { cleanup(o).spec.jobTemplate.spec.concurrencyPolicy = 'Forbid'; delete cleanup(o).spec.concurrencyPolicy; }, expected: [`${CJ} spec.concurrencyPolicy`] },
]);

describeRule(RuleId.CRONJOB_DEADLINE, [
  { name: 'exactly 10 seconds', change: o => { cleanup(o).spec.startingDeadlineSeconds = 10; }, expected: [] },
  { name: 'unset', change: o => { delete cleanup(o).spec.startingDeadlineSeconds; }, expected: [`${CJ} spec.startingDeadlineSeconds`], severity: Severity.WARNING },
  { name: '5 seconds', change: o => { cleanup(o).spec.startingDeadlineSeconds = 5; }, expected: [`${CJ} spec.startingDeadlineSeconds`] },
  { name: 'negative', change: o => { cleanup(o).spec.startingDeadlineSeconds = -300; }, expected: [`${CJ} spec.startingDeadlineSeconds`] },
  { name: 'a string', change: o => { cleanup(o).spec.startingDeadlineSeconds = '300'; }, expected: [`${CJ} spec.startingDeadlineSeconds`] },
]);

const schedule = (value: unknown) => (o: Manifest[]) => { cleanup(o).spec.schedule = value; };

describeRule(RuleId.CRONJOB_SCHEDULE, [
  ...['*/15 * * * *', '0 3 * * 1-5', '30 2 1,15 * *', '0 0 * jan,JUL sun', '5/10 * ? * *', '0 22 * * Mon-Fri', '@daily', '@every 1h30m', '0 0 29 2 *']
    .map(value => ({ name: `"${value}"`, change: schedule(value), expected: [] })),
  { name: 'timeZone Europe/Berlin', change: (o: Manifest[]) => { cleanup(o).spec.timeZone = 'Europe/Berlin'; }, expected: [] },
  ...['0 0 3 * * ?', '0 3 * *', '60 * * * *', '0 24 * * *', '0 0 0 * *', '0 0 * 13 *', '0 0 * * 7', '0 0 * * L', '*/0 * * * *', '5-1 * * * *',
    '0 3 * * mon-', '@reboot', '@every', '@every 1d', 'TZ=Europe/Berlin 0 3 * * *', 'CRON_TZ=UTC 0 3 * * *', '', '1,,2 * * * *']
    .map(value => ({ name: `"${value}"`, change: schedule(value), expected: [`${CJ} spec.schedule`], severity: Severity.ERROR })),
  { name: 'a number', change: schedule(5), expected: [`${CJ} spec.schedule`] },
  { name: 'no schedule', change: schedule(undefined), expected: [`${CJ} spec.schedule`] },
  { name: 'no timeZone (info)', change: (o: Manifest[]) => { delete cleanup(o).spec.timeZone; }, expected: [`${CJ} spec.timeZone`], severity: Severity.INFO },
  ...['Local', 'Mars/Olympus', 'UTC+2', 'Europe/ Berlin', '../etc/passwd']
    .map(value => ({ name: `timeZone ${value}`, change: (o: Manifest[]) => { cleanup(o).spec.timeZone = value; }, expected: [`${CJ} spec.timeZone`], severity: Severity.ERROR })),
]);

describeRule(RuleId.STS_VOLUME_CLAIMS, [
  { name: 'ReadWriteOncePod and a numeric size', change: o => { withKinds(o); claim(o).spec.accessModes = ['ReadWriteOncePod']; claim(o).spec.resources.requests.storage = 1073741824; }, expected: [] },
  { name: 'restored from a VolumeSnapshot', change: o => { withKinds(o); claim(o).spec.dataSource = { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: 'n' }; }, expected: [] },
  { name: 'ReadWriteMany (warning)', change: o => { withKinds(o); claim(o).spec.accessModes = ['ReadWriteMany']; }, expected: [`${S} spec.volumeClaimTemplates[0].spec.accessModes`], severity: Severity.WARNING },
  { name: 'cloning another claim (dataSource)', change: o => { withKinds(o); claim(o).spec.dataSource = { kind: 'PersistentVolumeClaim', name: 'x' }; }, expected: [`${S} spec.volumeClaimTemplates[0].spec.dataSource`], severity: Severity.WARNING },
  { name: 'cloning another claim (dataSourceRef)', change: o => { withKinds(o); claim(o).spec.dataSourceRef = { kind: 'PersistentVolumeClaim', name: 'x' }; }, expected: [`${S} spec.volumeClaimTemplates[0].spec.dataSourceRef`], severity: Severity.WARNING },
  { name: 'a StatefulSet without claim templates', change: o => { withKinds(o); delete db(o).spec.volumeClaimTemplates; db(o).spec.template.spec.containers[0].volumeMounts.pop(); }, expected: [] },
  { name: 'no storage request', change: o => { withKinds(o); delete claim(o).spec.resources; }, expected: [`${S} spec.volumeClaimTemplates[0].spec.resources.requests.storage`], severity: Severity.ERROR },
  { name: 'storage "0"', change: o => { withKinds(o); claim(o).spec.resources.requests.storage = '0'; }, expected: [`${S} spec.volumeClaimTemplates[0].spec.resources.requests.storage`] },
  { name: 'storage "-1Gi"', change: o => { withKinds(o); claim(o).spec.resources.requests.storage = '-1Gi'; }, expected: [`${S} spec.volumeClaimTemplates[0].spec.resources.requests.storage`] },
  { name: 'storage "10 GB"', change: o => { withKinds(o); claim(o).spec.resources.requests.storage = '10 GB'; }, expected: [`${S} spec.volumeClaimTemplates[0].spec.resources.requests.storage`] },
  { name: 'the size only as a limit', change: o => { withKinds(o); claim(o).spec.resources = { limits: { storage: '10Gi' } }; }, expected: [`${S} spec.volumeClaimTemplates[0].spec.resources.requests.storage`] },
  { name: 'no access modes', change: o => { withKinds(o); delete claim(o).spec.accessModes; }, expected: [`${S} spec.volumeClaimTemplates[0].spec.accessModes`] },
  { name: 'a typo (ReadWriteOnly)', change: o => { withKinds(o); claim(o).spec.accessModes = ['ReadWriteOnly']; }, expected: [`${S} spec.volumeClaimTemplates[0].spec.accessModes`] },
  { name: 'a template without a name', change: o => { withKinds(o); delete claim(o).metadata; }, expected: [`${S} spec.volumeClaimTemplates[0].metadata.name`] },
  { name: 'a template that is not an object', change: o => { withKinds(o); db(o).spec.volumeClaimTemplates.push('data'); }, expected: [`${S} spec.volumeClaimTemplates[1]`] },
]);

describeRule(RuleId.POD_VOLUME_FSGROUP, [
  { name: 'a pod without persistent volumes needs no policy', change: o => { delete find(o, 'Deployment', 'web').spec.template.spec.securityContext.fsGroup; }, expected: [] },
  { name: 'the hardened StatefulSet', change: withKinds, expected: [] },
  { name: 'a StatefulSet without fsGroup', change: o => { withKinds(o); delete db(o).spec.template.spec.securityContext.fsGroup; }, expected: [`${S} spec.template.spec.securityContext.fsGroup`], severity: Severity.WARNING },
  {
    name: 'fsGroupChangePolicy Always (info)',
    change: o => { withKinds(o); db(o).spec.template.spec.securityContext.fsGroupChangePolicy = 'Always'; },
    expected: [`${S} spec.template.spec.securityContext.fsGroupChangePolicy`],
    severity: Severity.INFO,
  },
  { name: 'fsGroup as a string', change: o => { withKinds(o); db(o).spec.template.spec.securityContext.fsGroup = '10001'; }, expected: [`${S} spec.template.spec.securityContext.fsGroup`] },
  {
    name: 'a Deployment mounting a persistentVolumeClaim without fsGroup',
    change: o => {
      const pod = find(o, 'Deployment', 'web').spec.template.spec;
      delete pod.securityContext.fsGroup;
      pod.securityContext.fsGroupChangePolicy = 'OnRootMismatch';
      pod.volumes.push({ name: 'uploads', persistentVolumeClaim: { claimName: 'uploads' } });
    },
    expected: ['Deployment/web spec.template.spec.securityContext.fsGroup'],
  },
  {
    name: 'a Job with a generic ephemeral volume',
    change: o => {
      withKinds(o);
      migrate(o).spec.template.spec.volumes.push({ name: 'scratch', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'] } } } });
    },
    expected: [`${J} spec.template.spec.securityContext.fsGroupChangePolicy`],
  },
  { name: 'a Windows pod is not judged', change: o => { withKinds(o); delete db(o).spec.template.spec.securityContext.fsGroup; db(o).spec.template.spec.os = { name: 'windows' }; }, expected: [] },
]);

describeRule(RuleId.STS_PVC_RETENTION, [
  { name: 'no policy (Retain)', change: o => { withKinds(o); delete db(o).spec.persistentVolumeClaimRetentionPolicy; }, expected: [] },
  {
    name: 'Delete on delete and on scale-down',
    change: o => { withKinds(o); db(o).spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Delete', whenScaled: 'Delete' }; },
    expected: [`${S} spec.persistentVolumeClaimRetentionPolicy.whenDeleted`, `${S} spec.persistentVolumeClaimRetentionPolicy.whenScaled`],
    severity: Severity.INFO,
  },
]);

describeRule(RuleId.STS_SERVICE_NAME, [
  { name: 'a headless Service selecting the pods', change: withKinds, expected: [] },
  { name: 'no serviceName', change: o => { withKinds(o); delete db(o).spec.serviceName; }, expected: [`${S} spec.serviceName`], severity: Severity.WARNING },
  { name: 'a Service that is not in the output', change: o => { withKinds(o); db(o).spec.serviceName = 'db-headless'; }, expected: [`${S} spec.serviceName`] },
  { name: 'the Service in another namespace', change: o => { withKinds(o); find(o, 'Service', 'db').metadata.namespace = 'other'; }, expected: [`${S} spec.serviceName`] },
  { name: 'a ClusterIP Service', change: o => { withKinds(o); delete find(o, 'Service', 'db').spec.clusterIP; }, expected: [`${S} spec.serviceName`] },
  { name: 'clusterIP "none" (lower case)', change: o => { withKinds(o); find(o, 'Service', 'db').spec.clusterIP = 'none'; }, expected: [`${S} spec.serviceName`] },
  { name: 'a Service selecting other pods', change: o => { withKinds(o); find(o, 'Service', 'db').spec.selector = { 'app.kubernetes.io/name': 'web' }; }, expected: [`${S} spec.serviceName`] },
  { name: 'a Service without selector', change: o => { withKinds(o); delete find(o, 'Service', 'db').spec.selector; }, expected: [`${S} spec.serviceName`] },
]);

describeRule(RuleId.WL_ROLLING, [
  { name: 'a StatefulSet and a DaemonSet without updateStrategy (RollingUpdate)', change: o => { withKinds(o); delete db(o).spec.updateStrategy; delete agent(o).spec.updateStrategy; }, expected: [] },
  { name: 'a DaemonSet with maxUnavailable 25%', change: o => { withKinds(o); agent(o).spec.updateStrategy.rollingUpdate.maxUnavailable = '25%'; }, expected: [] },
  { name: 'a DaemonSet surging with maxUnavailable 0', change: o => { withKinds(o); agent(o).spec.updateStrategy.rollingUpdate = { maxUnavailable: 0, maxSurge: 1 }; }, expected: [] },
  { name: 'a StatefulSet with partitioned RollingUpdate', change: o => { withKinds(o); db(o).spec.updateStrategy.rollingUpdate = { partition: 1, maxUnavailable: 1 }; }, expected: [] },
  { name: 'a StatefulSet on OnDelete', change: o => { withKinds(o); db(o).spec.updateStrategy = { type: 'OnDelete' }; }, expected: [`${S} spec.updateStrategy.type`] },
  { name: 'a DaemonSet on OnDelete', change: o => { withKinds(o); agent(o).spec.updateStrategy = { type: 'OnDelete' }; }, expected: [`${A} spec.updateStrategy.type`] },
  { name: 'a StatefulSet replacing 2 pods at once', change: o => { withKinds(o); db(o).spec.updateStrategy.rollingUpdate = { maxUnavailable: 2 }; }, expected: [`${S} spec.updateStrategy.rollingUpdate.maxUnavailable`] },
  { name: 'a StatefulSet with maxUnavailable 100%', change: o => { withKinds(o); db(o).spec.updateStrategy.rollingUpdate = { maxUnavailable: '100%' }; }, expected: [`${S} spec.updateStrategy.rollingUpdate.maxUnavailable`] },
  ...['100%', '26%', 2, '1', 'all', -1].map(value => ({
    name: `a DaemonSet with maxUnavailable ${JSON.stringify(value)}`,
    change: (o: Manifest[]) => { withKinds(o); agent(o).spec.updateStrategy.rollingUpdate.maxUnavailable = value; },
    expected: [`${A} spec.updateStrategy.rollingUpdate.maxUnavailable`],
  })),
  { name: 'a DaemonSet strategy typed into `strategy` (the Deployment field) is not read', change: o => { withKinds(o); agent(o).spec.strategy = { type: 'Recreate' }; }, expected: [] },
]);

const hostLogs = (o: Manifest[], readOnly?: unknown): void => {
  withKinds(o);
  const pod = agent(o).spec.template.spec;
  pod.volumes.push({ name: 'varlog', hostPath: { path: '/var/log', type: 'Directory' } });
  pod.containers[0].volumeMounts.push(readOnly === undefined ? { name: 'varlog', mountPath: '/var/log' } : { name: 'varlog', mountPath: '/var/log', readOnly });
};
const AP = `${A} spec.template.spec`;

describeRule(RuleId.POD_HOSTPATH_READONLY, [
  { name: 'a read-only /var/log for a log shipper', change: o => { hostLogs(o, true); }, expected: [] },
  { name: 'a hostPath volume that no container mounts', change: o => { hostLogs(o, true); agent(o).spec.template.spec.containers[0].volumeMounts.pop(); }, expected: [] },
  { name: 'a writable /var/log', change: o => { hostLogs(o); }, expected: [`${AP}.containers[0].volumeMounts[2].readOnly`], severity: Severity.ERROR },
  { name: 'readOnly: false', change: o => { hostLogs(o, false); }, expected: [`${AP}.containers[0].volumeMounts[2].readOnly`] },
  { name: 'readOnly: "true" (a string)', change: o => { hostLogs(o, 'true'); }, expected: [`${AP}.containers[0].volumeMounts[2].readOnly`] },
  {
    name: 'read-only in the agent but writable in an init container',
    change: o => {
      hostLogs(o, true);
      agent(o).spec.template.spec.initContainers = [{ name: 'prep', image: 'registry.example.com/prep:1', volumeMounts: [{ name: 'varlog', mountPath: '/host/log' }] }];
    },
    expected: [`${AP}.initContainers[0].volumeMounts[0].readOnly`],
  },
  {
    name: 'writable in an ephemeral debug container',
    change: o => {
      hostLogs(o, true);
      agent(o).spec.template.spec.ephemeralContainers = [{ name: 'debug', image: 'registry.example.com/debug:1', volumeMounts: [{ name: 'varlog', mountPath: '/host/log' }] }];
    },
    expected: [`${AP}.ephemeralContainers[0].volumeMounts[0].readOnly`],
  },
  {
    name: 'the container runtime socket, read-only',
    change: o => {
      withKinds(o);
      const pod = agent(o).spec.template.spec;
      pod.volumes.push({ name: 'containerd', hostPath: { path: '/run/containerd/containerd.sock' } });
      pod.containers[0].volumeMounts.push({ name: 'containerd', mountPath: '/run/containerd/containerd.sock', readOnly: true });
    },
    expected: [`${AP}.volumes[2].hostPath`],
  },
  {
    name: 'a socket by type, under a trailing slash path',
    change: o => {
      withKinds(o);
      agent(o).spec.template.spec.volumes.push({ name: 'kubelet', hostPath: { path: '/var/lib/kubelet/pod-resources/', type: 'Socket' } });
    },
    expected: [`${AP}.volumes[2].hostPath`],
  },
  {
    name: 'a hostPath PersistentVolume claimed through a persistentVolumeClaim volume',
    change: o => {
      o.push({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'node-root' }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/' } } });
      o.push({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'local-ssd' }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], local: { path: '/mnt/ssd' } } });
    },
    expected: ['PersistentVolume/node-root spec.hostPath'],
  },
  { name: 'a docker.sock written with a double slash', change: o => { withKinds(o); agent(o).spec.template.spec.volumes.push({ name: 'd', hostPath: { path: '//var/run//docker.sock' } }); }, expected: [`${AP}.volumes[2].hostPath`] },
]);

describe('POD-HOSTPATH-READONLY beside POD-NO-HOSTPATH', () => {
  test('an approved hostPath exception (POD-NO-HOSTPATH and POD-VOLUME-TYPES) does not let a writable mount through', () => {
    const objects = hardened();
    hostLogs(objects);
    const reason = 'the log shipper reads /var/log of its node';
    const report = Audit.ofManifests(objects, {
      packs: [Pack.HARDENED],
      suppressions: [RuleId.POD_NO_HOSTPATH, RuleId.POD_VOLUME_TYPES].map(rule => ({ rule, reason, kind: 'DaemonSet', name: 'agent' })),
    });
    expect(report.active().map(f => f.ruleId)).toEqual([RuleId.POD_HOSTPATH_READONLY]);
  });
});

describeRule(RuleId.POD_TOLERATIONS, [
  { name: 'a keyed control-plane toleration', change: o => { withKinds(o); agent(o).spec.template.spec.tolerations = [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }]; }, expected: [] },
  { name: 'Equal with a key', change: o => { withKinds(o); agent(o).spec.template.spec.tolerations = [{ key: 'dedicated', operator: 'Equal', value: 'logging' }]; }, expected: [] },
  { name: 'operator Exists without key', change: o => { withKinds(o); agent(o).spec.template.spec.tolerations = [{ operator: 'Exists' }]; }, expected: [`${AP}.tolerations[0]`], severity: Severity.WARNING },
  { name: 'every NoSchedule taint', change: o => { withKinds(o); agent(o).spec.template.spec.tolerations = [{ key: 'a', operator: 'Equal', value: 'b' }, { operator: 'Exists', effect: 'NoSchedule', key: '' }]; }, expected: [`${AP}.tolerations[1]`] },
  { name: 'in a CronJob', change: o => { cleanup(o).spec.jobTemplate.spec.template.spec.tolerations = [{ operator: 'Exists' }]; }, expected: [`${CJ} ${CJT}.template.spec.tolerations[0]`] },
]);
