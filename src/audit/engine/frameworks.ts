import { ComplianceFramework } from '../compliance-framework';
import { RelatedControls } from '../rule-info';

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

/** Every framework's name, in report order. */
export const ALL_FRAMEWORKS: readonly string[] = FRAMEWORK_COLUMNS.map(column => column.framework);

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

/** Why `name` is not a framework, or undefined when it is one. */
export function frameworkProblem(name: string): string | undefined {
  return ALL_FRAMEWORKS.includes(name) ? undefined : 'is not a ComplianceFramework';
}

/** How to name a framework. */
export const FRAMEWORK_FIX = `use a ComplianceFramework member (${ALL_FRAMEWORKS.join(', ')})`;

/** Why an empty framework list is refused. */
export const EMPTY_FRAMEWORKS_PROBLEM = 'an empty list would leave every related control out of the reports';

/** How to fix an empty framework list given as `prop`. */
export function emptyFrameworksFix(prop: string): string {
  return `list at least one ComplianceFramework, e.g. [ComplianceFramework.PCI_DSS], or leave ${prop} unset for all`;
}
