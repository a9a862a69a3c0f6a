import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PassThrough } from 'stream';
import * as fc from 'fast-check';
import { aliasedContainers, wideAliases } from './bounds-fixtures';
import { Audit, Pack, RuleId, Severity } from '../../src';
import { AuditProblem } from '../../src/audit/audit-problem';
import { parseCliArgs, UsageError } from '../../src/audit/cli/cli-args';
import { InputError, parseSize, readBoundedFile, readBoundedStream } from '../../src/audit/cli/read-input';
import { runCli } from '../../src/audit/cli/run-cli';
import { AuditedObject } from '../../src/audit/engine/audited-object';
import { DEFAULT_MAX_DOCUMENT_NODES, expandedNodeCount, splitDocuments, treeNodeCount } from '../../src/audit/engine/document-bounds';
import { parseManifestText } from '../../src/audit/engine/parse-manifest-text';
import { capViolations, MAX_FINDINGS_PER_RULE_AND_OBJECT } from '../../src/audit/engine/run-audit';

const HARDENED = path.join(__dirname, '..', 'audit', 'fixtures', 'hardened.yaml');

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-secure-bounds-'));
}

/** Whether this platform can make named pipes (Linux and macOS can). */
function mkfifo(file: string): boolean {
  try {
    execFileSync('mkfifo', [file]);
    return true;
  } catch {
    return false;
  }
}

async function cli(argv: string[], readStdin: (maxBytes: number) => Promise<string> = async () => '') {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (text: string) => { stdout += text; } },
    stderr: { write: (text: string) => { stderr += text; } },
    env: {},
    readStdin,
  });
  return { code, stdout, stderr };
}

function parse(text: string, bounds?: { maxDocumentSize: number; maxDocumentNodes: number }) {
  const objects: AuditedObject[] = [];
  const problems: AuditProblem[] = [];
  parseManifestText(text, 'in.yaml', objects, problems, bounds);
  return { objects, problems };
}

const CONFIG_MAP = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  k: v\n`;

describe('expanded size of a document', () => {
  test('counts every node, an object reached twice twice', () => {
    const shared = { a: 1, b: [1, 2] };
    expect(expandedNodeCount({ x: shared }, 100)).toBe(1 + 5);
    expect(expandedNodeCount({ x: shared, y: shared }, 100)).toBe(1 + 5 + 5);
    expect(expandedNodeCount('text', 100)).toBe(1);
  });

  test('a JSON value (a tree) counts the same without tracking the objects seen, under and over any limit (property)', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 6 }), fc.integer({ min: 0, max: 200 }), (text, limit) => {
      const value = JSON.parse(JSON.stringify(text) ?? 'null');
      const exact = expandedNodeCount(value, Number.MAX_SAFE_INTEGER);
      expect(treeNodeCount(value, Number.MAX_SAFE_INTEGER)).toBe(exact);
      expect(treeNodeCount(value, limit) > limit).toBe(exact > limit);
      expect(expandedNodeCount(value, limit) > limit).toBe(exact > limit);
    }), { numRuns: 300, seed: 16 });
  });

  test('a JSON document over the node limit with few separators is refused after parsing, as a YAML one is', () => {
    const problems: AuditProblem[] = [];
    const objects: AuditedObject[] = [];
    // 150 nested objects, no comma and no line break: the separator bound before parsing lets it through.
    const nested = `${'{"a":'.repeat(150)}1${'}'.repeat(150)}`;
    parseManifestText(nested, 'nested.json', objects, problems, { maxDocumentNodes: 100, maxDocumentSize: 1024 * 1024 });
    expect(objects).toEqual([]);
    expect(problems.map((p) => p.message)).toEqual([expect.stringContaining('document expands to more than 100 nodes')]);
  });

  test('stops above the limit, in linear time however far aliases expand', () => {
    let level: unknown[] = ['a', 'b'];
    for (let i = 0; i < 60; i++) {
      level = [level, level, level];
    }
    const started = Date.now();
    expect(expandedNodeCount(level, 1000)).toBeGreaterThan(1000);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  test('a value that contains itself has no end', () => {
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    expect(expandedNodeCount(cyclic, 1000)).toBe(Infinity);
  });

  test('aliases under the parser\'s alias limit that expand over the bound are refused as an input problem; the other documents are audited', () => {
    const { objects, problems } = parse(`${wideAliases()}---\n${CONFIG_MAP('after')}`);
    expect(objects.map(object => object.name)).toEqual(['after']);
    expect(problems).toEqual([expect.objectContaining({
      severity: Severity.ERROR,
      file: 'in.yaml',
      documentIndex: 0,
      line: 1,
      message: expect.stringContaining(`document expands to more than ${DEFAULT_MAX_DOCUMENT_NODES} nodes`),
    })]);
  });

  test('a document at the node limit is audited, one node over is refused', () => {
    const text = CONFIG_MAP('small'); // map, apiVersion, kind, metadata map, name, data map, k: 7 nodes
    expect(parse(text, { maxDocumentSize: 1000, maxDocumentNodes: 7 }).objects).toHaveLength(1);
    const over = parse(text, { maxDocumentSize: 1000, maxDocumentNodes: 6 });
    expect(over.objects).toHaveLength(0);
    expect(over.problems[0].message).toMatch(/expands to more than 6 nodes/);
  });

  test('a real manifest with aliases stays far below the default', () => {
    const { objects, problems } = parse(fs.readFileSync(HARDENED, 'utf8'));
    expect(problems).toEqual([]);
    expect(objects).toHaveLength(18);
  });
});

describe('text size of a document', () => {
  test('a document over the limit is refused before parsing, with its index and line; the others are audited', () => {
    const big = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata: {k: "${'x'.repeat(200)}"}\n`;
    const text = `${CONFIG_MAP('first')}---\n${big}---\n${CONFIG_MAP('last')}`;
    const { objects, problems } = parse(text, { maxDocumentSize: 150, maxDocumentNodes: 100 });
    expect(objects.map(object => object.name)).toEqual(['first', 'last']);
    expect(problems).toEqual([expect.objectContaining({ severity: Severity.ERROR, documentIndex: 1, line: 7 })]);
    expect(problems[0].message).toMatch(/^document of 2\d\d bytes, more than the limit of 150 bytes per document; skipped/);
    // The last document keeps its index and lines.
    expect(objects[1].source).toEqual(expect.objectContaining({ documentIndex: 2 }));
    expect(objects[1].source?.lineOf?.('data.k')).toBe(text.split('\n').length - 1);
  });

  test('a document at the limit is audited', () => {
    const text = CONFIG_MAP('exact');
    expect(parse(text, { maxDocumentSize: text.length, maxDocumentNodes: 100 }).objects).toHaveLength(1);
    expect(parse(text, { maxDocumentSize: text.length - 1, maxDocumentNodes: 100 }).objects).toHaveLength(0);
  });

  test('splitting at markers keeps directives with their document and ignores --- inside a line', () => {
    const text = 'a: 1\n---\nb: "--- not a marker"\n%YAML 1.1\n---\nc: 3\n--- # comment\nd: 4\n';
    expect(splitDocuments(text).map(segment => [text.slice(segment.start, segment.end), segment.line])).toEqual([
      ['a: 1\n', 1], ['---\nb: "--- not a marker"\n', 2], ['%YAML 1.1\n---\nc: 3\n', 4], ['--- # comment\nd: 4\n', 7],
    ]);
    expect(splitDocuments('')).toEqual([{ start: 0, end: 0, line: 1 }]);
  });

  test('document indexes and lines are those of the whole stream (... ends, comments, empty documents)', () => {
    const text = `# leading comment\n---\n${CONFIG_MAP('a')}...\n---\n---\n${CONFIG_MAP('b')}`;
    const { objects, problems } = parse(text);
    expect(problems).toEqual([]);
    expect(objects.map(object => [object.name, object.source?.documentIndex, object.source?.lineOf?.('metadata.name')])).toEqual([
      ['a', 0, 6], ['b', 2, 15],
    ]);
  });
});

describe('findings per rule and object', () => {
  test('at most the cap are listed, in report order, and one more counts the others with their worst severity', () => {
    const violations = Array.from({ length: 25 }, (_, i) => ({ path: `p${String(i).padStart(2, '0')}`, message: 'm' }))
      .reverse().concat([{ path: 'z', message: 'worst', severity: Severity.ERROR } as never]);
    const capped = capViolations(violations, Severity.WARNING);
    expect(capped).toHaveLength(MAX_FINDINGS_PER_RULE_AND_OBJECT + 1);
    expect(capped[0].path).toBe('p00');
    expect(capped[MAX_FINDINGS_PER_RULE_AND_OBJECT - 1].path).toBe('p19');
    expect(capped[MAX_FINDINGS_PER_RULE_AND_OBJECT]).toEqual({
      path: '',
      severity: Severity.ERROR,
      message: '… and 6 more findings of this rule on this object, not listed (at most 20 are listed per rule and object)',
    });
    expect(capViolations(violations.slice(0, 20), Severity.WARNING)).toHaveLength(20);
  });

  test('99 aliased containers with 1,000 host ports each give a bounded report, the summary in every format', () => {
    const report = Audit.ofYaml(aliasedContainers(), { packs: [Pack.PSS_BASELINE] }, 'aliased.yaml');
    const hostPorts = report.findings.filter(finding => finding.ruleId === RuleId.CTR_NO_HOSTPORT);
    expect(hostPorts).toHaveLength(MAX_FINDINGS_PER_RULE_AND_OBJECT + 1);
    // The summary comes after the findings it counts (whose paths sort after its empty path).
    const summary = hostPorts[MAX_FINDINGS_PER_RULE_AND_OBJECT];
    expect(hostPorts[0].path).toBe('spec.template.spec.containers[0].ports[0].hostPort');
    expect(summary.message).toBe(`… and ${99 * 1000 - 20} more findings of this rule on this object, not listed (at most 20 are listed per rule and object)`);
    expect(summary.severity).toBe(hostPorts[0].severity);
    for (const format of [report.toText(), report.toJson(), report.toMarkdown(), report.toSarif()]) {
      expect(format).toContain(`and ${99 * 1000 - 20} more findings`);
      expect(format.length).toBeLessThan(1_000_000);
    }
  });
});

describe('reading input', () => {
  test('sizes', () => {
    expect(parseSize('100M')).toBe(100 * 1024 * 1024);
    expect(parseSize('1.5k')).toBe(1536);
    expect(parseSize('2GiB')).toBe(2 * 1024 ** 3);
    expect(parseSize('512')).toBe(512);
    for (const bad of ['', '0', '-1', 'M', '1T', '1e9']) {
      expect(parseSize(bad)).toBeUndefined();
    }
  });

  test('a file at the limit is read, one byte over is refused', async () => {
    const file = path.join(tempDir(), 'a.yaml');
    fs.writeFileSync(file, 'x'.repeat(100));
    await expect(readBoundedFile(file, 100)).resolves.toHaveLength(100);
    await expect(readBoundedFile(file, 99)).rejects.toThrow(new InputError(
      'the file is 100 bytes, more than the limit of 99 bytes; not audited (raise the limit with --max-input-size, or split the input)'));
  });

  test('standard input over the limit is refused as soon as it is over, without reading the rest', async () => {
    const stream = new PassThrough();
    const read = readBoundedStream(stream, 10);
    stream.write('0123456789');
    stream.write('abc');
    await expect(read).rejects.toThrow(/^standard input is 13 bytes, more than the limit of 10 bytes/);
    const ok = new PassThrough();
    const readOk = readBoundedStream(ok, 10);
    ok.end('0123456789');
    await expect(readOk).resolves.toBe('0123456789');
  });

  test('a named pipe is refused without blocking, given directly (exit 2) or in a directory (skipped)', async () => {
    const dir = tempDir();
    const fifo = path.join(dir, 'pipe.yaml');
    if (!mkfifo(fifo)) {
      return; // no named pipes on this platform
    }
    fs.copyFileSync(HARDENED, path.join(dir, 'app.yaml'));
    await expect(readBoundedFile(fifo, 1000)).rejects.toThrow('is a named pipe (FIFO), not a regular file; skipped without reading it');
    const direct = await cli(['audit', '--format', 'json', fifo]);
    expect(direct.code).toBe(2);
    expect(JSON.parse(direct.stdout).problems).toEqual([expect.objectContaining({
      severity: 'error', file: fifo, message: 'is a named pipe (FIFO), not a regular file; skipped without reading it',
    })]);
    const inDirectory = await cli(['audit', '--format', 'json', dir]);
    expect(inDirectory.code).toBe(0);
    const report = JSON.parse(inDirectory.stdout);
    expect(report.objectCount).toBe(18);
    expect(report.problems).toEqual([expect.objectContaining({ severity: 'warning', file: fifo })]);
  });

  test('a device is refused without reading it', async () => {
    const run = await cli(['audit', '--format', 'json', '/dev/zero']);
    if (!fs.existsSync('/dev/zero')) return;
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).problems[0].message).toBe('is a device, not a regular file; skipped without reading it');
  });

  test('symbolic links: to a file followed, to a directory not (so a link cannot loop)', async () => {
    const dir = tempDir();
    fs.copyFileSync(HARDENED, path.join(dir, 'real.txt'));
    fs.symlinkSync(path.join(dir, 'real.txt'), path.join(dir, 'app.yaml'));
    fs.symlinkSync(dir, path.join(dir, 'loop.yaml'));
    const run = await cli(['audit', '--format', 'json', dir]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.objectCount).toBe(18);
    expect(report.problems).toEqual([expect.objectContaining({
      severity: 'info', file: path.join(dir, 'loop.yaml'), message: expect.stringContaining('symbolic link to a directory; not followed'),
    })]);
  });

  test('standard input over --max-input-size is an input problem, exit 2; the limit reaches readStdin', async () => {
    const limits: number[] = [];
    const run = await cli(['audit', '--max-input-size', '1K', '-'], async maxBytes => {
      limits.push(maxBytes);
      throw new InputError('standard input is 2 KiB, more than the limit of 1 KiB');
    });
    expect(limits).toEqual([1024]);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('-: cannot read standard input: standard input is 2 KiB, more than the limit of 1 KiB');
  });

  test('files over --max-input-size and documents over --max-document-size/--max-document-nodes', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'a.yaml');
    fs.writeFileSync(file, CONFIG_MAP('a'));
    expect((await cli(['audit', '--max-input-size', '10', file])).stdout).toMatch(/the file is \d+ bytes, more than the limit of 10 bytes/);
    expect((await cli(['audit', '--max-document-size', '10', file])).stdout).toContain('more than the limit of 10 bytes per document');
    expect((await cli(['audit', '--max-document-nodes', '3', file])).stdout).toMatch(/expand(s)? to more than 3 nodes/);
    expect((await cli(['audit', '--max-document-nodes', '7', file])).code).toBe(1);
  });
});

describe('limit flags', () => {
  test('defaults, and values', () => {
    expect(parseCliArgs(['audit', 'x.yaml'])).toEqual(expect.objectContaining({
      maxInputSize: 256 * 1024 * 1024, maxDocumentSize: 32 * 1024 * 1024, maxDocumentNodes: 1_000_000,
    }));
    expect(parseCliArgs(['audit', '--max-input-size=100M', '--max-document-size', '1M', '--max-document-nodes', '5000', 'x.yaml']))
      .toEqual(expect.objectContaining({ maxInputSize: 100 * 1024 * 1024, maxDocumentSize: 1024 * 1024, maxDocumentNodes: 5000 }));
  });

  test.each([
    [['--max-input-size', 'lots'], '--max-input-size "lots" is not a size'],
    [['--max-input-size', '1G'], '--max-input-size "1G" is more than'],
    [['--max-document-size', '0'], '--max-document-size "0" is not a size'],
    [['--max-document-nodes', '1.5'], '--max-document-nodes "1.5" is not a positive whole number'],
    [['--max-document-nodes', '0'], '--max-document-nodes "0" is not a positive whole number'],
  ])('%j is a usage error', (flags, message) => {
    expect(() => parseCliArgs(['audit', ...flags, 'x.yaml'])).toThrow(UsageError);
    expect(() => parseCliArgs(['audit', ...flags, 'x.yaml'])).toThrow(message);
  });
});

describe('documents refused before parsing', () => {
  test('a flow sequence with more commas than the node limit is refused quickly, without building its syntax tree', () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\nbinaryData: [${'0,'.repeat(1_200_000)}0]\n`;
    const objects: AuditedObject[] = [];
    const problems: AuditProblem[] = [];
    parseManifestText(text, 'big.yaml', objects, problems);
    expect(objects).toEqual([]);
    expect(problems).toEqual([expect.objectContaining({ severity: Severity.ERROR, message: expect.stringContaining('skipped before parsing') })]);
  });

  test('a document just under the limit is still parsed', () => {
    const objects: AuditedObject[] = [];
    const problems: AuditProblem[] = [];
    parseManifestText(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a: "${'1,'.repeat(1000)}"}\n`, 'ok.yaml', objects, problems);
    expect(problems).toEqual([]);
    expect(objects).toHaveLength(1);
  });
});
