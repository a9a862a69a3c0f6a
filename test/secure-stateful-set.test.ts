import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Audit, ClaimRetention, Pack, RuleId, SecureJob, SecurePeer, SecureStatefulSet, SecurityException, Severity } from '../src';
import { chartIn, find, Manifest, synth, WHY } from './secure-deployment-support';
import { validateManifests } from './support/kubernetes-schema';

const POSTGRES = 'registry.example.com/postgres:16.4';
const DATA = { path: '/var/lib/postgresql/data', size: Size.gibibytes(20) };

function db(props: Partial<ConstructorParameters<typeof SecureStatefulSet>[2]> = {}, chart = chartIn()): SecureStatefulSet {
  return new SecureStatefulSet(chart, 'db', { image: POSTGRES, port: 5432, storage: [DATA], ...props });
}

describe('SecureStatefulSet default output', () => {
  const chart = chartIn();
  db({}, chart);
  const manifests = synth(chart);
  const set = find(manifests, 'StatefulSet');
  const pod = set.spec.template.spec;
  const main = pod.containers[0];

  test('snapshot', () => {
    expect(manifests).toMatchSnapshot();
  });

  test('emits the StatefulSet, its headless governing Service, ServiceAccount, NetworkPolicy and PodDisruptionBudget, all named after it', () => {
    const name = set.metadata.name;
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`).sort()).toEqual([
      `NetworkPolicy/${name}`, `PodDisruptionBudget/${name}`, `Service/${name}`, `ServiceAccount/${name}`, `StatefulSet/${name}`,
    ]);
    const service = find(manifests, 'Service');
    expect(service.spec).toMatchObject({ clusterIP: 'None', type: 'ClusterIP', ports: [{ port: 5432, targetPort: 5432, name: 'http', protocol: 'TCP' }] });
    expect(service.spec.selector).toEqual(set.spec.selector.matchLabels);
    expect(set.spec.serviceName).toEqual(name);
    expect(service.metadata.labels['app.kubernetes.io/name']).toEqual('db');
  });

  test('volumeClaimTemplates with an explicit size and access mode, mounted writable in the main container', () => {
    expect(set.spec.volumeClaimTemplates).toEqual([{
      metadata: { name: 'var-lib-postgresql-data' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Gi' } } },
    }]);
    expect(main.volumeMounts).toContainEqual({ name: 'var-lib-postgresql-data', mountPath: '/var/lib/postgresql/data' });
  });

  test('fsGroup with fsGroupChangePolicy OnRootMismatch, non-root pod', () => {
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, fsGroupChangePolicy: 'OnRootMismatch', seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(main.securityContext).toMatchObject({ readOnlyRootFilesystem: true, runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
  });

  test('data is kept: persistentVolumeClaimRetentionPolicy Retain/Retain; RollingUpdate; 2 replicas with a PDB; spreading; probes', () => {
    expect(set.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect(set.spec.updateStrategy.type).toEqual('RollingUpdate');
    expect(set.spec.replicas).toBe(2);
    expect(find(manifests, 'PodDisruptionBudget').spec).toMatchObject({ maxUnavailable: 1, selector: set.spec.selector });
    expect(pod.topologySpreadConstraints).toHaveLength(1);
    expect(main.readinessProbe.tcpSocket.port).toBe(5432);
    expect(main.livenessProbe.tcpSocket.port).toEqual('http');
  });

  test('is valid against the Kubernetes 1.28 API and audits clean under every pack', () => {
    expect(validateManifests(manifests)).toEqual([]);
    expect(Audit.of(chart, { packs: Pack.all() }).active(Severity.WARNING).map((f) => `${f.id} ${f.path}`)).toEqual([]);
  });
});

describe('SecureStatefulSet options', () => {
  test('a single replica needs the AVAIL-REPLICAS exception and gets no PodDisruptionBudget; claims may be deleted deliberately', () => {
    const chart = chartIn();
    db({ replicas: 1, exceptions: [SecurityException.of(RuleId.AVAIL_REPLICAS, WHY)], claimsWhenScaled: ClaimRetention.DELETE }, chart);
    const manifests = synth(chart);
    expect(manifests.filter((m) => m.kind === 'PodDisruptionBudget')).toEqual([]);
    expect(find(manifests, 'StatefulSet').spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Delete' });
    expect(Audit.of(chart, { packs: Pack.all() }).active(Severity.WARNING)).toEqual([]);
  });

  test('a migration job may reach the database: the job\'s egress and the database\'s ingress on 5432', () => {
    const chart = chartIn();
    const database = db({}, chart);
    new SecureJob(chart, 'migrate', { image: 'ghcr.io/acme/migrate:1.4.2' }).allowTo(SecurePeer.deployment(database));
    const policy = synth(chart).find((m: Manifest) => m.kind === 'NetworkPolicy' && m.metadata.name.startsWith('shop-db'))!;
    expect(policy.spec.ingress[0].ports).toEqual([{ port: 5432, protocol: 'TCP' }]);
    expect(Audit.of(chart, { packs: Pack.all() }).active(Severity.WARNING)).toEqual([]);
  });

  test('storage class and size in mebibytes', () => {
    const chart = chartIn();
    db({ storage: [{ path: '/data', size: Size.mebibytes(512), storageClassName: 'fast-ssd', name: 'data' }] }, chart);
    expect(find(synth(chart), 'StatefulSet').spec.volumeClaimTemplates[0].spec).toEqual({
      accessModes: ['ReadWriteOnce'], storageClassName: 'fast-ssd', resources: { requests: { storage: '512Mi' } },
    });
  });
});

describe('SecureStatefulSet bad input', () => {
  const cases: Array<[string, () => unknown, RegExp]> = [
    ['storage without size', () => db({ storage: [{ path: '/data' } as never] }),
      /shop\/db: invalid 'storage\[0\]\.size': received nothing; every storage volume needs an explicit size.*Fix: give a size such as Size.gibibytes\(20\)/s],
    ['a storage size of 0', () => db({ storage: [{ path: '/data', size: Size.gibibytes(0) }] }), /invalid 'storage\[0\]\.size': received "0Ki"/],
    ['a relative storage path', () => db({ storage: [{ path: 'data', size: Size.gibibytes(1) }] }), /invalid 'storage\[0\]\.path': received "data"/],
    ['two volumes of one name', () => db({ storage: [DATA, { ...DATA, path: '/other', name: 'var-lib-postgresql-data' }] }), /two storage volumes have the same name/],
    ['no port', () => db({ port: undefined as never }), /shop\/db: invalid 'port': .*is required/s],
    ['a service of its own', () => db({ service: new kplus.Service(chartIn(), 'svc', { ports: [{ port: 1 }] }) }), /invalid 'service'.*headless governing Service/s],
    ['OnDelete without exception', () => db({ strategy: kplus.StatefulSetUpdateStrategy.onDelete() }), /invalid 'strategy': received "OnDelete".*WL_ROLLING/s],
    ['a single replica without exception', () => db({ replicas: 1 }), /invalid 'replicas': received 1;.*AVAIL_REPLICAS/s],
    ['storage over /etc without exception', () => synth(db({ storage: [{ path: '/etc', size: Size.gibibytes(1) }] })), /invalid 'storage': received "\/etc".*CTR_READONLY_ROOTFS/s],
    ['plain JavaScript: storage not a list', () => db({ storage: DATA as never }), /shop\/db: invalid 'storage': .*(list|array)/s],
    ['plain JavaScript: a retention string', () => db({ claimsWhenDeleted: 'Keep' as never }), /invalid 'claimsWhenDeleted': received "Keep"; is not a ClaimRetention/],
  ];
  test.each(cases)('%s fails with construct, prop, value and fix', (_name, make, message) => {
    expect(make).toThrow(message);
  });
});
