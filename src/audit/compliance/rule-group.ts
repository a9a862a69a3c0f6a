/**
 * The rule groups of the compliance mapping. Each rule names one group; the group carries the related
 * controls of NIST SP 800-53, PCI DSS, HIPAA, ISO/IEC 27001, GDPR and the NSA/CISA guidance, and the CIS
 * section 5 ids a rule of the group may cite.
 */
export enum RuleGroup {
  PRIVILEGE_ISOLATION = 'Pod/container privilege & isolation',
  READONLY_ROOTFS = 'Immutable / read-only root filesystem',
  RESOURCES = 'Resource limits & quotas (DoS)',
  AVAILABILITY = 'Availability (replicas, PDB, spread, rollout, probes)',
  NETWORK = 'Network segmentation & exposure',
  ENCRYPTION_IN_TRANSIT = 'Encryption in transit (TLS, HSTS, mTLS)',
  SECRETS = 'Secrets management',
  SERVICE_ACCOUNTS_RBAC = 'Service-account tokens & workload RBAC',
  IMAGES = 'Image provenance & vulnerability management',
  NAMESPACES = 'Namespace isolation & PSA enforcement',
  LABELS_REVIEW = 'Labels, audit reports, recorded suppressions, snapshot review',
}

/** The related controls of one rule group, by framework. */
export interface GroupControls {
  readonly number: number;
  readonly nist: readonly string[];
  readonly pciDss: readonly string[];
  readonly hipaa: readonly string[];
  readonly iso27001: readonly string[];
  readonly gdpr: readonly string[];
  /** CIS ids a rule of this group may cite (each rule cites the ones it checks). */
  readonly cis: readonly string[];
  readonly nsaCisa: readonly string[];
}

/** The main table of the compliance mapping, one row per group. */
export const GROUP_CONTROLS: Readonly<Record<RuleGroup, GroupControls>> = {
  [RuleGroup.PRIVILEGE_ISOLATION]: {
    number: 1,
    nist: ['AC-6', 'CM-6', 'CM-7', 'SC-39'],
    pciDss: ['2.2.1', '2.2.4', '2.2.6'],
    hipaa: ['164.312(a)(1)', '164.308(a)(1)(ii)(B)'],
    iso27001: ['A.8.2', 'A.8.9', 'A.8.27'],
    gdpr: ['Art. 32(1)(b)', 'Art. 25(1)'],
    // 5.2.11 is included because the baseline pack checks windowsOptions.hostProcess.
    cis: ['5.2.2', '5.2.3', '5.2.4', '5.2.5', '5.2.6', '5.2.7', '5.2.8', '5.2.9', '5.2.10', '5.2.11', '5.2.12', '5.2.13', '5.7.2', '5.7.3'],
    nsaCisa: ['"Non-root" containers and "rootless" container engines', 'Pod security enforcement', 'Hardening container environments'],
  },
  [RuleGroup.READONLY_ROOTFS]: {
    number: 2,
    nist: ['CM-5', 'CM-6'],
    pciDss: ['2.2.6'],
    hipaa: ['164.312(c)(1)', '164.308(a)(5)(ii)(B)'],
    iso27001: ['A.8.7', 'A.8.9', 'A.8.19'],
    gdpr: ['Art. 32(1)(b)'],
    cis: ['5.7.3'],
    nsaCisa: ['Immutable container file systems'],
  },
  [RuleGroup.RESOURCES]: {
    number: 3,
    nist: ['SC-5', 'SC-6'],
    pciDss: [],
    hipaa: ['164.308(a)(1)(ii)(B)'],
    iso27001: ['A.8.6'],
    gdpr: ['Art. 32(1)(b)'],
    cis: [],
    nsaCisa: ['Resource policies'],
  },
  [RuleGroup.AVAILABILITY]: {
    number: 4,
    nist: ['CP-10', 'SC-5', 'SC-36'],
    pciDss: [],
    hipaa: ['164.308(a)(7)(i)'],
    iso27001: ['A.8.14', 'A.5.30'],
    gdpr: ['Art. 32(1)(b)', 'Art. 32(1)(c)'],
    cis: [],
    nsaCisa: [],
  },
  [RuleGroup.NETWORK]: {
    number: 5,
    nist: ['AC-4', 'CM-7', 'SC-7', 'SC-7(5)'],
    pciDss: ['1.2.5', '1.3.1', '1.3.2', '1.4.1', '1.4.2'],
    hipaa: ['164.312(a)(1)', '164.312(e)(1)'],
    iso27001: ['A.8.20', 'A.8.22'],
    gdpr: ['Art. 32(1)(b)', 'Art. 25(2)'],
    cis: ['5.3.2'],
    nsaCisa: ['Network policies', 'Protecting sensitive cloud infrastructure'],
  },
  [RuleGroup.ENCRYPTION_IN_TRANSIT]: {
    number: 6,
    nist: ['SC-8', 'SC-8(1)', 'SC-23', 'IA-9'],
    pciDss: ['4.2.1', '8.3.2'],
    hipaa: ['164.312(e)(1)', '164.312(e)(2)(i)', '164.312(e)(2)(ii)', '164.312(d)'],
    iso27001: ['A.5.14', 'A.8.21', 'A.8.24'],
    gdpr: ['Art. 32(1)(a)', 'Art. 32(1)(b)'],
    cis: [],
    nsaCisa: ['Encryption', 'Service meshes'],
  },
  [RuleGroup.SECRETS]: {
    number: 7,
    nist: ['IA-5', 'IA-5(7)', 'SC-28'],
    pciDss: ['8.3.2', '8.6.2', '8.6.3'],
    hipaa: ['164.312(a)(1)', '164.312(a)(2)(iv)'],
    iso27001: ['A.5.17', 'A.8.24'],
    gdpr: ['Art. 32(1)(a)', 'Art. 32(1)(b)'],
    cis: ['5.4.1', '5.4.2'],
    nsaCisa: ['Secrets'],
  },
  [RuleGroup.SERVICE_ACCOUNTS_RBAC]: {
    number: 8,
    nist: ['AC-2', 'AC-3', 'AC-6', 'AC-6(5)', 'IA-5'],
    pciDss: ['7.2.1', '7.2.5', '7.3.1', '8.2.2'],
    hipaa: ['164.312(a)(1)', '164.312(a)(2)(i)', '164.308(a)(4)(ii)(B)'],
    iso27001: ['A.5.15', 'A.5.16', 'A.5.18', 'A.8.2'],
    gdpr: ['Art. 32(1)(b)', 'Art. 25(2)'],
    cis: ['5.1.1', '5.1.2', '5.1.3', '5.1.4', '5.1.5', '5.1.6', '5.1.8'],
    nsaCisa: ['Protecting Pod service account tokens', 'Role-based access control'],
  },
  [RuleGroup.IMAGES]: {
    number: 9,
    nist: ['CM-7(5)', 'RA-5', 'SI-2', 'SI-7', 'SR-4'],
    pciDss: ['6.3.1', '6.3.2', '6.3.3', '11.3.1'],
    hipaa: ['164.308(a)(1)(ii)(B)', '164.308(a)(5)(ii)(B)'],
    iso27001: ['A.5.21', 'A.8.8', 'A.8.19'],
    gdpr: ['Art. 32(1)(b)', 'Art. 32(1)(d)'],
    cis: ['5.5.1'],
    nsaCisa: ['Building secure container images', 'Upgrading and application security practices'],
  },
  [RuleGroup.NAMESPACES]: {
    number: 10,
    nist: ['CM-2', 'CM-6', 'SC-2'],
    pciDss: ['2.2.1', '2.2.3'],
    hipaa: ['164.312(a)(1)', '164.308(a)(1)(ii)(B)'],
    iso27001: ['A.8.9', 'A.8.27'],
    gdpr: ['Art. 25(1)', 'Art. 25(2)'],
    cis: ['5.2.1', '5.7.1', '5.7.4'],
    nsaCisa: ['Namespaces', 'Pod security enforcement'],
  },
  [RuleGroup.LABELS_REVIEW]: {
    number: 11,
    nist: ['CM-3', 'CM-3(2)', 'CM-6', 'CM-8', 'SA-11'],
    pciDss: ['2.2.1', '6.5.1', '12.5.1'],
    hipaa: ['164.308(a)(8)', '164.308(a)(1)(ii)(B)'],
    iso27001: ['A.5.9', 'A.5.36', 'A.8.29', 'A.8.32'],
    gdpr: ['Art. 32(1)(d)'],
    cis: [],
    nsaCisa: ['Upgrading and application security practices'],
  },
};
