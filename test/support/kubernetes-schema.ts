/**
 * Validates manifests against the Kubernetes 1.28 API the library targets, in two independent passes:
 *
 * 1. `kubernetes-models` (generated from the Kubernetes OpenAPI schema): types, required fields, enums.
 * 2. Unknown fields, which that validator accepts but a strict API server rejects: every field must
 *    exist in the 1.28 API types that cdk8s-plus-28 was generated from (`imports/k8s.d.ts`, whose
 *    `@schema` tags carry each field's JSON name).
 *
 * Custom resources (kinds that are not part of Kubernetes itself) are only accepted when the caller
 * names them explicitly.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/** One problem found in one object. */
export interface SchemaProblem {
  readonly object: string;
  readonly path: string;
  readonly message: string;
}

type FieldType =
  | { readonly kind: 'leaf' }
  | { readonly kind: 'ref'; readonly name: string }
  | { readonly kind: 'array'; readonly element: FieldType }
  | { readonly kind: 'map'; readonly value: FieldType };

interface Field {
  readonly json: string;
  readonly type: FieldType;
}

const K8S_DIR = path.dirname(require.resolve('cdk8s-plus-28/lib/imports/k8s.js'));
let typesCache: Map<string, Map<string, Field>> | undefined;
let kindsCache: Map<string, string> | undefined;

/** Interface name -> JSON field name -> field, parsed once from cdk8s-plus-28's generated API types. */
function apiTypes(): Map<string, Map<string, Field>> {
  if (typesCache) {
    return typesCache;
  }
  const file = path.join(K8S_DIR, 'k8s.d.ts');
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const types = new Map<string, Map<string, Field>>();
  for (const statement of source.statements) {
    if (!ts.isInterfaceDeclaration(statement)) {
      continue;
    }
    const fields = new Map<string, Field>();
    for (const member of statement.members) {
      if (!ts.isPropertySignature(member) || !member.type) {
        continue;
      }
      const tsName = member.name.getText(source).replace(/^['"]|['"]$/g, '');
      const schemaTag = ts.getJSDocTags(member).find((tag) => tag.tagName.text === 'schema');
      const tagText = typeof schemaTag?.comment === 'string' ? schemaTag.comment : '';
      const json = tagText.includes('#') ? tagText.slice(tagText.lastIndexOf('#') + 1) : tsName;
      fields.set(json, { json, type: fieldType(member.type, source) });
    }
    types.set(statement.name.text, fields);
  }
  typesCache = types;
  return types;
}

function fieldType(node: ts.TypeNode, source: ts.SourceFile): FieldType {
  if (ts.isArrayTypeNode(node)) {
    return { kind: 'array', element: fieldType(node.elementType, source) };
  }
  if (ts.isTypeLiteralNode(node)) {
    const index = node.members.find(ts.isIndexSignatureDeclaration);
    return index?.type ? { kind: 'map', value: fieldType(index.type, source) } : { kind: 'leaf' };
  }
  if (ts.isTypeReferenceNode(node)) {
    return { kind: 'ref', name: node.typeName.getText(source) };
  }
  return { kind: 'leaf' };
}

/** `apiVersion/kind` -> the generated props interface of that kind. */
function apiKinds(): Map<string, string> {
  if (kindsCache) {
    return kindsCache;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const k8s = require(path.join(K8S_DIR, 'k8s.js')) as Record<string, unknown>;
  const kinds = new Map<string, string>();
  for (const [className, value] of Object.entries(k8s)) {
    const gvk = (value as { GVK?: { apiVersion: string; kind: string } } | undefined)?.GVK;
    if (typeof value === 'function' && gvk) {
      kinds.set(`${gvk.apiVersion}/${gvk.kind}`, `${className}Props`);
    }
  }
  kindsCache = kinds;
  return kinds;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownFields(value: unknown, type: FieldType, at: string, out: string[]): void {
  switch (type.kind) {
    case 'leaf':
      return;
    case 'array':
      if (Array.isArray(value)) {
        value.forEach((item, i) => unknownFields(item, type.element, `${at}[${i}]`, out));
      }
      return;
    case 'map':
      if (isRecord(value)) {
        for (const [key, item] of Object.entries(value)) {
          unknownFields(item, type.value, `${at}.${key}`, out);
        }
      }
      return;
    case 'ref': {
      const fields = apiTypes().get(type.name);
      if (!fields || !isRecord(value)) {
        return; // classes such as Quantity and IntOrString, and enums, are leaves
      }
      for (const [key, item] of Object.entries(value)) {
        const field = fields.get(key);
        if (!field) {
          out.push(`${at ? `${at}.` : ''}${key}`);
        } else {
          unknownFields(item, field.type, `${at ? `${at}.` : ''}${key}`, out);
        }
      }
    }
  }
}

/** Validation errors reported by kubernetes-models for one object, or undefined when it has no model. */
function modelErrors(apiVersion: string, kind: string, object: unknown): string[] | undefined {
  let models: Record<string, unknown>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    models = require(`kubernetes-models/${apiVersion}`) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const Model = models[kind] as (new (data: unknown) => { validate(): void }) | undefined;
  if (typeof Model !== 'function') {
    return undefined;
  }
  try {
    new Model(object).validate();
    return [];
  } catch (error) {
    return [(error as Error).message];
  }
}

/**
 * Validates each object; returns every problem found (empty when all are valid).
 *
 * @param customKinds `apiVersion/kind` of custom resources the caller expects (not validated here)
 */
export function validateManifests(objects: readonly unknown[], customKinds: readonly string[] = []): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  for (const object of objects) {
    if (!isRecord(object)) {
      problems.push({ object: '?', path: '', message: 'not an object' });
      continue;
    }
    const apiVersion = String(object.apiVersion ?? '');
    const kind = String(object.kind ?? '');
    const metadata = isRecord(object.metadata) ? object.metadata : {};
    const label = `${kind}/${String(metadata.name ?? '?')}`;
    const gvk = `${apiVersion}/${kind}`;
    const propsType = apiKinds().get(gvk);
    if (!propsType) {
      if (!customKinds.includes(gvk)) {
        problems.push({ object: label, path: '', message: `${gvk} is not a Kubernetes 1.28 kind and not a declared custom resource` });
      }
      continue;
    }
    for (const message of modelErrors(apiVersion, kind, object) ?? [`kubernetes-models has no model for ${gvk}`]) {
      problems.push({ object: label, path: '', message });
    }
    const { apiVersion: _v, kind: _k, ...body } = object;
    const unknown: string[] = [];
    unknownFields(body, { kind: 'ref', name: propsType }, '', unknown);
    for (const field of unknown) {
      problems.push({ object: label, path: field, message: 'unknown field in the Kubernetes 1.28 API' });
    }
  }
  return problems;
}
