/**
 * Generated inputs for the CLI's resource bounds, shared by the tests and by scripts/measure-cli-bounds.ts.
 */

/**
 * A Deployment of `copies` containers that are all the alias of one anchored container with `ports` host ports,
 * each a finding of several rules: with 1,000 ports and 99 copies, 40 KB of YAML, 98 aliases (under the parser's
 * alias limit) and about 300,000 expanded nodes. Without a cap on findings it produced a report of 46 MB.
 */
export function aliasedContainers(ports = 1000, copies = 99): string {
  const lines = [
    'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: aliased', 'spec:', '  selector: {matchLabels: {app: aliased}}',
    '  template:', '    metadata:', '      labels: {app: aliased}', '    spec:', '      containers:',
    `        - &c {name: c, image: "nginx:latest", ports: [${Array.from({ length: ports }, (_, i) => `{containerPort: ${1000 + i}, hostPort: ${1000 + i}}`).join(', ')}]}`,
  ];
  for (let i = 1; i < copies; i++) {
    lines.push('        - *c');
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A ConfigMap whose data holds `aliases` aliases of one list of `items` numbers: with 999 aliases of 1,200, 6 KB of
 * YAML that expands to 1.2 million nodes. The parser's alias limit (it refuses aliases of aliases that multiply) accepts
 * it; the expanded-node bound must not.
 */
export function wideAliases(aliases = 999, items = 1200): string {
  const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: wide', `x-list: &l [${Array.from({ length: items }, () => '1').join(',')}]`];
  lines.push(`x-copies: [${Array.from({ length: aliases }, () => '*l').join(',')}]`, 'data:', '  k: v');
  return `${lines.join('\n')}\n`;
}

/**
 * Multi-document YAML of at least `bytes`, as chunks to write: copies of `application` (the hardened fixture, a
 * namespace with its policies and a complete application) with every `shop` renamed `shop<n>`, so that each copy is
 * its own namespace and the audit finds what it finds in one copy (nothing) in every copy.
 */
export function* applicationCopies(application: string, bytes: number): Generator<string> {
  let written = 0;
  for (let i = 0; written < bytes; i++) {
    const copy = `${i === 0 ? '' : '---\n'}${application.replace(/shop/g, `shop${i}`)}`;
    written += copy.length;
    yield copy;
  }
}
