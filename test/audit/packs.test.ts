import { hardened, webContainer } from './support';
import { Audit, Pack, RuleId } from '../../src';

describe('packs', () => {
  test('pss-baseline runs exactly the Pod Security Standards 1.28 baseline controls', () => {
    expect(Audit.ruleIds(Pack.PSS_BASELINE)).toEqual([
      'POD-NO-HOSTNETWORK', 'POD-NO-HOSTPID', 'POD-NO-HOSTIPC', 'CTR-NOT-PRIVILEGED', 'CTR-CAPS-ADD', 'POD-NO-HOSTPATH',
      'CTR-NO-HOSTPORT', 'POD-APPARMOR', 'POD-SELINUX', 'CTR-PROCMOUNT', 'POD-SECCOMP', 'POD-SYSCTLS', 'POD-NO-HOSTPROCESS',
    ]);
  });

  test('pss-restricted runs baseline plus the restricted controls', () => {
    expect(Audit.ruleIds(Pack.PSS_RESTRICTED)).toEqual([
      'POD-NO-HOSTNETWORK', 'POD-NO-HOSTPID', 'POD-NO-HOSTIPC', 'CTR-NOT-PRIVILEGED', 'CTR-CAPS-ADD', 'CTR-DROP-ALL', 'POD-NO-HOSTPATH',
      'POD-VOLUME-TYPES', 'CTR-NO-HOSTPORT', 'POD-APPARMOR', 'POD-SELINUX', 'CTR-PROCMOUNT', 'POD-SECCOMP', 'POD-SYSCTLS',
      'POD-NO-HOSTPROCESS', 'CTR-NO-PRIV-ESC', 'POD-RUN-AS-NONROOT', 'POD-RUNASUSER-NONZERO',
    ]);
    for (const id of Audit.ruleIds(Pack.PSS_BASELINE)) {
      expect(Audit.ruleIds(Pack.PSS_RESTRICTED)).toContain(id);
    }
  });

  test('hardened runs every rule of the catalog, in catalog order', () => {
    expect(Audit.ruleIds(Pack.HARDENED)).toEqual([
      'POD-NO-HOSTNETWORK', 'POD-NO-HOSTPID', 'POD-NO-HOSTIPC', 'CTR-NOT-PRIVILEGED', 'CTR-CAPS-ADD', 'CTR-DROP-ALL', 'POD-NO-HOSTPATH',
      'POD-HOSTPATH-READONLY', 'POD-VOLUME-TYPES', 'CTR-NO-HOSTPORT', 'POD-APPARMOR', 'POD-SELINUX', 'CTR-PROCMOUNT', 'POD-SECCOMP',
      'POD-SYSCTLS', 'POD-NO-HOSTPROCESS', 'CTR-NO-PRIV-ESC', 'POD-RUN-AS-NONROOT', 'POD-RUNASUSER-NONZERO', 'POD-NONROOT-GROUPS',
      'POD-VOLUME-FSGROUP', 'POD-HIGH-UID-GID',
      'CTR-READONLY-ROOTFS', 'POD-NO-SA-TOKEN', 'POD-OWN-SA', 'CTR-RESOURCES', 'CTR-EPHEMERAL-STORAGE', 'CTR-MOUNT-PATHS',
      'POD-EMPTYDIR-SIZE', 'CTR-LIMITRANGE-BOUNDS', 'CTR-PROBES', 'IMG-TAG', 'IMG-DIGEST', 'IMG-PULL-ALWAYS', 'IMG-REGISTRY',
      'CTR-NO-SECRET-ENV', 'CTR-SECRETS-AS-FILES', 'CM-NO-SECRETS', 'SECRET-NO-PLAINTEXT', 'WL-NAMESPACE', 'WL-NAMESPACE-DECLARED',
      'POD-PRIVILEGED-PORT', 'NS-PSA', 'NS-DEFAULT-DENY', 'NS-DNS-EGRESS', 'NETPOL-NARROW-PEERS', 'NS-QUOTA', 'NS-LIMITRANGE',
      'NS-DEFAULT-SA', 'ING-TLS', 'ING-CLASS', 'ING-REDIRECT-HSTS', 'ING-BACKEND', 'ING-NO-SNIPPETS', 'SVC-TYPE', 'SVC-NO-EXTERNALIPS',
      'AVAIL-PDB', 'AVAIL-REPLICAS', 'AVAIL-SPREAD', 'WL-ROLLING', 'STS-VOLUME-CLAIMS', 'STS-PVC-RETENTION', 'STS-SERVICE-NAME',
      'JOB-LIMITS', 'JOB-CLEANUP', 'CRONJOB-CONCURRENCY', 'CRONJOB-DEADLINE', 'CRONJOB-SCHEDULE', 'POD-PRIORITY-CLASS', 'POD-TOLERATIONS', 'META-LABELS', 'META-EXCEPTION-ANNOTATION',
      'META-SCANNER-EXEMPTION', 'META-UNIQUE-OBJECT', 'META-NAME', 'RBAC-NO-ADMIN', 'RBAC-SECRETS', 'RBAC-EXEC', 'RBAC-BROAD-SUBJECT', 'RBAC-ESCALATE',
      'RBAC-SA-TOKEN', 'RBAC-CREATE-PODS', 'RBAC-NODES-PROXY',
    ]);
    expect(new Set(Audit.ruleIds(Pack.HARDENED))).toEqual(new Set(Object.values(RuleId)));
  });

  test('Pack.all() and Pack.fromName()', () => {
    expect(Pack.all().map(pack => pack.name)).toEqual(['pss-baseline', 'pss-restricted', 'hardened']);
    expect(Pack.fromName('hardened')).toBe(Pack.HARDENED);
    expect(() => Pack.fromName('cis')).toThrow('unknown audit pack "cis"; use one of pss-baseline, pss-restricted, hardened');
  });

  test('finding ids are <pack>/<RULE-ID>, and each pack reports its own finding', () => {
    const objects = hardened();
    webContainer(objects).securityContext.privileged = true;
    const ids = Audit.ofManifests(objects).findings.filter(f => f.ruleId === RuleId.CTR_NOT_PRIVILEGED).map(f => f.id);
    expect(ids).toEqual(['pss-baseline/CTR-NOT-PRIVILEGED', 'pss-restricted/CTR-NOT-PRIVILEGED', 'hardened/CTR-NOT-PRIVILEGED']);
  });

  test('the Pod Security Standards packs report every violation as an error', () => {
    const objects = hardened();
    webContainer(objects).securityContext.runAsNonRoot = false;
    const findings = Audit.ofManifests(objects, { packs: [Pack.PSS_RESTRICTED] }).findings;
    expect(findings.map(f => [f.id, f.severity])).toEqual([['pss-restricted/POD-RUN-AS-NONROOT', 'error']]);
  });

  test('an unknown pack in the options is an input error', () => {
    expect(() => Audit.ofManifests([], { packs: [{ name: 'cis' } as unknown as Pack] }))
      .toThrow("audit options: invalid 'packs[0]': received {\"name\":\"cis\"}; is not a Pack. Fix: use Pack.PSS_BASELINE, Pack.PSS_RESTRICTED, Pack.HARDENED or a pack made with Pack.custom().");
  });
});
