import { constants as bufferConstants } from 'buffer';
import * as fs from 'fs';
import { constants as fsConstants } from 'fs';
import * as path from 'path';
import * as v8 from 'v8';
import * as vm from 'vm';
import { AuditProblem } from '../audit-problem';
import { AuditedObject } from '../engine/audited-object';
import { DEFAULT_MANIFEST_BOUNDS, describeSize, ManifestBounds } from '../engine/document-bounds';
import { ManifestReader, parseManifestText } from '../engine/parse-manifest-text';
import { Severity } from '../severity';

/** Extensions of manifest files collected from directories. */
const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

/** 256 MiB: the default limit of one input file or of standard input. */
export const DEFAULT_MAX_INPUT_SIZE = 256 * 1024 * 1024;

/** The largest input the CLI can read at all: Node's longest string (about 512 MiB). */
export const MAX_INPUT_SIZE = bufferConstants.MAX_STRING_LENGTH;

/** Input that cannot be read: too large, not a regular file. One line, no stack trace. */
export class InputError extends Error {}

/** The file-type tests of `fs.Stats` and `fs.Dirent`. */
interface FileType {
  isFile(): boolean;
  isDirectory(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
}

/** What a file of type `stat` is, for messages. */
function describeType(stat: FileType): string {
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isDirectory()) return 'a directory';
  return 'not a regular file';
}

/** Why `stat` is not a file the CLI reads, or `undefined` for a regular file. */
export function specialFileReason(stat: FileType): string | undefined {
  return stat.isFile() ? undefined : `is ${describeType(stat)}, not a regular file; skipped without reading it`;
}

/** `size` is left out when the input was read only up to one byte over the limit (its size is not known). */
function tooLarge(what: string, size: number | undefined, maxBytes: number): InputError {
  return new InputError(`${what} is ${size !== undefined && size > maxBytes ? `${describeSize(size)}, ` : ''}more than the limit of ${describeSize(maxBytes)}; `
    + 'not audited (raise the limit with --max-input-size, or split the input)');
}

/**
 * Reads a regular file of at most `maxBytes` as UTF-8 (see `readBoundedFileSync`); rejects with an `InputError` when
 * the file is too large or not a regular file.
 */
export async function readBoundedFile(file: string, maxBytes: number): Promise<string> {
  return readBoundedFileSync(file, maxBytes);
}

/**
 * Reads a regular file of at most `maxBytes` as UTF-8. The file is opened without blocking and checked on the
 * open descriptor, so a named pipe, socket or device (even one swapped in after a directory listing) is refused
 * instead of read, and a file that grows while read is cut off at the limit and refused.
 */
export function readBoundedFileSync(file: string, maxBytes: number): string {
  // O_RDONLY | O_NONBLOCK (O_NONBLOCK is undefined on Windows, where opening a pipe does not block).
  const fd = fs.openSync(file, fsConstants.O_RDONLY + (fsConstants.O_NONBLOCK ?? 0));
  try {
    const stat = fs.fstatSync(fd);
    const special = specialFileReason(stat);
    if (special) {
      throw new InputError(special);
    }
    if (stat.size > maxBytes) {
      throw tooLarge('the file', stat.size, maxBytes);
    }
    // Files of procfs and sysfs report size 0 and have content: the buffer grows as needed, up to one byte over the limit.
    let buffer = Buffer.alloc(Math.min(stat.size > 0 ? stat.size : 64 * 1024, maxBytes) + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > maxBytes) {
          throw tooLarge('the file', undefined, maxBytes);
        }
        const grown = Buffer.alloc(Math.min(buffer.length * 2, maxBytes + 1));
        buffer.copy(grown, 0, 0, length);
        buffer = grown;
      }
      const bytesRead = fs.readSync(fd, buffer, length, buffer.length - length, null);
      if (bytesRead === 0) {
        break;
      }
      length += bytesRead;
    }
    if (length > maxBytes) {
      throw tooLarge('the file', undefined, maxBytes);
    }
    return decodeText(buffer.subarray(0, length));
  } finally {
    fs.closeSync(fd);
  }
}

/** Input texts from this length on are followed by one full garbage collection (see `releaseInputBuffer`). */
const LARGE_INPUT_LENGTH = 16 * 1024 * 1024;
let fullCollection: (() => void) | undefined | null;

/**
 * Frees the buffer a large input was read into, once it has been decoded; called by the reader's caller, after the
 * reading function has returned (while it runs, its frame still refers to the buffer). V8 may move the buffer to its old generation
 * while the text is decoded (the allocation of the text triggers a collection), and then keeps it, as much memory again
 * as the input, until its next full collection, which on a large input comes only when the audited objects have grown to
 * several times the input. One full collection right after decoding, while the heap holds little more than the text,
 * takes milliseconds and frees it: for 100 MB of YAML the CLI's peak RSS goes from about 665 MiB to about 570 MiB
 * (docs/benchmarks-audit.md). The collector is reached as the Node.js test tools reach it (`--expose-gc` for a new
 * context only); where that is not possible, nothing is done.
 */
export function releaseInputBuffer(text: string): void {
  if (text.length < LARGE_INPUT_LENGTH) return;
  if (fullCollection === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      const collect: unknown = vm.runInNewContext('gc');
      fullCollection = typeof collect === 'function' ? collect as () => void : null;
    } catch {
      fullCollection = null;
    }
  }
  fullCollection?.();
}

/** Reads a stream (standard input) of at most `maxBytes` as UTF-8; stops reading as soon as it is over the limit. */
export function readBoundedStream(stream: NodeJS.ReadableStream, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    let done = false;
    const finish = (error?: Error) => {
      if (done) return;
      done = true;
      stream.removeListener('data', onData);
      if (error) {
        chunks.length = 0;
        stream.pause();
        (stream as { destroy?: () => void }).destroy?.();
        reject(error);
      } else {
        const bytes = Buffer.concat(chunks, length);
        // The chunks stay reachable from the stream's listeners: let them go (see `releaseInputBuffer`).
        chunks.length = 0;
        resolve(decodeText(bytes));
      }
    };
    const onData = (chunk: Buffer | string) => {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      length += buffer.length;
      if (length > maxBytes) {
        finish(tooLarge('standard input', length, maxBytes));
        return;
      }
      chunks.push(buffer);
    };
    stream.on('data', onData);
    stream.on('end', () => finish());
    stream.on('error', error => finish(error));
  });
}

/**
 * The text of input bytes as kubectl reads them: UTF-8, or UTF-16 / UTF-32 (little or big endian) when the bytes
 * start with that encoding's byte order mark. The byte order mark is not part of the text.
 */
export function decodeText(bytes: Buffer): string {
  const starts = (...prefix: number[]) => bytes.length >= prefix.length && prefix.every((byte, i) => bytes[i] === byte);
  if (starts(0xff, 0xfe, 0x00, 0x00) || starts(0x00, 0x00, 0xfe, 0xff)) {
    const littleEndian = bytes[0] === 0xff;
    const parts: string[] = [];
    for (let i = 4; i + 4 <= bytes.length; i += 4) {
      const codePoint = littleEndian ? bytes.readUInt32LE(i) : bytes.readUInt32BE(i);
      parts.push(codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : '\ufffd');
    }
    return parts.join('');
  }
  if (starts(0xff, 0xfe)) {
    return bytes.toString('utf16le', 2);
  }
  if (starts(0xfe, 0xff)) {
    const swapped = Buffer.from(bytes.subarray(2, bytes.length - (bytes.length % 2)));
    return swapped.swap16().toString('utf16le');
  }
  return bytes.toString('utf8', starts(0xef, 0xbb, 0xbf) ? 3 : 0);
}

/**
 * Parses a size such as `100M`, `512KiB`, `1G` or `1048576` (bytes), for `--max-input-size` and
 * `--max-document-size`; `undefined` when it is not one.
 */
export function parseSize(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?\s*$/i.exec(text);
  if (!match) {
    return undefined;
  }
  const unit = (match[2] ?? 'b').toLowerCase()[0];
  const factor = unit === 'k' ? 1024 : unit === 'm' ? 1024 * 1024 : unit === 'g' ? 1024 * 1024 * 1024 : 1;
  const bytes = Math.floor(Number(match[1]) * factor);
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : undefined;
}

/** The limits and the base directory manifest files are read with. */
export interface ManifestFileBounds extends ManifestBounds {
  /** Bytes one input file may have. */
  readonly maxInputSize: number;
  /** The path a name is read from (relative names are relative to the working directory by default). */
  readonly resolve?: (name: string) => string;
}

/**
 * Reads the manifest files `inputs` (files, or directories whose `.yaml`, `.yml` and `.json` files are read, sorted)
 * one at a time, adding their objects to `objects`; what cannot be read is a problem (see `manifestFilesOf`).
 * Findings and problems name each file as given.
 */
export function readManifestFiles(
  inputs: readonly string[], bounds: Partial<ManifestFileBounds>, objects: AuditedObject[], problems: AuditProblem[],
): void {
  const resolve = bounds.resolve ?? ((name: string) => path.resolve(name));
  const documentBounds: ManifestBounds = {
    maxDocumentSize: bounds.maxDocumentSize ?? DEFAULT_MANIFEST_BOUNDS.maxDocumentSize,
    maxDocumentNodes: bounds.maxDocumentNodes ?? DEFAULT_MANIFEST_BOUNDS.maxDocumentNodes,
  };
  for (const input of inputs) {
    for (const file of manifestFilesOf(input, resolve, problems)) {
      const resolved = resolve(file);
      const maxBytes = bounds.maxInputSize ?? DEFAULT_MAX_INPUT_SIZE;
      let text: string;
      let read: fs.Stats;
      try {
        text = readBoundedFileSync(resolved, maxBytes);
        read = fs.statSync(resolved);
        releaseInputBuffer(text);
      } catch (error) {
        problems.push({ severity: Severity.ERROR, file, message: `${error instanceof InputError ? '' : 'cannot read the file: '}${describeError(error)}` });
        continue;
      }
      parseManifestText(text, file, objects, problems, documentBounds, ManifestReader.FAST, () => rereadFile(resolved, maxBytes, read));
    }
  }
}

/**
 * The text of a file read before, for the lines of its findings; `undefined` when it cannot be read or has changed
 * since (another size or modification time).
 */
function rereadFile(file: string, maxBytes: number, read: fs.Stats): string | undefined {
  try {
    const now = fs.statSync(file);
    return now.size === read.size && now.mtimeMs === read.mtimeMs ? readBoundedFileSync(file, maxBytes) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The manifest files of `input` (names as given): the file itself, or the manifest files below a directory, sorted.
 * Special files (named pipes, sockets, devices) are never opened: named on the command line they are an ERROR
 * problem, found in a directory a WARNING. In directories, symbolic links to files are followed and symbolic
 * links to directories are not (an INFO problem), so that a link cannot make the walk loop or leave the tree.
 */
function manifestFilesOf(input: string, resolve: (name: string) => string, problems: AuditProblem[]): string[] {
  let stat;
  try {
    stat = fs.statSync(resolve(input));
  } catch (error) {
    problems.push({ severity: Severity.ERROR, file: input, message: `cannot read the file: ${describeError(error)}` });
    return [];
  }
  if (!stat.isDirectory()) {
    const special = specialFileReason(stat);
    if (special) {
      problems.push({ severity: Severity.ERROR, file: input, message: special });
      return [];
    }
    return [input];
  }
  const files: string[] = [];
  const walk = (directory: string): void => {
    const entries = fs.readdirSync(resolve(directory), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) {
        walk(full);
        continue;
      }
      if (!MANIFEST_EXTENSIONS.includes(path.extname(entry.name).toLowerCase())) {
        continue;
      }
      if (entry.isFile()) {
        files.push(full);
        continue;
      }
      if (!entry.isSymbolicLink()) {
        problems.push({ severity: Severity.WARNING, file: full, message: specialFileReason(entry) ?? 'is not a regular file; skipped' });
        continue;
      }
      let target;
      try {
        target = fs.statSync(resolve(full));
      } catch (error) {
        problems.push({ severity: Severity.ERROR, file: full, message: `cannot read the file: ${describeError(error)}` });
        continue;
      }
      if (target.isFile()) {
        files.push(full);
      } else if (target.isDirectory()) {
        problems.push({ severity: Severity.INFO, file: full, message: 'is a symbolic link to a directory; not followed (name the directory to audit it)' });
      } else {
        problems.push({ severity: Severity.WARNING, file: full, message: `is a symbolic link that ${specialFileReason(target)!.replace(/^is /, 'points to ')}` });
      }
    }
  };
  walk(input);
  if (files.length === 0) {
    problems.push({ severity: Severity.WARNING, file: input, message: 'the directory holds no .yaml, .yml or .json files' });
  }
  return files;
}

/** The message of an error, with its code (`ENOENT: ...`). */
export function describeError(error: unknown): string {
  // Errors of Node's fs may come from another realm (e.g. under test runners), so no instanceof check.
  const { message, code } = (typeof error === 'object' && error !== null ? error : {}) as { message?: unknown; code?: unknown };
  if (typeof message !== 'string') {
    return String(error);
  }
  return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
}
