import { resolvePlainScalar } from './yaml11-scalars';

/**
 * The block reader: the first reader the CLI tries on a YAML document. It reads the block style that kubectl, Helm,
 * cdk8s and the `yaml` package write (indented mappings and sequences, one scalar per line) line by line, about four
 * times faster than js-yaml, and resolves plain scalars with the same Kubernetes YAML 1.1 rules (yaml11-scalars.ts).
 *
 * It reads only what it is sure of and declines (returns `undefined`) everything else, which then goes on to js-yaml
 * and the full parser as before. Declined, among others: tabs, carriage returns and non-printable or non-BMP
 * characters anywhere; directives, `...`, anchors, aliases, tags and merge keys (`<<`); complex, flow, quoted-with-escape,
 * duplicate, `__proto__` and non-text keys (`true:`, `8080:`, `~:`); flow collections other than `{}` and `[]`;
 * plain scalars that go on past their line or hold `: `; quoted scalars that go on past their line; double-quoted
 * escapes that JSON does not have; empty, nested (`- - a`) and comment-led sequence entries; block scalars with an
 * indentation indicator, `+` chomping, more-indented folded lines, or no content; a document that is one scalar;
 * content after the document's node; any indentation js-yaml could read otherwise (a line indented between a node and
 * its parent). Whatever it returns, js-yaml with the Kubernetes schema returns the same value for (a test checks
 * this on every fixture and example, on generated documents, and on mutated ones).
 */

/** What the block reader read from one document segment. */
export interface BlockDocument {
  readonly value: unknown;
  /** One-based line (within the segment) where the document's content starts. */
  readonly line: number;
  /** The number of nodes of the value (every mapping, sequence and scalar counts one), as `treeNodeCount` counts them. */
  readonly nodes: number;
}

/** An opening bracket or brace not closed right after it. */
const OPENING = /[[{](?![\]}])/g;

/**
 * Whether `text` has a flow collection other than `{}` and `[]` as a value, an entry or the document (or text that looks
 * like one): an opening bracket or brace that follows `: `, `- ` or the start of a line, spaces aside.
 */
function hasFlowCollection(text: string): boolean {
  OPENING.lastIndex = 0;
  for (let match = OPENING.exec(text); match !== null; match = OPENING.exec(text)) {
    let at = match.index;
    while (at > 0 && text.charCodeAt(at - 1) === SPACE) at--;
    const before = at > 0 ? text.charCodeAt(at - 1) : 0x0a;
    if (before === 0x0a || ((before === COLON || before === DASH) && at < match.index)) return true;
  }
  return false;
}

/** Characters the block reader leaves to the other readers wherever they are (see above). */
const DECLINED_CHARACTERS = /[\t\r\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]/;

/**
 * Collections nested deeper than this are left to the other readers (js-yaml refuses more than 100 levels, and the full
 * parser then decides); manifests nest a few levels.
 */
const MAX_NESTING = 64;

/** Keys longer than this are left to the other readers: YAML parsers (libyaml, go-yaml, the full parser) refuse an implicit key over 1024 characters. */
export const MAX_KEY_LENGTH = 1000;

const SPACE = 0x20;
const HASH = 0x23;
const DASH = 0x2d;
const COLON = 0x3a;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;
const BACKSLASH = 0x5c;

/** Thrown inside the reader when the text is not one it is sure of; never leaves `readBlockYaml`. */
class Declined {}
const DECLINED = new Declined();

function decline(): never {
  throw DECLINED;
}

/**
 * Characters a plain scalar cannot start with in the block reader (YAML indicators; `-`, `?` and `:` are handled
 * apart): `,` `[` `]` `{` `}` `#` `&` `*` `!` `|` `>` `'` `"` `%` `@` and the backtick.
 */
const INDICATOR = new Uint8Array(128);
for (const c of ',[]{}#&*!|>\'"%@`') INDICATOR[c.charCodeAt(0)] = 1;

/** Double-quoted text whose escapes are all JSON escapes, so `JSON.parse` reads it as js-yaml does. */
const JSON_ESCAPES_ONLY = /^"(?:[^"\\]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"$/;

/**
 * Texts read before that read as themselves (keys, and plain scalars that resolve to text), by a hash of their text:
 * documents repeat their keys and many of their values (kinds, namespaces, labels), and one string for each saves
 * cutting it again and keeps one copy in memory (`JSON.parse` shares short strings the same way).
 */
const TEXT_CACHE_SIZE = 8192;
const MAX_CACHED_LENGTH = 128;
const textCache: Array<string | undefined> = new Array<string | undefined>(TEXT_CACHE_SIZE).fill(undefined);
/** The slot `cachedText` looked in last. */
let cacheSlot = 0;

/** The cached string equal to `text[start, end)` (at most `MAX_CACHED_LENGTH` long), if there is one; sets `cacheSlot`. */
function cachedText(text: string, start: number, end: number): string | undefined {
  let hash = end - start;
  for (let at = start; at < end; at++) hash = (hash * 31 + text.charCodeAt(at)) % 1_000_003;
  cacheSlot = hash % TEXT_CACHE_SIZE;
  const cached = textCache[cacheSlot];
  return cached !== undefined && cached.length === end - start && text.startsWith(cached, start) ? cached : undefined;
}

/**
 * `text` as a string of its own: V8 keeps a string of 13 or more characters cut from another as a view of it, so the
 * values of every document would keep the text of every document alive. The copy is made by cutting it from a string
 * joined for the purpose (which V8 flattens into a string of exactly this size).
 */
export function detachedString(text: string): string {
  return text.length >= 13 ? (`${text} `).slice(0, -1) : text;
}

/**
 * A quoted text (always text, whatever it says), from the cache or cut from the document; cached when short and it
 * also reads as itself plain (so that the cache serves plain scalars and keys alike).
 */
function quotedText(text: string, start: number, end: number): string {
  const short = end - start <= MAX_CACHED_LENGTH;
  const cached = short ? cachedText(text, start, end) : undefined;
  if (cached !== undefined) return cached;
  const slot = cacheSlot;
  const own = detachedString(text.slice(start, end));
  if (short && readsAsItself(own)) textCache[slot] = own;
  return own;
}

/** Whether a text reads as itself as a plain scalar (so that it may be cached for plain scalars and keys alike). */
function readsAsItself(value: string): boolean {
  return resolvePlainScalar(value) === value;
}

/** The line table of the reader, reused from one document to the next (a reader runs to its end before the next starts). */
let table = newLineTable(256);

function newLineTable(lines: number): { starts: Int32Array; ends: Int32Array; indents: Int32Array; nexts: Int32Array } {
  return { starts: new Int32Array(lines), ends: new Int32Array(lines), indents: new Int32Array(lines), nexts: new Int32Array(lines + 1) };
}

function lineTable(lines: number): typeof table {
  if (table.starts.length < lines) table = newLineTable(Math.max(lines, 2 * table.starts.length));
  return table;
}

class BlockReader {
  /** Offset of each line's first character, of the character after its last (its line feed or the text's end). */
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  /** Each line's indentation, -1 for a blank or comment-only line. */
  private readonly indents: Int32Array;
  /** For each line, the first line from it on that has content (-1 when none does): blank runs are skipped at once. */
  private readonly nexts: Int32Array;
  private readonly lineCount: number;
  /** The locator's lines of each sequence's entries and each mapping's keys, by the collection's first line and column. */
  private entryLines?: Map<string, number[]>;
  private memberLines?: Map<string, Map<string, number>>;
  /** Lines that start with `---` or `...`. */
  private readonly markers: number[] = [];
  /** How many collections the current node is nested in. */
  private depth = 0;
  /** The line after the node read last (set by every read). */
  private after = 0;
  public nodes = 0;

  /** @param ownTable whether the reader gets a line table of its own (a locator keeps it), not the shared one. */
  constructor(private readonly text: string, ownTable = false) {
    let lineCount = 0;
    const length = text.length;
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) lineCount++;
    this.lineCount = lineCount + 1;
    const lines = ownTable ? newLineTable(this.lineCount) : lineTable(this.lineCount);
    this.starts = lines.starts;
    this.ends = lines.ends;
    this.indents = lines.indents;
    this.nexts = lines.nexts;
    let offset = 0;
    for (let line = 0; line < this.lineCount; line++) {
      let end = text.indexOf('\n', offset);
      if (end < 0) end = length;
      let at = offset;
      while (at < end && text.charCodeAt(at) === SPACE) at++;
      this.starts[line] = offset;
      this.ends[line] = end;
      this.indents[line] = at === end || text.charCodeAt(at) === HASH ? -1 : at - offset;
      // `---` and `...` at a line's start end a document wherever they are; only the segment's own first marker is read.
      if (at === offset && (text.startsWith('---', at) || text.startsWith('...', at))) this.markers.push(line);
      offset = end + 1;
    }
    this.nexts[this.lineCount] = -1;
    for (let line = this.lineCount - 1; line >= 0; line--) this.nexts[line] = this.indents[line] >= 0 ? line : this.nexts[line + 1];
  }

  /** The document's value, and the line where it starts; `undefined` for a segment without content. */
  public read(): { readonly value: unknown; readonly line: number } | undefined {
    let first = this.nextContent(0);
    // The segment's own `---` line (the splitter only keeps one with nothing but a comment after it).
    if (first >= 0 && this.indents[first] === 0 && this.text.startsWith('---', this.starts[first])) {
      const rest = this.skipSpaces(this.starts[first] + 3, this.ends[first]);
      if (rest === this.starts[first] + 3 && rest < this.ends[first]) decline();
      if (rest < this.ends[first] && this.text.charCodeAt(rest) !== HASH) decline();
      first = this.nextContent(first + 1);
    }
    if (first < 0) return undefined;
    if (this.markers.length > 0 && this.markers[this.markers.length - 1] >= first) decline();
    const col = this.indents[first];
    const start = this.starts[first] + col;
    const code = this.text.charCodeAt(start);
    if (col === 0 && (code === 0x25 /* % */ || this.text.startsWith('---', start) || this.text.startsWith('...', start))) decline();
    const value = this.node(first, col);
    if (this.nextContent(this.after) >= 0) decline();
    return { value, line: first + 1 };
  }

  /** The collection that starts a line of its own at column `col` (a scalar alone on its line is declined). */
  private node(line: number, col: number): unknown {
    if (this.isEntry(line, col)) return this.sequence(line, col);
    if (this.keyEnd(line, col) >= 0) return this.mapping(line, col);
    return decline();
  }

  /** Whether the line has a sequence entry indicator (`- ` or a lone `-`) at column `col`. */
  private isEntry(line: number, col: number): boolean {
    const at = this.starts[line] + col;
    if (this.text.charCodeAt(at) !== DASH) return false;
    return at + 1 === this.ends[line] || this.text.charCodeAt(at + 1) === SPACE;
  }

  /**
   * When the line holds a `key:` at column `col` (followed by a space or the line's end), the offset of its colon;
   * otherwise -1. A key line the reader is not sure of (a quoted key with escapes, a key before a comment) is declined.
   */
  private keyEnd(line: number, col: number): number {
    const text = this.text;
    const start = this.starts[line] + col;
    const end = this.ends[line];
    const first = text.charCodeAt(start);
    if (first === DOUBLE_QUOTE || first === SINGLE_QUOTE) {
      const close = text.indexOf(first === DOUBLE_QUOTE ? '"' : "'", start + 1);
      if (close < 0 || close >= end) return decline();
      if (text.charCodeAt(close + 1) !== COLON) return -1;
      // A key with an escape or a doubled quote, or a colon not followed by a space: left to the other readers.
      for (let at = start + 1; at < close; at++) {
        if (text.charCodeAt(at) === BACKSLASH) return decline();
      }
      if (close + 2 < end && text.charCodeAt(close + 2) !== SPACE) return decline();
      return close + 1;
    }
    // The first `:` followed by a space or the line's end, unless a comment (` #`) comes first.
    for (let at = start + 1; at < end; at++) {
      const code = text.charCodeAt(at);
      if (code === COLON && (at + 1 === end || text.charCodeAt(at + 1) === SPACE)) return at;
      if (code === HASH && text.charCodeAt(at - 1) === SPACE) return -1;
    }
    return -1;
  }

  /** The text key of the key line at column `col` whose colon is at `colon`. */
  private key(line: number, col: number, colon: number): string {
    const text = this.text;
    const start = this.starts[line] + col;
    const first = text.charCodeAt(start);
    if (colon - start > MAX_KEY_LENGTH) return decline();
    if (first === DOUBLE_QUOTE || first === SINGLE_QUOTE) {
      const key = text.slice(start + 1, colon - 1);
      return key === '__proto__' ? decline() : key;
    }
    if (first < 128 && INDICATOR[first] === 1) return decline();
    if ((first === DASH || first === 0x3f /* ? */ || first === COLON) && (start + 1 === colon || text.charCodeAt(start + 1) === SPACE)) {
      return decline();
    }
    if (colon === start || text.charCodeAt(colon - 1) === SPACE) return decline();
    // Keys that are not text to js-yaml (`true`, `8080`, `~`), the merge key and `__proto__` (a cached text reads as itself).
    const short = colon - start <= MAX_CACHED_LENGTH;
    const cached = short ? cachedText(text, start, colon) : undefined;
    const slot = cacheSlot;
    const key = cached ?? detachedString(text.slice(start, colon));
    if (key === '<<' || key === '__proto__' || (cached === undefined && !readsAsItself(key))) return decline();
    if (short && cached === undefined) textCache[slot] = key;
    return key;
  }

  private mapping(line: number, col: number): Record<string, unknown> {
    if (++this.depth > MAX_NESTING) decline();
    const result: Record<string, unknown> = {};
    this.nodes++;
    let current = line;
    for (;;) {
      const colon = this.keyEnd(current, col);
      if (colon < 0) decline();
      const key = this.key(current, col, colon);
      if (Object.prototype.hasOwnProperty.call(result, key)) decline();
      const valueAt = this.skipSpaces(colon + 1, this.ends[current]);
      let value: unknown;
      if (valueAt < this.ends[current] && this.text.charCodeAt(valueAt) !== HASH) {
        value = this.inline(current, valueAt, col);
      } else {
        const next = this.nextContent(current + 1);
        const indent = next >= 0 ? this.indents[next] : -1;
        if (indent > col) {
          value = this.node(next, indent);
        } else if (indent === col && this.isEntry(next, col)) {
          value = this.sequence(next, col);
        } else {
          value = null;
          this.nodes++;
          this.after = current + 1;
        }
      }
      result[key] = value;
      const next = this.nextContent(this.after);
      if (next < 0 || this.indents[next] < col) {
        this.depth--;
        return result;
      }
      if (this.indents[next] > col) decline();
      current = next;
    }
  }

  /** The block sequence at column `col` (returned as an array of exactly its length: a pushed-to array has room to spare). */
  private sequence(line: number, col: number): unknown[] {
    if (++this.depth > MAX_NESTING) decline();
    const result: unknown[] = [];
    this.nodes++;
    let current = line;
    for (;;) {
      if (!this.isEntry(current, col)) return this.ended(result);
      const end = this.ends[current];
      const contentAt = this.skipSpaces(this.starts[current] + col + 1, end);
      // An empty entry, one whose node starts on the next line, or a nested entry on the same line.
      if (contentAt >= end || this.text.charCodeAt(contentAt) === HASH || this.isEntry(current, contentAt - this.starts[current])) decline();
      const contentCol = contentAt - this.starts[current];
      if (this.keyEnd(current, contentCol) >= 0) {
        result.push(this.mapping(current, contentCol));
      } else {
        result.push(this.inline(current, contentAt, col));
      }
      const next = this.nextContent(this.after);
      if (next < 0 || this.indents[next] < col) return this.ended(result);
      if (this.indents[next] > col) decline();
      current = next;
    }
  }

  /** A sequence read to its end, as an array of exactly its length. */
  private ended(result: unknown[]): unknown[] {
    this.depth--;
    return result.slice();
  }

  /**
   * The scalar (or empty flow collection) that starts at offset `at` of `line`, owned by the key or entry at column
   * `owner`; a block scalar's content follows on the next lines.
   */
  private inline(line: number, at: number, owner: number): unknown {
    const text = this.text;
    const end = this.ends[line];
    const first = text.charCodeAt(at);
    this.nodes++;
    this.after = line + 1;
    let value: unknown;
    let valueEnd: number;
    if (first === DOUBLE_QUOTE) {
      let close = at + 1;
      for (;;) {
        close = text.indexOf('"', close);
        if (close < 0 || close >= end) return decline();
        let backslashes = 0;
        while (text.charCodeAt(close - 1 - backslashes) === BACKSLASH) backslashes++;
        if (backslashes % 2 === 0) break;
        close++;
      }
      const quoted = text.slice(at, close + 1);
      if (quoted.indexOf('\\') < 0) {
        value = quotedText(text, at + 1, close);
      } else {
        if (!JSON_ESCAPES_ONLY.test(quoted)) decline();
        value = JSON.parse(quoted);
      }
      valueEnd = close + 1;
    } else if (first === SINGLE_QUOTE) {
      let close = at + 1;
      for (;;) {
        close = text.indexOf("'", close);
        if (close < 0 || close >= end) return decline();
        if (text.charCodeAt(close + 1) !== SINGLE_QUOTE) break;
        close += 2;
      }
      value = detachedString(text.slice(at + 1, close).replace(/''/g, "'"));
      valueEnd = close + 1;
    } else if (first === 0x7b /* { */ || first === 0x5b /* [ */) {
      if (text.charCodeAt(at + 1) !== first + 2) decline();
      value = first === 0x7b ? {} : [];
      valueEnd = at + 2;
    } else if (first === 0x7c /* | */ || first === 0x3e /* > */) {
      return this.blockScalar(line, at, owner);
    } else {
      return this.plain(line, at, end);
    }
    // After a quoted scalar or a flow collection: only spaces and a comment.
    const rest = this.skipSpaces(valueEnd, end);
    if (rest < end && (text.charCodeAt(rest) !== HASH || rest === valueEnd)) decline();
    return value;
  }

  /** A plain scalar from `at` to the end of its line (or a comment), resolved as Kubernetes reads it. */
  private plain(line: number, at: number, end: number): unknown {
    const text = this.text;
    const first = text.charCodeAt(at);
    if (first < 128 && INDICATOR[first] === 1) decline();
    if ((first === DASH || first === 0x3f /* ? */ || first === COLON) && (at + 1 === end || text.charCodeAt(at + 1) === SPACE)) decline();
    // The scalar ends at a comment (` #`); `key: a: b` is an error to js-yaml, and a value ending with `:` reads otherwise.
    let stop = end;
    for (let i = at + 1; i < end; i++) {
      const code = text.charCodeAt(i);
      if (code === HASH && text.charCodeAt(i - 1) === SPACE) {
        stop = i;
        break;
      }
      if (code === COLON && (i + 1 === end || text.charCodeAt(i + 1) === SPACE)) decline();
    }
    while (stop > at && text.charCodeAt(stop - 1) === SPACE) stop--;
    this.after = line + 1;
    const short = stop - at <= MAX_CACHED_LENGTH;
    const cached = short ? cachedText(text, at, stop) : undefined;
    if (cached !== undefined) return cached;
    const slot = cacheSlot;
    const cut = text.slice(at, stop);
    const value = resolvePlainScalar(cut);
    if (typeof value !== 'string') return value;
    const own = detachedString(cut);
    if (short) textCache[slot] = own;
    return own;
  }

  /** A literal (`|`, `|-`) or folded (`>`, `>-`) block scalar whose header is at `at`, owned by the node at column `owner`. */
  private blockScalar(line: number, at: number, owner: number): string {
    const text = this.text;
    const end = this.ends[line];
    const literal = text.charCodeAt(at) === 0x7c;
    let headerEnd = at + 1;
    const strip = text.charCodeAt(headerEnd) === DASH;
    if (strip) headerEnd++;
    const rest = this.skipSpaces(headerEnd, end);
    if (rest < end && (text.charCodeAt(rest) !== HASH || rest === headerEnd)) decline();
    // The content lines: the first line with content sets the indentation, which must be deeper than the owner's.
    let first = line + 1;
    while (first < this.lineCount && this.lineIsBlank(first)) {
      // A blank line before the content with more spaces than the content's indentation is an error to js-yaml.
      first++;
    }
    if (first >= this.lineCount) decline();
    const indent = this.leadingSpaces(first);
    if (indent <= owner) decline();
    for (let i = line + 1; i < first; i++) {
      if (this.ends[i] - this.starts[i] > indent) decline();
    }
    const parts: string[] = [];
    let lastContent = -1;
    let i = line + 1;
    for (; i < this.lineCount; i++) {
      const spaces = this.leadingSpaces(i);
      const blank = this.lineIsBlank(i);
      if (blank) {
        if (this.ends[i] - this.starts[i] > indent) decline();
        parts.push('');
        continue;
      }
      if (spaces < indent) break;
      // More-indented lines of a folded scalar keep their line breaks: left to the other readers.
      if (!literal && spaces > indent) decline();
      parts.push(text.slice(this.starts[i] + indent, this.ends[i]));
      lastContent = parts.length - 1;
    }
    this.after = i;
    const kept = parts.slice(0, lastContent + 1);
    let body: string;
    if (literal) {
      body = kept.join('\n');
    } else {
      body = '';
      let breaks = 0;
      for (let k = 0; k < kept.length; k++) {
        if (kept[k] === '') {
          breaks++;
          continue;
        }
        if (k > 0) body += breaks === 0 ? ' ' : '\n'.repeat(breaks);
        body += kept[k];
        breaks = 0;
      }
    }
    return strip ? body : `${body}\n`;
  }

  /**
   * The one-based line of the node at `path` in a document this reader has read (so every line at a collection's column
   * is one of its keys or entries), or of its closest existing ancestor; `undefined` for an empty value (`key:`), whose
   * line the other locators give as the full parser places it.
   */
  public lineOf(path: ReadonlyArray<string | number>): number | undefined {
    let first = this.nextContent(0);
    if (first >= 0 && this.indents[first] === 0 && this.text.startsWith('---', this.starts[first])) first = this.nextContent(first + 1);
    if (first < 0) return undefined;
    // The node: its first line, the column its content starts at, and whether it is a scalar (or `{}`/`[]`) on that line.
    let line = first;
    let col = this.indents[first];
    let collection = true;
    for (const key of path) {
      if (!collection) break;
      const start = this.starts[line] + col;
      let found: { line: number; col: number; collection: boolean } | 'missing' | 'empty';
      if (this.isEntry(line, col)) {
        found = typeof key === 'number' ? this.entryAt(line, col, key) : 'missing';
      } else if (this.text.charCodeAt(start) === 0x7b /* { */ || this.text.charCodeAt(start) === 0x5b /* [ */) {
        found = 'missing';
      } else {
        found = this.memberAt(line, col, String(key));
      }
      if (found === 'empty') return undefined;
      if (found === 'missing') break;
      ({ line, col, collection } = found);
    }
    return line + 1;
  }

  /** The entry `index` of the block sequence whose first entry is at (`line`, `col`). */
  private entryAt(line: number, col: number, index: number): { line: number; col: number; collection: boolean } | 'missing' {
    // The entries' lines, found once per sequence: a List of a whole cluster is one sequence with a finding in most items.
    const key = `${line}:${col}`;
    this.entryLines ??= new Map();
    let entries = this.entryLines.get(key);
    if (!entries) {
      entries = [];
      for (let i = line; i >= 0; i = this.nextContent(i + 1)) {
        const indent = this.indents[i];
        if (indent > col) continue;
        if (indent < col || !this.isEntry(i, col)) break;
        entries.push(i);
      }
      this.entryLines.set(key, entries);
    }
    if (index >= entries.length) return 'missing';
    const i = entries[index];
    const contentCol = this.skipSpaces(this.starts[i] + col + 1, this.ends[i]) - this.starts[i];
    return { line: i, col: contentCol, collection: this.keyEnd(i, contentCol) >= 0 };
  }

  /** The value of the member `name` of the block mapping whose first key is at (`line`, `col`). */
  private memberAt(line: number, col: number, name: string): { line: number; col: number; collection: boolean } | 'missing' | 'empty' {
    // The keys' lines, found once per mapping.
    const cacheKey = `${line}:${col}`;
    this.memberLines ??= new Map();
    let members = this.memberLines.get(cacheKey);
    if (!members) {
      members = new Map();
      for (let i = line; i >= 0; i = this.nextContent(i + 1)) {
        const indent = i === line ? col : this.indents[i];
        if (indent > col) continue;
        if (indent < col) break;
        // A sequence at the mapping's own column is a value's (`key:` then `- a` below it), not a key.
        if (this.isEntry(i, col)) continue;
        const colon = this.keyEnd(i, col);
        if (colon < 0) break;
        const start = this.starts[i] + col;
        const quoted = this.text.charCodeAt(start) === DOUBLE_QUOTE || this.text.charCodeAt(start) === SINGLE_QUOTE;
        const member = this.text.slice(quoted ? start + 1 : start, quoted ? colon - 1 : colon);
        if (!members.has(member)) members.set(member, i);
      }
      this.memberLines.set(cacheKey, members);
    }
    const i = members.get(name);
    if (i === undefined) return 'missing';
    const valueAt = this.skipSpaces(this.keyEnd(i, col) + 1, this.ends[i]);
    if (valueAt < this.ends[i] && this.text.charCodeAt(valueAt) !== HASH) return { line: i, col: -1, collection: false };
    const next = this.nextContent(i + 1);
    if (next >= 0 && (this.indents[next] > col || (this.indents[next] === col && this.isEntry(next, col)))) {
      return { line: next, col: this.indents[next], collection: true };
    }
    return 'empty';
  }

  private lineIsBlank(line: number): boolean {
    return this.skipSpaces(this.starts[line], this.ends[line]) === this.ends[line];
  }

  private leadingSpaces(line: number): number {
    return this.skipSpaces(this.starts[line], this.ends[line]) - this.starts[line];
  }

  private skipSpaces(from: number, end: number): number {
    let at = from;
    while (at < end && this.text.charCodeAt(at) === SPACE) at++;
    return at;
  }

  private nextContent(from: number): number {
    return from >= this.lineCount ? -1 : this.nexts[from];
  }

}

/**
 * The one document of a segment read by the block reader, or `undefined` when it is not sure of the text (see above)
 * or the segment has no content; the other readers then read it.
 *
 * The segment's text is copied first: the values' strings are cut from it, and V8 keeps a cut string as a view of the
 * string it was cut from, which for a segment that is a view of the whole input would keep the whole input alive.
 */
export function readBlockYaml(text: string): BlockDocument | undefined {
  // A flow collection with content (`{ cpu: 1 }`, `[Ingress, Egress]`, as hand-written manifests have) is declined
  // before reading, rather than where it is met.
  if (DECLINED_CHARACTERS.test(text) || hasFlowCollection(text)) return undefined;
  const reader = new BlockReader(flatCopy(text));
  try {
    const read = reader.read();
    return read === undefined ? undefined : { value: read.value, line: read.line, nodes: reader.nodes };
  } catch (error) {
    // Nesting deeper than the stack allows is left to the other readers too.
    if (error === DECLINED || error instanceof RangeError) return undefined;
    throw error;
  }
}

function flatCopy(text: string): string {
  return (` ${text}`).slice(1);
}

/**
 * Lines of the fields of a document the block reader read (`text` is the segment it read): `lineOf` gives the one-based
 * line (within the segment) of the node at a path, or of its closest existing ancestor, as the full parser places them,
 * and `undefined` for an empty value. Found along the path from the indentation of the lines, without reading the
 * document again; only for documents with findings.
 */
export function blockDocumentLines(text: string): { lineOf(path: ReadonlyArray<string | number>): number | undefined } {
  const reader = new BlockReader(text, true);
  return {
    lineOf: path => {
      try {
        return reader.lineOf(path);
      } catch (error) {
        // Text other than the one read (a file changed since): the other locators answer.
        if (error === DECLINED) return undefined;
        throw error;
      }
    },
  };
}
