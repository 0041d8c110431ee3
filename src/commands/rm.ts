import { unlinkSync } from 'node:fs';
import { MemprofError, EXIT, usageError } from '../errors.js';
import { sniffRecording } from '../format/sniff.js';
import { processIo, type Io } from './io.js';
import { resolveRecordingArg } from './resolve-files.js';

export interface RmOptions {
  /** `memprof list` indexes (0 the oldest, -1 the newest) or paths. */
  targets: string[];
  dryRun: boolean;
  dir?: string;
  io?: Io;
}

/** Delete files, or with `dryRun` only say which; every one was checked to be a recording before. */
export function removeFiles(files: string[], dryRun: boolean, io: Io): void {
  for (const file of files) {
    if (dryRun) {
      io.out(`would remove ${file}\n`);
      continue;
    }
    try {
      unlinkSync(file);
    } catch (error) {
      throw new MemprofError(`${file}: cannot remove (${(error as NodeJS.ErrnoException).code ?? String(error)})`, {
        exitCode: EXIT.usage,
      });
    }
    io.out(`removed ${file}\n`);
  }
}

/**
 * `memprof rm`: remove recordings named by index or path. Every argument is checked first, and if any is
 * not a recording (by its content, not only its name) nothing at all is removed: exit 2.
 */
export function rmCommand(options: RmOptions): number {
  if (options.targets.length === 0)
    throw usageError('rm needs a recording to remove', 'give an index from memprof list, or a file');
  const files: string[] = [];
  for (const target of options.targets) {
    const file = resolveRecordingArg(target, options.dir);
    const sniff = sniffRecording(file);
    if (!sniff.isRecording) {
      const why = sniff.reason === 'no such file' ? 'no such file' : `not a recording (${sniff.reason})`;
      throw new MemprofError(`${file}: not removed: ${why}`, {
        exitCode: EXIT.usage,
        hint: 'memprof rm only removes recordings; nothing was removed',
      });
    }
    if (!files.includes(file)) files.push(file);
  }
  removeFiles(files, options.dryRun, options.io ?? processIo);
  return EXIT.ok;
}
