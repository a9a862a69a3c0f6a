import { ComplianceFramework } from '../../profile/compliance-framework';
import { RelatedControls } from '../rule-info';

// How a framework is named and checked is part of the profile (SecurityPolicy checks names too); re-exported for the engine.
export { ALL_FRAMEWORKS, EMPTY_FRAMEWORKS_PROBLEM, emptyFrameworksFix, FRAMEWORK_FIX, frameworkProblem } from '../../profile/compliance-framework-names';

/** How reports name and find each framework's controls. */
interface FrameworkColumn {
  readonly framework: ComplianceFramework;
  /** Column heading in the Markdown report. */
  readonly title: string;
  /** The field of `RelatedControls` holding the framework's ids. */
  readonly field: Exclude<keyof RelatedControls, 'podSecurityStandard'>;
}

/** Every framework in report column order. */
export const FRAMEWORK_COLUMNS: readonly FrameworkColumn[] = [
  { framework: ComplianceFramework.CIS_KUBERNETES, title: 'CIS Kubernetes 1.8', field: 'cis' },
  { framework: ComplianceFramework.NSA_CISA, title: 'NSA/CISA 1.2', field: 'nsaCisa' },
  { framework: ComplianceFramework.NIST_800_53, title: 'NIST 800-53r5', field: 'nist' },
  { framework: ComplianceFramework.PCI_DSS, title: 'PCI DSS 4.0', field: 'pciDss' },
  { framework: ComplianceFramework.HIPAA, title: 'HIPAA', field: 'hipaa' },
  { framework: ComplianceFramework.ISO_27001, title: 'ISO 27001:2022', field: 'iso27001' },
  { framework: ComplianceFramework.GDPR, title: 'GDPR', field: 'gdpr' },
];

/** The framework called `name` (its enum value, case-insensitive), or undefined. */
export function parseFramework(name: string): ComplianceFramework | undefined {
  const wanted = name.trim().toLowerCase();
  return FRAMEWORK_COLUMNS.find(column => column.framework === wanted)?.framework;
}

/** The columns of `frameworks` (names), in report order; all of them when `frameworks` is undefined. */
export function frameworkColumns(frameworks: readonly string[] | undefined): FrameworkColumn[] {
  return FRAMEWORK_COLUMNS.filter(column => frameworks === undefined || frameworks.includes(column.framework));
}

/**
 * `controls` limited to `frameworks`: the other frameworks' lists are left out. The Pod Security Standards
 * level is kept, as it is what the packs are built on.
 */
export function controlsOf(controls: RelatedControls, frameworks: readonly string[] | undefined): Partial<RelatedControls> {
  const kept: Record<string, unknown> = {};
  if (controls.podSecurityStandard !== undefined) {
    kept.podSecurityStandard = controls.podSecurityStandard;
  }
  for (const column of frameworkColumns(frameworks)) {
    kept[column.field] = controls[column.field];
  }
  return kept as Partial<RelatedControls>;
}
