import { baseName, commandWords } from '../command-line.js';
import { usageError, type MemprofError } from '../errors.js';

import type { ProcessEntry } from '../platform/platform.js';

const LISTED = 5;

/**
 * The process an attach hint means. A name matches a process whose name or program (first argument's
 * base name) is exactly it; only when none does, one whose name contains it (mprof's rule). memprof itself
 * never matches. Several matches are an error that lists them: attaching to a guess would profile the
 * wrong program.
 */
export function matchProcess(entries: ProcessEntry[], hint: string, selfPid: number): ProcessEntry {
  const others = entries.filter((e) => e.pid !== selfPid);
  const exact = others.filter((e) => e.name === hint || programOf(e.command) === hint);
  const found = exact.length > 0 ? exact : others.filter((e) => e.name.includes(hint));
  if (found.length === 1) return found[0]!;
  if (found.length === 0) {
    throw usageError(
      `no running process is named ${JSON.stringify(hint)}`,
      'give its pid, or a name as `ps -e` shows it',
    );
  }
  throw ambiguous(found, hint);
}

function ambiguous(found: ProcessEntry[], hint: string): MemprofError {
  const listed = found
    .slice(0, LISTED)
    .map((e) => `  ${e.pid}  ${e.command || `[${e.name}]`}`)
    .join('\n');
  const more = found.length > LISTED ? `\n  ... and ${found.length - LISTED} more` : '';
  return usageError(
    `${found.length} processes match ${JSON.stringify(hint)}; attach to one by pid:\n${listed}${more}`,
    'memprof attach <pid>',
  );
}

/** The base name of a command line's first word: `/usr/bin/node a.js` -> `node`, `'/opt/my app/run' -x` -> `run`. */
function programOf(command: string): string {
  return baseName(commandWords(command)[0] ?? '');
}
