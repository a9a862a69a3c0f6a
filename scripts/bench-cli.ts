/**
 * CLI benchmark: `cdk8s-secure audit` end to end (compiled to JavaScript, one process per run) on 12,000, 50,000 and
 * 100,000 objects of the audit benchmark corpus, as multi-document YAML and as JSON; wall time and peak RSS (from
 * `/usr/bin/time`), beside the floor of reading the same data with `JSON.parse` in a Node.js process. Writes the
 * section "CLI end to end" of docs/benchmarks-audit.md (between its markers).
 *
 * Usage: `npx ts-node --project tsconfig.dev.json scripts/bench-cli.ts` (also run by `npm run bench`).
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { buildObjects } from './bench-corpus';

const ROOT = path.join(__dirname, '..');
const DOC = path.join(ROOT, 'docs', 'benchmarks-audit.md');
const START = '<!-- cli-bench:start -->';
const END = '<!-- cli-bench:end -->';
const MIB = 1024 * 1024;
const SIZES = (process.env.BENCH_CLI_SIZES ?? '12000,50000,100000').split(',').map(Number);

interface Run {
  readonly seconds: number;
  readonly rssMiB: number;
  readonly status: number | null;
  readonly stderr: string;
}

/** Runs `node args` under `/usr/bin/time`: wall time, peak RSS and exit code. */
function timed(args: string[]): Run {
  const started = process.hrtime.bigint();
  const run = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * MIB });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const stderr = run.stderr.toString().trim().split('\n');
  return { seconds, rssMiB: Number(stderr[stderr.length - 1]) / 1024, status: run.status, stderr: stderr.slice(0, -1).join(' / ') };
}

/** The fastest of `repeats` runs (the least disturbed on a shared machine). */
function best(repeats: number, run: () => Run): Run {
  const runs = Array.from({ length: repeats }, run);
  return runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
}

function main(): void {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-secure-bench-cli-'));
  const build = path.join(work, 'build');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.json'), '--outDir', build,
    '--declaration', 'false'], { stdio: 'inherit' });
  // The CLI reads its version from the package.json two folders above its compiled files.
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(work, 'package.json'));
  const cli = path.join(build, 'cli', 'main.js');
  const floor = path.join(work, 'json-parse.js');
  fs.writeFileSync(floor, "JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));\n");
  const env = { NODE_PATH: path.join(ROOT, 'node_modules') };
  process.env.NODE_PATH = env.NODE_PATH;

  const rows: string[] = [];
  for (const size of SIZES) {
    const objects = buildObjects(size);
    const yamlFile = path.join(work, `objects-${size}.yaml`);
    const fd = fs.openSync(yamlFile, 'w');
    objects.forEach((object, i) => fs.writeSync(fd, `${i > 0 ? '---\n' : ''}${stringify(object)}`));
    fs.closeSync(fd);
    const jsonFile = path.join(work, `objects-${size}.json`);
    fs.writeFileSync(jsonFile, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }));
    const repeats = size <= 20_000 ? 3 : 1;
    const jsonParse = best(3, () => timed([floor, jsonFile]));
    const fromYaml = best(repeats, () => timed([cli, 'audit', '--format', 'json', '--output', path.join(work, 'report.json'), yamlFile]));
    // One List document of this size has more commas and line breaks than the default node limit of a document.
    const fromJson = best(repeats, () => timed([cli, 'audit', '--format', 'json', '--output', path.join(work, 'report.json'),
      '--max-document-nodes', String(100 * size), '--max-document-size', '256M', jsonFile]));
    for (const run of [fromYaml, fromJson]) {
      if (run.status !== 1) throw new Error(`the CLI exited ${run.status} (expected 1, findings): ${run.stderr}`);
    }
    const findings = /of \d+ objects: (.*)$/.exec(fromYaml.stderr.split(' / ')[0])?.[1] ?? fromYaml.stderr;
    const mib = (file: string) => (fs.statSync(file).size / MIB).toFixed(1);
    rows.push(`| ${size.toLocaleString('en-US')} | YAML, ${mib(yamlFile)} MiB | **${fromYaml.seconds.toFixed(2)} s** | ${fromYaml.rssMiB.toFixed(0)} MiB `
      + `| ${(fromYaml.seconds / jsonParse.seconds).toFixed(1)}× | ${findings} |`);
    rows.push(`| ${size.toLocaleString('en-US')} | JSON List, ${mib(jsonFile)} MiB | ${fromJson.seconds.toFixed(2)} s | ${fromJson.rssMiB.toFixed(0)} MiB `
      + `| ${(fromJson.seconds / jsonParse.seconds).toFixed(1)}× | (\`JSON.parse\` floor: ${jsonParse.seconds.toFixed(2)} s, ${jsonParse.rssMiB.toFixed(0)} MiB) |`);
    console.log(rows.slice(-2).join('\n'));
    fs.rmSync(yamlFile);
    fs.rmSync(jsonFile);
  }
  fs.rmSync(work, { recursive: true, force: true });

  const section = [
    START,
    '## CLI end to end',
    '',
    'Generated by `scripts/bench-cli.ts`: `cdk8s-secure audit --format json --output report.json` compiled to JavaScript, one',
    'process per run (the fastest of 3 runs up to 20,000 objects, one run above), on the objects of the corpus above, written as',
    'multi-document YAML (`yaml` stringify) and as one JSON `List` (with `--max-document-nodes` and `--max-document-size` raised:',
    'the List is one document). Wall time and peak resident memory from `/usr/bin/time`.',
    'The ratio is to the floor: a Node.js process that reads the JSON file and `JSON.parse`s it (the fastest of 3 runs).',
    `Machine: ${os.cpus().length} x ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'} (shared), Node.js ${process.version}; load average `
      + `${os.loadavg()[0].toFixed(1)} at the end.`,
    '',
    '| Objects | Input | CLI time | CLI peak RSS | Ratio to `JSON.parse` | Findings |',
    '|---:|---|---:|---:|---:|---|',
    ...rows,
    END,
  ].join('\n');
  const doc = fs.readFileSync(DOC, 'utf8');
  const at = doc.indexOf(START);
  const updated = at >= 0 ? `${doc.slice(0, at)}${section}${doc.slice(doc.indexOf(END) + END.length)}` : `${doc.trimEnd()}\n\n${section}\n`;
  fs.writeFileSync(DOC, updated);
}

main();
