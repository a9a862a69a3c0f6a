import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import { stringify } from 'yaml';
import { pathsOf } from './support';
import { AuditProblem } from '../../src/audit/audit-problem';
import { ReportFormat } from '../../src/audit/audit-report';
import { AuditedObject } from '../../src/audit/engine/audited-object';
import { buildReport } from '../../src/audit/engine/build-report';
import { readSegmentFast } from '../../src/audit/engine/fast-yaml';
import { ManifestReader, parseManifestText } from '../../src/audit/engine/parse-manifest-text';
import { Severity } from '../../src/audit/severity';

/**
 * The fast reader (js-yaml with Kubernetes' YAML 1.1 schema, falling back to the full parser where it must) against
 * the full parser the CLI used before: the same values, document indexes, problems, lines and reports.
 */

const ROOT = path.join(__dirname, '..', '..');

function filesBelow(dir: string, pattern: RegExp): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === '__snapshots__' ? [] : filesBelow(full, pattern);
    return pattern.test(entry.name) ? [full] : [];
  });
}

/** Every YAML and JSON file of the test fixtures and of the examples' output. */
const FILES = [...filesBelow(path.join(ROOT, 'test'), /\.(ya?ml|json)$/), ...filesBelow(path.join(ROOT, 'examples'), /\.ya?ml$/)]
  .filter(file => !file.endsWith('tsconfig.json') && !file.endsWith('package.json'));

interface Read {
  readonly objects: AuditedObject[];
  readonly problems: AuditProblem[];
}

function read(text: string, reader: ManifestReader): Read {
  const objects: AuditedObject[] = [];
  const problems: AuditProblem[] = [];
  parseManifestText(text, 'in.yaml', objects, problems, undefined, reader);
  return { objects, problems };
}

/** What the report is made from: values, sources, problems, and the line of every field. */
function view(result: Read): unknown {
  return {
    problems: result.problems,
    objects: result.objects.map(object => ({
      json: object.json,
      kind: object.kind,
      name: object.name,
      source: { file: object.source?.file, documentIndex: object.source?.documentIndex, itemIndex: object.source?.itemIndex },
      lines: ['', ...pathsOf(object.json)].map(p => [p, object.source?.lineOf?.(p)]),
    })),
  };
}

function expectSameReading(text: string): Read {
  const fast = read(text, ManifestReader.FAST);
  const full = read(text, ManifestReader.FULL);
  expect(view(fast)).toEqual(view(full));
  return fast;
}

/** Kubernetes-shaped documents whose scalars are the YAML 1.1 cases where parsers differ. */
const EDGE_SCALARS = [
  'yes', 'Yes', 'YES', 'no', 'No', 'NO', 'on', 'On', 'ON', 'off', 'Off', 'OFF', 'y', 'Y', 'n', 'N', 'true', 'True', 'FALSE',
  '0400', '0777', '-017', '+012', '08', '09', '0', '-0', '00', '0_7', '0o17', '0o0', '-0o7', '0O17', '0x1F', '-0x1f', '0xFF_FF', '0b1010', '-0b1',
  '0X0', '0O0', '0B0', '0_x10', '+_1', '-_0x1F', '0x_1F', '0X1f', '1__0', '0_17', '0_', '0x_', '0b_', '0o', '0x', '_1', '1_',
  '1_000', '+42', '190:20:30', '-1:30', '1:60', '20:30.15', '1.5', '-.5', '.5', '1.', '6.8523015e+5', '1e3', '1E-3', 'e5', 'E5', '-e5', '.e3', 'e', 'eE1', '+.inf', '-.Inf', '.NaN',
  '.nan', '.', '~', 'null', 'Null', 'NULL', '', '2027-03-31', '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10 -5', '12:30',
  '"yes"', "'0400'", '"0o17"', '!!str 0400', '!!str yes', '!!int "0x10"', '!!float "1.5"', '!!bool "yes"', '!!null ""',
  '!!binary aGVsbG8gd29ybGQ=', '!!binary |\n    c2VydmVyIHsgbGlzdGVuIDgwOyB9\n', '!!timestamp 2020-01-01', '!custom value',
  '|\n    multi\n    line\n', '>-\n    folded\n    text\n', '"esc\\u00e9\\t\\n"', "'it''s'", 'plain # comment', '"a: b"', '- item',
  '[a, b, {c: d}]', '{a: 1, b: [yes, 0400]}', '{}', '[]', '*undefined', 'a *b', '/*', '"*"', 'cat <<EOF',
];

function edgeDocument(scalar: string, i: number): string {
  return [
    'apiVersion: v1',
    'kind: ConfigMap',
    `metadata: {name: edge-${i}, namespace: team}`,
    'data:',
    `  value: ${scalar}`,
    `  key-${i}: plain`,
    'spec:',
    '  securityContext:',
    `    runAsUser: ${scalar}`,
    `    privileged: ${scalar}`,
    '',
  ].join('\n');
}

/** Streams with document-bound cases: BOMs, comments, directives, `...`, empty documents, anchors, merge keys, errors. */
const EDGE_STREAMS: ReadonlyArray<readonly [string, string]> = [
  ['BOM', '\ufeffapiVersion: v1\nkind: ConfigMap\nmetadata: {name: bom}\n'],
  ['BOM then marker', '\ufeff---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: bom}\n'],
  ['leading comments', '# header\n\n# more\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\n# only a comment\n---\n'],
  ['directives', '%YAML 1.1\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n%YAML 1.1\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n'],
  ['document end markers', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n...\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n...\n'],
  ['content on the marker line', '--- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n--- # comment\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n'],
  ['empty documents', '---\n---\n\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n'],
  ['scalar and array documents', '--- hello\n--- [1, 2]\n--- 42\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n'],
  ['anchors and aliases', 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: &l {app: x}}\nspec:\n  nodeSelector: *l\n  containers:\n  - &c {name: a, image: x}\n  - *c\n'],
  ['merge keys', 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nbase: &b {privileged: true, runAsUser: 0}\nspec:\n  securityContext:\n    <<: *b\n    runAsUser: 1000\n'],
  ['self alias', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: &d\n  self: *d\n'],
  ['duplicate keys', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: 1, k: 2}\n'],
  ['malformed between good', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\nkey: [unclosed\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n'],
  ['bad indentation', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n   bad: indent\n'],
  ['tabs', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: a\n'],
  ['not objects', '---\napiVersion: v1\nkind: ConfigMap\n---\nkind: ConfigMap\nmetadata: {name: x}\n---\n- a\n- b\n'],
  ['List with items', 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: a}\n  spec:\n    hostNetwork: yes\n- 42\n- kind: Pod\n'],
  ['CRLF', 'apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: crlf\r\ndata:\r\n  a: yes\r\n---\r\napiVersion: v1\r\nkind: ConfigMap\r\nmetadata: {name: b}\r\n'],
  ['null byte', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {a: "x\u0000"}\n'],
  ['JSON', JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'j' }, spec: { hostPID: true } }] }, null, 2)],
  ['JSON on one line', JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'j' }, spec: { containers: [{ name: 'a', image: 'x' }] } })],
  ['JSON with duplicate keys, escapes and numbers', '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a", "name": "b"},\n'
    + ' "data": {"url": "http:\\/\\/x", "u": "\\u00e9\\n", "big": 12345678901234567890, "e": 1e400, "neg": -0, "f": 1.50}}\n'],
  ['JSON documents between markers', '---\n{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a"}}\n---\n[{"a": 1}]\n---\n{"not": json}\n'],
  ['complex keys', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  ? [a, b]\n  : c\n  1: one\n  yes: y\n  null: n\n  0x10: hex\n'],
  ['block scalars', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  script: |\n    #!/bin/sh\n    echo "---"\n  folded: >\n    a\n    b\n\n  keep: |+\n    x\n\n'],
  ['deep nesting', `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: ${'['.repeat(150)}${']'.repeat(150)}\n`],
  ['CronJob schedule and globs, no anchors', 'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  schedule: "*/5 * * * *"\n  jobTemplate: {spec: {template: {spec: {containers: [{name: a, image: x, args: [sh, -c, "rm /tmp/*"]}]}}}}\n'],
  ['schedule with an anchored value and an alias', 'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c, labels: &l {app: x}}\nspec:\n  schedule: "* * * * *"\n  jobTemplate: {metadata: {labels: *l}}\n'],
  ['alias after a flow-map colon', 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nx: &a {privileged: true}\nspec: {"securityContext":*a}\n'],
  ['empty sequence entry before a container', 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: x\n      args:\n        - \n    - name: evil\n      image: x\n      securityContext: {privileged: true}\n'],
  ['empty sequence entries, unindented and with a comment', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  " ":\n  - " ":\n    -\n  - 0\n  k:\n  - # nothing\n  - 1\n'],
  ['marker inside a block scalar line', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  x: |\n    ---not a marker\n'],
];

describe('fast reader and full parser read the same', () => {
  test('the corpus of fixtures and examples is not empty', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(5);
    expect(FILES.some(file => file.includes(`${path.sep}examples${path.sep}`))).toBe(true);
  });

  test.each(FILES.map(file => [path.relative(ROOT, file), file]))('%s', (_name, file) => {
    const result = expectSameReading(fs.readFileSync(file, 'utf8'));
    expect(result.objects.length + result.problems.length).toBeGreaterThan(0);
  });

  test.each(EDGE_SCALARS.map((scalar, i) => [scalar, i]))('scalar %j', (scalar, i) => {
    expectSameReading(edgeDocument(scalar, i));
  });

  test('all the scalar cases in one multi-document stream', () => {
    const result = expectSameReading(EDGE_SCALARS.map(edgeDocument).join('---\n'));
    expect(result.objects.length).toBeGreaterThan(EDGE_SCALARS.length - 10);
  });

  test.each(EDGE_STREAMS)('stream: %s', (_name, text) => {
    expectSameReading(text);
  });

  test('YAML 1.1 values as Kubernetes reads them, on the fast path', () => {
    const value = (scalar: string) => (readSegmentFast(`v: ${scalar}\n`)?.value as { v: unknown }).v;
    expect([value('yes'), value('off'), value('0400'), value('0o17'), value('0x1F'), value('1_000'), value('190:20:30')])
      .toEqual([true, false, 256, 15, 31, 1000, '190:20:30']);
    expect([value('2027-03-31'), value('"yes"'), value('!!binary aGk='), value('~')]).toEqual(['2027-03-31', 'yes', 'hi', null]);
    // Aliases, merge keys and tags the fast reader does not know are left to the full parser.
    expect(readSegmentFast('a: &x 1\nb: *x\n')).toBeUndefined();
    expect(readSegmentFast('a: {<<: {b: 1}}\n')).toBeUndefined();
    expect(readSegmentFast('a: !custom 1\n')).toBeUndefined();
    expect(readSegmentFast('a:\n  ? [x]\n  : 1\n')).toBeUndefined();
    expect(readSegmentFast('a:\n- - \n- b\n')).toBeUndefined();
    expect(readSegmentFast('a: /* "*" cat <<EOF b:c\n')).toBeDefined();
    // An alias right after a flow-map colon (JSON-style keys need no space) is an alias too.
    expect(readSegmentFast('a: &a 1\nb: {"k1":*a}\n')).toBeUndefined();
    // Schedules and globs look like aliases; without an anchor there is none, so the fast reader reads them.
    expect(readSegmentFast('schedule: "0 3 * * *"\nargs: [sh, -c, ls *.log]\n')?.value).toEqual({ schedule: '0 3 * * *', args: ['sh', '-c', 'ls *.log'] });
    // An anchor anywhere sends the document to the full parser, even with the alias in a form the trigger sees.
    expect(readSegmentFast('schedule: "0 3 * * *"\nx: &a {privileged: true}\ny: *a\n')).toBeUndefined();
    expect(readSegmentFast('schedule: "* * * * *"\nx: &a 1\n')).toBeUndefined();
    expect(readSegmentFast('a: {"x":&x {privileged: true}, "y":*x}\n')).toBeUndefined();
    expect(readSegmentFast('&root\na: 1\nb: "* * * * *"\n')).toBeUndefined();
    expect(readSegmentFast('a: [&x 1, *x]\n')).toBeUndefined();
    expect(readSegmentFast('cmd: "a && b"\nschedule: "* * * * *"\n')?.value).toEqual({ cmd: 'a && b', schedule: '* * * * *' });
    // An alias to no anchor is an error the full parser words.
    expect(readSegmentFast('schedule: "* * * * *"\ny: *a\n')).toBeUndefined();
  });

  test('an under-indented flow collection: read as kubectl (libyaml) reads it, or refused, never misread', () => {
    // libyaml checks no indentation inside flow collections, so kubectl applies this; the full parser follows the
    // YAML spec and refuses it. Where the fast reader hands such a document to the full parser (it also has an
    // alias), the document is an ERROR input problem: the difference fails closed.
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels: {app: x,\nteam: web}\n';
    expect(read(text, ManifestReader.FAST).objects.map(object => object.labels)).toEqual([{ app: 'x', team: 'web' }]);
    const full = read(`${text}x: &a 1\ny: *a\n`, ManifestReader.FAST);
    expect(full.objects).toEqual([]);
    expect(full.problems.map(problem => problem.severity)).toEqual([Severity.ERROR]);
  });

  test('floats as go-yaml v2 reads them, in both readers: no base 60, no exponent alone, nothing out of range', () => {
    const scalars = ['1:30', '190:20:30', '20:30.15', 'e5', '+e5', '.', '.e3', '._5', '-.nan', '1e400', '1.2.3',
      '.5', '1.', '1e3', '1_000.5', '+.5', '1.5e3_', '.5e3', '1__0.5', '-1E-3', '.5_5', '.5e1_0', '.5_'];
    const expected = ['1:30', '190:20:30', '20:30.15', 'e5', '+e5', '.', '.e3', '._5', '-.nan', '1e400', '1.2.3',
      0.5, 1, 1000, 1000.5, 0.5, 1500, 500, 10.5, -0.001, 0.55, 5e9, '.5_'];
    for (const reader of [ManifestReader.FAST, ManifestReader.FULL]) {
      const objects = read(scalars.map((scalar, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${i}}\nv: ${scalar}\n`).join('---\n'), reader).objects;
      expect(objects.map(object => object.json.v)).toEqual(expected);
    }
    const special = read('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: s}\nv: [.inf, -.Inf, +.INF, .NaN]\n', ManifestReader.FAST).objects[0].json.v;
    expect(special).toEqual([Infinity, -Infinity, Infinity, NaN]);
  });

  test('integers as go-yaml v2 reads them, in both readers', () => {
    const scalars = ['0X0', '0O17', '0B101', '0_x10', '+_1', '-_0x1F', '0x_1F', '1__0', '0_17', '08'];
    const expected = [0, 15, 5, 16, 1, -31, 31, 10, 15, 8];
    for (const reader of [ManifestReader.FAST, ManifestReader.FULL]) {
      const objects = read(scalars.map((scalar, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${i}}\nv: ${scalar}\n`).join('---\n'), reader).objects;
      expect(objects.map(object => object.json.v)).toEqual(expected);
    }
    // Text that Go's ParseInt refuses stays text.
    for (const scalar of ['0x', '0x_', '0b_', '0o', '_1', '0x1G']) {
      expect((readSegmentFast(`v: ${scalar}\n`)?.value as { v: unknown }).v).toBe(scalar);
    }
  });

  test('generated documents: random values in block and flow style', () => {
    const scalar = fc.oneof(
      fc.constantFrom(...EDGE_SCALARS.filter(s => !s.includes('\n') && !s.startsWith('!') && !s.startsWith('*'))),
      fc.string({ maxLength: 12 }),
      fc.integer(),
      fc.double({ noNaN: false }),
      fc.boolean(),
      fc.constant(null),
    );
    const tree = fc.letrec(tie => ({
      node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('array'), tie('object')),
      array: fc.array(tie('node'), { maxLength: 4 }),
      object: fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), tie('node'), { maxKeys: 4 }),
    }));
    fc.assert(fc.property(fc.array(fc.tuple(tree.object, fc.boolean(), fc.boolean()), { minLength: 1, maxLength: 4 }), documents => {
      const text = documents.map(([data, flow, rawScalars], i) => {
        const body = stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `g${i}` }, data }, { collectionStyle: flow ? 'flow' : 'block' });
        // Plain scalars written without quotes, so that they are resolved by the schema (e.g. `on`, `0400`, `1:30`).
        return rawScalars ? body.replace(/"([A-Za-z0-9.:_+~-]*)"/g, '$1') : body;
      }).join('---\n');
      expectSameReading(text);
    }), { numRuns: Number(process.env.FAST_READER_RUNS ?? 150) });
  });

  test('an empty sequence entry does not move the next container into the list before it (shrunk counterexample)', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: team}\nspec:\n  containers:\n  - name: a\n    image: x\n    args:\n    -\n'
      + '  - name: evil\n    image: x\n    securityContext: {privileged: true}\n';
    const { objects } = expectSameReading(text);
    expect((objects[0].json as any).spec.containers.map((c: any) => c.name)).toEqual(['a', 'evil']);
    const report = buildReport(undefined, objects, { evaluationDate: '2026-01-01' }, []);
    expect(report.findings.filter(f => f.ruleId === 'CTR-NOT-PRIVILEGED').map(f => [f.path, f.line]))
      .toContainEqual(['spec.containers[1].securityContext.privileged', 12]);
  });

  test('generated number-like plain scalars resolve as the full parser resolves them', () => {
    // Texts made of what numbers of YAML 1.1 and go-yaml are made of, starting with any of these characters.
    const text = fc.array(fc.constantFrom(...'0123456789xXoObBaAfF_-+.:eEinINnNy~'.split('')), { minLength: 1, maxLength: 9 })
      .map(chars => chars.join(''));
    // One scalar per document: a document the fast reader leaves to the full parser (e.g. `1:` is a mapping key) does not
    // take the other scalars with it.
    fc.assert(fc.property(fc.array(text, { minLength: 1, maxLength: 8 }), scalars => {
      expectSameReading(scalars.map((scalar, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: n${i}\ndata:\n  k: ${scalar}\n`).join('---\n'));
    }), { numRuns: Number(process.env.FAST_READER_RUNS ?? 300) });
  });

  test('generated JSON: Lists and objects, pretty-printed or on one line, keys with escapes, duplicate keys', () => {
    const scalar = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(),
      fc.constant(null));
    // Keys with quotes, backslashes, escapes and non-ASCII text, which JSON.stringify writes escaped.
    const key = fc.oneof(fc.string({ minLength: 1, maxLength: 8 }), fc.constantFrom('a"b', 'back\\slash', 'tab\there', 'é', '\u2028', '0', '1'));
    const tree = fc.letrec(tie => ({
      node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('array'), tie('object')),
      array: fc.array(tie('node'), { maxLength: 5 }),
      object: fc.dictionary(key, tie('node'), { maxKeys: 4 }),
    }));
    const item = (data: unknown, i: number) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `j${i}`, labels: { app: 'x' } }, data });
    fc.assert(fc.property(fc.array(tree.node, { minLength: 1, maxLength: 6 }), fc.constantFrom(0, 1, 2, '\t'), fc.boolean(), fc.boolean(),
      (values, indent, asList, duplicate) => {
        const objects = values.map(item);
        let text = JSON.stringify(asList ? { apiVersion: 'v1', kind: 'List', items: objects } : objects[0], null, indent || undefined);
        // The first of two equal keys is where the full parser places the field; JSON.parse keeps the last value.
        if (duplicate) text = text.replace('"metadata":', '"metadata": {"name": "first"}, "metadata":');
        expectSameReading(text);
      }), { numRuns: Number(process.env.FAST_READER_RUNS ?? 150) });
  });

  test('the line of a field of the last item of a large JSON List', () => {
    const items = Array.from({ length: 2000 }, (_, i) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `p${i}` }, spec: { hostPID: true } }));
    const text = JSON.stringify({ apiVersion: 'v1', kind: 'List', items }, null, 2);
    const { objects } = read(text, ManifestReader.FAST);
    const last = objects[objects.length - 1];
    const lines = text.split('\n');
    // `spec.hostPID` is three lines below the item's name in this layout.
    expect(last.source?.lineOf?.('spec.hostPID')).toBe(lines.findIndex(line => line.includes('"p1999"')) + 4);
    expect(lines[last.source!.lineOf!('spec.hostPID')! - 1].trim()).toBe('"hostPID": true');
    expect(objects[0].source?.lineOf?.('metadata.name')).toBe(9);
    expect(objects[0].source?.lineOf?.('spec.missing')).toBe(11);
  });
});

describe('reports are byte-identical with either reader', () => {
  const formats = [ReportFormat.TEXT, ReportFormat.JSON, ReportFormat.MARKDOWN, ReportFormat.SARIF];
  const inputs: Array<[string, string]> = [
    ...FILES.map((file): [string, string] => [path.relative(ROOT, file), fs.readFileSync(file, 'utf8')]),
    ['edge scalars', EDGE_SCALARS.map(edgeDocument).join('---\n')],
    ['edge streams', EDGE_STREAMS.map(([, text]) => text.replace(/^\ufeff/, '')).join('\n---\n')],
  ];

  test.each(inputs)('%s', (_name, text) => {
    const render = (reader: ManifestReader) => {
      const { objects, problems } = read(text, reader);
      const report = buildReport(undefined, objects, { evaluationDate: '2026-01-01' }, problems);
      return formats.map(format => report.render(format));
    };
    const fast = render(ManifestReader.FAST);
    expect(fast).toEqual(render(ManifestReader.FULL));
    expect(fast[1].length).toBeGreaterThan(10);
  });
});
