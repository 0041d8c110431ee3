import { closeSync, openSync, writeSync } from 'node:fs';
import { MemprofError } from '../errors.js';
import { recordingName } from './files.js';

/**
 * A streaming `.dat` writer. Each write goes straight to the kernel (no user-space buffer), so if memprof
 * is killed the file is complete up to the last whole line. Never appends to or overwrites a file.
 */
export class DatWriter {
  private fd: number | null;

  private constructor(readonly path: string, fd: number) {
    this.fd = fd;
  }

  /** Create `path`, failing if it exists (`wx`): two runs never share a file. */
  static create(path: string): DatWriter {
    try {
      return new DatWriter(path, openSync(path, 'wx'));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') {
        throw new MemprofError(`${path} already exists; memprof never overwrites a recording`, {
          exitCode: 2, hint: 'choose another -o, or remove the file first',
        });
      }
      throw new MemprofError(`cannot create ${path}: ${code ?? String(error)}`, { exitCode: 2 });
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

  /** Write whole lines in one system call. */
  write(text: string): void {
    if (this.fd === null || text.length === 0) return;
    writeSync(this.fd, text);
  }

  close(): void {
    if (this.fd === null) return;
    closeSync(this.fd);
    this.fd = null;
  }
}
