import { readdirSync, readFileSync } from 'node:fs';
import { alive } from './memprof.js';

/** An environment variable that marks the processes of one try: inherited across fork and exec. */
export const TRY_MARKER = 'MEMPROF_TEST_TRY';

/**
 * The running (not zombie) processes whose environment has `TRY_MARKER=marker`: this finds a command even
 * when it was forked but had not yet called exec (and so still showed memprof's command line).
 */
export function processesMarked(marker: string): number[] {
  const wanted = `${TRY_MARKER}=${marker}\0`;
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, 'utf8').includes(wanted) && alive(pid);
      } catch {
        return false; // gone meanwhile
      }
    });
}
