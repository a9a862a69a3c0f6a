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

function tooLarge(what: string, size: number, maxBytes: number): InputError {
  return new InputError(`${what} ${size > maxBytes ? `is ${describeSize(size)}, ` : ''}more than the limit of ${describeSize(maxBytes)}; `
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
    const buffer = Buffer.alloc(Math.min(stat.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        throw tooLarge('the file', length, maxBytes);
      }
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) {
        break;
      }
      length += bytesRead;
    }
    if (length > maxBytes) {
      throw tooLarge('the file', length, maxBytes);
    }
    return buffer.toString('utf8', 0, length);
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
        resolve(Buffer.concat(chunks, length).toString('utf8'));
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
