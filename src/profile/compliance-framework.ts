/**
 * A security framework whose related controls the audit reports list. An organisation that reports against
 * some of them (its compliance profile) chooses them with `AuditOptions.frameworks`, the SecurityPolicy's
 * `complianceFrameworks` or the CLI's `--framework`. A related control shows that a rule supports it, never
 * that a manifest is compliant with the framework.
 */
export enum ComplianceFramework {
  /** CIS Kubernetes Benchmark v1.8, section 5 (policies). */
  CIS_KUBERNETES = 'cis-kubernetes',
  /** NSA/CISA Kubernetes Hardening Guidance v1.2 (cited by section name). */
  NSA_CISA = 'nsa-cisa',
  /** NIST SP 800-53 Rev. 5. */
  NIST_800_53 = 'nist-800-53',
  /** PCI DSS v4.0. */
  PCI_DSS = 'pci-dss',
  /** HIPAA Security Rule (45 CFR Part 164, Subpart C). */
  HIPAA = 'hipaa',
  /** ISO/IEC 27001:2022 Annex A. */
  ISO_27001 = 'iso-27001',
  /** GDPR (Regulation (EU) 2016/679). */
  GDPR = 'gdpr',
}
