import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import { stringify } from 'yaml';
import { pathsOf } from './support';
import { AuditProblem } from '../../src/audit/audit-problem';
import { AuditedObject } from '../../src/audit/engine/audited-object';
import { BlockDocumentLines } from '../../src/audit/engine/block-lines';
import { splitPath } from '../../src/audit/engine/json';
import { ManifestReader, parseManifestText } from '../../src/audit/engine/parse-manifest-text';

/**
 * The indentation locator of block-style YAML against the full parser: where it answers, the same line for every
 * path; and it answers for the documents tools write (otherwise it only costs time).
 */

const ROOT = path.join(__dirname, '..', '..');

/** For one document: how many paths (and missing children of them) the locator answered, after checking each answer. */
function compare(text: string): { answered: number; asked: number } {
  const objects: AuditedObject[] = [];
  const problems: AuditProblem[] = [];
  parseManifestText(text, 'in.yaml', objects, problems, undefined, ManifestReader.FULL);
  const lines = new BlockDocumentLines(text);
  let answered = 0;
  let asked = 0;
  for (const object of objects) {
    for (const p of ['', ...pathsOf(object.json)].flatMap(q => [q, q ? `${q}.missingField` : 'missingField'])) {
      asked += 1;
      const line = lines.lineOf(splitPath(p));
      if (line === undefined) continue;
      answered += 1;
      expect([p, line]).toEqual([p, object.source?.lineOf?.(p)]);
    }
  }
  return { answered, asked };
}

const EXAMPLE_FILES = ['platform-app', 'quickstart', 'webshop'].flatMap(example => {
  const dir = path.join(ROOT, 'examples', example, 'dist');
  return fs.readdirSync(dir).filter(name => name.endsWith('.yaml')).map(name => path.join(dir, name));
});

describe('block-style YAML lines from indentation', () => {
  test.each(EXAMPLE_FILES.map(file => [path.relative(ROOT, file), file]))('%s: every answer is the full parser\'s line, and most paths are answered', (_name, file) => {
    let answered = 0;
    let asked = 0;
    // Each document with the `---` line before it, as the reader's segments have it.
    for (const document of fs.readFileSync(file, 'utf8').split(/^(?=---\n)/m).filter(text => text.trim() !== '' && text.trim() !== '---')) {
      const result = compare(document);
      answered += result.answered;
      asked += result.asked;
    }
    expect(asked).toBeGreaterThan(100);
    expect(answered / asked).toBeGreaterThan(0.9);
  });

  test('what it leaves to the parse events', () => {
    const lineOf = (text: string, p: string) => new BlockDocumentLines(text).lineOf(splitPath(p));
    expect(lineOf('a:\n  b: 1\n', 'a.b')).toBe(2);
    // A flow collection that ends on its line holds all its nodes on it; one that goes on is left alone.
    expect(lineOf('x: 0\na: {b: 1}\n', 'a.b')).toBe(2);
    expect(lineOf('a: {b: 1,\n  c: 2}\n', 'a.b')).toBeUndefined();
    expect(lineOf('s:\n- "a: b"\n', 's[0]')).toBeUndefined();
    expect(lineOf('s:\n- " ": 1\n  k: 2\n', 's[0].k')).toBe(3);
    expect(lineOf('a: "multi\n  line"\nb: 1\n', 'b')).toBeUndefined();
    expect(lineOf('a:\n\tb: 1\n', 'a.b')).toBeUndefined();
    expect(lineOf('a:\r\n  b: 1\r\n', 'a.b')).toBeUndefined();
    expect(lineOf('yes: 1\n', 'true')).toBeUndefined();
    // White space YAML reads as content (found in review): a no-break space before a key, or as a value.
    expect(lineOf('data:\n  \u00a0k: v\n  j: 1\n', 'data.j')).toBeUndefined();
    expect(lineOf('data:\n  k: \u00a0\n    - a\n  j: 1\n', 'data.k')).toBeUndefined();
    expect(lineOf('data:\n  k: \u2003\n  j: 1\n', 'data.j')).toBeUndefined();
    expect(lineOf('1: x\n', '["1"]')).toBeUndefined();
    expect(lineOf('e5: x\n', 'e5')).toBeUndefined();
    expect(lineOf('x: 0\nenv: x\n', 'env')).toBe(2);
    expect(lineOf('a: !!str 1\n', 'a')).toBeUndefined();
    expect(lineOf('a:\nb: 1\n', 'a')).toBeUndefined();
    expect(lineOf('--- x\n', '')).toBeUndefined();
    expect(lineOf('---\na:\n  b: 1\n', 'a.b')).toBe(3);
    expect(lineOf('--- # first\n\na: 1\n', 'a')).toBe(3);
    // Block scalar contents never look like keys.
    expect(lineOf('a: |\n  b: 1\n  "c\nb: 2\n', 'b')).toBe(4);
    expect(lineOf('s:\n- a: 1\n  b: 2\n- c: 3\n', 's[1].c')).toBe(4);
    expect(lineOf('s:\n- a: 1\n  b: 2\n- c: 3\n', 's[1].missing')).toBe(4);
    expect(lineOf('s:\n- a: 1\n', 's[5]')).toBe(2);
  });

  test('generated documents: long and multi-line strings, block scalars, comments, odd keys', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.array(fc.constantFrom('word', 'a: b', '- x', '#', '"q"', "'s'", '{', ']', 'key:', ' ', '\n', '  ', '\u00a0', '\u2003'), { maxLength: 8 }).map(parts => parts.join(' ')),
    );
    const scalar = fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null));
    const key = fc.oneof(fc.string({ minLength: 1, maxLength: 10 }), fc.constantFrom('a b', 'a:b', 'x#y', '"', "'", '- k', 'yes', '1', 'k', '\u00a0k', 'k\u2003'));
    const tree = fc.letrec(tie => ({
      node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('array'), tie('object')),
      array: fc.array(tie('node'), { maxLength: 4 }),
      object: fc.dictionary(key, tie('node'), { maxKeys: 4 }),
    }));
    fc.assert(fc.property(tree.object, fc.integer({ min: 0, max: 2 }), fc.boolean(), (data, width, comments) => {
      let body = stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'g' }, data },
        { lineWidth: [0, 20, 40][width], minContentWidth: 0, indentSeq: width !== 1 });
      if (comments) body = body.split('\n').map((line, i) => (i % 3 === 1 ? `${line}\n# note` : line)).join('\n');
      compare(body);
    }), { numRuns: Number(process.env.FAST_READER_RUNS ?? 300) });
  });
});
