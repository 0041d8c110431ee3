import { closeSync, ftruncateSync, openSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fsReason, MemprofError } from '../errors.js';
import { recordingName } from './files.js';

export interface WriterState {
  path: string;
  /** null once closed. */
  fd: number | null;
  size: number;
}

/**
 * A streaming `.dat` writer. Each write goes straight to the kernel (no user-space buffer), so if memprof
 * is killed the file is complete up to the last whole line. Never appends to or overwrites a file.
 */
export class DatWriter {
  private fd: number | null;
  /** Bytes of whole lines written so far: a failed write is cut back to here. */
  private size = 0;

  private constructor(
    readonly path: string,
    fd: number | null,
    size = 0,
  ) {
    this.fd = fd;
    this.size = size;
  }

  /** Where the writer is, as plain data: another thread of this process can go on writing from it. */
  get state(): WriterState {
    return { path: this.path, fd: this.fd, size: this.size };
  }

  /** Go on writing a file that a writer of this process opened (see `state`). */
  static adopt(state: WriterState): DatWriter {
    return new DatWriter(state.path, state.fd, state.size);
  }

  /** Create `path`, failing if it exists (`wx`): two runs never share a file. */
  static create(path: string): DatWriter {
    try {
      return new DatWriter(path, openSync(path, 'wx'));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' && isDirectory(path)) {
        throw new MemprofError(`${path} is a directory`, {
          exitCode: 2,
          hint: `give a file name: -o ${join(path, 'run.dat')}`,
        });
      }
      if (code === 'EEXIST') {
        throw new MemprofError(`${path} already exists; memprof never overwrites a recording`, {
          exitCode: 2,
          hint: 'choose another -o, or remove the file first',
        });
      }
      throw new MemprofError(`cannot create ${path}: ${fsReason(error, true)}`, { exitCode: 2 });
    }
  }

  /** Create the default `mprofile_<time>.dat`, or `_2`, `_3`... when another run took that name first. */
  static createDefault(date: Date): DatWriter {
    for (let n = 1; ; n++) {
      const path = recordingName(date, n);
      try {
        return new DatWriter(path, openSync(path, 'wx'));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return DatWriter.create(path);
      }
    }
  }

  /**
   * Write whole lines, in one system call when the kernel takes them all. A write that fails (disk full,
   * file-size limit) is cut back to the last whole line and thrown as a MemprofError.
   */
  write(text: string): void {
    if (this.fd === null || text.length === 0) return;
    const length = Buffer.byteLength(text);
    let done = 0;
    try {
      // The string itself in one call (no Buffer made per tick); a short write, rare, goes on from bytes.
      done = writeSync(this.fd, text);
      if (done < length) {
        const bytes = Buffer.from(text);
        while (done < length) done += writeSync(this.fd, bytes, done);
      }
      this.size += length;
    } catch (error) {
      if (done > 0) cutBack(this.fd, this.size);
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      throw new MemprofError(`cannot write ${this.path} (${code})`, { cause: error });
    }
  }

  close(): void {
    if (this.fd === null) return;
    closeSync(this.fd);
    this.fd = null;
  }
}

function cutBack(fd: number, size: number): void {
  try {
    ftruncateSync(fd, size);
  } catch {
    /* the reader drops an incomplete last line anyway */
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
