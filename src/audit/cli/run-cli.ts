import * as fsSync from 'fs';
import { promises as fs } from 'fs';
import * as path from 'path';
import { AuditOptions, ObjectSuppression } from '../audit-options';
import { AuditProblem } from '../audit-problem';
import { ReportFormat } from '../audit-report';
import {
  addBaselineToJson, addBaselineToSarif, BaselineComparison, BaselineEntry, baselineFails, baselineSummary, compareToBaseline,
  readBaseline, renderBaselineMarkdown, renderBaselineText,
} from './baseline';
import { CliArgs, parseCliArgs, UsageError, USAGE } from './cli-args';
import { choosePacks, loadPackModule, PackModuleError } from './pack-module';
import { locatePolicyFile, parseSuppressions, PolicyFileError, readPolicyFile } from './policy-file';
import { DEFAULT_MAX_INPUT_SIZE, describeError, readBoundedFile, readManifestFiles, releaseInputBuffer } from './read-input';
import { renderRuleExplanation, renderRuleList } from './rule-catalog-output';
import { AuditedObject } from '../engine/audited-object';
import { buildReport } from '../engine/build-report';
import { asObject } from '../engine/json';
import { packEntries } from '../engine/packs';
import { parseManifestText } from '../engine/parse-manifest-text';
import { toolInfo } from '../engine/tool-info';
import { validateOptions } from '../engine/validate-options';
import { Pack } from '../pack';
import { writeJsonReport } from '../reports/json-report';
import { Severity } from '../severity';
import { AnnotationExceptions } from '../suppression-origin';

/** Where the CLI writes. */
export interface CliOutput {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

/** The process environment of the CLI, injectable for tests. */
export interface CliIo {
  readonly stdout: CliOutput;
  readonly stderr: CliOutput;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The directory the policy file is looked for from. @default process.cwd() */
  readonly cwd?: string;
  /** Reads all of standard input; rejects (with an `InputError`) when it has more than `maxBytes` bytes. */
  readStdin(maxBytes: number): Promise<string>;
}

/**
 * Runs `cdk8s-secure` with `argv` (without `node` and the script name) and returns the exit code:
 * 0 clean, 1 findings at or above --fail-on, 2 usage error, unreadable input or any other failure. Never throws.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let args: CliArgs;
  try {
    args = parseCliArgs(argv);
  } catch (error) {
    return usageError(io, error);
  }
  if (args.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  if (args.command === 'version') {
    io.stdout.write(`${toolInfo().version}\n`);
    return 0;
  }
  if (args.command === 'rules' || args.command === 'explain') {
    return catalogCommand(args, io);
  }
  try {
    // Relative names (inputs, --policy, --suppressions, --output) are relative to `cwd`, and reports show them as given.
    const cwd = io.cwd ?? process.cwd();
    const resolve = (name: string) => path.resolve(cwd, name);
    const policyFile = await locatePolicyFile(args.policyFile, cwd);
    const policy = policyFile === undefined ? undefined : await readPolicyFile(policyFile, resolve(policyFile));
    if (policy) {
      io.stderr.write(`cdk8s-secure: policy file ${policy.file}\n`);
    }
    const suppressions = [...policy?.suppressions ?? [], ...args.suppressions];
    for (const file of args.suppressionFiles) {
      suppressions.push(...await readSuppressionFile(file, resolve(file)));
    }
    const failOn = args.failOn ?? policy?.failOn ?? Severity.WARNING;
    // Pack modules are the app team's: they add packs; the policy file's never-exceptable rules still bind them.
    const modules = (args.packModules ?? []).map(file => loadPackModule(file, cwd));
    const packs = modules.length === 0 ? args.packs ?? policy?.packs ?? Pack.all()
      : choosePacks(args.packNames, policy?.packs ?? Pack.all(), modules);
    const options: AuditOptions = {
      packs,
      excludedRules: policy?.excludedRules,
      ruleSeverities: policy?.ruleSeverities,
      allowedRegistries: args.allowedRegistries ?? policy?.allowedRegistries,
      platformPriorityClasses: args.platformPriorityClasses ?? policy?.platformPriorityClasses,
      requiredLabels: args.requiredLabels ?? policy?.requiredLabels,
      frameworks: args.frameworks ?? policy?.frameworks,
      minimumPodSecurityVersion: args.minimumPodSecurityVersion ?? policy?.minimumPodSecurityVersion,
      evaluationDate: args.evaluationDate,
      exceptionPolicy: policy?.exceptionPolicy,
      nodeAppArmor: policy?.nodeAppArmor,
      annotationExceptions: args.ignoreAnnotationExceptions ? AnnotationExceptions.IGNORE : policy?.annotationExceptions,
      suppressions,
    };
    try {
      validateOptions(options);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw policy ? new PolicyFileError(`${message} (settings from the command line and the policy file ${policy.file})`) : new UsageError(message);
    }

    const problems: AuditProblem[] = [];
    const objects: AuditedObject[] = [];
    const bounds = { maxDocumentSize: args.maxDocumentSize, maxDocumentNodes: args.maxDocumentNodes };
    let stdinRead = false;
    for (const input of args.files) {
      if (input === '-') {
        // Standard input can be read once; naming it twice audits it once.
        if (stdinRead) continue;
        stdinRead = true;
        let stdin: string;
        try {
          stdin = await io.readStdin(args.maxInputSize);
        } catch (error) {
          problems.push({ severity: Severity.ERROR, file: args.stdinFilename ?? '-', message: `cannot read standard input: ${describeError(error)}` });
          continue;
        }
        releaseInputBuffer(stdin);
        parseManifestText(stdin, args.stdinFilename ?? '-', objects, problems, bounds);
        continue;
      }
      readManifestFiles([input], { ...bounds, maxInputSize: args.maxInputSize, resolve }, objects, problems);
    }

    if (objects.length === 0 && !args.allowEmpty && !problems.some(problem => problem.severity === Severity.ERROR)) {
      problems.push({
        severity: Severity.ERROR,
        file: args.files.join(', '),
        message: 'the input holds no Kubernetes object; check the paths (or pass --allow-empty when empty input is expected)',
      });
    }
    const report = buildReport(undefined, objects, options, problems, policy ? `the policy file ${policy.file}` : 'the exception policy');
    const view = args.perPack ? report : report.onePerProblem();
    const comparison = args.baseline === undefined ? undefined
      : compareToBaseline(view, await readBaselineFile(args.baseline, resolve(args.baseline)), args.baseline);
    const colour = args.colour ?? (!!io.stdout.isTTY && args.output === undefined && io.env.NO_COLOR === undefined);
    if (args.writeBaseline !== undefined) {
      await fs.mkdir(path.dirname(resolve(args.writeBaseline)), { recursive: true });
      writeInPieces(resolve(args.writeBaseline), write => writeJsonReport(view, !!args.perPack, write));
    }
    if (args.output !== undefined && args.format === ReportFormat.JSON && !comparison) {
      // The JSON report of a whole cluster is written finding by finding, never held as one string.
      await fs.mkdir(path.dirname(resolve(args.output)), { recursive: true });
      writeInPieces(resolve(args.output), write => writeJsonReport(view, !!args.perPack, write));
    } else {
      let text = render(() => report.render(args.format, { colour, perPack: args.perPack, markdownMaxLength: args.markdownMaxLength }));
      if (comparison) {
        text = withBaseline(text, args.format, comparison);
      }
      if (args.output !== undefined) {
        await fs.mkdir(path.dirname(resolve(args.output)), { recursive: true });
        await fs.writeFile(resolve(args.output), text);
      } else {
        io.stdout.write(text);
      }
    }
    if (args.format !== ReportFormat.TEXT || args.output !== undefined) {
      io.stderr.write(`${view.summary()}\n`);
      if (comparison) io.stderr.write(`${baselineSummary(comparison)}\n`);
    }
    if (report.problems.some(problem => problem.severity === Severity.ERROR)) {
      io.stderr.write('cdk8s-secure: some input could not be read (see the problems in the report)\n');
      return 2;
    }
    return (comparison ? baselineFails(comparison, failOn) : report.failsAt(failOn)) ? 1 : 0;
  } catch (error) {
    if (error instanceof UsageError) {
      return usageError(io, error);
    }
    if (error instanceof PackModuleError) {
      io.stderr.write(`cdk8s-secure: ${error.message}\n`);
      return 2;
    }
    io.stderr.write(`cdk8s-secure: ${describeError(error)}\n`);
    return 2;
  }
}

/** Reads a baseline: a JSON report of an earlier run. */
async function readBaselineFile(file: string, resolved: string): Promise<BaselineEntry[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readBoundedFile(resolved, DEFAULT_MAX_INPUT_SIZE));
  } catch (error) {
    throw new PolicyFileError(`cannot read the baseline ${file}: ${describeError(error)}`);
  }
  try {
    return readBaseline(parsed, file);
  } catch (error) {
    throw new PolicyFileError(describeError(error));
  }
}

/** The report with the baseline comparison: marked findings in JSON and SARIF, a section in text and Markdown. */
function withBaseline(text: string, format: ReportFormat, comparison: BaselineComparison): string {
  switch (format) {
    case ReportFormat.JSON: return addBaselineToJson(text, comparison);
    case ReportFormat.SARIF: return addBaselineToSarif(text, comparison);
    case ReportFormat.MARKDOWN: return `${text}\n${renderBaselineMarkdown(comparison)}`;
    case ReportFormat.TEXT: return `${text}\n${renderBaselineText(comparison)}`;
    default: return text;
  }
}

/** Writes `file` from the pieces `produce` gives, each written as it comes. */
function writeInPieces(file: string, produce: (write: (chunk: string) => void) => void): void {
  const fd = fsSync.openSync(file, 'w');
  try {
    produce(chunk => {
      const bytes = Buffer.from(chunk, 'utf8');
      for (let written = 0; written < bytes.length;) written += fsSync.writeSync(fd, bytes, written);
    });
  } finally {
    fsSync.closeSync(fd);
  }
}

/** Renders the report; a report too large for one string is a one-line error, not a crash. */
function render(renderReport: () => string): string {
  try {
    return renderReport();
  } catch (error) {
    if (error instanceof RangeError) {
      throw new Error(`the report is too large to write (${error.message}); audit fewer files at a time`);
    }
    throw error;
  }
}

/**
 * `rules` and `explain`: the built-in catalogue, plus the custom packs and rules of the --pack-module files (the same
 * modules an audit would load).
 */
function catalogCommand(args: CliArgs, io: CliIo): number {
  try {
    const modules = (args.packModules ?? []).map(file => loadPackModule(file, io.cwd ?? process.cwd()));
    const custom = modules.flatMap(module => module.packs);
    if (args.command === 'rules') {
      const packs = modules.length === 0 ? args.packs : choosePacks(args.packNames, Pack.all(), modules);
      io.stdout.write(renderRuleList({ ...args, packs }));
      return 0;
    }
    const ruleId = args.ruleId!;
    const known = [...Pack.all(), ...custom].some(pack => packEntries(pack).some(entry => entry.rule.id === ruleId));
    if (!known) {
      throw new UsageError(`unknown rule ${JSON.stringify(ruleId)}; cdk8s-secure rules${modules.length > 0 ? ' --pack-module FILE' : ''} lists them`);
    }
    io.stdout.write(renderRuleExplanation(ruleId, args.format, [...Pack.all(), ...custom]));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      return usageError(io, error);
    }
    io.stderr.write(`cdk8s-secure: ${error instanceof PackModuleError ? error.message : describeError(error)}\n`);
    return 2;
  }
}

function usageError(io: CliIo, error: unknown): number {
  io.stderr.write(`cdk8s-secure: ${describeError(error)}\n\n${USAGE}`);
  return 2;
}

/** Reads a YAML/JSON list of object suppressions (or a mapping with `suppressions:`), as strictly as a policy file's. */
async function readSuppressionFile(file: string, resolved: string): Promise<ObjectSuppression[]> {
  let parsed: unknown;
  try {
    parsed = yamlLibrary().parse(await readBoundedFile(resolved, DEFAULT_MAX_INPUT_SIZE));
  } catch (error) {
    throw new PolicyFileError(`cannot read the suppressions file ${file}: ${describeError(error)}`);
  }
  const fail = (key: string, problem: string): never => {
    throw new PolicyFileError(`suppressions file ${file}: ${key ? `'${key}' ` : ''}${problem}`);
  };
  const wrapped = asObject(parsed);
  if (!Array.isArray(parsed) && (!wrapped || Object.keys(wrapped).some(key => key !== 'suppressions'))) {
    fail('', 'is not a list of { rule, reason, kind?, namespace?, name?, approvalReference?, expires? } (or a mapping with only suppressions:)');
  }
  return parseSuppressions(Array.isArray(parsed) ? parsed : wrapped?.suppressions, file, Array.isArray(parsed) ? 'entries' : 'suppressions', fail);
}

/** The full YAML parser, loaded when first needed: most runs have no file for it to read. */
function yamlLibrary(): typeof import('yaml') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('yaml');
}
