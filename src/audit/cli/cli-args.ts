import { parseArgs, ParseArgsConfig } from 'util';
import { ComplianceFramework } from '../../profile/compliance-framework';
import { isRuleId } from '../../profile/rule-ids';
import { ObjectSuppression } from '../audit-options';
import { ReportFormat } from '../audit-report';
import { DEFAULT_MAX_INPUT_SIZE, MAX_INPUT_SIZE, parseSize } from './read-input';
import { DEFAULT_MAX_DOCUMENT_NODES, DEFAULT_MAX_DOCUMENT_SIZE, describeSize } from '../engine/document-bounds';
import { ALL_FRAMEWORKS, parseFramework } from '../engine/frameworks';
import { MAX_FINDINGS_PER_RULE_AND_OBJECT } from '../engine/run-audit';
import { parseSeverity } from '../engine/severity-order';
import { Pack } from '../pack';
import { Severity } from '../severity';

/** The file name the CLI looks for when no `--policy` is given. */
export const DEFAULT_POLICY_FILE = 'cdk8s-secure.policy.yaml';

/** The usage text of `cdk8s-secure`. */
export const USAGE = `Usage: cdk8s-secure audit [options] FILE... | -
       cdk8s-secure rules [--pack P] [--pack-module FILE] [--severity S] [--framework F] [--format text|json]
       cdk8s-secure explain RULE-ID [--pack-module FILE] [--format text|json]
       cdk8s-secure --version

Audits Kubernetes manifests (multi-document YAML or JSON files, directories of them, or - for standard input;
List kinds included) against the cdk8s-secure hardening rules.

Options:
  --pack P               pss-baseline, pss-restricted or hardened; repeat or comma-separate (default: all three)
  --pack-module FILE     a JavaScript module exporting custom packs (Pack.custom) or rules; relative to the current
                         directory, repeatable. Its packs run beside the chosen packs; --pack may name them
  --format F             text, json, markdown, sarif or junit (default: text)
  --per-pack             list a problem once per pack that reports it (ids <pack>/<RULE-ID>), not once with its packs
  --baseline FILE        a JSON report of an earlier run (see --write-baseline): exit 1 only for active findings it
                         does not hold (matched by rule, object and field path, not by line); reports mark findings
                         new or unchanged and list the baseline's findings that are fixed
  --write-baseline FILE  also write this run's JSON report to FILE, to use as a later run's --baseline
  --markdown-max-length N
                         the most characters of the markdown report, most severe findings first and an "N more"
                         line for the rest (default: 60000; a pull-request comment holds 65536)
  --fail-on S            error, warning or info: exit 1 when an active finding is this serious (default: warning)
  --allowed-registry R   registry or path prefix images may come from; repeatable (enables IMG-REGISTRY)
  --priority-class NAME  a PriorityClass the platform provides in the cluster; repeatable
  --required-label KEY   a label key every workload must carry (judged by META-LABELS); repeatable
  --framework F          list related controls of this framework only in markdown and sarif reports; repeatable:
                         ${ALL_FRAMEWORKS.join(', ')} (default: all)
  --suppress RULE:TARGET:REASON
                         accept RULE's findings on TARGET = Kind/namespace/name, Kind/name or *, with * as a
                         wildcard part, e.g. SVC-TYPE:Service/shop/edge:public load balancer of the shop
  --suppressions FILE    a YAML or JSON list of { rule, reason, kind?, namespace?, name?, approvalReference?, expires? }
  --policy FILE          the platform team's policy file: packs, failOn, exceptions (the exception policy),
                         suppressions, annotationExceptions and the settings above (default: ${DEFAULT_POLICY_FILE}
                         at the root of the repository, or in the current directory outside a repository)
  --ignore-annotation-exceptions
                         never honour exception annotations in the manifests, whatever the policy file says
  --min-pod-security-version V
                         the oldest pod-security.kubernetes.io/*-version NS-PSA accepts (default: v1.28)
  --evaluation-date DATE judge expiry dates of exceptions against DATE (YYYY-MM-DD) instead of today
  --output FILE, -o FILE write the report to FILE instead of standard output
  --stdin-filename NAME  the file name reports give standard input (-), e.g. the chart it was rendered from, so that
                         SARIF results map to a file in the repository (default: -, reported as stdin)
  --allow-empty          accept input that holds no Kubernetes object (otherwise exit 2, so a pipeline that
                         points at the wrong directory or renders nothing does not pass unnoticed)
  --max-input-size SIZE  refuse a file (or standard input) larger than SIZE, e.g. 100M (default: 256M, at most 512M)
  --max-document-size SIZE
                         refuse a YAML document with more text than SIZE (default: 32M)
  --max-document-nodes N refuse a YAML document that expands to more than N nodes, aliases counted by their
                         expansion (default: ${DEFAULT_MAX_DOCUMENT_NODES})
  --color, --no-color    force ANSI colours in the text report on or off (default: on for a terminal)
  -h, --help             show this help

rules lists the rules of the chosen packs (default: all) with their severity in each pack, their title and their
related controls (of the --framework given, default all); --severity keeps the rules some chosen pack runs at that
severity. explain prints a rule's explanation, fix, packs and related controls.

Command-line settings replace those of the policy file; suppressions of both apply. Exception annotations
in manifests are honoured only when the policy file says annotationExceptions: allowed-rules, and then only for
rules its exception policy allows; they never suppress findings of the Pod Security packs.

Directories are searched for *.yaml, *.yml and *.json files; symbolic links to files are followed, symbolic links to
directories are not, and named pipes, sockets and devices are skipped with an input problem, never read.
At most ${MAX_FINDINGS_PER_RULE_AND_OBJECT} findings are listed per rule and object; one more finding counts the others.

Exit codes: 0 no active finding at or above --fail-on (with --baseline: no new one); 1 findings at or above --fail-on;
            2 usage error, invalid policy file, unreadable input (missing or special file, malformed YAML, a file or
              document over a limit, no object at all) or any other failure of the tool itself.
`;

/** The commands of `cdk8s-secure`. */
export type CliCommand = 'audit' | 'rules' | 'explain' | 'version';

/** Parsed command line of `cdk8s-secure`. */
export interface CliArgs {
  readonly command: CliCommand;
  readonly help: boolean;
  /** The packs given on the command line; `undefined` when none were. */
  readonly packs?: Pack[];
  /** With --pack-module: the --pack names, resolved once the modules are loaded. */
  readonly packNames?: string[];
  /** The --pack-module files, as given. */
  readonly packModules?: string[];
  readonly format: ReportFormat;
  /** The --fail-on severity; `undefined` when not given. */
  readonly failOn?: Severity;
  readonly policyFile?: string;
  readonly ignoreAnnotationExceptions: boolean;
  readonly minimumPodSecurityVersion?: string;
  readonly evaluationDate?: string;
  readonly allowedRegistries?: string[];
  readonly platformPriorityClasses?: string[];
  readonly requiredLabels?: string[];
  readonly frameworks?: ComplianceFramework[];
  readonly suppressions: ObjectSuppression[];
  readonly suppressionFiles: string[];
  readonly output?: string;
  /** The file name reported for standard input (`-`). */
  readonly stdinFilename?: string;
  /** List each problem once per pack that reports it. */
  readonly perPack?: boolean;
  /** A JSON report of an earlier run: only findings it does not hold count for the exit code. */
  readonly baseline?: string;
  /** Where to write today's JSON report for use as a later run's baseline. */
  readonly writeBaseline?: string;
  /** The Markdown report's size budget in characters. */
  readonly markdownMaxLength?: number;
  /** `rules`: list only rules of these severities (in some chosen pack). */
  readonly severities?: Severity[];
  /** `explain`: the rule to explain. */
  readonly ruleId?: string;
  readonly colour?: boolean;
  readonly allowEmpty: boolean;
  /** Bytes one input file or standard input may have. */
  readonly maxInputSize: number;
  /** Characters one YAML document may have. */
  readonly maxDocumentSize: number;
  /** Nodes one YAML document may expand to. */
  readonly maxDocumentNodes: number;
  readonly files: string[];
}

/** A usage error: printed with the usage text, exit code 2. */
export class UsageError extends Error {}

/** The option definitions `util.parseArgs` takes. */
type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** The options of `cdk8s-secure audit`, as `util.parseArgs` reads them. */
const AUDIT_OPTIONS = {
  'help': { type: 'boolean', short: 'h' },
  'pack': { type: 'string', multiple: true },
  'pack-module': { type: 'string', multiple: true },
  'format': { type: 'string' },
  'fail-on': { type: 'string' },
  'allowed-registry': { type: 'string', multiple: true },
  'priority-class': { type: 'string', multiple: true },
  'required-label': { type: 'string', multiple: true },
  'framework': { type: 'string', multiple: true },
  'suppress': { type: 'string', multiple: true },
  'suppressions': { type: 'string', multiple: true },
  'policy': { type: 'string' },
  'ignore-annotation-exceptions': { type: 'boolean' },
  'min-pod-security-version': { type: 'string' },
  'evaluation-date': { type: 'string' },
  'output': { type: 'string', short: 'o' },
  'stdin-filename': { type: 'string' },
  'per-pack': { type: 'boolean' },
  'baseline': { type: 'string' },
  'write-baseline': { type: 'string' },
  'markdown-max-length': { type: 'string' },
  'color': { type: 'boolean' },
  'colour': { type: 'boolean' },
  'no-color': { type: 'boolean' },
  'no-colour': { type: 'boolean' },
  'allow-empty': { type: 'boolean' },
  'max-input-size': { type: 'string' },
  'max-document-size': { type: 'string' },
  'max-document-nodes': { type: 'string' },
} as const satisfies ParseArgsOptionsConfig;

/** One option or positional argument, in command-line order. */
export interface ArgToken {
  /** The option's long name without dashes, or `undefined` for a positional argument. */
  readonly name?: string;
  /** The option as written, e.g. `-o` or `--output`. */
  readonly flag: string;
  /** The option's value or the positional argument; `undefined` for a boolean option. */
  readonly value?: string;
}

/**
 * Tokenizes `args` with `util.parseArgs` (strict: unknown options and missing values are usage errors), keeping the
 * command-line order so that a later option wins over an earlier one (`--color --no-color`). A string option needs a
 * non-empty value.
 */
export function tokenize(args: readonly string[], options: ParseArgsOptionsConfig): ArgToken[] {
  let tokens;
  try {
    tokens = parseArgs({ args: [...args], options, allowPositionals: true, strict: true, tokens: true }).tokens;
  } catch (error) {
    throw new UsageError(describeParseError(error, options));
  }
  const result: ArgToken[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') {
      result.push({ flag: token.value, value: token.value });
    } else if (token.kind === 'option') {
      if (options[token.name]?.type === 'string' && (token.value === undefined || token.value === '')) {
        throw new UsageError(`${token.rawName} needs a value`);
      }
      result.push({ name: token.name, flag: token.rawName, value: token.value });
    }
  }
  return result;
}

/** The usage error for an error of `util.parseArgs`, in the tool's words. */
function describeParseError(error: unknown, options: ParseArgsOptionsConfig): string {
  const { code, message } = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : String(error);
  // e.g. "Unknown option '--x'", "Option '-o, --output <value>' argument missing": the long form when there is one.
  const quoted = /'(?:-\w, )?(-[^' ]*)/.exec(text)?.[1];
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${quoted ?? text}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const flag = quoted ?? '';
      const name = flag.replace(/^-+/, '');
      const option = Object.entries(options).find(([long, config]) => long === name || config.short === name);
      return option?.[1].type === 'boolean' ? `${flag} takes no value` : `${flag} needs a value`;
    }
    default:
      return text;
  }
}

/** `a, b or c`. */
function orList(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** Splits comma-separated values of a repeatable option. */
function list(value: string): string[] {
  return value.split(',').map(part => part.trim()).filter(Boolean);
}

/** Parses `argv` (without `node` and the script), e.g. `['audit', '--pack', 'hardened', 'app.yaml']`. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const args = [...argv];
  if (args.length === 0 || args[0] === '-h' || args[0] === '--help' || args[0] === 'help') {
    return { ...defaults(), help: true };
  }
  if (args[0] === '--version' || args[0] === '-V' || args[0] === 'version') {
    if (args.length > 1) {
      throw new UsageError(`${args[0]} takes no arguments`);
    }
    return { ...defaults(), command: 'version' };
  }
  const command = args.shift();
  if (command === 'rules' || command === 'explain') {
    return { ...defaults(), ...parseCatalogArgs(command, args) };
  }
  if (command !== 'audit') {
    throw new UsageError(`unknown command ${JSON.stringify(command)}; use audit, rules, explain or --version`);
  }
  const packNames: string[] = [];
  const packModules: string[] = [];
  const allowedRegistries: string[] = [];
  const platformPriorityClasses: string[] = [];
  const requiredLabels: string[] = [];
  const frameworks: ComplianceFramework[] = [];
  const suppressions: ObjectSuppression[] = [];
  const suppressionFiles: string[] = [];
  const files: string[] = [];
  let format = ReportFormat.TEXT;
  let failOn: Severity | undefined;
  let output: string | undefined;
  let stdinFilename: string | undefined;
  let perPack = false;
  let baseline: string | undefined;
  let writeBaseline: string | undefined;
  let markdownMaxLength: number | undefined;
  let policyFile: string | undefined;
  let ignoreAnnotationExceptions = false;
  let minimumPodSecurityVersion: string | undefined;
  let evaluationDate: string | undefined;
  let colour: boolean | undefined;
  let help = false;
  let allowEmpty = false;
  let maxInputSize = DEFAULT_MAX_INPUT_SIZE;
  let maxDocumentSize = DEFAULT_MAX_DOCUMENT_SIZE;
  let maxDocumentNodes = DEFAULT_MAX_DOCUMENT_NODES;

  for (const token of tokenize(args, AUDIT_OPTIONS)) {
    const flag = token.flag;
    const value = token.value ?? '';
    switch (token.name as keyof typeof AUDIT_OPTIONS | undefined) {
      case undefined:
        files.push(value);
        break;
      case 'help':
        help = true;
        break;
      case 'pack':
        packNames.push(...list(value));
        break;
      case 'pack-module':
        packModules.push(value);
        break;
      case 'format':
        format = parseFormat(value);
        break;
      case 'fail-on': {
        const severity = parseSeverity(value);
        if (!severity) {
          throw new UsageError(`unknown severity ${JSON.stringify(value)} for --fail-on; use error, warning or info`);
        }
        failOn = severity;
        break;
      }
      case 'allowed-registry':
        allowedRegistries.push(...list(value));
        break;
      case 'priority-class':
        platformPriorityClasses.push(...list(value));
        break;
      case 'required-label':
        requiredLabels.push(...list(value));
        break;
      case 'framework':
        frameworks.push(...parseFrameworks(value));
        break;
      case 'suppress':
        suppressions.push(parseSuppression(value));
        break;
      case 'suppressions':
        suppressionFiles.push(value);
        break;
      case 'policy':
        policyFile = value;
        break;
      case 'ignore-annotation-exceptions':
        ignoreAnnotationExceptions = true;
        break;
      case 'min-pod-security-version':
        minimumPodSecurityVersion = value;
        break;
      case 'evaluation-date':
        evaluationDate = value;
        break;
      case 'output':
        output = value;
        break;
      case 'stdin-filename':
        stdinFilename = value;
        break;
      case 'per-pack':
        perPack = true;
        break;
      case 'baseline':
        baseline = value;
        break;
      case 'write-baseline':
        writeBaseline = value;
        break;
      case 'markdown-max-length': {
        const count = /^\d+$/.test(value) ? Number(value) : NaN;
        if (!Number.isSafeInteger(count) || count < 2000) {
          throw new UsageError(`${flag} ${JSON.stringify(value)} is not a whole number of characters of at least 2000`);
        }
        markdownMaxLength = count;
        break;
      }
      case 'color':
      case 'colour':
        colour = true;
        break;
      case 'no-color':
      case 'no-colour':
        colour = false;
        break;
      case 'allow-empty':
        allowEmpty = true;
        break;
      case 'max-input-size':
        maxInputSize = sizeValue(flag, value, MAX_INPUT_SIZE);
        break;
      case 'max-document-size':
        maxDocumentSize = sizeValue(flag, value, MAX_INPUT_SIZE);
        break;
      case 'max-document-nodes': {
        const count = /^\d+$/.test(value) ? Number(value) : NaN;
        if (!Number.isSafeInteger(count) || count < 1) {
          throw new UsageError(`${flag} ${JSON.stringify(value)} is not a positive whole number of nodes`);
        }
        maxDocumentNodes = count;
        break;
      }
    }
  }
  if (!help && files.length === 0) {
    throw new UsageError('no input: name one or more files or directories, or - for standard input');
  }
  if (stdinFilename !== undefined && !files.includes('-')) {
    throw new UsageError('--stdin-filename names standard input, which is read only when - is one of the inputs');
  }
  // Without modules, the pack names are checked at once; with modules, once they are loaded.
  const packs = packModules.length === 0 ? packNames.flatMap(parsePacks) : [];
  return {
    ...defaults(),
    help,
    packs: packs.length > 0 ? packs : undefined,
    packNames: packModules.length > 0 && packNames.length > 0 ? packNames : undefined,
    packModules: packModules.length > 0 ? packModules : undefined,
    format,
    failOn,
    policyFile,
    ignoreAnnotationExceptions,
    minimumPodSecurityVersion,
    evaluationDate,
    allowedRegistries: allowedRegistries.length > 0 ? allowedRegistries : undefined,
    platformPriorityClasses: platformPriorityClasses.length > 0 ? platformPriorityClasses : undefined,
    requiredLabels: requiredLabels.length > 0 ? requiredLabels : undefined,
    frameworks: frameworks.length > 0 ? frameworks : undefined,
    suppressions,
    suppressionFiles,
    output,
    stdinFilename,
    perPack,
    baseline,
    writeBaseline,
    markdownMaxLength,
    colour,
    allowEmpty,
    maxInputSize,
    maxDocumentSize,
    maxDocumentNodes,
    files,
  };
}

/** The options of `cdk8s-secure rules` and `cdk8s-secure explain`. */
const CATALOG_OPTIONS = {
  'help': { type: 'boolean', short: 'h' },
  'pack': { type: 'string', multiple: true },
  'pack-module': { type: 'string', multiple: true },
  'severity': { type: 'string', multiple: true },
  'framework': { type: 'string', multiple: true },
  'format': { type: 'string' },
} as const satisfies ParseArgsOptionsConfig;

function parseCatalogArgs(command: 'rules' | 'explain', args: readonly string[]): Partial<CliArgs> {
  const packNames: string[] = [];
  const packModules: string[] = [];
  const severities: Severity[] = [];
  const frameworks: ComplianceFramework[] = [];
  const positionals: string[] = [];
  let format = ReportFormat.TEXT;
  let help = false;
  const explainOptions = { 'help': CATALOG_OPTIONS.help, 'format': CATALOG_OPTIONS.format, 'pack-module': CATALOG_OPTIONS['pack-module'] };
  for (const token of tokenize(args, command === 'rules' ? CATALOG_OPTIONS : explainOptions)) {
    const value = token.value ?? '';
    switch (token.name as keyof typeof CATALOG_OPTIONS | undefined) {
      case undefined:
        positionals.push(value);
        break;
      case 'help':
        help = true;
        break;
      case 'pack':
        packNames.push(...list(value));
        break;
      case 'pack-module':
        packModules.push(value);
        break;
      case 'severity':
        for (const name of list(value)) {
          const severity = parseSeverity(name);
          if (!severity) {
            throw new UsageError(`unknown severity ${JSON.stringify(name)} for --severity; use error, warning or info`);
          }
          severities.push(severity);
        }
        break;
      case 'framework':
        frameworks.push(...parseFrameworks(value));
        break;
      case 'format':
        format = parseFormat(value);
        if (format !== ReportFormat.TEXT && format !== ReportFormat.JSON) {
          throw new UsageError(`${command} writes text or json, not ${format}`);
        }
        break;
    }
  }
  if (help) {
    return { help, command };
  }
  if (command === 'rules' && positionals.length > 0) {
    throw new UsageError(`rules takes no arguments besides its options, got ${JSON.stringify(positionals[0])}`);
  }
  if (command === 'explain') {
    if (positionals.length !== 1) {
      throw new UsageError('explain needs exactly one rule id, e.g. cdk8s-secure explain CTR-READONLY-ROOTFS');
    }
    // A custom rule's id is known once its module is loaded.
    const ruleId = packModules.length > 0 ? positionals[0].trim() : positionals[0].trim().toUpperCase();
    if (packModules.length === 0 && !isRuleId(ruleId)) {
      throw new UsageError(`unknown rule ${JSON.stringify(positionals[0])}; cdk8s-secure rules lists them`);
    }
    return { command, ruleId, format, packModules: packModules.length > 0 ? packModules : undefined };
  }
  // Without modules, the pack names are checked at once; with modules, once they are loaded.
  const packs = packModules.length === 0 ? packNames.flatMap(parsePacks) : [];
  return {
    command,
    format,
    packs: packs.length > 0 ? packs : undefined,
    packNames: packModules.length > 0 && packNames.length > 0 ? packNames : undefined,
    packModules: packModules.length > 0 ? packModules : undefined,
    severities: severities.length > 0 ? severities : undefined,
    frameworks: frameworks.length > 0 ? frameworks : undefined,
  };
}

function parsePacks(value: string): Pack[] {
  return list(value).map(name => {
    try {
      return Pack.fromName(name);
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
  });
}

function parseFormat(value: string): ReportFormat {
  const name = value.toLowerCase();
  const found = (Object.values(ReportFormat) as string[]).find(candidate => candidate === name);
  if (!found) {
    throw new UsageError(`unknown format ${JSON.stringify(name)}; use ${orList(Object.values(ReportFormat))}`);
  }
  return found as ReportFormat;
}

function parseFrameworks(value: string): ComplianceFramework[] {
  return list(value).map(name => {
    const framework = parseFramework(name);
    if (!framework) {
      throw new UsageError(`unknown framework ${JSON.stringify(name)} for --framework; use ${ALL_FRAMEWORKS.join(', ')}`);
    }
    return framework;
  });
}

function sizeValue(flag: string, text: string, max: number): number {
  const size = parseSize(text);
  if (size === undefined) {
    throw new UsageError(`${flag} ${JSON.stringify(text)} is not a size; use bytes or a number with K, M or G, e.g. 100M`);
  }
  if (size > max) {
    throw new UsageError(`${flag} ${JSON.stringify(text)} is more than ${describeSize(max)}, the most the tool can read`);
  }
  return size;
}

/** Parses `RULE:TARGET:REASON`, TARGET being `Kind/namespace/name`, `Kind/name` or `*`. */
export function parseSuppression(text: string): ObjectSuppression {
  const first = text.indexOf(':');
  const second = first < 0 ? -1 : text.indexOf(':', first + 1);
  if (first < 0 || second < 0) {
    throw new UsageError(`--suppress ${JSON.stringify(text)} is not RULE:TARGET:REASON (e.g. SVC-TYPE:Service/shop/edge:public load balancer)`);
  }
  const rule = text.slice(0, first).trim();
  const target = text.slice(first + 1, second).trim();
  const reason = text.slice(second + 1).trim();
  if (!isRuleId(rule)) {
    throw new UsageError(`--suppress names the unknown rule ${JSON.stringify(rule)}`);
  }
  const parts = target === '*' || target === '' ? [] : target.split('/');
  if (parts.length > 3) {
    throw new UsageError(`--suppress target ${JSON.stringify(target)} is not Kind/namespace/name, Kind/name or *`);
  }
  const [kind, namespace, name] = parts.length === 3 ? parts
    : parts.length === 2 ? [parts[0], undefined, parts[1]] : [parts[0], undefined, undefined];
  const part = (value: string | undefined) => value === undefined || value === '*' || value === '' ? undefined : value;
  return { rule, reason, kind: part(kind), namespace: part(namespace), name: part(name), source: '--suppress' };
}

function defaults(): CliArgs {
  return {
    command: 'audit',
    help: false,
    format: ReportFormat.TEXT,
    ignoreAnnotationExceptions: false,
    suppressions: [],
    suppressionFiles: [],
    allowEmpty: false,
    maxInputSize: DEFAULT_MAX_INPUT_SIZE,
    maxDocumentSize: DEFAULT_MAX_DOCUMENT_SIZE,
    maxDocumentNodes: DEFAULT_MAX_DOCUMENT_NODES,
    files: [],
  };
}
