import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { Audit, AuditOptions, Finding, Pack } from '../../src';

/** A manifest object as the tests build and mutate it. */
export type Manifest = Record<string, any>;

/** The documents of a YAML fixture in test/audit/fixtures. */
export function loadFixture(name: string): Manifest[] {
  const text = fs.readFileSync(path.join(__dirname, 'fixtures', name), 'utf8');
  return parseAllDocuments(text, { version: '1.1' }).map(document => document.toJS() as Manifest).filter(Boolean);
}

/** A fresh copy of the fully hardened fixture. */
export function hardened(): Manifest[] {
  return loadFixture('hardened.yaml');
}

/** The object of `kind` named `name` in `objects` (throws when absent). */
export function find(objects: Manifest[], kind: string, name?: string): Manifest {
  const found = objects.find(object => object.kind === kind && (name === undefined || object.metadata.name === name));
  if (!found) {
    throw new Error(`no ${kind} ${name ?? ''} in the fixture`);
  }
  return found;
}

/** The hardened Deployment `web` of the fixture. */
export function web(objects: Manifest[]): Manifest {
  return find(objects, 'Deployment', 'web');
}

/** The pod spec of the Deployment `web`. */
export function webPod(objects: Manifest[]): Manifest {
  return web(objects).spec.template.spec;
}

/** The container `web` of the Deployment `web`. */
export function webContainer(objects: Manifest[]): Manifest {
  return webPod(objects).containers[0];
}

/** `<id> <Kind>/<name> <path>` of the active findings (WARNING and above). */
export function activeIds(objects: Manifest[], options: AuditOptions = { packs: [Pack.HARDENED] }): string[] {
  return Audit.ofManifests(objects, options).active().map(describeFinding);
}

/** The findings of one rule (any severity, suppressed included). */
export function findingsOf(objects: Manifest[], ruleId: string, pack: Pack = Pack.HARDENED, options: AuditOptions = {}): Finding[] {
  return Audit.ofManifests(objects, { packs: [pack], ...options }).findings.filter(finding => finding.ruleId === ruleId);
}

/** `<id> <Kind>/<name> <path>` of a finding. */
export function describeFinding(finding: Finding): string {
  return `${finding.id} ${finding.kind}/${finding.name} ${finding.path}`;
}

/** A minimal Pod in namespace `team` with one container, for rules that only read a pod spec. */
export function pod(spec: Manifest = {}, container: Manifest = {}, metadata: Manifest = {}): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'team', ...metadata },
    spec: { containers: [{ name: 'app', image: 'registry.example.com/app:1.0', ...container }], ...spec },
  };
}
/** Every path of `value` in the audit's path syntax (`spec.containers[0].image`, `metadata.labels["app.kubernetes.io/name"]`). */
export function pathsOf(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) {
    return value.flatMap((item, i) => [`${prefix}[${i}]`, ...pathsOf(item, `${prefix}[${i}]`)]);
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, child]) => {
      const next = /^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(key) ? (prefix ? `${prefix}.${key}` : key) : `${prefix}[${JSON.stringify(key)}]`;
      return [next, ...pathsOf(child, next)];
    });
  }
  return [];
}
