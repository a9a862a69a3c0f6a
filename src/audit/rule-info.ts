import { Severity } from './severity';
import { RuleId } from '../profile/rule-id';

/**
 * The controls of security frameworks that a rule relates to. A mapping shows that the rule supports a
 * control; it never proves compliance, which also needs organisational, cluster and runtime measures.
 */
export interface RelatedControls {
  /**
   * The Pod Security Standards level that requires the rule (`baseline` or `restricted`).
   *
   * @default - not a Pod Security Standards control
   */
  readonly podSecurityStandard?: string;

  /** CIS Kubernetes Benchmark v1.8.0 section 5 ids, e.g. `5.2.7`. */
  readonly cis: string[];

  /** NSA/CISA Kubernetes Hardening Guidance v1.2 section names. */
  readonly nsaCisa: string[];

  /** NIST SP 800-53 Rev. 5 controls, e.g. `AC-6`. */
  readonly nist: string[];

  /** PCI DSS v4.0 requirements, e.g. `2.2.6`. */
  readonly pciDss: string[];

  /** HIPAA Security Rule paragraphs of 45 CFR, e.g. `164.312(a)(1)`. */
  readonly hipaa: string[];

  /** ISO/IEC 27001:2022 Annex A controls, e.g. `A.8.9`. */
  readonly iso27001: string[];

  /** GDPR articles, e.g. `Art. 32(1)(b)`. */
  readonly gdpr: string[];
}

/**
 * What a rule checks, why, how to fix it and what it relates to.
 */
export interface RuleInfo {
  /** The stable rule id. */
  readonly id: RuleId;

  /** One line saying what the rule requires. */
  readonly title: string;

  /** The risk the rule guards against. */
  readonly explanation: string;

  /** How to fix a finding, naming the library feature that does it. */
  readonly fix: string;

  /** The rule group of the compliance mapping, e.g. `Pod/container privilege & isolation`. */
  readonly group: string;

  /** The rule's severity in the `hardened` pack (single findings may be more serious, e.g. a missing PriorityClass). */
  readonly severity: Severity;

  /** The packs that include the rule. */
  readonly packs: string[];

  /** The Kubernetes objects the rule looks at, in words. */
  readonly appliesTo: string;

  /** Related controls of security frameworks. */
  readonly relatedControls: RelatedControls;

  /**
   * Kubernetes documentation about the setting.
   *
   * @default - no specific page
   */
  readonly documentation?: string;
}
