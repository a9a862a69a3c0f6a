import * as path from 'path';
import { ApiObject, App, Chart, DependencyGraph, Names, Yaml, YamlOutputType } from 'cdk8s';
import { IConstruct } from 'constructs';
import { AuditProblem } from '../audit-problem';
import { AuditedObject, ObjectSource } from './audited-object';
import { JsonObject } from './json';
import { parseManifestText } from './parse-manifest-text';

/** The app of `scope`, or undefined when it has none. */
function appOf(scope: IConstruct): App | undefined {
  try {
    return App.of(scope);
  } catch {
    return undefined;
  }
}

function chartOf(construct: IConstruct): Chart | undefined {
  try {
    return Chart.of(construct);
  } catch {
    return undefined;
  }
}

/**
 * Whether cdk8s would name the chart files with an index (`0000-<chart>`) or order objects by dependencies it only
 * adds at synthesis: a chart nested in a chart, or a dependency that is not from one ApiObject to another of its chart.
 */
function orderNotKnownBeforeSynthesis(app: App): boolean {
  for (const construct of app.node.findAll()) {
    if (Chart.isChart(construct) && construct.node.scopes.slice(0, -1).some(scope => scope !== app && Chart.isChart(scope))) {
      return true;
    }
    for (const dependency of construct.node.dependencies) {
      if (!ApiObject.isApiObject(construct) || !ApiObject.isApiObject(dependency) || chartOf(construct) !== chartOf(dependency)) {
        return true;
      }
    }
  }
  return false;
}

/** The file name reports give: relative to the working directory when the output directory is inside it. */
function reportedName(outdir: string, file: string): string {
  if (!path.isAbsolute(outdir)) {
    return path.posix.join(outdir.split(path.sep).join('/'), file);
  }
  const relative = path.relative(process.cwd(), path.join(outdir, file));
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative.split(path.sep).join('/');
}

/**
 * Where `app.synth()` writes each ApiObject of `scope`'s app (`<outdir>/<chart>.k8s.yaml`, or `app.k8s.yaml` for one
 * file per app) and, from the same YAML text cdk8s writes, the line of every field: the physical locations of
 * construct audits. Computed from the objects' JSON (`jsonOf`), without synthesizing again. Empty when the app writes
 * one file per resource, when file names or object order are only known at synthesis (nested charts, dependencies
 * across charts), or when an object of a chart could not be rendered.
 */
export function synthesizedSources(scope: IConstruct, jsonOf: ReadonlyMap<ApiObject, JsonObject>): Map<ApiObject, ObjectSource> {
  const sources = new Map<ApiObject, ObjectSource>();
  const app = appOf(scope);
  if (!app || ![YamlOutputType.FILE_PER_CHART, YamlOutputType.FILE_PER_APP].includes(app.yamlOutputType) || orderNotKnownBeforeSynthesis(app)) {
    return sources;
  }
  const files: Array<{ file: string; objects: ApiObject[] }> = [];
  for (const chart of app.charts) {
    const objects = new DependencyGraph(chart.node).topology()
      .filter((node): node is ApiObject => ApiObject.isApiObject(node) && chartOf(node) === chart);
    if (app.yamlOutputType === YamlOutputType.FILE_PER_APP) {
      if (files.length === 0) files.push({ file: `app${app.outputFileExtension}`, objects: [] });
      files[0].objects.push(...objects);
    } else {
      files.push({ file: `${Names.toDnsLabel(chart)}${app.outputFileExtension}`, objects });
    }
  }
  for (const { file, objects } of files) {
    const documents = objects.map(object => jsonOf.get(object));
    if (objects.length === 0 || documents.some(document => document === undefined)) continue;
    const name = reportedName(app.outdir, file);
    const parsed: AuditedObject[] = [];
    const problems: AuditProblem[] = [];
    parseManifestText(Yaml.stringify(...documents), name, parsed, problems);
    for (const object of parsed) {
      const source = object.source;
      if (source && source.itemIndex === undefined && objects[source.documentIndex]) {
        sources.set(objects[source.documentIndex], source);
      }
    }
  }
  return sources;
}
