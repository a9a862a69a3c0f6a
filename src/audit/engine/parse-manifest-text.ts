import type { Document, LineCounter, Node, ScalarTag, Tags } from 'yaml';
import { AuditProblem } from '../audit-problem';
import { Severity } from '../severity';
import { AuditedObject } from './audited-object';
import {
  DEFAULT_MANIFEST_BOUNDS, describeSize, DocumentSegment, expandedNodeCount, ManifestBounds, segmentInputProblem, segmentText, separatorCount,
  treeNodeCount,
  splitDocuments,
} from './document-bounds';
import { FastDocumentLines, FastSegment, readSegmentFast } from './fast-yaml';
import { GO_INT_PATTERN, goYamlFloat, goYamlInt } from './go-yaml-int';
import { splitPath } from './json';
import { JsonDocumentLines } from './json-lines';
import { collectDocument } from './normalize';

/**
 * How documents are read. `FAST` (the default) reads each document with the fast reader (fast-yaml.ts) and falls back
 * to the full parser for what the fast reader leaves to it; `FULL` reads every document with the full parser, as the
 * CLI did before the fast reader (the reference that tests compare the fast path with).
 */
export enum ManifestReader {
  FAST = 'fast',
  FULL = 'full',
}

/** Aliases a document may expand; more is an alias bomb ("billion laughs"), not a manifest. */
const MAX_ALIAS_COUNT = 1000;

/**
 * `!!binary` as kubectl reads it: go-yaml v2 decodes the base64 to a string, where the YAML library gives a
 * `Uint8Array` that no rule would look at (a `!!binary` server-snippet annotation would go unseen).
 */
const binaryAsText: ScalarTag = {
  tag: 'tag:yaml.org,2002:binary',
  identify: () => false,
  resolve: (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8'),
};

/**
 * Integers as kubectl reads them (go-yaml v2): `0X1F`, `0O17`, `0B1`, `0_x10` and `+_1` are integers there, and
 * `runAsUser: 0o0` is root. One pattern for both readers (go-yaml-int.ts); quoted `'0o17'` stays a string.
 */
const goInteger: ScalarTag = {
  tag: 'tag:yaml.org,2002:int',
  default: true,
  identify: () => false,
  test: GO_INT_PATTERN,
  resolve: goYamlInt,
};

/**
 * Floats as kubectl reads them (go-yaml v2): no base 60 (`1:30` is text), no `e5` or lone dot (text too); one function
 * for both readers (go-yaml-int.ts). Texts that start as numbers do and are neither an integer nor a float stay text.
 */
const goFloat: ScalarTag = {
  tag: 'tag:yaml.org,2002:float',
  default: true,
  identify: () => false,
  test: /^[-+.0-9]/,
  resolve: (text: string) => goYamlFloat(text) ?? text,
};

/** The YAML 1.1 number tags that `goInteger` and `goFloat` replace (base 60 included, which go-yaml v2 does not read). */
function isReplacedNumberTag(tag: Tags[number]): boolean {
  return typeof tag !== 'string' && (tag.tag === 'tag:yaml.org,2002:int' || tag.tag === 'tag:yaml.org,2002:float');
}

/**
 * YAML 1.1 reads plain `2027-03-31` as a timestamp; Kubernetes fields and annotations that hold dates are strings
 * (an exception's expiry annotation among them), so dates stay text. `!!binary` and numbers are read as kubectl does.
 */
function withoutTimestamps(tags: Tags): Tags {
  const kept = tags.filter((tag) => tag !== 'timestamp' && tag !== 'binary'
    && (typeof tag === 'string' || (tag.tag !== 'tag:yaml.org,2002:timestamp' && tag.tag !== 'tag:yaml.org,2002:binary')));
  return [goInteger, goFloat, ...kept.filter(tag => !isReplacedNumberTag(tag)), binaryAsText];
}

/** The full YAML parser, loaded when first needed: a CLI run whose documents the fast reader reads never loads it. */
function yamlLibrary(): typeof import('yaml') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('yaml');
}

const PARSE_OPTIONS = { version: '1.1', customTags: withoutTimestamps, prettyErrors: false, uniqueKeys: false } as const;

/** The parsed documents of one segment of the text, with the line counter of the segment. */
interface ParsedSegment {
  readonly segment: DocumentSegment;
  readonly documents: readonly Document.Parsed[];
  readonly lineCounter: LineCounter;
}

function parseSegment(text: string, segment: DocumentSegment): ParsedSegment {
  const yaml = yamlLibrary();
  const lineCounter = new yaml.LineCounter();
  const parsed = yaml.parseAllDocuments(segmentText(text, segment), { ...PARSE_OPTIONS, lineCounter });
  return { segment, documents: Array.isArray(parsed) ? parsed : [], lineCounter };
}

/**
 * Gives the text of a file again when a finding needs a line after the file was read, or `undefined` when the file
 * cannot be read or is no longer the text that was audited (then a finding gets its document's first line).
 */
export type TextReloader = () => string | undefined;

/** Characters of reloaded file texts kept at once, over all files (older texts are dropped first and read again). */
const RELOADED_TEXT_BUDGET = 128 * 1024 * 1024;
const reloadedTexts: SegmentLines[] = [];
let reloadedChars = 0;

/**
 * Lines of fields, found by parsing a document's text again when a finding needs one: no syntax tree is kept
 * once a document has been converted, only the text. The last parsed segment is cached, and findings come in
 * document order, so a document is parsed again at most once, and only when it has findings.
 *
 * A file's text is not kept once the file has been read (for 100 MB of YAML it is 100 MB of memory that most audits
 * never need): the text is read again, once, when the first finding of the file needs a line, and is kept while the
 * reloaded texts of all files stay under a budget.
 */
class SegmentLines {
  private cached: ParsedSegment | undefined;
  private fastCached: { readonly segment: DocumentSegment; readonly lines: FastDocumentLines | JsonDocumentLines } | undefined;
  private text: string | undefined;
  private reload: TextReloader | undefined;
  private readonly length: number;

  constructor(text: string) {
    this.text = text;
    this.length = text.length;
  }

  /** Drops the text; `reload` gives it again when a line is needed. */
  public release(reload: TextReloader): void {
    this.text = undefined;
    this.reload = reload;
  }

  /**
   * The line of `path` in the one document of a segment the fast reader read: from the fast reader's parse events, or
   * for JSON text from the text itself.
   */
  public fastLineOf(segment: DocumentSegment, path: string, read: FastSegment): number | undefined {
    if (this.fastCached?.segment !== segment) {
      const text = this.currentText();
      if (text === undefined) return undefined;
      const local = segmentText(text, segment);
      this.fastCached = { segment, lines: read.json === true ? new JsonDocumentLines(local) : new FastDocumentLines(local, read.block === true) };
    }
    const local = this.fastCached.lines.lineOf(splitPath(path));
    return local === undefined ? this.lineOf(segment, 0, path) : segment.line - 1 + local;
  }

  public seed(parsed: ParsedSegment | undefined): void {
    this.cached = parsed;
  }

  public lineOf(segment: DocumentSegment, indexInSegment: number, path: string): number | undefined {
    if (this.cached?.segment !== segment) {
      const text = this.currentText();
      if (text === undefined) return undefined;
      try {
        this.cached = parseSegment(text, segment);
      } catch {
        return segment.line;
      }
    }
    const document = this.cached.documents[indexInSegment];
    const local = document ? locate(document, this.cached.lineCounter, path) : undefined;
    return local === undefined ? segment.line : segment.line - 1 + local;
  }

  private currentText(): string | undefined {
    if (this.text !== undefined || this.reload === undefined) return this.text;
    const text = this.reload();
    // A file that changed since it was audited has other lines: the findings keep their documents' first lines.
    if (text === undefined || text.length !== this.length) {
      this.reload = undefined;
      return undefined;
    }
    this.text = text;
    reloadedTexts.push(this);
    reloadedChars += text.length;
    while (reloadedChars > RELOADED_TEXT_BUDGET && reloadedTexts.length > 1) {
      reloadedTexts.shift()!.forget();
    }
    return text;
  }

  private forget(): void {
    reloadedChars -= this.text?.length ?? 0;
    this.text = undefined;
    this.cached = undefined;
    this.fastCached = undefined;
  }
}

/**
 * Parses multi-document YAML (or JSON) text as Kubernetes reads it (YAML 1.1) and adds its objects to
 * `objects`. A malformed document is reported as an ERROR problem with its index and line, and the other
 * documents are still audited; documents that are not Kubernetes objects are reported and skipped. Documents are
 * parsed one at a time, and a document over `bounds` (text size, or nodes it expands to with its aliases) is an
 * ERROR problem and skipped.
 */
export function parseManifestText(
  text: string, file: string, objects: AuditedObject[], problems: AuditProblem[], bounds: ManifestBounds = DEFAULT_MANIFEST_BOUNDS,
  reader: ManifestReader = ManifestReader.FAST, reload?: TextReloader,
): void {
  const lines = new SegmentLines(text);
  try {
    readSegments(text, file, objects, problems, bounds, reader, lines);
  } finally {
    if (reload) lines.release(reload);
  }
}

function readSegments(
  text: string, file: string, objects: AuditedObject[], problems: AuditProblem[], bounds: ManifestBounds, reader: ManifestReader,
  lines: SegmentLines,
): void {
  let documentIndex = 0;
  for (const segment of splitDocuments(text)) {
    const size = segment.end - segment.start;
    if (size > bounds.maxDocumentSize) {
      problems.push({
        severity: Severity.ERROR,
        file,
        documentIndex,
        line: segment.line,
        message: `document of ${describeSize(size)}, more than the limit of ${describeSize(bounds.maxDocumentSize)} per document; `
          + 'skipped (split it into smaller documents, or raise the limit with the CLI\'s --max-document-size)',
      });
      documentIndex += 1;
      continue;
    }
    // A segment of at most `maxDocumentNodes` characters cannot have more separators: not counted.
    if (size > bounds.maxDocumentNodes && separatorCount(text, segment.start, segment.end, bounds.maxDocumentNodes) > bounds.maxDocumentNodes) {
      problems.push({
        severity: Severity.ERROR,
        file,
        documentIndex,
        line: segment.line,
        message: `document has more than ${bounds.maxDocumentNodes} commas and line breaks, the separators of nodes, so it is taken to expand to more than ${bounds.maxDocumentNodes} nodes; `
          + 'skipped before parsing as a resource exhaustion attack (raise the limit with the CLI\'s --max-document-nodes)',
      });
      documentIndex += 1;
      continue;
    }
    const prepared = segmentText(text, segment);
    const inputProblem = segmentInputProblem(segment, prepared);
    if (inputProblem !== undefined) {
      problems.push({ severity: Severity.ERROR, file, documentIndex, line: segment.line, message: `${inputProblem}; document skipped` });
      documentIndex += 1;
      continue;
    }
    const fast = reader === ManifestReader.FAST ? readSegmentFast(prepared) : undefined;
    if (fast) {
      if (fast.hasDocument) {
        collectValue(fast.value, segment.line - 1 + fast.line, documentIndex, file, bounds, objects, problems,
          path => lines.fastLineOf(segment, path, fast), fast.json === true, fast.nodes);
        documentIndex += 1;
      }
      continue;
    }
    let parsed: ParsedSegment;
    try {
      parsed = parseSegment(text, segment);
    } catch (error) {
      problems.push({ severity: Severity.ERROR, file, documentIndex, line: segment.line, message: `cannot parse the document as YAML: ${messageOf(error)}` });
      documentIndex += 1;
      continue;
    }
    lines.seed(parsed);
    parsed.documents.forEach((document, indexInSegment) => {
      collectParsedDocument(document, parsed, indexInSegment, documentIndex, file, lines, bounds, objects, problems);
      documentIndex += 1;
    });
    lines.seed(undefined);
  }
}

function collectParsedDocument(
  document: Document.Parsed, parsed: ParsedSegment, indexInSegment: number, documentIndex: number, file: string, lines: SegmentLines,
  bounds: ManifestBounds, objects: AuditedObject[], problems: AuditProblem[],
): void {
  const { segment, lineCounter } = parsed;
  const inFile = (local: number | undefined) => local === undefined ? undefined : segment.line - 1 + local;
  const line = inFile(lineOf(lineCounter, document.contents?.range?.[0] ?? document.range?.[0]));
  if (document.errors.length > 0) {
    const error = document.errors[0];
    const errorLine = inFile(lineOf(lineCounter, error.pos[0]));
    problems.push({
      severity: Severity.ERROR,
      file,
      documentIndex,
      line: line ?? errorLine,
      message: `malformed YAML, document skipped: ${error.message.split('\n')[0]}${errorLine !== undefined ? ` (line ${errorLine})` : ''}`,
    });
    return;
  }
  let json: unknown;
  try {
    json = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    problems.push({ severity: Severity.ERROR, file, documentIndex, line, message: `document cannot be read, skipped: ${messageOf(error)}` });
    return;
  }
  collectValue(json, line, documentIndex, file, bounds, objects, problems, path => lines.lineOf(segment, indexInSegment, path));
}

/** Adds the objects of one document's value, unless it expands past the node limit. */
function collectValue(
  json: unknown, line: number | undefined, documentIndex: number, file: string, bounds: ManifestBounds, objects: AuditedObject[],
  problems: AuditProblem[], lineOfPath: (path: string) => number | undefined, tree = false, counted?: number,
): void {
  // JSON has no aliases: its value is a tree, counted without tracking the objects seen (the block reader counts as it reads).
  const nodes = counted ?? (tree ? treeNodeCount(json, bounds.maxDocumentNodes) : expandedNodeCount(json, bounds.maxDocumentNodes));
  if (nodes > bounds.maxDocumentNodes) {
    problems.push({
      severity: Severity.ERROR,
      file,
      documentIndex,
      line,
      message: nodes === Infinity
        ? 'document refers to itself through an alias, so it has no end; skipped'
        : `document expands to more than ${bounds.maxDocumentNodes} nodes (aliases counted by what they expand to); skipped as a `
          + 'resource exhaustion attack (raise the limit with the CLI\'s --max-document-nodes)',
    });
    return;
  }
  // Without the text (a file changed since it was read), a field's line is the document's first line.
  collectDocument(json, { file, documentIndex, line, lineOf: path => lineOfPath(path) ?? line }, objects, problems);
}

/** The line of the node at `path`, or of its closest existing ancestor. */
function locate(document: { readonly contents: unknown }, lineCounter: LineCounter, path: string): number | undefined {
  const { isMap, isScalar, isSeq } = yamlLibrary();
  let node: unknown = document.contents;
  let line = lineOf(lineCounter, rangeStart(node));
  for (const key of splitPath(path)) {
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.find(item => (isScalar(item.key) ? String(item.key.value) : String(item.key)) === String(key));
      if (!pair) break;
      next = pair.value ?? pair.key;
      if (pair.value === null || pair.value === undefined) {
        line = lineOf(lineCounter, rangeStart(pair.key)) ?? line;
        break;
      }
    } else if (isSeq(node) && typeof key === 'number') {
      next = node.items[key];
    }
    if (next === undefined) break;
    node = next;
    line = lineOf(lineCounter, rangeStart(node)) ?? line;
  }
  return line;
}

function rangeStart(node: unknown): number | undefined {
  return (node as Node | undefined)?.range?.[0];
}

function lineOf(lineCounter: LineCounter, offset: number | undefined): number | undefined {
  if (offset === undefined) {
    return undefined;
  }
  return lineCounter.linePos(offset).line || 1;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
