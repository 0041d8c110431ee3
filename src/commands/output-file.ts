import { randomBytes } from 'node:crypto';
import { closeSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Write `content` to `path` without ever writing through what is there: into a new file beside it
 * (created exclusively), then renamed over it. A symlink at `path` is replaced itself, its target left
 * alone, and a reader never sees a half-written file.
 */
export function replaceFile(path: string, content: string): void {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  writeFileSync(temporary, content, { flag: 'wx' });
  try {
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** A file written piece by piece, by replaceFile's rule: it appears at its path, whole, only on commit. */
export interface ReplacementFile {
  write(text: string): void;
  /** Rename the finished file over `path`. */
  commit(): void;
  /** Remove the unfinished file, leaving `path` as it was. */
  discard(): void;
}

/** Pieces are gathered to about this size before a write: a write per sample would cost more than the sample. */
const FLUSH_CHARS = 64 * 1024;

/** Open a ReplacementFile for `path`: a new file beside it, created exclusively (see replaceFile). */
export function openReplacement(path: string): ReplacementFile {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(temporary, 'wx');
  let pending = '';
  let open = true;
  const flush = (): void => {
    const bytes = Buffer.from(pending, 'utf8');
    pending = '';
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
  };
  const close = (): void => {
    if (!open) return;
    open = false;
    closeSync(fd);
  };
  return {
    write(text) {
      pending += text;
      if (pending.length >= FLUSH_CHARS) flush();
    },
    commit() {
      try {
        flush();
        close();
        renameSync(temporary, path);
      } catch (error) {
        close();
        rmSync(temporary, { force: true });
        throw error;
      }
    },
    discard() {
      close();
      rmSync(temporary, { force: true });
    },
  };
}
