import type * as JsYaml from 'js-yaml';
import { BlockDocumentLines } from './block-lines';
import { blockDocumentLines, detachedString, MAX_KEY_LENGTH, readBlockYaml } from './block-yaml';
import { GO_INT_PATTERN, goYamlFloat, goYamlInt } from './go-yaml-int';
import { FALSE_TEST, NULL_TEST, TRUE_TEST } from './yaml11-scalars';

/**
 * The fast reader of the CLI front end: js-yaml with a schema that resolves plain scalars exactly as the full parser
 * (the `yaml` package in YAML 1.1 mode, see parse-manifest-text.ts) does, which is how kubectl (go-yaml v2) reads them:
 * `yes`/`on`/`off` are booleans, `0400` is octal, `0o17` and `0O17` too, `0x1F` and `0X1F` hex, `0_x10` 16, `1_000` an integer, `~` null;
 * base 60 (`190:20:30`) and `e5` are text. Timestamps stay text (Kubernetes fields that hold dates are strings), and
 * `!!binary` is its decoded text. The same rules as the full parser's (go-yaml-int.ts and yaml11-scalars.ts).
 *
 * The reader gives up (returns `undefined`) on anything where the two parsers could disagree or where only the full
 * parser has the bound or the message: a parse error (the full parser words the problem), aliases and merge keys
 * (the full parser counts alias expansion against its alias limit), streams with more documents than `---` markers show.
 */

/** js-yaml, loaded when first needed: a CLI run whose documents the block reader or `JSON.parse` reads never loads it. */
function jsYaml(): typeof JsYaml {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('js-yaml');
}

let schema: JsYaml.Schema | undefined;

/** Kubernetes' YAML 1.1 scalars for js-yaml; timestamps are not resolved (they stay strings). Built when first needed. */
export function kubernetesYamlSchema(): JsYaml.Schema {
  if (schema) return schema;
  const { FAILSAFE_SCHEMA, Type } = jsYaml();
  const nullType = new Type('tag:yaml.org,2002:null', {
    kind: 'scalar',
    resolve: data => data === null || (typeof data === 'string' && NULL_TEST.test(data)),
    construct: () => null,
  });
  const boolType = new Type('tag:yaml.org,2002:bool', {
    kind: 'scalar',
    resolve: data => typeof data === 'string' && (TRUE_TEST.test(data) || FALSE_TEST.test(data)),
    construct: (data: string) => TRUE_TEST.test(data),
  });
  // `!!binary` as kubectl reads it: the base64 decoded to text (a rule looks at it as at any string).
  const binaryType = new Type('tag:yaml.org,2002:binary', {
    kind: 'scalar',
    resolve: data => typeof data === 'string',
    construct: (data: string) => Buffer.from(data.replace(/\s+/g, ''), 'base64').toString('utf8'),
  });
  // Integers and floats as go-yaml v2 reads them (no base 60, no `e5`): see go-yaml-int.ts.
  const intType = new Type('tag:yaml.org,2002:int', {
    kind: 'scalar',
    resolve: data => typeof data === 'string' && GO_INT_PATTERN.test(data),
    construct: (data: string) => goYamlInt(data),
  });
  const floatType = new Type('tag:yaml.org,2002:float', {
    kind: 'scalar',
    resolve: data => typeof data === 'string' && goYamlFloat(data) !== undefined,
    construct: (data: string) => goYamlFloat(data),
  });
  schema = FAILSAFE_SCHEMA.extend({
    implicit: [nullType, boolType, intType, floatType],
    explicit: [binaryType],
  });
  return schema;
}

/**
 * Text the fast reader leaves to the full parser (a false match only costs speed; plain text such as `/*`, `"*"`,
 * `cat <<EOF` or `a: b` is not matched):
 * - an anchor (see `MAY_HAVE_ALIAS`) or a merge key (`<<:`): the full parser bounds alias expansion;
 * - keys that are not scalars or are null (`? [a, b]`, `[a, b]: c`, `~: x`, `: x`): the parsers turn them into
 *   different strings;
 * - compact nested sequences (`- - a`) and empty sequence entries (a line that is only `-`): js-yaml nests an entry that
 *   follows an empty one one level too deep, so a container after `args: [-]` would be read as an argument and never
 *   audited as a container.
 */
const NEEDS_FULL_PARSER = new RegExp([
  /<<[ \t]*:/.source,
  /(?:^|[\s[{,])\?(?:\s|$)/.source,
  /[\]}][ \t]*:(?:[\s,\]}]|$)/.source,
  /(?:^|[\s[{,])(?:~|[Nn]ull|NULL)?:(?:[\s,\]}]|$)/.source,
  /^[ \t]*-[ \t]+-(?:[ \t]|\r?$)/.source,
  /^[ \t]*-[ \t]*(?:#.*)?\r?$/.source,
].join('|'), 'm');

/**
 * Text where an alias (`*name`) may start a node, after a flow-map colon too (`{"k":*a}`). CronJob schedules (`"0 3 * * *"`)
 * and shell globs match it as well, so where it matches the fast reader still reads the document and watches for
 * anchors: an alias needs an anchor (js-yaml refuses an alias to no anchor), so a document without one has no alias,
 * and a document with one goes to the full parser.
 */
const MAY_HAVE_ALIAS = /(?:^|[\s[{,:])\*[^\s[\]{},]/m;

/**
 * Text where an anchor (`&name`) may start a node: js-yaml reads an anchor only where a node's properties start (after
 * a line start, a space or a flow indicator). Without one, no alias can resolve, so `MAY_HAVE_ALIAS` text without it
 * is read without watching for anchors.
 */
const MAY_HAVE_ANCHOR = /(?:^|[\s[{,:])&[^\s[\]{},]/m;

/** The one-based line (within `text`) where the first document's content starts, and whether `text` has a document. */
export function contentStart(text: string): { readonly hasDocument: boolean; readonly line: number } {
  let line = 1;
  let offset = 0;
  let marker = false;
  while (offset < text.length) {
    let next = text.indexOf('\n', offset);
    if (next < 0) next = text.length;
    const trimmed = text.slice(offset, next).trim();
    if (trimmed.startsWith('---') && (trimmed.length === 3 || /[ \t]/.test(trimmed[3]))) {
      marker = true;
      const rest = trimmed.slice(3).trim();
      if (rest !== '' && !rest.startsWith('#')) return { hasDocument: true, line };
    } else if (trimmed !== '' && !trimmed.startsWith('#') && !(trimmed.startsWith('%') && !marker)) {
      return { hasDocument: true, line };
    }
    offset = next + 1;
    line += 1;
  }
  return { hasDocument: marker, line: 1 };
}

/** The fast reading of one document segment. */
export interface FastSegment {
  /** The document's value; `undefined` when the segment holds no document (only comments or blank lines). */
  readonly value: unknown;
  readonly hasDocument: boolean;
  /** The one-based line, within the segment, where the document's content starts. */
  readonly line: number;
  /** Whether the segment is JSON text, read with `JSON.parse` (its lines are found by json-lines.ts). */
  readonly json?: boolean;
  /** The value's node count, when the reader counted it (the value is then a tree). */
  readonly nodes?: number;
  /** Whether the block reader read the segment (its lines are then found from the indentation). */
  readonly block?: boolean;
}

/** The documents of `text` read by js-yaml, or `undefined` when a node has an anchor (the full parser reads it then). */
function loadWithoutAnchors(text: string): unknown[] | undefined {
  let anchored = false;
  let seen: { anchor: string | null; anchorMap?: object } | undefined;
  const documents = jsYaml().loadAll(text, undefined, {
    schema: kubernetesYamlSchema(),
    listener: (event, state) => {
      seen = state as unknown as { anchor: string | null; anchorMap?: object };
      if (event === 'close' && seen.anchor !== null) anchored = true;
    },
  });
  return anchored || (seen?.anchorMap !== undefined && Object.keys(seen.anchorMap).length > 0) ? undefined : documents;
}

/**
 * Reads one segment (the text between two `---` markers) with the fast reader, or `undefined` when the full parser
 * must read it (see above). A segment with more than one document (ended with `...`) is left to the full parser.
 */
export function readSegmentFast(text: string): FastSegment | undefined {
  const json = readJson(text);
  if (json) {
    return json;
  }
  // Block style, what tools write: read line by line (it declines all that NEEDS_FULL_PARSER matches, and more).
  const block = readBlockYaml(text);
  if (block) {
    return { value: block.value, hasDocument: true, line: block.line, nodes: block.nodes, block: true };
  }
  if (NEEDS_FULL_PARSER.test(text)) {
    return undefined;
  }
  const start = contentStart(text);
  if (!start.hasDocument) {
    return { value: undefined, hasDocument: false, line: 1 };
  }
  let documents: unknown[] | undefined;
  try {
    documents = MAY_HAVE_ALIAS.test(text) && MAY_HAVE_ANCHOR.test(text)
      ? loadWithoutAnchors(text)
      : jsYaml().loadAll(text, undefined, { schema: kubernetesYamlSchema() });
  } catch {
    return undefined;
  }
  if (documents === undefined) {
    return undefined;
  }
  // A key over 1024 characters, which js-yaml reads and the full parser (as kubectl's go-yaml) refuses.
  if (documents.length !== 1 || hasLongKey(documents[0])) {
    return undefined;
  }
  return { value: compactValue(documents[0]), hasDocument: true, line: start.line };
}

/** Whether `value` has a key longer than the block reader reads (it leaves those to the other readers too). */
function hasLongKey(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(hasLongKey);
  return Object.keys(value).some((key) => key.length > MAX_KEY_LENGTH || hasLongKey((value as Record<string, unknown>)[key]));
}

/** Whether `value` holds a number JSON cannot carry (`.inf`, `.nan`, `-0`). */
function hasNonJsonNumber(value: unknown): boolean {
  if (typeof value === 'number') {
    return !Number.isFinite(value) || Object.is(value, -0);
  }
  if (value !== null && typeof value === 'object') {
    for (const child of Array.isArray(value) ? value : Object.values(value)) {
      if (child !== null && typeof child !== 'string' && typeof child !== 'boolean' && hasNonJsonNumber(child)) return true;
    }
  }
  return false;
}

/**
 * The document's value as the objects the audit keeps: rebuilt with `JSON.parse` (objects of exactly their size, strings
 * of their own; js-yaml grows objects key by key) when JSON carries every value, otherwise with its strings detached.
 * Kept for every document of the input, so their size is the CLI's memory.
 */
function compactValue(value: unknown): unknown {
  return hasNonJsonNumber(value) ? detachStrings(value) : JSON.parse(JSON.stringify(value));
}

/**
 * `value` with every long string copied out of the reader's copy of the document text. js-yaml reads from its own copy
 * of the text (with an end marker appended), and V8 keeps a string of 13 or more characters cut from a string as a view
 * of it, so the values of every document would keep a second copy of all the text alive (about 100 MB more for 100 MB
 * of YAML). The fast reader's values are trees (no aliases), so each string is copied once.
 */
function detachStrings(value: unknown): unknown {
  if (typeof value === 'string') {
    return detachedString(value);
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      value[i] = detachStrings(value[i]);
    }
  } else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const child = record[key];
      if (child !== null && typeof child !== 'number' && typeof child !== 'boolean') {
        record[key] = detachStrings(child);
      }
    }
  }
  return value;
}

/** A node of a document as the line locator sees it: where it starts, its kind and value, and its child nodes. */
interface LineNode {
  /** One-based line where the node's content starts (for an empty node, where it would be). */
  readonly line: number;
  readonly kind: string | null;
  readonly value: unknown;
  /** A mapping's keys and values in turn, a sequence's items. */
  readonly children: LineNode[];
}

/** The line of the first character after `offset` that is not a space, a line break or part of a comment. */
function contentLineAfter(text: string, offset: number, line: number): number {
  let at = offset;
  let current = line;
  while (at < text.length) {
    const code = text.charCodeAt(at);
    if (code === 0x0a) {
      current += 1;
    } else if (code === 0x23 /* # */) {
      const end = text.indexOf('\n', at);
      if (end < 0) return current;
      at = end;
      continue;
    } else if (code !== 0x20 && code !== 0x09 && code !== 0x0d) {
      return current;
    }
    at += 1;
  }
  return current;
}

/**
 * The node tree of the one document of `text`, with lines, from js-yaml's parse events; only for a document the fast
 * reader read (so without aliases, merge keys or complex keys), and only when a finding needs a line.
 */
function lineTree(text: string): LineNode | undefined {
  const stack: Array<{ offset: number; line: number; children: LineNode[] }> = [];
  const roots: LineNode[] = [];
  jsYaml().loadAll(text, undefined, {
    schema: kubernetesYamlSchema(),
    listener: (event, state) => {
      if (event === 'open') {
        stack.push({ offset: state.position, line: state.line + 1, children: [] });
        return;
      }
      const frame = stack.pop()!;
      const kind = state.kind ?? null;
      const parent = stack.length > 0 ? stack[stack.length - 1].children : roots;
      // js-yaml reads a node at the start of a block as the key of a mapping first, and keeps it when no `:` follows:
      // the node is then its own only child.
      const only = frame.children.length === 1 ? frame.children[0] : undefined;
      if (only && only.kind === kind && only.value === state.result) {
        parent.push(only);
        return;
      }
      // A sequence entry left empty gets no parse events; the lines of such a document are left to the full parser.
      if ((kind === 'sequence' && frame.children.length !== (state.result as unknown[]).length)
        || (kind === 'mapping' && frame.children.length !== 2 * Object.keys(state.result as object).length)) {
        throw new Error('the parse events do not match the value');
      }
      const empty = kind === null || (kind === 'scalar' && state.result === null && state.position === frame.offset);
      const node: LineNode = {
        line: empty ? frame.line : contentLineAfter(state.input, frame.offset, frame.line),
        kind,
        value: state.result,
        children: frame.children,
      };
      parent.push(node);
    },
  });
  return roots[roots.length - 1];
}

/** Lines of the fields of one document read by the fast reader, parsed again with position events when first asked. */
export class FastDocumentLines {
  private tree: LineNode | undefined | null = null;
  private block: BlockDocumentLines | undefined;
  private readonly blockRead: ReturnType<typeof blockDocumentLines> | undefined;

  /** @param block whether the block reader read the document */
  constructor(private readonly text: string, block = false) {
    this.blockRead = block ? blockDocumentLines(text) : undefined;
  }

  /**
   * The one-based line (within the segment) of the node at `path` (split), or of its closest existing ancestor;
   * `undefined` when the parse events do not locate the document's nodes (the caller asks the full parser).
   */
  public lineOf(path: ReadonlyArray<string | number>): number | undefined {
    // A document the block reader read is located along the path from its lines' indentation.
    const fromBlock = this.blockRead?.lineOf(path);
    if (fromBlock !== undefined) return fromBlock;
    // Other block-style documents are located from their lines' indentation, without parsing.
    this.block ??= new BlockDocumentLines(this.text);
    const fromIndentation = this.block.lineOf(path);
    if (fromIndentation !== undefined) return fromIndentation;
    if (this.tree === null) {
      try {
        this.tree = lineTree(this.text);
      } catch {
        this.tree = undefined;
      }
    }
    let node = this.tree;
    if (!node) return undefined;
    let line = node.line;
    for (const key of path) {
      let next: LineNode | undefined;
      if (node.kind === 'mapping') {
        const children: LineNode[] = node.children;
        let pair = -1;
        for (let i = 0; i + 1 < children.length; i += 2) {
          if (String(children[i].value) === String(key)) {
            pair = i;
            break;
          }
        }
        if (pair < 0) break;
        const value: LineNode = children[pair + 1];
        if (value.kind === null) {
          line = children[pair].line;
          break;
        }
        next = value;
      } else if (node.kind === 'sequence' && typeof key === 'number') {
        next = node.children[key];
      }
      if (next === undefined) break;
      node = next;
      line = node.line;
    }
    return line;
  }
}

/**
 * JSON text (a `.json` file, `kubectl get -o json`, JSON on standard input) read with `JSON.parse`, the fastest path.
 * JSON is YAML, and reads to the same values either way; text that is not JSON goes on to the YAML readers.
 */
function readJson(text: string): FastSegment | undefined {
  const first = /\S/.exec(text);
  if (!first || (first[0] !== '{' && first[0] !== '[')) {
    return undefined;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  // A number out of range (`1e400`), which JSON.parse makes infinite and go-yaml leaves as text: the YAML readers read it.
  if (MAY_OVERFLOW.test(text) && hasInfinity(value)) return undefined;
  return { value, hasDocument: true, line: contentStart(text).line, json: true };
}

/** Text where a number may be too large for a double: an exponent of three digits or more, or 300 digits in a row. */
const MAY_OVERFLOW = /[0-9.][eE]\+?[0-9]{3}|[0-9]{300}/;

function hasInfinity(value: unknown): boolean {
  if (typeof value === 'number') return !Number.isFinite(value);
  if (value === null || typeof value !== 'object') return false;
  return (Array.isArray(value) ? value : Object.values(value)).some(hasInfinity);
}
