import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { decodeText, InputError, readBoundedFile } from '../../src/audit/cli/read-input';
import { runCli } from '../../src/audit/cli/run-cli';

const PRIVILEGED = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata: {name: web, namespace: team}',
  'spec:',
  '  selector: {matchLabels: {app: web}}',
  '  template:',
  '    metadata: {labels: {app: web}}',
  '    spec:',
  '      containers: [{name: web, image: registry.example.com/web:1.0, securityContext: {privileged: true}}]',
  '',
].join('\n');

function tempFile(name: string, bytes: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-secure-enc-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

function utf16be(text: string): Buffer {
  return Buffer.from(text, 'utf16le').swap16();
}

function utf32(text: string, littleEndian: boolean): Buffer {
  const points = [...text].map(c => c.codePointAt(0)!);
  const buffer = Buffer.alloc(points.length * 4);
  points.forEach((point, i) => littleEndian ? buffer.writeUInt32LE(point, i * 4) : buffer.writeUInt32BE(point, i * 4));
  return buffer;
}

describe('input encodings', () => {
  test.each([
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(PRIVILEGED)])],
    ['UTF-16 LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(PRIVILEGED, 'utf16le')])],
    ['UTF-16 BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(PRIVILEGED)])],
    ['UTF-32 LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), utf32(PRIVILEGED, true)])],
    ['UTF-32 BE with BOM', Buffer.concat([Buffer.from([0, 0, 0xfe, 0xff]), utf32(PRIVILEGED, false)])],
  ])('%s is decoded', (_name, bytes) => {
    expect(decodeText(bytes)).toEqual(PRIVILEGED);
  });

  test('a UTF-16 file holding a privileged Deployment has findings', async () => {
    // GIVEN
    const file = tempFile('utf16.yaml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(PRIVILEGED, 'utf16le')]));
    let stdout = '';

    // WHEN
    const code = await runCli(['audit', '--pack', 'hardened', file], {
      stdout: { isTTY: false, write: (text: string) => { stdout += text; } },
      stderr: { write: () => undefined },
      env: {},
      readStdin: async () => '',
    });

    // THEN
    expect(code).not.toBe(0);
    expect(stdout).toContain('CTR-NOT-PRIVILEGED');
    expect(stdout).not.toContain('document is the string');
  });
});

const procfs = fs.existsSync('/proc/self/status') && fs.statSync('/proc/self/status').size === 0;

(procfs ? describe : describe.skip)('files that report size 0 and have content (procfs)', () => {
  test('are read in full', async () => {
    await expect(readBoundedFile('/proc/self/status', 1024 * 1024)).resolves.toContain('Name:');
  });

  test('are refused over the limit with a readable message', async () => {
    await expect(readBoundedFile('/proc/self/status', 10)).rejects.toThrow(new InputError(
      'the file is more than the limit of 10 bytes; not audited (raise the limit with --max-input-size, or split the input)'));
  });
});
