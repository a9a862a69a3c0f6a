import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/** The relative imports of every `.ts` file under a directory, as resolved file paths relative to that directory. */
export type ImportGraph = Map<string, string[]>;

/** Every `.ts` file under `dir`, relative to it, sorted. */
export function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const child = path.posix.join(relative, entry.name);
      if (entry.isDirectory()) {
        walk(child);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        files.push(child);
      }
    }
  };
  walk('');
  return files.sort();
}

/**
 * The specifiers of every import and re-export of `source`, type-only ones included (an `import type` circle
 * is still two modules that need each other), and dynamic `import()` / `require()` calls.
 */
export function moduleSpecifiers(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((file) => file.fileName);
}

/** The file `specifier` (relative) names from `from`: `x.ts` or `x/index.ts`, relative to `dir`; undefined when neither exists. */
export function resolveRelative(dir: string, from: string, specifier: string): string | undefined {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  return [`${base}.ts`, path.posix.join(base, 'index.ts')].find((candidate) => fs.existsSync(path.join(dir, candidate)));
}

/** The import graph of the `.ts` files under `dir` (relative imports only: packages are not part of it). */
export function importGraph(dir: string): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const file of sourceFiles(dir)) {
    const targets = moduleSpecifiers(fs.readFileSync(path.join(dir, file), 'utf8'))
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => {
        const target = resolveRelative(dir, file, specifier);
        if (target === undefined) {
          throw new Error(`${file} imports '${specifier}', which is not a file under ${dir}`);
        }
        return target;
      });
    graph.set(file, [...new Set(targets)].sort());
  }
  return graph;
}

/**
 * The import circles of `graph`: one path per strongly connected component of more than one node (or a node that
 * imports itself), written `a -> b -> ... -> a`. Empty when the graph is acyclic.
 */
export function importCircles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  // Tarjan's algorithm, iterative over the sorted nodes so the result is deterministic.
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  const strongConnect = (node: string) => {
    index.set(node, counter);
    lowLink.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        strongConnect(next);
        lowLink.set(node, Math.min(lowLink.get(node)!, lowLink.get(next)!));
      } else if (onStack.has(next)) {
        lowLink.set(node, Math.min(lowLink.get(node)!, index.get(next)!));
      }
    }
    if (lowLink.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) {
        components.push(component);
      }
    }
  };
  for (const node of [...graph.keys()].sort()) {
    if (!index.has(node)) {
      strongConnect(node);
    }
  }
  return components.map((component) => circleThrough(graph, new Set(component)));
}

/** One circle inside a strongly connected component: from its first node (sorted) back to it, shortest first. */
function circleThrough(graph: ReadonlyMap<string, readonly string[]>, component: ReadonlySet<string>): string[] {
  const start = [...component].sort()[0];
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const next of graph.get(node) ?? []) {
      if (next === start) {
        const circle = [start];
        for (let at: string | undefined = node; at !== start && at !== undefined; at = previous.get(at)) {
          circle.splice(1, 0, at);
        }
        return [...circle, start];
      }
      if (component.has(next) && !previous.has(next) && next !== start) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start, start];
}

/** The top-level folder of a file under `src/` (`workloads/x.ts` -> `workloads`; `index.ts` -> `.`). */
export function folderOf(file: string): string {
  const slash = file.indexOf('/');
  return slash === -1 ? '.' : file.slice(0, slash);
}
