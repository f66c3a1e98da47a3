import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';

const defaultWindowBytes = 1 << 20;

/**
 * Sequential little-endian reads from a file through a small window filled by positioned reads, so a
 * multi-gigabyte model costs only the bytes its header occupies. Every read checks the file still has the
 * bytes, which is what makes a truncated file fail with the offset where it ends instead of garbage.
 *
 * Synchronous on purpose: a GGUF header is parsed as thousands of tiny reads, and a promise per read would
 * cost more than the reads themselves.
 */
export class FileWindow {
  readonly size: number;
  private readonly fd: number;
  private buffer: Buffer;
  private view: DataView;
  /** File offset of buffer[0] and how many bytes of the buffer are valid. */
  private windowStart = 0;
  private windowLength = 0;
  /** Next file offset to read. */
  offset = 0;

  constructor(
    readonly path: string,
    windowBytes = defaultWindowBytes,
  ) {
    try {
      this.fd = openSync(path, 'r');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new WorkbenchError('not_found', `${path}: no such file`, { file: path }, reason('file_not_found', { file: path }));
      if (code === 'EISDIR') throw new WorkbenchError('bad_input', `${path} is a directory, not a GGUF file`, { file: path }, reason('gguf_is_folder', { file: path }));
      throw new WorkbenchError('bad_input', `${path}: cannot open (${code ?? String(error)})`, { file: path }, reason('file_unreadable', { file: path }));
    }
    const stat = fstatSync(this.fd);
    if (!stat.isFile()) {
      closeSync(this.fd);
      throw new WorkbenchError('bad_input', `${path} is not a regular file`, { file: path }, reason('file_unreadable', { file: path }));
    }
    this.size = stat.size;
    this.buffer = Buffer.alloc(Math.min(windowBytes, Math.max(stat.size, 1)));
    this.view = new DataView(this.buffer.buffer, this.buffer.byteOffset, this.buffer.byteLength);
  }

  close(): void {
    closeSync(this.fd);
  }

  get remaining(): number {
    return this.size - this.offset;
  }

  /** A bad_input error that names the file, what is wrong and the byte offset where it was found. */
  error(message: string, details: Record<string, unknown> = {}, at = this.offset): WorkbenchError {
    return new WorkbenchError('bad_input', `${this.path}: ${message} (at byte ${at})`, { file: this.path, offset: at, ...details }, reason('gguf_invalid', { file: this.path, byte: at }));
  }

  /**
   * Makes `count` bytes at the current offset addressable in the window; returns their index in it.
   * `what` names the thing being read for the truncation message.
   */
  private take(count: number, what: string): number {
    if (count > this.remaining) {
      throw this.error(`file is truncated: ${what} needs ${count} bytes but only ${this.remaining} remain of ${this.size}`, {
        field: what,
      });
    }
    if (this.offset < this.windowStart || this.offset + count > this.windowStart + this.windowLength) {
      // Callers have already bounded `count` by the file size, so growing to it never over-allocates.
      if (count > this.buffer.length) {
        this.buffer = Buffer.alloc(count);
        this.view = new DataView(this.buffer.buffer, this.buffer.byteOffset, this.buffer.byteLength);
      }
      const wanted = Math.min(this.buffer.length, this.size - this.offset);
      let filled = 0;
      while (filled < wanted) {
        const read = readSync(this.fd, this.buffer, filled, wanted - filled, this.offset + filled);
        if (read === 0) break;
        filled += read;
      }
      this.windowStart = this.offset;
      this.windowLength = filled;
      if (filled < count) throw this.error(`file shrank while being read: ${what} is cut off`, { field: what });
    }
    const index = this.offset - this.windowStart;
    this.offset += count;
    return index;
  }

  bytes(count: number, what: string): Buffer {
    const index = this.take(count, what);
    return Buffer.from(this.buffer.subarray(index, index + count));
  }

  uint8(what: string): number {
    return this.view.getUint8(this.take(1, what));
  }
  int8(what: string): number {
    return this.view.getInt8(this.take(1, what));
  }
  uint16(what: string): number {
    return this.view.getUint16(this.take(2, what), true);
  }
  int16(what: string): number {
    return this.view.getInt16(this.take(2, what), true);
  }
  uint32(what: string): number {
    return this.view.getUint32(this.take(4, what), true);
  }
  int32(what: string): number {
    return this.view.getInt32(this.take(4, what), true);
  }
  float32(what: string): number {
    return this.view.getFloat32(this.take(4, what), true);
  }
  float64(what: string): number {
    return this.view.getFloat64(this.take(8, what), true);
  }
  uint64(what: string): bigint {
    return this.view.getBigUint64(this.take(8, what), true);
  }
  int64(what: string): bigint {
    return this.view.getBigInt64(this.take(8, what), true);
  }

  /** UTF-8 text of `count` bytes, decoded straight from the window. */
  utf8(count: number, what: string): string {
    const index = this.take(count, what);
    return this.buffer.toString('utf8', index, index + count);
  }

  skip(count: number, what: string): void {
    if (count > this.remaining) this.take(count, what);
    this.offset += count;
  }
}
