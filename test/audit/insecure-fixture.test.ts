import { loadFixture } from './support';
import { Audit, Pack, RuleId, Severity } from '../../src';

describe('a realistic insecure application', () => {
  const report = Audit.ofManifests(loadFixture('insecure.yaml'), { allowedRegistries: ['registry.example.com'] });

  test('is flagged by hardened with every rule id', () => {
    const ids = new Set(report.findings.filter(f => f.pack === 'hardened' && !f.suppressed).map(f => f.ruleId));
    // META-EXCEPTION-ANNOTATION judges construct trees only (a file's annotations are judged by the annotation mode).
    expect([...ids].sort()).toEqual(Object.values(RuleId).filter(id => id !== RuleId.META_EXCEPTION_ANNOTATION).sort());
  });

  test.each([
    ['privileged container', 'hardened/CTR-NOT-PRIVILEGED', 'Deployment/api spec.template.spec.containers[0].securityContext.privileged'],
    ['hostNetwork', 'hardened/POD-NO-HOSTNETWORK', 'Deployment/api spec.template.spec.hostNetwork'],
    [':latest', 'hardened/IMG-TAG', 'Deployment/api spec.template.spec.containers[0].image'],
    ['no tag at all', 'hardened/IMG-TAG', 'StatefulSet/cache spec.template.spec.containers[0].image'],
    ['root user', 'hardened/POD-RUNASUSER-NONZERO', 'Deployment/api spec.template.spec.containers[0].securityContext.runAsUser'],
    ['no limits', 'hardened/CTR-RESOURCES', 'Deployment/api spec.template.spec.containers[1].resources.limits.memory'],
    ['literal password env', 'hardened/CTR-NO-SECRET-ENV', 'Deployment/api spec.template.spec.containers[0].env[0].value'],
    ['NodePort', 'hardened/SVC-TYPE', 'Service/api spec.type'],
    ['Ingress without TLS', 'hardened/ING-TLS', 'Ingress/api spec.tls'],
    ['wildcard RBAC', 'hardened/RBAC-NO-ADMIN', 'Role/debugger rules[1].verbs'],
    ['cluster-admin binding', 'hardened/RBAC-NO-ADMIN', 'ClusterRoleBinding/deployer-admin roleRef.name'],
    ['secrets readable', 'hardened/RBAC-SECRETS', 'Role/debugger rules[0].resourceNames'],
    ['pods/exec', 'hardened/RBAC-EXEC', 'Role/debugger rules[0].resources'],
    ['password in a ConfigMap', 'hardened/CM-NO-SECRETS', 'ConfigMap/api-config data.DATABASE_PASSWORD'],
    ['a pod in kube-system', 'hardened/WL-NAMESPACE', 'Pod/debug metadata.namespace'],
    ['a missing PriorityClass', 'hardened/POD-PRIORITY-CLASS', 'Deployment/api spec.template.spec.priorityClassName'],
    ['allow-all ingress rule', 'hardened/NETPOL-NARROW-PEERS', 'NetworkPolicy/allow-all spec.ingress[0]'],
    ['egress to the internet', 'hardened/NETPOL-NARROW-PEERS', 'NetworkPolicy/allow-all spec.egress[0].to[0].ipBlock.cidr'],
    ['dangling backend', 'hardened/ING-BACKEND', 'Ingress/api spec.rules[0].http.paths[0].backend.service.name'],
    ['two mounts at /etc', 'hardened/CTR-MOUNT-PATHS', 'Deployment/api spec.template.spec.containers[0].volumeMounts[3].mountPath'],
    ['a mount inside a Secret mount', 'hardened/CTR-MOUNT-PATHS', 'Deployment/api spec.template.spec.containers[0].volumeMounts[1].mountPath'],
    ['a writable /etc', 'hardened/CTR-READONLY-ROOTFS', 'Deployment/api spec.template.spec.containers[0].volumeMounts[2].mountPath'],
    ['sizeLimit 0', 'hardened/POD-EMPTYDIR-SIZE', 'Deployment/api spec.template.spec.volumes[3].emptyDir.sizeLimit'],
    ['a request below the LimitRange min', 'hardened/CTR-LIMITRANGE-BOUNDS', 'Deployment/api spec.template.spec.containers[0].resources.requests.cpu'],
    ['a namespace nobody declares', 'hardened/WL-NAMESPACE-DECLARED', 'StatefulSet/cache metadata.namespace'],
    ['one Role twice', 'hardened/META-UNIQUE-OBJECT', 'Role/debugger metadata.name'],
    ['a name the API server rejects', 'hardened/META-NAME', 'LimitRange/Limits_1 metadata.name'],
    ['a six-field (Quartz) schedule', 'hardened/CRONJOB-SCHEDULE', 'CronJob/report spec.schedule'],
    ['a backoffLimit written as a string', 'hardened/JOB-LIMITS', 'CronJob/report spec.jobTemplate.spec.backoffLimit'],
    ['a Job that may run forever', 'hardened/JOB-LIMITS', 'CronJob/report spec.jobTemplate.spec.activeDeadlineSeconds'],
    ['100 finished Jobs kept', 'hardened/JOB-CLEANUP', 'CronJob/report spec.successfulJobsHistoryLimit'],
    ['overlapping runs', 'hardened/CRONJOB-CONCURRENCY', 'CronJob/report spec.concurrencyPolicy'],
    ['no starting deadline', 'hardened/CRONJOB-DEADLINE', 'CronJob/report spec.startingDeadlineSeconds'],
    ['a hand-written scanner exemption', 'hardened/META-SCANNER-EXEMPTION',
      'Deployment/api metadata.annotations["polaris.fairwinds.com/privilegeEscalationAllowed-exempt"]'],
    ['a toleration of every taint', 'hardened/POD-TOLERATIONS', 'CronJob/report spec.jobTemplate.spec.template.spec.tolerations[0]'],
    ['a claim template without size', 'hardened/STS-VOLUME-CLAIMS', 'StatefulSet/cache spec.volumeClaimTemplates[0].spec.resources.requests.storage'],
    ['volumes deleted with the StatefulSet', 'hardened/STS-PVC-RETENTION', 'StatefulSet/cache spec.persistentVolumeClaimRetentionPolicy.whenDeleted'],
    ['a governing Service that does not exist', 'hardened/STS-SERVICE-NAME', 'StatefulSet/cache spec.serviceName'],
    ['a persistent volume without fsGroup', 'hardened/POD-VOLUME-FSGROUP', 'StatefulSet/cache spec.template.spec.securityContext.fsGroup'],
    ['the runtime socket', 'hardened/POD-HOSTPATH-READONLY', 'Deployment/api spec.template.spec.volumes[0].hostPath'],
  ])('%s', (_what, id, where) => {
    expect(report.active(Severity.INFO).map(f => `${f.id} ${f.kind}/${f.name} ${f.path}`)).toContain(`${id} ${where}`);
  });

  test('is flagged by the Pod Security Standards packs with exactly their controls', () => {
    const ids = (pack: Pack) => [...new Set(report.findings.filter(f => f.pack === pack.name).map(f => f.ruleId))].sort();
    expect(ids(Pack.PSS_BASELINE)).toEqual([...Audit.ruleIds(Pack.PSS_BASELINE)].sort());
    expect(ids(Pack.PSS_RESTRICTED)).toEqual([...Audit.ruleIds(Pack.PSS_RESTRICTED)].sort());
  });

  test('the summary counts every finding', () => {
    const counts = report.counts();
    expect(counts.errors + counts.warnings + counts.infos + counts.suppressed).toEqual(report.findings.length);
    expect(counts.objects).toEqual(17);
    expect(report.summary()).toMatch(/^audit \(pss-baseline, pss-restricted, hardened\) of 17 objects: \d+ errors, \d+ warnings, \d+ info, 0 suppressed$/);
  });
});
