import { constants as bufferConstants } from 'buffer';
import { constants as fsConstants, promises as fs } from 'fs';
import { describeSize } from '../engine/document-bounds';

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
 * Reads a regular file of at most `maxBytes` as UTF-8. The file is opened without blocking and checked on the
 * open descriptor, so a named pipe, socket or device (even one swapped in after a directory listing) is refused
 * instead of read, and a file that grows while read is cut off at the limit and refused.
 */
export async function readBoundedFile(file: string, maxBytes: number): Promise<string> {
  // O_RDONLY | O_NONBLOCK (O_NONBLOCK is undefined on Windows, where opening a pipe does not block).
  const handle = await fs.open(file, fsConstants.O_RDONLY + (fsConstants.O_NONBLOCK ?? 0));
  try {
    const stat = await handle.stat();
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
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
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
    await handle.close();
  }
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
        resolve(decodeText(Buffer.concat(chunks, length)));
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
