import { readFileSync } from 'fs';
import * as path from 'path';

/** The tool's name, version and home page, as reports and the CLI state them. */
export interface ToolInfo {
  readonly name: string;
  /** The package version, e.g. `1.4.0`. */
  readonly version: string;
  /** The project's home page (the repository URL of `package.json`, without `git+` and `.git`). */
  readonly informationUri: string;
}

let cached: ToolInfo | undefined;

/**
 * Reads the package's `package.json` (two folders above this file in both `src/` and the compiled `lib/`), once.
 * The version and the repository URL come from `.projenrc.ts`, so reports never carry a placeholder.
 */
export function toolInfo(): ToolInfo {
  if (!cached) {
    const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
      name?: unknown; version?: unknown; homepage?: unknown; repository?: unknown;
    };
    const repository = typeof manifest.repository === 'string' ? manifest.repository
      : (manifest.repository as { url?: unknown } | undefined)?.url;
    const homepage = typeof manifest.homepage === 'string' ? manifest.homepage
      : typeof repository === 'string' ? repository.replace(/^git\+/, '').replace(/\.git$/, '') : '';
    cached = {
      name: typeof manifest.name === 'string' ? manifest.name : 'cdk8s-secure',
      version: typeof manifest.version === 'string' ? manifest.version : '0.0.0',
      informationUri: homepage,
    };
  }
  return cached;
}
