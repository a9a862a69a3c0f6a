import * as path from 'path';
import { IAuditRule } from '../custom-rule';
import { Pack } from '../pack';

/** A pack module that cannot be loaded or exports nothing usable (exit code 2, no usage text). */
export class PackModuleError extends Error {}

/** What a pack module exports: its custom packs, and one pack for the custom rules it exports outside a pack. */
export interface PackModule {
  readonly file: string;
  readonly packs: Pack[];
}

/**
 * Loads the JavaScript module `file` (relative to `cwd`) and collects the custom packs it exports (named exports,
 * `default`, or lists of them). Custom rules it exports outside its packs become one pack named after the file.
 */
export function loadPackModule(file: string, cwd: string): PackModule {
  const resolved = path.resolve(cwd, file);
  let exported: unknown;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    exported = require(resolved);
  } catch (error) {
    const code = (error as { code?: string }).code;
    const missing = code === 'MODULE_NOT_FOUND' && String((error as Error).message).includes(resolved);
    throw new PackModuleError(missing
      ? `pack module ${file}: not found (looked for ${resolved}); give the path of a JavaScript module, relative to the current directory`
      : `pack module ${file}: cannot be loaded: ${error instanceof Error ? error.message : String(error)}`);
  }
  const values: unknown[] = [];
  const collect = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(collect);
    else values.push(value);
  };
  collect(exported);
  if (exported !== null && typeof exported === 'object' && !Pack.isPack(exported)) {
    for (const value of Object.values(exported as Record<string, unknown>)) collect(value);
  }
  const packs: Pack[] = [];
  for (const value of values) {
    if (Pack.isPack(value) && (value as Pack).isCustom && !packs.includes(value as Pack)) packs.push(value as Pack);
  }
  const inPacks = new Set(packs.flatMap(pack => pack._definition?.rules ?? []));
  const rules = values.filter((value): value is IAuditRule => value !== null && typeof value === 'object' && !Pack.isPack(value)
    && typeof (value as IAuditRule).evaluate === 'function' && typeof (value as IAuditRule).id === 'string' && !inPacks.has(value as IAuditRule));
  if (rules.length > 0) {
    const name = path.basename(file).replace(/\.[cm]?[jt]s$/, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'custom';
    try {
      packs.push(Pack.custom(/^[a-z]/.test(name) ? name : `custom-${name}`, `the custom rules of ${file}`, { rules: [...new Set(rules)] }));
    } catch (error) {
      throw new PackModuleError(`pack module ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (packs.length === 0) {
    throw new PackModuleError(`pack module ${file}: exports no pack made with Pack.custom() and no custom rule (an object with id and evaluate()); `
      + 'export e.g. `export const myPack = Pack.custom(...)`');
  }
  return { file, packs };
}

/**
 * The packs of an audit: `names` (built-in packs or packs of the modules) when given, otherwise the `fallback`
 * packs (the policy file's or all built-in ones) plus every pack of the modules.
 */
export function choosePacks(names: readonly string[] | undefined, fallback: readonly Pack[], modules: readonly PackModule[]): Pack[] {
  const custom = modules.flatMap(module => module.packs);
  if (names === undefined) {
    return [...fallback, ...custom];
  }
  return names.map(name => {
    const found = custom.find(pack => pack.name === name) ?? Pack.all().find(pack => pack.name === name);
    if (!found) {
      throw new PackModuleError(`unknown audit pack ${JSON.stringify(name)}; use one of ${[...Pack.all(), ...custom].map(p => p.name).join(', ')}`);
    }
    return found;
  });
}
