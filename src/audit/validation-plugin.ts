import * as fs from 'fs';
import * as path from 'path';
import { ObjectSuppression, AuditOptions } from './audit-options';
import { AuditProblem } from './audit-problem';
import { choosePacks, loadPackModule } from './cli/pack-module';
import { locatePolicyFile, readPolicyFile } from './cli/policy-file';
import { DEFAULT_MAX_INPUT_SIZE, readManifestFiles } from './cli/read-input';
import { AuditedObject } from './engine/audited-object';
import { buildReport } from './engine/build-report';
import { ruleInfoById } from './engine/catalog';
import { DEFAULT_MANIFEST_BOUNDS } from './engine/document-bounds';
import { parseSeverity, atLeast } from './engine/severity-order';
import { validateOptions } from './engine/validate-options';
import { Finding } from './finding';
import { Pack } from './pack';
import { Severity } from './severity';
import { invalidSetting } from '../internal/errors';

/** A resource that violates a rule, as cdk8s-cli's validation report takes it. */
export interface ValidationViolatingResource {
  /** The resource's name; cdk8s-cli looks its construct path up by it in `construct-metadata.json`. */
  readonly resourceName: string;

  /** Where in the resource the violations are. */
  readonly locations: string[];

  /** The manifest file that holds the resource. */
  readonly manifestPath: string;
}

/** One violated rule, as cdk8s-cli's validation report takes it. */
export interface ValidationViolation {
  /** The rule's name. */
  readonly ruleName: string;

  /** What the rule requires. */
  readonly recommendation: string;

  /** How to fix a violation. */
  readonly fix: string;

  /** The resources that violate the rule. */
  readonly violatingResources: ValidationViolatingResource[];
}

/** The report of cdk8s-cli's validation context (`context.report`). */
export interface IValidationReport {
  /** Adds a violation. */
  addViolation(violation: ValidationViolation): void;

  /**
   * Submits the report.
   *
   * @param status `success` or `failure`
   * @param metadata extra lines of the report's summary
   */
  submit(status: string, metadata?: Record<string, string>): void;
}

/** The logger of cdk8s-cli's validation context (`context.logger`). */
export interface IValidationLogger {
  /** Logs a message. */
  log(message: string): void;
}

/** The context cdk8s-cli passes to a validation plugin's `validate()`. */
export interface IValidationContext {
  /** The synthesized manifest files. */
  readonly manifests: string[];

  /** The report to fill and submit. */
  readonly report: IValidationReport;

  /** Where to log. */
  readonly logger: IValidationLogger;
}

/**
 * The `properties` of the plugin's entry in `cdk8s.yaml`.
 */
export interface AuditValidationProps {
  /**
   * The packs to run, by name: `pss-baseline`, `pss-restricted`, `hardened`, or a pack of a `packModules` module.
   *
   * @default - the policy file's packs, or all built-in packs, plus every pack of the pack modules
   */
  readonly packs?: string[];

  /**
   * The least severity that fails `cdk8s synth`: `error`, `warning` or `info`.
   *
   * @default - the policy file's failOn, or 'warning'
   */
  readonly failOn?: string;

  /**
   * The platform team's policy file, relative to the working directory.
   *
   * @default - `cdk8s-secure.policy.yaml` at the root of the repository (or in the working directory outside one),
   * as the CLI finds it
   */
  readonly policyFile?: string;

  /**
   * Suppressions naming objects (`{ rule, reason, kind?, namespace?, name?, approvalReference?, expires? }`); the
   * policy file's exception policy applies to them.
   *
   * @default - only the policy file's
   */
  readonly suppressions?: ObjectSuppression[];

  /**
   * JavaScript modules exporting custom packs or rules, relative to the working directory (as `--pack-module`).
   *
   * @default - none
   */
  readonly packModules?: string[];
}

/**
 * The cdk8s-cli validation plugin: `cdk8s synth` audits the synthesized manifests as one set (cross-resource rules
 * see every object) and fails when an active finding is at least `failOn`, listing each violation with its
 * resource, manifest file, line and construct path.
 *
 * @example
 * // cdk8s.yaml
 * // validations:
 * //   - package: cdk8s-secure
 * //     class: AuditValidation
 * //     version: 0.1.0
 * //     properties: { packs: [hardened], failOn: error }
 */
export class AuditValidation {
  private readonly props: AuditValidationProps;

  constructor(props: AuditValidationProps = {}) {
    if (props === null || typeof props !== 'object' || Array.isArray(props)) {
      throw propError('properties', props, 'is not a mapping', 'give properties such as { packs: [hardened], failOn: error }, or none');
    }
    const known = ['packs', 'failOn', 'policyFile', 'suppressions', 'packModules'];
    for (const key of Object.keys(props)) {
      if (!known.includes(key)) {
        throw propError(key, (props as Record<string, unknown>)[key], 'is not a property of the plugin', `use ${known.join(', ')}`);
      }
    }
    for (const key of ['packs', 'packModules', 'suppressions'] as const) {
      const value: unknown = props[key];
      if (value !== undefined && (!Array.isArray(value) || (key !== 'suppressions' && value.some(entry => typeof entry !== 'string')))) {
        throw propError(key, value, key === 'suppressions' ? 'is not a list' : 'is not a list of strings', `give ${key} as a list, or leave it out`);
      }
    }
    if (props.failOn !== undefined && (typeof props.failOn !== 'string' || parseSeverity(props.failOn) === undefined)) {
      throw propError('failOn', props.failOn, 'is not a severity', 'use error, warning or info');
    }
    if (props.policyFile !== undefined && (typeof props.policyFile !== 'string' || props.policyFile === '')) {
      throw propError('policyFile', props.policyFile, 'is not a file name', 'give the path of the policy file, relative to the working directory');
    }
    this.props = props;
  }

  /** Audits `context.manifests` and fills and submits `context.report`. */
  public async validate(context: IValidationContext): Promise<void> {
    const cwd = process.cwd();
    const policyFile = await locatePolicyFile(this.props.policyFile, cwd);
    const policy = policyFile === undefined ? undefined : await readPolicyFile(policyFile, path.resolve(cwd, policyFile));
    const modules = (this.props.packModules ?? []).map(file => loadPackModule(file, cwd));
    const packs = modules.length === 0 && this.props.packs !== undefined
      ? this.props.packs.map(name => Pack.fromName(name))
      : choosePacks(this.props.packs, policy?.packs ?? Pack.all(), modules);
    const failOn = this.props.failOn !== undefined ? parseSeverity(this.props.failOn)! : policy?.failOn ?? Severity.WARNING;
    const options: AuditOptions = {
      packs,
      excludedRules: policy?.excludedRules,
      ruleSeverities: policy?.ruleSeverities,
      allowedRegistries: policy?.allowedRegistries,
      platformPriorityClasses: policy?.platformPriorityClasses,
      requiredLabels: policy?.requiredLabels,
      frameworks: policy?.frameworks,
      minimumPodSecurityVersion: policy?.minimumPodSecurityVersion,
      exceptionPolicy: policy?.exceptionPolicy,
      nodeAppArmor: policy?.nodeAppArmor,
      annotationExceptions: policy?.annotationExceptions,
      suppressions: [...policy?.suppressions ?? [], ...(this.props.suppressions ?? []).map(s => ({ source: 'cdk8s.yaml', ...s }))],
    };
    if (policy) {
      context.logger.log(`cdk8s-secure: policy file ${policy.file}`);
    }
    validateOptions(options);
    const objects: AuditedObject[] = [];
    const problems: AuditProblem[] = [];
    readManifestFiles([...context.manifests], { ...DEFAULT_MANIFEST_BOUNDS, maxInputSize: DEFAULT_MAX_INPUT_SIZE }, objects, problems);
    const report = buildReport(undefined, objects, options, problems, policy ? `the policy file ${policy.file}` : 'the exception policy').onePerProblem();
    const failing = report.findings.filter(finding => !finding.suppressed && atLeast(finding.severity, failOn));
    const constructPaths = new ConstructPaths(context.manifests, objects);
    const byRule = new Map<string, Finding[]>();
    for (const finding of failing) {
      const list = byRule.get(finding.id) ?? [];
      list.push(finding);
      byRule.set(finding.id, list);
    }
    for (const [ruleName, findings] of byRule) {
      const byObject = new Map<string, Finding[]>();
      for (const finding of findings) {
        const key = JSON.stringify([finding.file, finding.documentIndex, finding.kind, finding.namespace, finding.name]);
        byObject.set(key, [...byObject.get(key) ?? [], finding]);
      }
      context.report.addViolation({
        ruleName: `${ruleName} (${findings[0].severity})`,
        recommendation: findings[0].title,
        fix: ruleInfoById(findings[0].ruleId)?.fix ?? '',
        violatingResources: [...byObject.values()].map(list => constructPaths.resource(list[0], list.map(location))),
      });
    }
    for (const problem of report.problems) {
      context.logger.log(`cdk8s-secure: ${problem.severity.toUpperCase()} ${problem.file ?? ''}${problem.line ? `:${problem.line}` : ''} ${problem.message}`);
    }
    const inputFailed = report.problems.some(problem => problem.severity === Severity.ERROR);
    context.report.submit(failing.length > 0 || inputFailed ? 'failure' : 'success', {
      'Packs': packs.map(pack => pack.name).join(', '),
      'Fail on': failOn,
      'Summary': report.summary(),
    });
  }
}

/** Where a finding is, for the report: line, field path, message and the packs that report it. */
function location(finding: Finding): string {
  const packs = (finding.packs ?? [{ pack: finding.pack, severity: finding.severity }]).map(p => `${p.pack}: ${p.severity}`).join(', ');
  return `${finding.line !== undefined ? `line ${finding.line}: ` : ''}${finding.path || '(object)'}: ${finding.message} [${packs}]`;
}

/**
 * The construct paths of the synthesized objects, from the `construct-metadata.json` cdk8s writes beside the
 * manifests when validation plugins run. That file is keyed by `metadata.name`, and SecureDeployment and its kin give
 * one name to several objects (Deployment, Service, NetworkPolicy, ...): for such a name it holds the path of only
 * one of them. So an object whose name no other audited object has is reported under its name (cdk8s-cli shows its
 * construct path); an object that shares its name is reported as `Kind/namespace/name` (so cdk8s-cli shows no wrong
 * path), with the path of the construct that made the objects of that name as its first location.
 */
class ConstructPaths {
  private readonly paths = new Map<string, string>();
  private readonly nameCount = new Map<string, number>();

  constructor(manifests: readonly string[], objects: readonly AuditedObject[]) {
    for (const dir of new Set(manifests.map(manifest => path.dirname(manifest)))) {
      try {
        const metadata = JSON.parse(fs.readFileSync(path.join(dir, 'construct-metadata.json'), 'utf8'));
        for (const [name, entry] of Object.entries<{ path?: unknown }>(metadata?.resources ?? {})) {
          if (typeof entry?.path === 'string' && !this.paths.has(name)) this.paths.set(name, entry.path);
        }
      } catch {
        // No metadata (synthesized without validation plugins): the report names resources only.
      }
    }
    for (const object of objects) {
      this.nameCount.set(object.name, (this.nameCount.get(object.name) ?? 0) + 1);
    }
  }

  public resource(finding: Finding, locations: string[]): ValidationViolatingResource {
    const manifestPath = finding.file ?? '';
    if ((this.nameCount.get(finding.name) ?? 0) <= 1) {
      return { resourceName: finding.name, manifestPath, locations };
    }
    const recorded = this.paths.get(finding.name);
    const owner = recorded?.includes('/') ? recorded.slice(0, recorded.lastIndexOf('/')) : recorded;
    const id = finding.namespace ? `${finding.kind}/${finding.namespace}/${finding.name}` : `${finding.kind}/${finding.name}`;
    return { resourceName: id, manifestPath, locations: owner ? [`construct: ${owner}`, ...locations] : locations };
  }
}

function propError(prop: string, value: unknown, problem: string, fix: string): Error {
  return invalidSetting('cdk8s-secure validation plugin', `property '${prop}'`, value, problem, fix);
}
