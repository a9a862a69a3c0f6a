import { isMap, isScalar, isSeq, LineCounter, Node, parseAllDocuments, Tags } from 'yaml';
import { AuditProblem } from '../audit-problem';
import { Severity } from '../severity';
import { AuditedObject } from './audited-object';
import { splitPath } from './json';
import { collectDocument } from './normalize';

/** Aliases a document may expand; more is an alias bomb ("billion laughs"), not a manifest. */
const MAX_ALIAS_COUNT = 1000;

/**
 * YAML 1.1 reads plain `2027-03-31` as a timestamp; Kubernetes fields and annotations that hold dates are strings
 * (an exception's expiry annotation among them), so dates stay text.
 */
function withoutTimestamps(tags: Tags): Tags {
  return tags.filter((tag) => tag !== 'timestamp' && (typeof tag === 'string' || tag.tag !== 'tag:yaml.org,2002:timestamp'));
}

/**
 * Parses multi-document YAML (or JSON) text as Kubernetes reads it (YAML 1.1) and adds its objects to
 * `objects`. A malformed document is reported as an ERROR problem with its index and line, and the other
 * documents are still audited; documents that are not Kubernetes objects are reported and skipped.
 */
export function parseManifestText(text: string, file: string, objects: AuditedObject[], problems: AuditProblem[]): void {
  const lineCounter = new LineCounter();
  let documents: ReturnType<typeof parseAllDocuments>;
  try {
    documents = parseAllDocuments(text, { version: '1.1', customTags: withoutTimestamps, lineCounter, prettyErrors: false, uniqueKeys: false });
  } catch (error) {
    problems.push({ severity: Severity.ERROR, file, message: `cannot parse the file as YAML: ${messageOf(error)}` });
    return;
  }
  const list = Array.isArray(documents) ? documents : [];
  list.forEach((document, documentIndex) => {
    const line = lineOf(lineCounter, document.contents?.range?.[0] ?? document.range?.[0]);
    if (document.errors.length > 0) {
      const error = document.errors[0];
      const errorLine = lineOf(lineCounter, error.pos[0]);
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
    collectDocument(json, { file, documentIndex, line, lineOf: path => locate(document, lineCounter, path) }, objects, problems);
  });
}

/** The line of the node at `path`, or of its closest existing ancestor. */
function locate(document: { readonly contents: unknown }, lineCounter: LineCounter, path: string): number | undefined {
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
