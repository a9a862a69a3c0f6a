import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { folderOf, importCircles, importGraph, moduleSpecifiers, resolveRelative, sourceFiles } from './support/import-graph';

const src = path.resolve(__dirname, '..', 'src');

/**
 * The folders of `src/`, lowest first. A file may import from its own folder and from folders before it, never
 * from a later one: the profile depends on nothing, the audit on no construct, and the CLI is on top.
 */
const LAYERS = ['profile', 'internal', 'policy', 'audit', 'namespace', 'workloads', 'ingress', 'cli'];

/** Folders whose index is part of the public API (`src/index.ts` re-exports each of them). */
const PUBLIC_FOLDERS = ['profile', 'policy', 'audit', 'namespace', 'workloads', 'ingress'];

describe('the source layout', () => {
  const graph = importGraph(src);

  test('has no import circle under src/', () => {
    expect(importCircles(graph).map((circle) => circle.join(' -> '))).toEqual([]);
  });

  test('holds only folders and src/index.ts at the top, each folder one of the layers', () => {
    const topLevel = fs.readdirSync(src, { withFileTypes: true });
    expect(topLevel.filter((entry) => !entry.isDirectory()).map((entry) => entry.name)).toEqual(['index.ts']);
    expect(topLevel.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort()).toEqual([...LAYERS].sort());
  });

  test('points every import between folders down the layers', () => {
    const upward: string[] = [];
    for (const [file, targets] of graph) {
      const from = folderOf(file);
      for (const target of targets) {
        const to = folderOf(target);
        if (from !== '.' && from !== to && LAYERS.indexOf(to) > LAYERS.indexOf(from)) {
          upward.push(`${file} -> ${target}`);
        }
      }
    }
    expect(upward).toEqual([]);
  });

  test('src/index.ts only re-exports the public folders', () => {
    const specifiers = reExportsOnly('index.ts');
    expect(specifiers.map((specifier) => resolveRelative(src, 'index.ts', specifier))).toEqual(specifiers.map((specifier) => `${specifier.slice(2)}/index.ts`));
    expect([...specifiers].map((specifier) => specifier.slice(2)).sort()).toEqual([...PUBLIC_FOLDERS].sort());
  });

  test('every folder index only re-exports files of its own folder', () => {
    const indexes = sourceFiles(src).filter((file) => path.posix.basename(file) === 'index.ts' && file !== 'index.ts');
    expect(indexes).toEqual(expect.arrayContaining(PUBLIC_FOLDERS.map((folder) => `${folder}/index.ts`)));
    for (const index of indexes) {
      for (const specifier of reExportsOnly(index)) {
        expect(`${index}: ${specifier}`).toMatch(/: \.\/[^/]+$/);
      }
    }
  });
});

describe('the import circle check', () => {
  test('finds a circle of two files and one of three, each as a path back to its start', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['a.ts', 'c.ts']],
      ['c.ts', []],
      ['d.ts', ['e.ts']],
      ['e.ts', ['f.ts']],
      ['f.ts', ['d.ts', 'c.ts']],
    ]);
    expect(importCircles(graph)).toEqual([['a.ts', 'b.ts', 'a.ts'], ['d.ts', 'e.ts', 'f.ts', 'd.ts']]);
  });

  test('finds a file that imports itself and nothing in an acyclic graph', () => {
    expect(importCircles(new Map([['a.ts', ['a.ts']]]))).toEqual([['a.ts', 'a.ts']]);
    expect(importCircles(new Map([['a.ts', ['b.ts', 'c.ts']], ['b.ts', ['c.ts']], ['c.ts', []]]))).toEqual([]);
  });

  test('counts type-only imports, re-exports and folder imports (a real directory with a circle through them)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layout-'));
    try {
      fs.mkdirSync(path.join(dir, 'reports'));
      fs.writeFileSync(path.join(dir, 'report.ts'), "import { render } from './reports';\nexport class Report { text() { return render(this); } }\n");
      fs.writeFileSync(path.join(dir, 'reports', 'index.ts'), "export * from './render';\n");
      fs.writeFileSync(path.join(dir, 'reports', 'render.ts'), "import type { Report } from '../report';\nexport function render(r: Report) { return String(r); }\n");
      expect(importCircles(importGraph(dir))).toEqual([['report.ts', 'reports/index.ts', 'reports/render.ts', 'report.ts']]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('reads dynamic imports and require calls as imports', () => {
    expect(moduleSpecifiers("const a = require('./a');\nexport async function b() { return import('./b'); }\n")).toEqual(['./a', './b']);
  });
});

/** The specifiers `file` re-exports; fails the test when it holds any other statement. */
function reExportsOnly(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(path.join(src, file), 'utf8'), ts.ScriptTarget.Latest);
  return source.statements.map((statement) => {
    if (!ts.isExportDeclaration(statement) || statement.moduleSpecifier === undefined || !ts.isStringLiteral(statement.moduleSpecifier)) {
      throw new Error(`${file} holds more than re-exports: ${statement.getText(source)}`);
    }
    return statement.moduleSpecifier.text;
  });
}
