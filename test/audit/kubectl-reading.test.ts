import { AuditProblem } from '../../src/audit/audit-problem';
import { AuditedObject } from '../../src/audit/engine/audited-object';
import { ManifestReader, parseManifestText } from '../../src/audit/engine/parse-manifest-text';
import { Severity } from '../../src/audit/severity';

/**
 * Manifests that Kubernetes (kubectl's document splitter, then go-yaml v2) reads differently from a YAML 1.2 or
 * YAML-spec reading. Each expectation is what `kubectl apply -f` reads (recorded with kubectl 1.32, `kubectl annotate
 * --local -f FILE a=b -o json`), or an ERROR problem where the audit refuses the input instead. Both readers are checked.
 */
interface Read {
  readonly objects: AuditedObject[];
  readonly problems: AuditProblem[];
}

function read(text: string, reader: ManifestReader): Read {
  const objects: AuditedObject[] = [];
  const problems: AuditProblem[] = [];
  parseManifestText(text, 'in.yaml', objects, problems, undefined, reader);
  return { objects, problems };
}

const READERS = [ManifestReader.FAST, ManifestReader.FULL];

const POD_EVIL = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: evil\nspec:\n  hostPID: true\n  containers:\n  - name: c\n    image: nginx\n'
  + '    securityContext:\n      privileged: true\n';

describe.each(READERS)('document separators as kubectl splits them (%s reader)', reader => {
  test("`---#: '` opens no quoted scalar: the Pod between two `---#` lines is read", () => {
    const text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: benign\n---#: '\n" + POD_EVIL + "---#'\n";
    const result = read(text, reader);
    expect(result.problems).toEqual([]);
    expect(result.objects.map(o => `${o.kind}/${o.name}`)).toEqual(['ConfigMap/benign', 'Pod/evil']);
    expect(result.objects[1].json.spec).toMatchObject({ hostPID: true });
    expect(result.objects[1].source?.lineOf?.('kind')).toBe(7);
  });

  test('`---#: |` opens no block scalar: the indented Pod under it is its own document', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: benign\n---#: |\n' + POD_EVIL.replace(/^/gm, '  ').trimEnd() + '\n';
    const result = read(text, reader);
    // kubectl reads the indented Pod; the audit refuses it or reads it, but never takes it as a ConfigMap key.
    expect(result.objects.map(o => `${o.kind}/${o.name}`)).not.toContain('ConfigMap/benign-with-key');
    expect(result.objects[0].json).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'benign' } });
    expect(result.objects.length + result.problems.filter(p => p.severity === Severity.ERROR).length).toBe(2);
  });

  test('a separator line followed by anything but a comment is refused, as kubectl refuses the file', () => {
    const result = read('--- {apiVersion: v1, kind: Pod, metadata: {name: a}}\n---x\napiVersion: v1\nkind: Pod\nmetadata: {name: b}\n', reader);
    expect(result.objects).toEqual([]);
    expect(result.problems.map(p => [p.severity, p.line])).toEqual([[Severity.ERROR, 1], [Severity.ERROR, 2]]);
    expect(result.problems[1].message).toContain('kubectl only allows a comment there');
  });
});

describe.each(READERS)('line breaks and byte order marks as go-yaml reads them (%s reader)', reader => {
  test.each([
    ['a lone CR', '\r', 'a carriage return not followed by a line feed'],
    ['NEL', '\u0085', 'U+0085 (NEL)'],
    ['LS', '\u2028', 'U+2028 (line separator)'],
    ['PS', '\u2029', 'U+2029 (paragraph separator)'],
  ])('%s ending a comment (go-yaml reads the setting after it) is refused', (_name, breakChar, named) => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: smuggle\n'
      + '  # *anchor-looking text\nspec:\n  containers:\n  - name: c\n'
      + `    image: nginx # comment${breakChar}    securityContext: {privileged: true}\n  hostPID: false # x${breakChar}  hostNetwork: true\n`;
    const result = read(text, reader);
    expect(result.objects.map(o => o.name)).toEqual(['ok']);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ severity: Severity.ERROR, documentIndex: 1, line: 4 });
    expect(result.problems[0].message).toContain(named);
  });

  test('CRLF line ends stay accepted', () => {
    const result = read('apiVersion: v1\r\nkind: Pod\r\nmetadata: {name: a}\r\n---\r\napiVersion: v1\r\nkind: Pod\r\nmetadata: {name: b}\r\n', reader);
    expect(result.problems).toEqual([]);
    expect(result.objects.map(o => [o.name, o.source?.lineOf?.('kind')])).toEqual([['a', 2], ['b', 6]]);
  });

  test('a BOM at the start of a later document is skipped, as go-yaml skips it', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n---\n\ufeffapiVersion: v1\nkind: Pod\nmetadata:\n  name: b\nspec:\n  hostPID: true\n'
      + '---\n\n# c\n\ufeffapiVersion: v1\nkind: Pod\nmetadata: {name: c}\n';
    const result = read(text, reader);
    expect(result.problems).toEqual([]);
    expect(result.objects.map(o => [o.name, o.source?.lineOf?.('kind')])).toEqual([['a', 2], ['b', 7], ['c', 16]]);
    expect(result.objects[1].json.spec).toEqual({ hostPID: true });
  });

  test('a BOM elsewhere in a document is refused', () => {
    const result = read('apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n\ufeffspec: {hostPID: true}\n', reader);
    expect(result.objects).toEqual([]);
    expect(result.problems[0].message).toContain('U+FEFF');
  });
});
