/**
 * Audit benchmark: how long the audit engine takes for 10,000 Kubernetes objects (and how it scales), with all three
 * packs. Writes docs/benchmarks-audit.md.
 *
 * The objects are a realistic mix: namespaces with their quota, limit range, default-deny and DNS policies and default
 * ServiceAccount, and apps made of a Deployment, Service, ServiceAccount, NetworkPolicy, PodDisruptionBudget,
 * HorizontalPodAutoscaler, ConfigMap and Ingress; every fourth app is insecure, so the engine also builds findings.
 *
 * Usage: `npx ts-node --project tsconfig.dev.json scripts/bench-audit.ts` (also run by `npm run bench`);
 * `BENCH_REPEATS=15` sets the measured runs per case (default 9, after 2 warm-up runs).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { stringify } from 'yaml';
import { buildObjects, sharedLabelObjects } from './bench-corpus';
import { Audit, Pack } from '../src';

const TARGET_OBJECTS = 10_000;
const REPEATS = Number(process.env.BENCH_REPEATS ?? 9);
const WARM_UP = 2;
/** Parsing megabytes of YAML is slow; fewer runs keep the benchmark short. */
const YAML_REPEATS = 3;
const DOC = path.join(__dirname, '..', 'docs', 'benchmarks-audit.md');

interface Stats {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

function measure(run: () => unknown, repeats = REPEATS): Stats {
  for (let i = 0; i < WARM_UP; i++) run();
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], min: times[0], max: times[times.length - 1] };
}

const ms = (value: number) => `${value.toFixed(0)} ms`;
const count = (value: number) => value.toLocaleString('en-US');

function main(): void {
  const objects = buildObjects(TARGET_OBJECTS);
  const report = Audit.ofManifests(objects);
  const yamlText = objects.map(object => stringify(object)).join('---\n');

  const all = measure(() => Audit.ofManifests(objects));
  const hardened = measure(() => Audit.ofManifests(objects, { packs: [Pack.HARDENED] }));
  const baseline = measure(() => Audit.ofManifests(objects, { packs: [Pack.PSS_BASELINE] }));
  const fromYaml = measure(() => Audit.ofYaml(yamlText), YAML_REPEATS);
  const scaling = [1_000, 10_000, 20_000].map(size => {
    const set = buildObjects(size);
    return { size, stats: measure(() => Audit.ofManifests(set)) };
  });
  const sharedOne = sharedLabelObjects(5_000, 1);
  const sharedSpread = sharedLabelObjects(5_000, 100);
  const shared = { one: measure(() => Audit.ofManifests(sharedOne), 3), spread: measure(() => Audit.ofManifests(sharedSpread), 3) };
  const perObject = (size: number, stats: Stats) => (stats.median * 1000) / size;
  const load = os.loadavg()[0].toFixed(1);

  const lines = [
    '# Benchmarks: audit engine',
    '',
    `Auditing ${count(objects.length)} Kubernetes objects (${count(objects.filter(o => o.kind === 'Deployment').length)} Deployments with their`,
    'Service, ServiceAccount, NetworkPolicy, PodDisruptionBudget, HorizontalPodAutoscaler, ConfigMap and Ingress, in namespaces',
    'with their quota, limit range, default-deny and DNS policies; every fourth app insecure). The audit produced',
    `${count(report.findings.length)} findings: ${report.summary().replace(/^audit \([^)]*\) of \d+ objects: /, '')}.`,
    '',
    `Each figure is the median of ${REPEATS} runs (${YAML_REPEATS} for YAML) in one Node.js process after ${WARM_UP} warm-up runs.`,
    '',
    '| Case | Median | Min–max |',
    '|---|---:|---:|',
    `| \`Audit.ofManifests\`, all three packs, ${count(objects.length)} objects | **${ms(all.median)}** | ${ms(all.min)}–${ms(all.max)} |`,
    `| \`Audit.ofManifests\`, \`hardened\` only | ${ms(hardened.median)} | ${ms(hardened.min)}–${ms(hardened.max)} |`,
    `| \`Audit.ofManifests\`, \`pss-baseline\` only | ${ms(baseline.median)} | ${ms(baseline.min)}–${ms(baseline.max)} |`,
    `| \`Audit.ofYaml\` (read ${count(Math.round(yamlText.length / 1024))} KiB of YAML, audit, lines of findings), all packs | `
      + `${ms(fromYaml.median)} | ${ms(fromYaml.min)}–${ms(fromYaml.max)} |`,
    '',
    `Reading the YAML text and finding the lines of the findings add ${ms(fromYaml.median - all.median)} to the audit. The CLI reads YAML one document at a time,`,
    'without a syntax tree. A block-style document (what kubectl, Helm and cdk8s write) is read line by line by the block reader',
    'with Kubernetes\' scalar rules, and the line of a finding\'s field is found along its path from the indentation of the',
    'document\'s lines. Documents the block reader declines (flow collections, anchors, tags, anything it is not sure of) are',
    'read by js-yaml with the same rules, their lines found from the indentation or, where that is not certain, by parsing',
    'the document again with position events, only for documents that have findings. Documents with aliases, merge',
    'keys, complex keys or parse errors go to the full parser (the `yaml` package), which gives the same values. JSON text is',
    'read with `JSON.parse`, and a finding\'s line is found in the JSON text itself: the locator walks the text along the',
    'finding\'s path and remembers where the elements of each array it entered start, so a `List` of a whole cluster is',
    'walked about once however many of its items have findings. The JSON report is written to `--output` finding by finding.',
    '',
    '## Scaling',
    '',
    'Cross-resource rules (NetworkPolicy and PodDisruptionBudget coverage, ServiceAccounts, Ingress backends, namespace',
    'defaults) look objects up in indexes built once per audit (by kind, namespace and name; selectors by label), so the time',
    'per object stays flat as the object count grows:',
    '',
    '| Objects | Median, all packs | Per object |',
    '|---:|---:|---:|',
    ...scaling.map(({ size, stats }) => `| ${count(size)} | ${ms(stats.median)} | ${perObject(size, stats).toFixed(1)} µs |`),
    '',
    '## Shared labels',
    '',
    '5,000 Deployments of one Helm release (`app: shop` on all, `component` telling them apart), each with a NetworkPolicy',
    'and a PodDisruptionBudget selecting it (15,000 objects), audited with all packs (median of 3 runs). Selectors are indexed',
    'under their least frequent label pair, so a pair every workload shares does not put them all in one bucket:',
    '',
    '| Layout | Median | Min–max |',
    '|---|---:|---:|',
    `| one namespace | **${ms(shared.one.median)}** | ${ms(shared.one.min)}–${ms(shared.one.max)} |`,
    `| spread over 100 namespaces | ${ms(shared.spread.median)} | ${ms(shared.spread.min)}–${ms(shared.spread.max)} |`,
    '',
    `One namespace takes ${(shared.one.median / shared.spread.median).toFixed(2)}x the time of the spread layout (target: at most 2x).`,
    '',
    `Machine: ${os.cpus().length} x ${os.cpus()[0]?.model.trim().split(/\s+/).slice(0, 2).join(' ') ?? 'unknown CPU'}, `
      + `${Math.round(os.totalmem() / 2 ** 30)} GiB, Node.js ${process.version}, ${process.platform}; load average ${load} during the runs.`,
    'The machine is shared with other jobs, so absolute figures vary between runs (the minimum is the least disturbed run).',
    'Reproduce with `npx ts-node --project tsconfig.dev.json scripts/bench-audit.ts`',
    '(also part of `npm run bench`).',
    '',
  ];
  // Keep the sections other scripts write between their markers (scripts/bench-cli.ts, scripts/measure-cli-bounds.ts).
  const previous = fs.existsSync(DOC) ? fs.readFileSync(DOC, 'utf8') : '';
  const kept = ['cli-bench', 'cli-bounds', 'cli-bounds-notes']
    .map(name => new RegExp(`<!-- ${name}:start -->[\\s\\S]*<!-- ${name}:end -->\\n?`).exec(previous)?.[0])
    .filter((section): section is string => section !== undefined);
  fs.writeFileSync(DOC, lines.join('\n') + kept.map(section => `\n${section.endsWith('\n') ? section : `${section}\n`}`).join(''));
  process.stdout.write(`${lines.join('\n')}\nwrote ${path.relative(process.cwd(), DOC)}\n`);
}

if (require.main === module) {
  main();
}
