/**
 * Lines of the fields of a JSON document (a `.json` file, `kubectl get -o json`, a `List` of a whole cluster), found in
 * its text without parsing it again: the locator walks the text along the path, skipping the values it does not enter,
 * and remembers where the elements of each array it entered start, so the findings of the ten-thousandth item of a
 * `List` do not walk past the first nine thousand again. Lines are counted once per document, only when a finding
 * asks for one.
 *
 * Only for text that `JSON.parse` read (so it is well-formed JSON); the result is what the full parser gives: the line
 * of the node at the path, or of its closest existing ancestor, the first of duplicate keys.
 */
export class JsonDocumentLines {
  /** Offsets of the line breaks of the text, counted when the first line is asked for. */
  private breaks: number[] | undefined;
  /** Where the elements of the arrays entered so far start, by the array's offset. */
  private readonly elements = new Map<number, number[]>();

  constructor(private readonly text: string) {}

  /** The one-based line (within the text) of the node at `path` (split), or of its closest existing ancestor. */
  public lineOf(path: ReadonlyArray<string | number>): number {
    let at = this.skipSpace(0);
    for (const key of path) {
      const code = this.text.charCodeAt(at);
      let next: number | undefined;
      if (code === 0x7b /* { */) {
        next = this.memberValue(at, String(key));
      } else if (code === 0x5b /* [ */ && typeof key === 'number') {
        next = this.elementsOf(at)[key];
      }
      if (next === undefined) break;
      at = next;
    }
    return this.lineAt(at);
  }

  /** The offset of the value of the first member named `name` of the object at `start`. */
  private memberValue(start: number, name: string): number | undefined {
    const text = this.text;
    let at = this.skipSpace(start + 1);
    while (text.charCodeAt(at) === 0x22 /* " */) {
      const keyEnd = this.stringEnd(at);
      const raw = text.slice(at + 1, keyEnd - 1);
      const key = raw.includes('\\') ? JSON.parse(text.slice(at, keyEnd)) as string : raw;
      // After the key: spaces, the colon, spaces, the value.
      const value = this.skipSpace(this.skipSpace(keyEnd) + 1);
      if (key === name) return value;
      at = this.skipSpace(this.valueEnd(value));
      if (text.charCodeAt(at) !== 0x2c /* , */) return undefined;
      at = this.skipSpace(at + 1);
    }
    return undefined;
  }

  /** Where the elements of the array at `start` start (remembered). */
  private elementsOf(start: number): number[] {
    let known = this.elements.get(start);
    if (known) return known;
    known = [];
    const text = this.text;
    let at = this.skipSpace(start + 1);
    if (text.charCodeAt(at) !== 0x5d /* ] */) {
      for (;;) {
        known.push(at);
        at = this.skipSpace(this.valueEnd(at));
        if (text.charCodeAt(at) !== 0x2c /* , */) break;
        at = this.skipSpace(at + 1);
      }
    }
    this.elements.set(start, known);
    return known;
  }

  /** The offset just after the value that starts at `start`. */
  private valueEnd(start: number): number {
    const text = this.text;
    const code = text.charCodeAt(start);
    if (code === 0x22 /* " */) return this.stringEnd(start);
    if (code !== 0x7b /* { */ && code !== 0x5b /* [ */) {
      // A number, true, false or null: up to the next delimiter.
      let at = start;
      while (at < text.length) {
        const c = text.charCodeAt(at);
        if (c === 0x2c || c === 0x5d || c === 0x7d || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) break;
        at += 1;
      }
      return at;
    }
    let depth = 0;
    let at = start;
    while (at < text.length) {
      const c = text.charCodeAt(at);
      if (c === 0x22) {
        at = this.stringEnd(at);
        continue;
      }
      if (c === 0x7b || c === 0x5b) {
        depth += 1;
      } else if (c === 0x7d || c === 0x5d) {
        depth -= 1;
        if (depth === 0) return at + 1;
      }
      at += 1;
    }
    return at;
  }

  /** The offset just after the string whose opening quote is at `start`. */
  private stringEnd(start: number): number {
    const text = this.text;
    let at = start + 1;
    for (;;) {
      const quote = text.indexOf('"', at);
      if (quote < 0) return text.length;
      // The quote ends the string unless an odd number of backslashes escapes it.
      let slashes = 0;
      while (text.charCodeAt(quote - 1 - slashes) === 0x5c /* \ */) slashes += 1;
      if (slashes % 2 === 0) return quote + 1;
      at = quote + 1;
    }
  }

  private skipSpace(start: number): number {
    const text = this.text;
    let at = start;
    while (at < text.length) {
      const c = text.charCodeAt(at);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      at += 1;
    }
    return at;
  }

  /** The one-based line of `offset`. */
  private lineAt(offset: number): number {
    if (this.breaks === undefined) {
      const breaks: number[] = [];
      for (let at = this.text.indexOf('\n'); at >= 0; at = this.text.indexOf('\n', at + 1)) breaks.push(at);
      this.breaks = breaks;
    }
    // The number of line breaks before `offset`, by binary search.
    let low = 0;
    let high = this.breaks.length;
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      if (this.breaks[middle] < offset) low = middle + 1;
      else high = middle;
    }
    return low + 1;
  }
}
