/**
 * Lines of fields of a block-style YAML document (what kubectl, Helm and cdk8s write), found from the indentation of
 * its lines without parsing it again. Only for documents the fast reader read (so without anchors, aliases, merge keys
 * or complex keys), and only where the lines are unambiguous: `lineOf` gives `undefined` for anything else (a flow
 * collection the path enters, a tag, a key that resolves to a non-string, a quoted value or flow collection that goes on
 * past its line, an empty value, white space other than spaces and line breaks), and the caller then asks the parse events.
 */

const NULL_KEY = /^(?:~|[Nn]ull|NULL)$/;
const BOOL_KEY = /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON|N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/;
/** Characters a plain key cannot start with, or that make its reading depend on more than this line. */
const NOT_A_PLAIN_KEY_START = /^[-?:,[\]{}#&*!|>'"%@`\s]/;

/** A node in the document: its content starts at column `col` of line `line`; its lines end before line `end`. */
interface BlockNode {
  readonly line: number;
  readonly col: number;
  readonly end: number;
}

export class BlockDocumentLines {
  private readonly lines: string[];
  /** The indent of each line, -1 for a blank or comment-only line. */
  private readonly indents: number[];
  private readonly usable: boolean;

  constructor(text: string) {
    // Only spaces and line breaks as white space: YAML indents with spaces only and reads a tab, a carriage return's
    // neighbours or a no-break space as content in places, which trimming would take for indentation.
    const plain = !/[^\S \n]/.test(text);
    this.lines = plain ? text.split('\n') : [];
    this.indents = this.lines.map(line => {
      const indent = line.length - line.trimStart().length;
      return indent === line.length || line[indent] === '#' ? -1 : indent;
    });
    this.usable = plain && this.valuesEndOnTheirLines();
  }

  /**
   * Whether every quoted scalar and flow collection that starts a line's value ends on that line (the contents of block
   * scalars aside): a value that goes on to later lines could make them look like keys or entries.
   */
  private valuesEndOnTheirLines(): boolean {
    let blockScalarOwner = -1;
    for (let i = 0; i < this.lines.length; i++) {
      const indent = this.indents[i];
      if (indent < 0) continue;
      if (blockScalarOwner >= 0 && indent > blockScalarOwner) continue;
      blockScalarOwner = -1;
      let text = this.lines[i].slice(indent);
      while (text.startsWith('- ')) text = text.slice(2).trimStart();
      const value = readKey(text)?.rest ?? text;
      if (value.startsWith('|') || value.startsWith('>')) {
        blockScalarOwner = indent;
      } else if (!this.closesOnItsLine(value)) {
        return false;
      }
    }
    return true;
  }

  /** The one-based line of the node at `path`, or of its closest existing ancestor; `undefined` when unsure. */
  public lineOf(path: ReadonlyArray<string | number>): number | undefined {
    if (!this.usable) return undefined;
    let first = this.nextContent(0, this.lines.length);
    // The document's own `---` marker line (a segment starts with it), when nothing but a comment follows it.
    if (first >= 0 && /^---(?:\s+#.*)?\s*$/.test(this.lines[first])) first = this.nextContent(first + 1, this.lines.length);
    if (first < 0) return undefined;
    const start = this.lines[first];
    if (this.indents[first] === 0 && (start.startsWith('---') || start.startsWith('...') || start.startsWith('%'))) return undefined;
    let node: BlockNode | undefined = { line: first, col: this.indents[first], end: this.lines.length };
    for (const key of path) {
      // A scalar on its key's line: the path goes on into it, so the scalar's line is the closest.
      if (node.col < 0) break;
      const text = this.lines[node.line].slice(node.col);
      let next: BlockNode | 'stop' | undefined;
      if (text === '-' || text.startsWith('- ')) {
        next = typeof key === 'number' ? this.entry(node, key) : 'stop';
      } else if (/^[{[&*!|>]/.test(text)) {
        // A flow collection, a tag, an anchor or a block scalar: left to the parse events.
        return undefined;
      } else {
        next = this.member(node, String(key));
      }
      if (next === undefined) return undefined;
      if (next === 'stop') break;
      node = next;
    }
    return node.line + 1;
  }

  /** The entry `index` of the block sequence at `node`, 'stop' when it has none, `undefined` when unsure. */
  private entry(node: BlockNode, index: number): BlockNode | 'stop' | undefined {
    let seen = -1;
    for (let i = node.line; i < node.end; i++) {
      const indent = i === node.line ? node.col : this.indents[i];
      if (indent < 0 || indent > node.col) continue;
      if (indent < node.col) return 'stop';
      const text = this.lines[i].slice(indent);
      if (!(text === '-' || text.startsWith('- '))) return text.startsWith('-') ? undefined : 'stop';
      seen += 1;
      // Other entries' values end on their lines (valuesEndOnTheirLines), so their lines cannot be taken for entries.
      if (seen !== index) continue;
      const end = this.blockEnd(i + 1, node.end, node.col);
      const rest = text.slice(1).trimStart();
      if (rest === '' || rest.startsWith('#')) {
        const child = this.nextContent(i + 1, end);
        return child >= 0 && this.indents[child] > node.col ? { line: child, col: this.indents[child], end } : undefined;
      }
      if (/^[&*!]/.test(rest) || rest.startsWith('- ') || rest === '-') return undefined;
      // A scalar or a flow collection as the entry: on this line, as after a key.
      if (readKey(rest) === undefined) {
        // A scalar or a flow collection as the entry, on this line as after a key; text that may be a key is left alone.
        return rest.includes(': ') || rest.endsWith(':') ? undefined : { line: i, col: -1, end: i + 1 };
      }
      return { line: i, col: indent + (text.length - rest.length), end };
    }
    return 'stop';
  }

  /** The value of the first member `name` of the block mapping at `node`, 'stop' when it has none, `undefined` when unsure. */
  private member(node: BlockNode, name: string): BlockNode | 'stop' | undefined {
    for (let i = node.line; i < node.end; i++) {
      const indent = i === node.line ? node.col : this.indents[i];
      if (indent < 0 || indent > node.col) continue;
      if (indent < node.col) return 'stop';
      const pair = readKey(this.lines[i].slice(indent));
      if (pair === undefined) return undefined;
      if (pair.key !== name) continue;
      const rest = pair.rest;
      if (rest !== '' && !rest.startsWith('#')) {
        if (/^[&*!]/.test(rest)) return undefined;
        // A scalar or flow collection on the key's line, which ends on it (see valuesEndOnTheirLines): every node in it,
        // and the closest ancestor of every missing one, is on this line.
        return { line: i, col: -1, end: i + 1 };
      }
      const child = this.nextContent(i + 1, node.end);
      if (child < 0) return undefined;
      const childIndent = this.indents[child];
      const childText = this.lines[child].slice(childIndent);
      const sameIndentSequence = childIndent === node.col && (childText === '-' || childText.startsWith('- '));
      if (childIndent <= node.col && !sameIndentSequence) return undefined;
      return { line: child, col: childIndent, end: this.blockEnd(child + 1, node.end, sameIndentSequence ? node.col - 1 : node.col) };
    }
    return 'stop';
  }

  /** Whether a value written after a key or `- ` ends on its line (a quoted scalar or flow collection may go on). */
  private closesOnItsLine(value: string): boolean {
    if (value.startsWith('"')) return /^"(?:[^"\\]|\\.)*"\s*(?:#.*)?$/.test(value) || /^"(?:[^"\\]|\\.)*":(?:\s|$)/.test(value);
    if (value.startsWith("'")) return /^'(?:[^']|'')*'\s*(?:#.*)?$/.test(value) || /^'(?:[^']|'')*':(?:\s|$)/.test(value);
    if (value.startsWith('{') || value.startsWith('[')) return flowEndsAt(value) >= 0;
    return true;
  }

  /** The first line from `from` (before `end`) whose content is indented by `indent` or less. */
  private blockEnd(from: number, end: number, indent: number): number {
    for (let i = from; i < end; i++) {
      if (this.indents[i] >= 0 && this.indents[i] <= indent) return i;
    }
    return end;
  }

  private nextContent(from: number, end: number): number {
    for (let i = from; i < end; i++) {
      if (this.indents[i] >= 0) return i;
    }
    return -1;
  }
}

/** The key of a `key: value` line and what follows its colon, or `undefined` when the key is not a plain string key. */
function readKey(text: string): { readonly key: string; readonly rest: string } | undefined {
  let key: string;
  let after: number;
  if (text.startsWith('"') || text.startsWith("'")) {
    const quoted = text.startsWith('"') ? /^"([^"\\]*)":(?=\s|$)/.exec(text) : /^'([^']*)':(?=\s|$)/.exec(text);
    if (!quoted) return undefined;
    key = quoted[1];
    after = quoted[0].length;
  } else {
    if (NOT_A_PLAIN_KEY_START.test(text)) return undefined;
    const spaced = text.indexOf(': ');
    const colon = spaced >= 0 ? spaced : text.endsWith(':') ? text.length - 1 : -1;
    if (colon < 0) return undefined;
    key = text.slice(0, colon);
    after = colon + 1;
    // A key the schema reads as another type, or whose end is unclear (a comment, trailing spaces).
    if (key !== key.trim() || key.includes(' #') || key.includes('\t') || NULL_KEY.test(key) || BOOL_KEY.test(key) || /^[-+.0-9]|^[eE][-+]?[0-9]+$/.test(key)) {
      return undefined;
    }
  }
  return { key, rest: text.slice(after).trim() };
}

/**
 * The index just after the flow collection that starts `text` when it ends on this line with nothing but spaces or a
 * comment after it, otherwise -1.
 */
function flowEndsAt(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const end = /^"(?:[^"\\]|\\.)*"/.exec(text.slice(i));
      if (!end) return -1;
      i += end[0].length - 1;
    } else if (c === "'") {
      const end = /^'(?:[^']|'')*'/.exec(text.slice(i));
      if (!end) return -1;
      i += end[0].length - 1;
    } else if (c === '[' || c === '{') {
      depth += 1;
    } else if (c === ']' || c === '}') {
      depth -= 1;
      if (depth === 0) return /^\s*(?:#.*)?$/.test(text.slice(i + 1)) ? i + 1 : -1;
    } else if (c === '#' && i > 0 && /\s/.test(text[i - 1])) {
      return -1;
    }
  }
  return -1;
}
