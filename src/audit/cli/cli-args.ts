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

Audits Kubernetes manifests (multi-document YAML or JSON files, directories of them, or - for standard input;
List kinds included) against the cdk8s-secure hardening rules.

Options:
  --pack P               pss-baseline, pss-restricted or hardened; repeat or comma-separate (default: all three)
  --format F             text, json, markdown or sarif (default: text)
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
  --output FILE          write the report to FILE instead of standard output
  --allow-empty          accept input that holds no Kubernetes object (otherwise exit 2, so a pipeline that
                         points at the wrong directory or renders nothing does not pass unnoticed)
  --max-input-size SIZE  refuse a file (or standard input) larger than SIZE, e.g. 100M (default: 256M, at most 512M)
  --max-document-size SIZE
                         refuse a YAML document with more text than SIZE (default: 32M)
  --max-document-nodes N refuse a YAML document that expands to more than N nodes, aliases counted by their
                         expansion (default: ${DEFAULT_MAX_DOCUMENT_NODES})
  --color, --no-color    force ANSI colours in the text report on or off (default: on for a terminal)
  -h, --help             show this help

Command-line settings replace those of the policy file; suppressions of both apply. Exception annotations
in manifests are honoured only when the policy file says annotationExceptions: allowed-rules, and then only for
rules its exception policy allows; they never suppress findings of the Pod Security packs.

Directories are searched for *.yaml, *.yml and *.json files; symbolic links to files are followed, symbolic links to
directories are not, and named pipes, sockets and devices are skipped with an input problem, never read.
At most ${MAX_FINDINGS_PER_RULE_AND_OBJECT} findings are listed per rule and object; one more finding counts the others.

Exit codes: 0 no active finding at or above --fail-on; 1 findings at or above --fail-on;
            2 usage error, invalid policy file, unreadable input (missing or special file, malformed YAML, a file or
              document over a limit, no object at all) or any other failure of the tool itself.
`;

/** Parsed command line of `cdk8s-secure audit`. */
export interface CliArgs {
  readonly help: boolean;
  /** The packs given on the command line; `undefined` when none were. */
  readonly packs?: Pack[];
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

/** Parses `argv` (without `node` and the script), e.g. `['audit', '--pack', 'hardened', 'app.yaml']`. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const args = [...argv];
  if (args.length === 0 || args[0] === '-h' || args[0] === '--help' || args[0] === 'help') {
    return { ...defaults(), help: true };
  }
  const command = args.shift();
  if (command !== 'audit') {
    throw new UsageError(`unknown command ${JSON.stringify(command)}; the only command is "audit"`);
  }
  const packs: Pack[] = [];
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
  let policyFile: string | undefined;
  let ignoreAnnotationExceptions = false;
  let minimumPodSecurityVersion: string | undefined;
  let evaluationDate: string | undefined;
  let colour: boolean | undefined;
  let help = false;
  let allowEmpty = false;
  let onlyFiles = false;
  let maxInputSize = DEFAULT_MAX_INPUT_SIZE;
  let maxDocumentSize = DEFAULT_MAX_DOCUMENT_SIZE;
  let maxDocumentNodes = DEFAULT_MAX_DOCUMENT_NODES;

  while (args.length > 0) {
    const arg = args.shift()!;
    if (onlyFiles || arg === '-' || !arg.startsWith('-')) {
      files.push(arg);
      continue;
    }
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const next = inline ?? args.shift();
      if (next === undefined || next === '') {
        throw new UsageError(`${flag} needs a value`);
      }
      return next;
    };
    switch (flag) {
      case '--':
        onlyFiles = true;
        break;
      case '-h':
      case '--help':
        help = true;
        break;
      case '--pack':
        for (const name of value().split(',').map(part => part.trim()).filter(Boolean)) {
          try {
            packs.push(Pack.fromName(name));
          } catch (error) {
            throw new UsageError(error instanceof Error ? error.message : String(error));
          }
        }
        break;
      case '--format': {
        const name = value().toLowerCase();
        const found = (Object.values(ReportFormat) as string[]).find(candidate => candidate === name);
        if (!found) {
          throw new UsageError(`unknown format ${JSON.stringify(name)}; use text, json, markdown or sarif`);
        }
        format = found as ReportFormat;
        break;
      }
      case '--fail-on': {
        const name = value();
        const severity = parseSeverity(name);
        if (!severity) {
          throw new UsageError(`unknown severity ${JSON.stringify(name)} for --fail-on; use error, warning or info`);
        }
        failOn = severity;
        break;
      }
      case '--allowed-registry':
        allowedRegistries.push(...value().split(',').map(part => part.trim()).filter(Boolean));
        break;
      case '--priority-class':
        platformPriorityClasses.push(...value().split(',').map(part => part.trim()).filter(Boolean));
        break;
      case '--required-label':
        requiredLabels.push(...value().split(',').map(part => part.trim()).filter(Boolean));
        break;
      case '--framework':
        for (const name of value().split(',').map(part => part.trim()).filter(Boolean)) {
          const framework = parseFramework(name);
          if (!framework) {
            throw new UsageError(`unknown framework ${JSON.stringify(name)} for --framework; use ${ALL_FRAMEWORKS.join(', ')}`);
          }
          frameworks.push(framework);
        }
        break;
      case '--suppress':
        suppressions.push(parseSuppression(value()));
        break;
      case '--suppressions':
        suppressionFiles.push(value());
        break;
      case '--policy':
        policyFile = value();
        break;
      case '--ignore-annotation-exceptions':
        ignoreAnnotationExceptions = true;
        break;
      case '--min-pod-security-version':
        minimumPodSecurityVersion = value();
        break;
      case '--evaluation-date':
        evaluationDate = value();
        break;
      case '--output':
      case '-o':
        output = value();
        break;
      case '--color':
      case '--colour':
        colour = true;
        break;
      case '--no-color':
      case '--no-colour':
        colour = false;
        break;
      case '--allow-empty':
        allowEmpty = true;
        break;
      case '--max-input-size':
        maxInputSize = sizeValue(flag, value(), MAX_INPUT_SIZE);
        break;
      case '--max-document-size':
        maxDocumentSize = sizeValue(flag, value(), MAX_INPUT_SIZE);
        break;
      case '--max-document-nodes': {
        const text = value();
        const count = /^\d+$/.test(text) ? Number(text) : NaN;
        if (!Number.isSafeInteger(count) || count < 1) {
          throw new UsageError(`${flag} ${JSON.stringify(text)} is not a positive whole number of nodes`);
        }
        maxDocumentNodes = count;
        break;
      }
      default:
        throw new UsageError(`unknown option ${flag}`);
    }
  }
  if (!help && files.length === 0) {
    throw new UsageError('no input: name one or more files or directories, or - for standard input');
  }
  return {
    help,
    packs: packs.length > 0 ? packs : undefined,
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
    colour,
    allowEmpty,
    maxInputSize,
    maxDocumentSize,
    maxDocumentNodes,
    files,
  };
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
