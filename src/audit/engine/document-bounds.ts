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

/** A document of a YAML stream: its text and where it starts. */
export interface DocumentSegment {
  /** Offset of its first character in the stream. */
  readonly start: number;
  /** Offset after its last character. */
  readonly end: number;
  /** One-based line of its first character. */
  readonly line: number;
}

/**
 * Splits YAML text at its document start markers (a line that begins with `---` followed by a space, a tab or the
 * end of the line; YAML forbids such a line inside any scalar, so it always starts a document). Directive lines
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
  while (offset < text.length) {
    let next = text.indexOf('\n', offset);
    if (next < 0) {
      next = text.length;
    }
    const first = text.charCodeAt(offset);
    if (first === 0x2d /* - */ && text.startsWith('---', offset) && (offset + 3 >= next || /[ \t\r]/.test(text[offset + 3]))) {
      const boundary = runStart && runHasDirective ? runStart : { offset, line };
      if (boundary.offset > segmentStart) {
        segments.push({ start: segmentStart, end: boundary.offset, line: segmentLine });
      }
      segmentStart = boundary.offset;
      segmentLine = boundary.line;
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
  if (text.length > segmentStart || segments.length === 0) {
    segments.push({ start: segmentStart, end: text.length, line: segmentLine });
  }
  return segments;
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
