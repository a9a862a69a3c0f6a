/**
 * Resource bounds for manifests read from text. They do not depend on the YAML parser: the text bounds are checked
 * before parsing, the expanded-size bound on the parsed value (where an alias is a shared reference).
 */

/** The limits a manifest text is read with. */
export interface ManifestBounds {
  /** Characters one YAML document may have. */
  readonly maxDocumentSize: number;
  /** Nodes (mappings, sequences, scalars) one document may expand to, each alias counted by its expansion. */
  readonly maxDocumentNodes: number;
}

/**
 * 32 MiB of text per document. Kubernetes refuses objects over about 1.5 MiB (the etcd request limit), and
 * `kubectl get -o yaml` of tens of thousands of objects (one List document) stays below this.
 */
export const DEFAULT_MAX_DOCUMENT_SIZE = 32 * 1024 * 1024;

/** One million nodes per document: the largest real manifests (CRD bundles, big Lists) have a few hundred thousand. */
export const DEFAULT_MAX_DOCUMENT_NODES = 1_000_000;

export const DEFAULT_MANIFEST_BOUNDS: ManifestBounds = {
  maxDocumentSize: DEFAULT_MAX_DOCUMENT_SIZE,
  maxDocumentNodes: DEFAULT_MAX_DOCUMENT_NODES,
};

/**
 * The number of nodes `value` expands to (every mapping, sequence and scalar counts one; an object reached
 * twice, as YAML aliases produce, counts twice), or `Infinity` when it refers to itself. Stops counting above
 * `limit`, and takes time linear in the distinct objects, however far aliases expand.
 */
export function expandedNodeCount(value: unknown, limit: number): number {
  const sizes = new WeakMap<object, number>();
  const inProgress = new WeakSet<object>();
  const count = (node: unknown): number => {
    if (node === null || typeof node !== 'object') {
      return 1;
    }
    const known = sizes.get(node);
    if (known !== undefined) {
      return known;
    }
    if (inProgress.has(node)) {
      return Infinity;
    }
    inProgress.add(node);
    let total = 1;
    const children = Array.isArray(node) ? node : node instanceof Map ? [...node.keys(), ...node.values()] : Object.values(node);
    for (const child of children) {
      total += count(child);
      if (total > limit) {
        break;
      }
    }
    inProgress.delete(node);
    sizes.set(node, total);
    return total;
  };
  return count(value);
}

/**
 * {@link expandedNodeCount} of a value known to be a tree (`JSON.parse` output: no object is reached twice, none refers
 * to itself), without tracking the objects seen. Stops counting above `limit`.
 */
export function treeNodeCount(value: unknown, limit: number): number {
  let total = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && total <= limit) {
    const node = stack.pop();
    total += 1;
    if (node !== null && typeof node === 'object') {
      if (Array.isArray(node)) {
        for (const child of node) stack.push(child);
      } else {
        for (const key in node) {
          if (Object.prototype.hasOwnProperty.call(node, key)) stack.push((node as Record<string, unknown>)[key]);
        }
      }
    }
  }
  return total;
}

/** A document of a YAML stream: its text and where it starts. */
export interface DocumentSegment {
  /** Offset of its first character in the stream. */
  readonly start: number;
  /** Offset after its last character. */
  readonly end: number;
  /** One-based line of its first character. */
  readonly line: number;
  /** Offsets of the `---` separator line that opens it (without its line feed), when one does. */
  readonly markerStart?: number;
  readonly markerEnd?: number;
  /** What follows `---` on the separator line when it is not a comment (kubectl refuses such a line). */
  readonly invalidMarker?: string;
}

/**
 * Splits YAML text at its document separators as kubectl's YAML reader (k8s.io/apimachinery `util/yaml` YAMLReader)
 * does: every line that begins with `---` is one, whatever the YAML around it, when the rest of the line is blank or
 * a `#` comment (`---#: '` too); kubectl refuses a file where other text follows, and so does the audit (the segment
 * has `invalidMarker`). Directive lines
 * (`%YAML`, `%TAG`) right before a marker, with blank and comment lines between them, go with the document they
 * introduce. Without scanning the documents themselves, so that an oversized one can be refused before parsing.
 * A segment may hold more than one document when documents are ended with `...` instead.
 */
export function splitDocuments(text: string): DocumentSegment[] {
  const segments: DocumentSegment[] = [];
  let segmentStart = 0;
  let segmentLine = 1;
  let line = 1;
  // The start (offset, line) of the run of directive/blank/comment lines just before the current line, if it holds a directive.
  let runStart: { offset: number; line: number } | undefined;
  let runHasDirective = false;
  let offset = 0;
  let marker: Pick<DocumentSegment, 'markerStart' | 'markerEnd' | 'invalidMarker'> | undefined;
  while (offset < text.length) {
    let next = text.indexOf('\n', offset);
    if (next < 0) {
      next = text.length;
    }
    const first = text.charCodeAt(offset);
    if (first === 0x2d /* - */ && text.startsWith('---', offset)) {
      const boundary = runStart && runHasDirective ? runStart : { offset, line };
      if (boundary.offset > segmentStart || marker) {
        segments.push({ start: segmentStart, end: boundary.offset, line: segmentLine, ...marker });
      }
      segmentStart = boundary.offset;
      segmentLine = boundary.line;
      const rest = goTrimSpace(text.slice(offset + 3, next));
      marker = { markerStart: offset, markerEnd: next, ...(rest === '' || rest.startsWith('#') ? {} : { invalidMarker: rest }) };
      runStart = undefined;
      runHasDirective = false;
    } else if (first === 0x25 /* % */ || first === 0x23 /* # */ || next === offset || (next === offset + 1 && first === 0x0d)) {
      runStart = runStart ?? { offset, line };
      runHasDirective = runHasDirective || first === 0x25;
    } else {
      runStart = undefined;
      runHasDirective = false;
    }
    offset = next + 1;
    line += 1;
  }
  if (text.length > segmentStart || segments.length === 0 || marker) {
    segments.push({ start: segmentStart, end: text.length, line: segmentLine, ...marker });
  }
  return segments;
}

/** Go's `strings.TrimSpace` (Unicode white space), which kubectl's document splitter applies to the rest of a `---` line. */
function goTrimSpace(text: string): string {
  return text.replace(/^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g, '');
}

/** Blank and comment lines, then a byte order mark at the start of a line: go-yaml skips such a mark. */
const LEADING_BOM = /^((?:[ \t]*(?:#[^\n]*)?\n)*)\uFEFF/;

/**
 * The text of a segment as the YAML readers get it, which is what kubectl hands go-yaml: the separator line is a
 * plain `---` (kubectl drops the line, so `---#: '` cannot open a scalar), and a byte order mark at the start of the
 * document (as `cat` of files saved with one produces) is dropped, as go-yaml skips it. Lines keep their numbers.
 */
export function segmentText(text: string, segment: DocumentSegment): string {
  const before = segment.markerStart === undefined ? '' : text.slice(segment.start, segment.markerStart) + '---';
  const body = text.slice(segment.markerEnd ?? segment.start, segment.end);
  return before + body.replace(LEADING_BOM, '$1');
}

/**
 * Why kubectl and the audit's YAML readers could read a segment differently, so that it is refused: `undefined` when
 * they read it alike. go-yaml takes a lone carriage return, NEL (U+0085), LS (U+2028) and PS (U+2029) as line breaks,
 * the audit's readers do not (a comment would hide the setting after such a character from the audit only); a byte
 * order mark anywhere but at the start of a document is skipped or refused by go-yaml depending on where it is.
 */
export function segmentInputProblem(segment: DocumentSegment, prepared: string): string | undefined {
  if (segment.invalidMarker !== undefined) {
    return `the line starting with \`---\` has \`${segment.invalidMarker.slice(0, 40)}\` after the marker; kubectl only allows a comment there `
      + 'and refuses the file (put the content on the next line)';
  }
  const odd = /\r(?!\n)|[\u0085\u2028\u2029\uFEFF]/.exec(prepared);
  if (!odd) {
    return undefined;
  }
  const names: Record<string, string> = {
    '\r': 'a carriage return not followed by a line feed',
    '\u0085': 'U+0085 (NEL)',
    '\u2028': 'U+2028 (line separator)',
    '\u2029': 'U+2029 (paragraph separator)',
    '\uFEFF': 'U+FEFF (byte order mark) not at the start of the document',
  };
  return `the document has ${names[odd[0]]}, which Kubernetes' YAML reader takes as a line break (or skips) and the audit's `
    + 'readers do not, so the two could read different settings; refused (use line feeds only, and write such characters as escapes in double-quoted strings)';
}

/** `12.3 MiB`, `512 KiB` or `900 bytes`, for messages. */
export function describeSize(bytes: number): string {
  if (bytes >= 1024 * 1024) {
    return `${Math.round(bytes / 1024 / 1024 * 10) / 10} MiB`;
  }
  if (bytes >= 1024) {
    return `${Math.round(bytes / 1024 * 10) / 10} KiB`;
  }
  return `${bytes} bytes`;
}

/**
 * A cheap bound taken before parsing: the number of `,` and line breaks in `text[start, end)`, counted up to
 * `limit + 1`. Nodes of flow collections are separated by commas and those of block collections by line breaks, so
 * a document that would expand past the node limit without aliases has about as many separators; refusing it before
 * parsing keeps memory bounded (a 30 MB flow sequence builds a syntax tree of several GB before its nodes can be
 * counted). Separators in strings, block scalars and comments count too, so a document of more than `limit` lines is
 * refused even when it has fewer nodes: far beyond any real manifest (the API server refuses requests over 3 MiB).
 */
export function separatorCount(text: string, start: number, end: number, limit: number): number {
  let count = 0;
  for (let i = start; i < end && count <= limit; i++) {
    const code = text.charCodeAt(i);
    if (code === 44 || code === 10) {
      count++;
    }
  }
  return count;
}
