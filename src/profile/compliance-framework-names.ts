import { ComplianceFramework } from './compliance-framework';

/** Every framework's name, in report order (the order of `ComplianceFramework`). */
export const ALL_FRAMEWORKS: readonly string[] = Object.values(ComplianceFramework);

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
