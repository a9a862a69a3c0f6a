import { AuditProblem } from '../audit-problem';
import { Severity } from '../severity';
import { AuditedObject, ObjectSource, toAuditedObject } from './audited-object';
import { asArray, asObject, asString, JsonObject } from './json';

/** Where a parsed document came from, for problems and findings. */
export interface DocumentOrigin {
  readonly file?: string;
  readonly documentIndex: number;
  /** The line where the document starts. */
  readonly line?: number;
  /** Line of a field of the document, by path from the document root. */
  readonly lineOf?: (path: string) => number | undefined;
}

/**
 * Turns one parsed document into audited objects: `List` kinds are flattened, and documents that are not
 * Kubernetes objects (scalars, arrays, objects without `kind`, `apiVersion` or `metadata.name`) are reported
 * as problems instead of audited.
 */
export function collectDocument(document: unknown, origin: DocumentOrigin, objects: AuditedObject[], problems: AuditProblem[]): void {
  const where = { file: origin.file, documentIndex: origin.documentIndex, line: origin.line };
  if (document === null || document === undefined) {
    return; // an empty document (e.g. a trailing `---`) is fine
  }
  const object = asObject(document);
  if (!object) {
    problems.push({ ...where, severity: Severity.WARNING, message: `document is ${describeValue(document)}, not a Kubernetes object; skipped` });
    return;
  }
  const list = listItems(object);
  if (list) {
    list.items.forEach((item, i) => {
      const itemObject = asObject(item);
      // The line of an item is looked up only for a problem: finding it may mean parsing the document again.
      const itemWhere = () => ({ ...where, line: origin.lineOf?.(`items[${i}]`) ?? origin.line });
      if (!itemObject) {
        problems.push({ ...itemWhere(), severity: Severity.WARNING, message: `items[${i}] of the ${list.kind} is ${describeValue(item)}, not a Kubernetes object; skipped` });
        return;
      }
      addObject(itemObject, `items[${i}] of the ${list.kind}: `, itemWhere, origin.file === undefined ? undefined : {
        file: origin.file ?? '',
        documentIndex: origin.documentIndex,
        itemIndex: i,
        lineOf: origin.lineOf ? path => origin.lineOf!(path ? `items[${i}].${path}` : `items[${i}]`) : undefined,
      }, objects, problems);
    });
    return;
  }
  addObject(object, '', () => where, origin.file === undefined ? undefined : { file: origin.file ?? '', documentIndex: origin.documentIndex, lineOf: origin.lineOf }, objects, problems);
}

/** The kind and items of a `List` (`v1 List`, `PodList`, ...): a kind ending in `List` with an `items` array. */
export function listItems(object: JsonObject): { kind: string; items: readonly unknown[] } | undefined {
  const kind = asString(object.kind);
  return kind !== undefined && /List$/.test(kind) && Array.isArray(object.items) ? { kind, items: asArray(object.items) } : undefined;
}

/** Why `json` is not a Kubernetes object that can be audited (the fields it lacks), or `undefined` when it is one. */
export function missingObjectFields(json: JsonObject): string[] {
  const missing: string[] = [];
  if (!asString(json.apiVersion)) missing.push('apiVersion');
  if (!asString(json.kind)) missing.push('kind');
  const metadata = asObject(json.metadata);
  if (!metadata) {
    missing.push('metadata');
  } else if (!asString(metadata.name) && !asString(metadata.generateName)) {
    missing.push('metadata.name');
  }
  return missing;
}

function addObject(
  json: JsonObject,
  prefix: string,
  where: () => { file?: string; documentIndex: number; line?: number },
  source: ObjectSource | undefined,
  objects: AuditedObject[],
  problems: AuditProblem[],
): void {
  const missing = missingObjectFields(json);
  if (missing.length > 0) {
    problems.push({ ...where(), severity: Severity.WARNING, message: `${prefix}object has no ${missing.join(', ')}; not a Kubernetes object, skipped` });
    return;
  }
  objects.push(toAuditedObject(json, objects.length, { source }));
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) {
    return 'an array';
  }
  if (typeof value === 'string') {
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  }
  return `${typeof value} ${JSON.stringify(value)}`;
}
