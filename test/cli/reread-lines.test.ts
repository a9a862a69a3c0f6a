import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AuditProblem } from '../../src/audit/audit-problem';
import { readManifestFiles } from '../../src/audit/cli/read-input';
import { AuditedObject } from '../../src/audit/engine/audited-object';

/**
 * The CLI does not keep a file's text once it is read: the lines of findings come from reading the file again. These
 * tests pin that the lines are the same as from the text in memory, and that a file changed in between never gives a
 * line of the other text.
 */
const TEXT = [
  'apiVersion: v1',
  'kind: ConfigMap',
  'metadata: {name: first}',
  '---',
  '# a comment',
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: app',
  'spec:',
  '  containers:',
  '  - name: app',
  '    image: registry.example.com/app:1.0',
  '    securityContext:',
  '      privileged: true',
  '',
].join('\n');

function readFile(text: string): { file: string; objects: AuditedObject[]; problems: AuditProblem[] } {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-secure-reread-')), 'app.yaml');
  fs.writeFileSync(file, text);
  const objects: AuditedObject[] = [];
  const problems: AuditProblem[] = [];
  readManifestFiles([file], {}, objects, problems);
  return { file, objects, problems };
}

describe('lines of findings from a file read again', () => {
  test('are the lines of the text that was audited', () => {
    const { objects, problems } = readFile(TEXT);
    expect(problems).toEqual([]);
    const pod = objects.find(object => object.kind === 'Pod')!;
    expect(pod.source?.lineOf?.('')).toBe(6);
    expect(pod.source?.lineOf?.('spec.containers[0].securityContext.privileged')).toBe(15);
    expect(pod.source?.lineOf?.('spec.containers[0].image')).toBe(13);
  });

  test('a file changed after it was read gives the document\'s first line, never a line of the new text', () => {
    const { file, objects } = readFile(TEXT);
    fs.writeFileSync(file, `# moved\n\n\n${TEXT}`);
    const pod = objects.find(object => object.kind === 'Pod')!;
    expect(pod.source?.lineOf?.('spec.containers[0].securityContext.privileged')).toBe(6);
  });

  test('a file removed after it was read gives the document\'s first line', () => {
    const { file, objects } = readFile(TEXT);
    fs.rmSync(file);
    expect(objects.find(object => object.kind === 'Pod')!.source?.lineOf?.('spec.containers[0].image')).toBe(6);
  });

  test('a document with aliases (read by the full parser) is located on the reread text too', () => {
    const { objects, problems } = readFile(TEXT.replace('  name: app', '  name: app\n  labels: &l {app: x}').replace('spec:', 'spec:\n  nodeSelector: *l'));
    expect(problems).toEqual([]);
    const pod = objects.find(object => object.kind === 'Pod')!;
    expect(pod.source?.lineOf?.('spec.containers[0].securityContext.privileged')).toBe(17);
    expect(pod.source?.lineOf?.('spec.nodeSelector')).toBe(12);
  });
});
