import { loadFixture } from './support';
import { Audit, Pack, RuleId } from '../../src';
import {
  CIS_KUBERNETES_1_8, GDPR, HIPAA_SECURITY_RULE, ISO_27001_ANNEX_A, NIST_800_53, NSA_CISA_1_2, PCI_DSS_4,
} from '../../src/audit/compliance/legend';
import { GROUP_CONTROLS, RuleGroup } from '../../src/audit/compliance/rule-group';
import { ALL_FRAMEWORKS, FRAMEWORK_COLUMNS } from '../../src/audit/engine/frameworks';
import { ALL_RULES } from '../../src/audit/rules';
import { ComplianceFramework } from '../../src/profile/compliance-framework';

const LEGENDS = {
  cis: CIS_KUBERNETES_1_8,
  nsaCisa: NSA_CISA_1_2,
  nist: NIST_800_53,
  pciDss: PCI_DSS_4,
  hipaa: HIPAA_SECURITY_RULE,
  iso27001: ISO_27001_ANNEX_A,
  gdpr: GDPR,
};

describe('compliance mapping', () => {
  test('every control id the engine emits is in the legend constants', () => {
    // every rule that fires on the insecure fixture, plus every rule's catalog entry
    const emitted = new Set(Audit.ofManifests(loadFixture('insecure.yaml')).findings.map(f => f.ruleId));
    expect(emitted.size).toBeGreaterThan(40);
    for (const rule of Audit.rules()) {
      for (const [framework, legend] of Object.entries(LEGENDS)) {
        for (const id of (rule.relatedControls as unknown as Record<string, string[]>)[framework]) {
          expect(`${rule.id} ${framework} ${id} ${id in legend}`).toEqual(`${rule.id} ${framework} ${id} true`);
        }
      }
    }
  });

  test('every group control is in the legend constants', () => {
    for (const [group, controls] of Object.entries(GROUP_CONTROLS)) {
      for (const [framework, legend] of Object.entries(LEGENDS)) {
        for (const id of (controls as unknown as Record<string, string[]>)[framework]) {
          expect(`${group} ${framework} ${id} ${id in legend}`).toEqual(`${group} ${framework} ${id} true`);
        }
      }
    }
  });

  test('a rule cites only CIS ids of its group', () => {
    for (const rule of ALL_RULES) {
      for (const id of rule.cis) {
        expect(`${rule.id} ${id} ${GROUP_CONTROLS[rule.group].cis.includes(id)}`).toEqual(`${rule.id} ${id} true`);
      }
    }
  });

  test('controls that have no CIS id cite none (procMount, sysctls, volume types, UID/GID > 10000)', () => {
    const cisOf = (id: RuleId) => Audit.rules().find(rule => rule.id === id)!.relatedControls.cis;
    expect(cisOf(RuleId.CTR_PROCMOUNT)).toEqual([]);
    expect(cisOf(RuleId.POD_SYSCTLS)).toEqual([]);
    expect(cisOf(RuleId.POD_VOLUME_TYPES)).toEqual([]);
    expect(cisOf(RuleId.POD_HIGH_UID_GID)).toEqual([]);
    expect(cisOf(RuleId.RBAC_EXEC)).toEqual([]);
  });

  test('5.2.11 is cited because the baseline pack checks windowsOptions.hostProcess', () => {
    expect(Audit.ruleIds(Pack.PSS_BASELINE)).toContain(RuleId.POD_NO_HOSTPROCESS);
    expect(Audit.rules().find(rule => rule.id === RuleId.POD_NO_HOSTPROCESS)!.relatedControls.cis).toEqual(['5.2.11']);
  });

  test('no rule of the availability or PCI-less groups cites PCI DSS or the NSA/CISA fault tolerance section', () => {
    expect(GROUP_CONTROLS[RuleGroup.AVAILABILITY].pciDss).toEqual([]);
    expect(GROUP_CONTROLS[RuleGroup.AVAILABILITY].nsaCisa).toEqual([]);
    expect(GROUP_CONTROLS[RuleGroup.RESOURCES].pciDss).toEqual([]);
    expect(Object.keys(NIST_800_53)).not.toContain('AU-2');
  });

  test('the Pod Security Standards level is recorded for PSS controls', () => {
    const pss = Object.fromEntries(Audit.rules().map(rule => [rule.id, rule.relatedControls.podSecurityStandard]));
    expect(pss[RuleId.POD_NO_HOSTNETWORK]).toEqual('baseline');
    expect(pss[RuleId.CTR_DROP_ALL]).toEqual('restricted');
    expect(pss[RuleId.CTR_READONLY_ROOTFS]).toBeUndefined();
  });
});

describe('rule catalog', () => {
  test('every rule id has exactly one rule with complete metadata', () => {
    expect(ALL_RULES.map(rule => rule.id).sort()).toEqual(Object.values(RuleId).sort());
    for (const rule of Audit.rules()) {
      expect(rule.title.length).toBeGreaterThan(10);
      expect(rule.explanation.length).toBeGreaterThan(40);
      expect(rule.packs).toContain('hardened');
      expect(rule.group).toBeTruthy();
      expect(rule.documentation ?? 'https://kubernetes.io/').toMatch(/^https:\/\/(kubernetes\.io|kubernetes\.github\.io)\//);
    }
  });

  test('every fix hint names the library feature that fixes it', () => {
    for (const rule of Audit.rules()) {
      expect(`${rule.id}: ${/SecureDeployment|SecureNamespace|SecureIngress|SecurityException|AuditOptions|Audit\.suppress/.test(rule.fix)}`)
        .toEqual(`${rule.id}: true`);
    }
  });

  test('reports speak of related controls, never of compliance', () => {
    const report = Audit.ofManifests(loadFixture('insecure.yaml'));
    for (const text of [report.toText(), report.toJson(), report.toMarkdown(), report.toSarif()]) {
      expect(text).not.toMatch(/compliant with|is compliant|\bcompliant\b/i);
    }
    expect(report.toMarkdown()).toContain('Related controls');
  });
});

test('the report columns are every ComplianceFramework once, in the order the profile names them', () => {
  // The profile's list (used to check names in SecurityPolicy and the CLI) and the reports' columns must agree.
  expect(FRAMEWORK_COLUMNS.map((column) => column.framework)).toEqual(ALL_FRAMEWORKS);
  expect(ALL_FRAMEWORKS).toEqual(['cis-kubernetes', 'nsa-cisa', 'nist-800-53', 'pci-dss', 'hipaa', 'iso-27001', 'gdpr']);
  expect(new Set(ALL_FRAMEWORKS)).toEqual(new Set(Object.values(ComplianceFramework)));
});
