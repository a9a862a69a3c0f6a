import { promises as fs } from 'fs';
import * as path from 'path';
import { ComplianceFramework } from '../../profile/compliance-framework';
import { ExceptionPolicy } from '../../profile/exception-policy';
import { checkExceptionPolicy, isExceptionPolicyProblem } from '../../profile/exception-policy-check';
import { RuleId } from '../../profile/rule-id';
import { ObjectSuppression } from '../audit-options';
import { RuleSeverity } from '../custom-rule';
import { ALL_FRAMEWORKS, parseFramework } from '../engine/frameworks';
import { parseSeverity } from '../engine/severity-order';
import { Pack } from '../pack';
import { Severity } from '../severity';
import { AnnotationExceptions } from '../suppression-origin';
import { DEFAULT_POLICY_FILE } from './cli-args';
import { DEFAULT_MAX_INPUT_SIZE, readBoundedFile } from './read-input';
import { NodeAppArmor } from '../../profile/node-apparmor';

/** A policy file that cannot be read or holds an invalid setting (exit code 2, no usage text). */
export class PolicyFileError extends Error {}

/** What a policy file holds: the platform team's audit settings for manifests. */
export interface PolicyFile {
  /** The file it was read from. */
  readonly file: string;
  readonly packs?: Pack[];
  readonly failOn?: Severity;
  readonly allowedRegistries?: string[];
  readonly platformPriorityClasses?: string[];
  readonly requiredLabels?: string[];
  readonly frameworks?: ComplianceFramework[];
  readonly minimumPodSecurityVersion?: string;
  readonly annotationExceptions?: AnnotationExceptions;
  readonly nodeAppArmor?: NodeAppArmor;
  readonly exceptionPolicy?: ExceptionPolicy;
  readonly suppressions: ObjectSuppression[];
  readonly excludedRules?: string[];
  readonly ruleSeverities?: RuleSeverity[];
}

const TOP_LEVEL_KEYS = [
  'packs', 'failOn', 'allowedRegistries', 'platformPriorityClasses', 'requiredLabels', 'frameworks', 'minimumPodSecurityVersion',
  'annotationExceptions', 'nodeAppArmor', 'exceptions', 'suppressions', 'excludedRules', 'ruleSeverities',
];
const SUPPRESSION_KEYS = ['rule', 'reason', 'kind', 'namespace', 'name', 'approvalReference', 'expires'];

/**
 * The policy file to use: `explicit` when given, else `cdk8s-secure.policy.yaml` at the root of the repository
 * that holds `cwd` (the nearest directory with `.git`), or in `cwd` outside a repository; `undefined` when there is
 * none. Only the root counts: a file a team commits in its own directory does not replace the platform's.
 */
export async function locatePolicyFile(explicit: string | undefined, cwd: string): Promise<string | undefined> {
  if (explicit !== undefined) {
    return explicit;
  }
  // The real directory: a symbolic link into the repository from outside must not hide its root.
  const start = await fs.realpath(path.resolve(cwd)).catch(() => path.resolve(cwd));
  let root: string | undefined;
  for (let directory = start; root === undefined; directory = path.dirname(directory)) {
    if (await exists(path.join(directory, '.git'))) {
      root = directory;
    } else if (path.dirname(directory) === directory) {
      break;
    }
  }
  const candidate = path.join(root ?? start, DEFAULT_POLICY_FILE);
  return await exists(candidate) ? candidate : undefined;
}

/**
 * Reads and checks a policy file; every problem is a `PolicyFileError` naming the file (as given) and the key.
 *
 * @param file the name reports and errors show
 * @param resolved where to read it
 */
export async function readPolicyFile(file: string, resolved: string = file): Promise<PolicyFile> {
  let parsed: unknown;
  try {
    parsed = yamlLibrary().parse(await readBoundedFile(resolved, DEFAULT_MAX_INPUT_SIZE));
  } catch (error) {
    throw new PolicyFileError(`cannot read the policy file ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const fail = (key: string, problem: string): never => {
    throw new PolicyFileError(`policy file ${file}: ${key ? `'${key}' ` : ''}${problem}`);
  };
  if (parsed === null || parsed === undefined) {
    return { file, suppressions: [] };
  }
  const root = asRecord(parsed) ?? fail('', 'is not a mapping of settings (packs, failOn, exceptions, suppressions, ...)');
  rejectUnknownKeys(root, TOP_LEVEL_KEYS, '', fail);

  const list = (key: string): string[] | undefined => {
    const value = root[key];
    if (value === undefined || value === null) {
      return undefined;
    }
    if (!Array.isArray(value) || value.some((entry) => typeof entry !== 'string')) {
      return fail(key, 'is not a list of strings');
    }
    return value as string[];
  };
  const text = (key: string): string | undefined => {
    const value = root[key];
    if (value === undefined || value === null) {
      return undefined;
    }
    return typeof value === 'string' ? value : fail(key, `is not a string (received ${JSON.stringify(value)})`);
  };

  const packs = list('packs')?.map((name, i) => {
    try {
      return Pack.fromName(name);
    } catch (error) {
      return fail(`packs[${i}]`, error instanceof Error ? error.message : String(error));
    }
  });
  const failOnText = text('failOn');
  const failOn = failOnText === undefined ? undefined
    : parseSeverity(failOnText) ?? fail('failOn', `is ${JSON.stringify(failOnText)}; use error, warning or info`);
  const frameworks = list('frameworks')?.map((name, i) => parseFramework(name)
    ?? fail(`frameworks[${i}]`, `is ${JSON.stringify(name)}; use ${ALL_FRAMEWORKS.join(', ')}`));
  const annotationText = text('annotationExceptions');
  const modes: string[] = Object.values(AnnotationExceptions);
  const annotationExceptions = annotationText === undefined ? undefined
    : modes.includes(annotationText) ? annotationText as AnnotationExceptions
      : fail('annotationExceptions', `is ${JSON.stringify(annotationText)}; use ${modes.join(' or ')}`);
  const appArmorText = text('nodeAppArmor');
  const appArmorModes: string[] = Object.values(NodeAppArmor);
  const nodeAppArmor = appArmorText === undefined ? undefined
    : appArmorModes.includes(appArmorText) ? appArmorText as NodeAppArmor
      : fail('nodeAppArmor', `is ${JSON.stringify(appArmorText)}; use ${appArmorModes.join(' or ')}`);

  let exceptionPolicy: ExceptionPolicy | undefined;
  if (root.exceptions !== undefined && root.exceptions !== null) {
    const checked = checkExceptionPolicy(root.exceptions);
    if (isExceptionPolicyProblem(checked)) {
      fail(checked.field ? `exceptions.${checked.field}` : 'exceptions',
        `${checked.problem}${checked.field && !checked.problem.startsWith('is not a field') ? ` (received ${JSON.stringify(checked.value)})` : ''}`);
    }
    exceptionPolicy = checked as ExceptionPolicy;
  }

  const suppressions = root.suppressions === undefined || root.suppressions === null ? []
    : parseSuppressions(root.suppressions, file, 'suppressions', fail);

  let ruleSeverities: RuleSeverity[] | undefined;
  if (root.ruleSeverities !== undefined && root.ruleSeverities !== null) {
    const map = asRecord(root.ruleSeverities) ?? fail('ruleSeverities', 'is not a mapping of rule ids to severities (e.g. IMG-TAG: error)');
    ruleSeverities = Object.entries(map).map(([rule, value]) => ({
      rule,
      severity: (typeof value === 'string' ? parseSeverity(value) : undefined)
        ?? fail(`ruleSeverities.${rule}`, `is ${JSON.stringify(value)}; use error, warning or info`),
    }));
  }

  return {
    file,
    packs,
    excludedRules: list('excludedRules'),
    ruleSeverities,
    failOn,
    allowedRegistries: list('allowedRegistries'),
    platformPriorityClasses: list('platformPriorityClasses'),
    requiredLabels: list('requiredLabels'),
    frameworks,
    minimumPodSecurityVersion: text('minimumPodSecurityVersion'),
    annotationExceptions,
    nodeAppArmor,
    exceptionPolicy,
    suppressions,
  };
}

/**
 * Checks a list of object suppressions read from `file` (a policy file's `suppressions`, or a suppressions file):
 * each a mapping of known string fields; `where` names the list in problems.
 */
export function parseSuppressions(entries: unknown, file: string, where: string, fail: (key: string, problem: string) => never): ObjectSuppression[] {
  if (!Array.isArray(entries)) {
    return fail(where, 'is not a list of { rule, reason, kind?, namespace?, name?, approvalReference?, expires? }');
  }
  return entries.map((entry, i) => {
    const at = `${where}[${i}]`;
    const object = asRecord(entry) ?? fail(at, 'is not a mapping with rule and reason');
    rejectUnknownKeys(object, SUPPRESSION_KEYS, `${at}.`, fail);
    for (const key of SUPPRESSION_KEYS) {
      if (object[key] !== undefined && object[key] !== null && typeof object[key] !== 'string') {
        fail(`${at}.${key}`, `is not a string (received ${JSON.stringify(object[key])})`);
      }
    }
    const text = (key: string) => (object[key] ?? undefined) as string | undefined;
    return {
      rule: (text('rule') ?? '') as RuleId,
      reason: text('reason') ?? '',
      kind: text('kind'),
      namespace: text('namespace'),
      name: text('name'),
      approvalReference: text('approvalReference'),
      expires: text('expires'),
      source: file,
    };
  });
}

function rejectUnknownKeys(
  object: Record<string, unknown>, known: readonly string[], prefix: string, fail: (key: string, problem: string) => never,
): void {
  for (const key of Object.keys(object)) {
    if (!known.includes(key)) {
      fail(`${prefix}${key}`, `is not a known setting; use ${known.join(', ')}`);
    }
  }
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value as Record<string, unknown> : undefined;
}

/** Whether `file` exists; a dangling symbolic link counts (reading it then fails loudly instead of silently finding no policy). */
async function exists(file: string): Promise<boolean> {
  try {
    await fs.lstat(file);
    return true;
  } catch {
    return false;
  }
}

/** The full YAML parser, loaded when first needed: most runs have no file for it to read. */
function yamlLibrary(): typeof import('yaml') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('yaml');
}
