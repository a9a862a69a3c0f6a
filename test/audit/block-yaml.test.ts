import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import { dump, loadAll } from 'js-yaml';
import { stringify } from 'yaml';
import { pathsOf } from './support';
import { AuditedObject } from '../../src/audit/engine/audited-object';
import { blockDocumentLines, readBlockYaml } from '../../src/audit/engine/block-yaml';
import { segmentText, splitDocuments, treeNodeCount } from '../../src/audit/engine/document-bounds';
import { kubernetesYamlSchema, readSegmentFast } from '../../src/audit/engine/fast-yaml';
import { ManifestReader, parseManifestText } from '../../src/audit/engine/parse-manifest-text';

/**
 * The block reader against the reader it goes before (js-yaml with the Kubernetes schema): whatever it reads, js-yaml
 * reads the same value from; what it is not sure of, it declines. Its results also go through the fast-reader suite,
 * which compares the whole fast path with the full parser.
 */

const ROOT = path.join(__dirname, '..', '..');
const RUNS = Number(process.env.FAST_READER_RUNS ?? 300);
const SEED = Number(process.env.FAST_READER_SEED ?? 2026);

function filesBelow(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === '__snapshots__' ? [] : filesBelow(full);
    return /\.ya?ml$/.test(entry.name) ? [full] : [];
  });
}

const FILES = [...filesBelow(path.join(ROOT, 'test')), ...filesBelow(path.join(ROOT, 'examples'))];

/** js-yaml's reading of one segment: its one document, or `undefined` when it refuses the text or finds other than one. */
function jsYaml(text: string): { value: unknown } | undefined {
  try {
    const documents = loadAll(text, undefined, { schema: kubernetesYamlSchema() });
    return documents.length === 1 ? { value: documents[0] } : undefined;
  } catch {
    return undefined;
  }
}

/** Checks the block reader's reading of `text` against js-yaml's; true when the block reader read it. */
function agrees(text: string): boolean {
  const block = readBlockYaml(text);
  if (block === undefined) return false;
  const expected = jsYaml(text);
  expect(expected).toBeDefined();
  expect(block.value).toStrictEqual(expected!.value);
  expect(block.nodes).toBe(treeNodeCount(block.value, Infinity));
  return true;
}

/** The objects the CLI's reading of `text` finds, with the line of each of their fields. */
function objectsOf(text: string, reader: ManifestReader): unknown[] {
  const objects: AuditedObject[] = [];
  parseManifestText(text, 'in.yaml', objects, [], undefined, reader);
  return objects.map(object => [object.json, ['', ...pathsOf(object.json)].map(p => object.source?.lineOf?.(p))]);
}

function segmentsOf(text: string): string[] {
  return splitDocuments(text).map(segment => segmentText(text, segment));
}

describe('the block reader reads what js-yaml reads', () => {
  test('every document of the fixtures and examples it reads, and most of the block-style ones', () => {
    let read = 0;
    let total = 0;
    for (const file of FILES) {
      for (const segment of segmentsOf(fs.readFileSync(file, 'utf8'))) {
        if (!/\S/.test(segment.replace(/^---.*$/m, ''))) continue;
        total += 1;
        if (agrees(segment)) read += 1;
      }
    }
    expect(FILES.length).toBeGreaterThan(5);
    // Hand-written fixtures use flow style and edge cases on purpose; the examples' output is block style.
    expect(read / total).toBeGreaterThan(0.6);
  });

  test('the synthesized examples are read by the block reader, whole', () => {
    const examples = FILES.filter(file => file.includes(`${path.sep}examples${path.sep}`) && file.includes(`${path.sep}dist${path.sep}`));
    expect(examples.length).toBeGreaterThan(0);
    for (const file of examples) {
      for (const segment of segmentsOf(fs.readFileSync(file, 'utf8'))) {
        if (!/\S/.test(segment.replace(/^---.*$/m, ''))) continue;
        expect([file, agrees(segment)]).toEqual([file, true]);
      }
    }
  });

  test('a document: values, the line its content starts at, the node count', () => {
    const text = '--- # first\n# comment\n\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a   # trailing\n  labels:\n    app: x\n'
      + 'data:\n  yes-key: yes\n  octal: 0400\n  hex: 0x1F\n  "quoted": "a \\"b\\" \\u00e9"\n  single: \'it\'\'s\'\n  empty:\n  flow: {}\n'
      + '  list: []\n  url: http://x:80/a#b\n  script: |\n    line one\n      indented\n\n    # not a comment\n  folded: >-\n    one\n    two\n\n    three\n'
      + 'items:\n- a\n- name: b\n  ports:\n  - 80\n  - "81"\n-   c: 1\n    d: ~\n';
    const block = readBlockYaml(text);
    expect(block?.line).toBe(4);
    expect(block?.value).toStrictEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'a', labels: { app: 'x' } },
      data: {
        'yes-key': true,
        'octal': 256,
        'hex': 31,
        'quoted': 'a "b" é',
        'single': "it's",
        'empty': null,
        'flow': {},
        'list': [],
        'url': 'http://x:80/a#b',
        'script': 'line one\n  indented\n\n# not a comment\n',
        'folded': 'one two\nthree',
      },
      items: ['a', { name: 'b', ports: [80, '81'] }, { c: 1, d: null }],
    });
    expect(agrees(text)).toBe(true);
  });

  test('texts read before are shared, never at the cost of a value: a quoted "true" does not make a later plain true text', () => {
    const text = 'a: "true"\nb: true\nc: "8080"\nd: 8080\ne: "yes"\nf: yes\ng: name\nname: g\nh: "null"\ni: null\n';
    expect(readBlockYaml(text)?.value).toStrictEqual({ a: 'true', b: true, c: '8080', d: 8080, e: 'yes', f: true, g: 'name', name: 'g', h: 'null', i: null });
    expect(agrees(text)).toBe(true);
    // The merge key and __proto__ read before as values are still refused as keys.
    expect(readBlockYaml('a: <<\n<<: b\n')).toBeUndefined();
    expect(readBlockYaml('a: __proto__\n__proto__: b\n')).toBeUndefined();
    expect(readBlockYaml('a: "__proto__"\n__proto__: b\n')).toBeUndefined();
  });

  test('lines of fields along a path, as the full parser places them', () => {
    const text = '---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  labels: {}\nspec:\n  containers:\n  - name: c\n    args:\n    - x\n'
      + '    securityContext:\n      privileged: true\n  volumes:\n    - name: v\n      emptyDir:\n  script: |\n    a: b\n';
    expect(readBlockYaml(text)).toBeDefined();
    const lines = blockDocumentLines(text);
    expect(lines.lineOf([])).toBe(2);
    expect(lines.lineOf(['metadata'])).toBe(5);
    expect(lines.lineOf(['metadata', 'labels', 'app'])).toBe(6);
    expect(lines.lineOf(['spec', 'containers'])).toBe(9);
    expect(lines.lineOf(['spec', 'containers', 0, 'args', 0])).toBe(11);
    expect(lines.lineOf(['spec', 'containers', 0, 'securityContext', 'privileged'])).toBe(13);
    // A missing field: its closest ancestor; a path into a scalar: the scalar's line.
    expect(lines.lineOf(['spec', 'containers', 0, 'resources', 'limits'])).toBe(9);
    expect(lines.lineOf(['spec', 'containers', 3])).toBe(9);
    expect(lines.lineOf(['spec', 'script', 'a'])).toBe(17);
    // An empty value is left to the other locators.
    expect(lines.lineOf(['spec', 'volumes', 0, 'emptyDir'])).toBeUndefined();
    // Text other than the one read (a file changed since) gives no line rather than an error.
    expect(blockDocumentLines('a:\n  "b\\c": d\n').lineOf(['a', 'x'])).toBeUndefined();
  });

  test('the line of a field of the last item of a large List in block style (entries are found once per sequence)', () => {
    const items = Array.from({ length: 2000 }, (_, i) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `p${i}` }, spec: { hostPID: true } }));
    const text = stringify({ apiVersion: 'v1', kind: 'List', items });
    expect(readBlockYaml(text)).toBeDefined();
    const lines = text.split('\n');
    const locator = blockDocumentLines(text);
    for (const i of [1999, 0, 1000, 1999]) {
      const line = locator.lineOf(['items', i, 'spec', 'hostPID'])!;
      expect(lines[line - 1].trim()).toBe('hostPID: true');
      expect(lines[line - 3].trim()).toBe(`name: p${i}`);
    }
    expect(locator.lineOf(['items', 2000, 'spec'])).toBe(4);
  });

  test('deep nesting and long runs of blank lines: read or declined, never an error', () => {
    // Nesting deeper than the stack allows is declined (the other readers then decide).
    const deep = Array.from({ length: 5000 }, (_, i) => `${' '.repeat(i)}k:\n`).join('') + `${' '.repeat(5000)}k: v\n`;
    let read: ReturnType<typeof readBlockYaml>;
    expect(() => { read = readBlockYaml(deep); }).not.toThrow();
    if (read !== undefined) {
      // Where the stack allows it, the value is read right.
      let deepValue: any = read.value;
      for (let i = 0; i <= 5000; i++) deepValue = deepValue?.k;
      expect(deepValue).toBe('v');
    }
    // Every level ends after the same run of blank lines: each is skipped at once, not once per level.
    const blanks = Array.from({ length: 60 }, (_, i) => `${' '.repeat(i)}k:\n`).join('') + `${' '.repeat(60)}k: v\n` + '\n'.repeat(500_000);
    let value: any = readBlockYaml(blanks)?.value;
    for (let i = 0; i <= 60; i++) value = value?.k;
    expect(value).toBe('v');
  });

  // Each of these is declined: js-yaml (or the full parser) reads it, or refuses it with its own message.
  const declined: Array<[string, string]> = [
    ['a tab', 'a:\tb\n'],
    ['a carriage return', 'a: b\r\n'],
    ['a control character', 'a: "b\u0001"\n'],
    ['a byte order mark inside', 'a: b\ufeff\n'],
    ['a character outside the BMP', 'a: 😀\n'],
    ['a directive', '%YAML 1.1\n---\na: b\n'],
    ['a document end marker', 'a: b\n...\n'],
    ['an anchor and alias', 'a: &x b\nc: *x\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a merge key', 'a:\n  <<: {b: c}\n'],
    ['a complex key', '? a\n: b\n'],
    ['a flow key', '[a]: b\n'],
    ['a null key', '~: b\n'],
    ['a boolean key', 'true: b\n'],
    ['a number key', '8080: b\n'],
    ['a __proto__ key', '__proto__: {}\n'],
    ['a quoted __proto__ key', '"__proto__": a\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a key with an escape', '"a\\u0041": b\n'],
    ['a key with trailing space', 'a : b\n'],
    ['a flow mapping', 'a: {b: c}\n'],
    ['a flow sequence', 'a: [b]\n'],
    ['a multi-line plain scalar', 'a: b\n  c\n'],
    ['a multi-line quoted scalar', 'a: "b\n  c"\n'],
    ['a scalar with a colon and space', 'a: b: c\n'],
    ['a scalar ending with a colon', 'a: b:\n'],
    ['a YAML-only escape', 'a: "\\x41"\n'],
    ['an empty sequence entry', 'a:\n- \n- b\n'],
    ['a lone dash entry', 'a:\n-\n  b: c\n'],
    ['a nested entry on one line', 'a:\n- - b\n'],
    ['an entry led by a comment', 'a:\n- # c\n  b: d\n'],
    ['a scalar alone on its line', 'a:\n  b\n'],
    ['a document that is a scalar', 'hello\n'],
    ['an indentation indicator', 'a: |2\n   b\n'],
    ['keep chomping', 'a: |+\n  b\n\n'],
    ['a more-indented folded line', 'a: >\n  b\n    c\n'],
    ['an empty block scalar', 'a: |\nb: c\n'],
    ['a line between a node and its parent', 'a:\n    b: 1\n  c: 2\n'],
    ['a sequence entry indented past its siblings', 'a:\n  - b\n   - c\n'],
    ['content after the node', 'a: b\n- c\n'],
    ['a value then a deeper line', 'a: b\n  c: d\n'],
    ['a plain scalar starting with an indicator', 'a: @b\n'],
    ['a quoted value followed by text', 'a: "b" c\n'],
    ['nesting deeper than js-yaml reads', `${Array.from({ length: 99 }, (_, i) => `${' '.repeat(i)}k:\n`).join('')}${' '.repeat(99)}k: v\n`],
    ['a key of 1025 characters (YAML parsers refuse an implicit key over 1024)', `${'k'.repeat(1025)}: x\n`],
    ['a quoted key of 1025 characters', `"${'k'.repeat(1025)}": x\n`],
  ];
  test.each(declined)('declines %s', (_name, text) => {
    expect(readBlockYaml(text)).toBeUndefined();
    // The fast path as a whole still reads it as before (js-yaml, or the full parser when js-yaml declines too).
    const fast = readSegmentFast(text);
    const expected = jsYaml(text);
    if (fast !== undefined && expected !== undefined && fast.hasDocument) expect(fast.value).toStrictEqual(expected.value);
  });

  test('a key of 1025 characters is refused by the whole reading, as kubectl refuses it; 1000 characters are read', () => {
    const manifest = (key: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: m\ndata:\n  ${key}: x\n`;
    for (const reader of [ManifestReader.FAST, ManifestReader.FULL]) {
      expect(objectsOf(manifest('k'.repeat(1025)), reader)).toEqual([]);
      expect(objectsOf(manifest('k'.repeat(1000)), reader)).toHaveLength(1);
    }
    expect(readBlockYaml(manifest('k'.repeat(1000)))).toBeDefined();
  });

  test('generated documents written by the yaml package and by js-yaml in block style', () => {
    const scalar = fc.oneof(
      fc.string({ maxLength: 14 }),
      fc.constantFrom('yes', 'on', 'off', 'y', 'N', '0400', '0o17', '0x1F', '1_000', '190:20:30', '1e3', '.inf', '-.Inf', '.nan', '~', 'null', '',
        '12:30', '2027-03-31', 'a: b', 'a #b', '#x', '- a', '"q"', "'s'", 'it\'s', 'a\\b', 'line\nbreak', 'trail \n', ' lead', 'é', '{}', '[]'),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
    );
    const key = fc.oneof(fc.string({ minLength: 1, maxLength: 8 }), fc.constantFrom('app.kubernetes.io/name', 'a b', 'a:b', '-a', 'on', '1'));
    const tree = fc.letrec(tie => ({
      node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('array'), tie('object')),
      array: fc.array(tie('node'), { maxLength: 4 }),
      object: fc.dictionary(key, tie('node'), { maxKeys: 5 }),
    }));
    let read = 0;
    let total = 0;
    fc.assert(fc.property(tree.object, fc.constantFrom('yaml', 'yaml-indent-seq', 'yaml-narrow', 'js-yaml'), (data, writer) => {
      const value = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'g', labels: { app: 'x' } }, data };
      const text = writer === 'js-yaml' ? dump(value, { flowLevel: -1 })
        : stringify(value, { indentSeq: writer !== 'yaml', lineWidth: writer === 'yaml-narrow' ? 20 : 80, version: '1.1' });
      total += 1;
      if (agrees(text)) read += 1;
    }), { numRuns: RUNS, seed: SEED });
    // Most generated documents are read by the block reader, not all declined.
    expect(read / total).toBeGreaterThan(0.3);
  });

  test('mutated documents: what the block reader reads, js-yaml reads the same; nothing it refuses is read', () => {
    const base = [
      fs.readFileSync(path.join(ROOT, 'test', 'audit', 'fixtures', 'hardened.yaml'), 'utf8'),
      ...FILES.filter(file => file.includes(`${path.sep}dist${path.sep}`)).slice(0, 3).map(file => fs.readFileSync(file, 'utf8')),
    ].flatMap(segmentsOf).filter(segment => readBlockYaml(segment) !== undefined);
    expect(base.length).toBeGreaterThan(10);
    // Edits made of what changes how YAML reads: indicators, quotes, spaces, line breaks, comments.
    const piece = fc.constantFrom(' ', '  ', '\n', '\n  ', '\n- ', ':', ': ', '-', '- ', '#', ' #', '"', "'", '\\', '|', '>', '|-', '{', '}', '[', ']',
      ',', '&a', '*a', '!', '?', '? ', '~', '<<: ', '---', '...', '%', '@', 'yes', '0x', '0', '.', '_', '\t', '\r', 'é', '\u00a0');
    const edit = fc.record({
      at: fc.nat(),
      remove: fc.nat({ max: 4 }),
      insert: fc.array(piece, { maxLength: 3 }).map(parts => parts.join('')),
    });
    let read = 0;
    fc.assert(fc.property(fc.constantFrom(...base), fc.array(edit, { minLength: 1, maxLength: 3 }), (segment, edits) => {
      let text = segment;
      for (const { at, remove, insert } of edits) {
        const offset = at % (text.length + 1);
        text = text.slice(0, offset) + insert + text.slice(offset + remove);
      }
      if (agrees(text)) {
        read += 1;
        // And the full parser (how kubectl reads it) finds the same objects, with the same lines.
        expect(objectsOf(text, ManifestReader.FAST)).toEqual(objectsOf(text, ManifestReader.FULL));
      }
    }), { numRuns: RUNS * 10, seed: SEED });
    expect(read).toBeGreaterThan(0);
  });
});
