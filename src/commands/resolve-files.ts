import { existsSync } from 'node:fs';
import { MemprofError, EXIT, usageError } from '../errors.js';
import { DatError } from '../format/errors.js';
import { listRecordingFiles } from '../format/files.js';

// How every verb that takes recordings (peak, check, diff, rm, plot...) turns its arguments into paths.

export interface ResolveOptions {
  /** Where `list` looks for recordings (mprofile_*.dat). Default: the current directory. */
  dir?: string;
  /** With no argument: take the newest recording (mprof's rule for peak and plot), or return none. */
  whenNone?: 'newest' | 'none';
}

const INDEX = /^-?\d+$/;

/**
 * Resolve recording arguments by mprof's rule: an existing path is that file; otherwise an integer is an
 * index in `memprof list` order (0 the oldest, -1 the newest); with no argument, the newest recording.
 * Any other name is returned unchanged so that reading it fails with the reader's own message
 * (`x.dat: no such file`, exit 2). Duplicates are dropped, order is kept.
 */
export function resolveRecordingArgs(args: string[], options: ResolveOptions = {}): string[] {
  const dir = options.dir ?? '.';
  if (args.length === 0) return options.whenNone === 'none' ? [] : [newestRecording(dir)];
  const out: string[] = [];
  for (const arg of args) {
    const file = resolveRecordingArg(arg, dir);
    if (!out.includes(file)) out.push(file);
  }
  return out;
}

/** One argument: a path, or an index into the recordings of `dir` (see resolveRecordingArgs). */
export function resolveRecordingArg(arg: string, dir = '.'): string {
  if (existsSync(arg) || !INDEX.test(arg)) return arg;
  const files = listRecordingFiles(dir);
  const index = Number(arg);
  const file = files[index < 0 ? files.length + index : index];
  if (file === undefined) {
    throw usageError(
      `no recording with index ${arg}: ${files.length === 0 ? 'there is none' : `there are ${files.length}`} in ${dir}`,
      'memprof list shows the recordings and their indexes',
    );
  }
  return file;
}

/** One argument as resolveRecordingArg resolves it, for a file read later: a missing one is an error now. */
export function existingRecordingArg(arg: string, dir = '.'): string {
  const file = resolveRecordingArg(arg, dir);
  if (!existsSync(file)) throw new DatError(file, 'no such file');
  return file;
}

/** The newest `mprofile_*.dat` in `dir`. */
export function newestRecording(dir = '.'): string {
  const newest = listRecordingFiles(dir).at(-1);
  if (newest === undefined) {
    throw new MemprofError(`no recording (mprofile_*.dat) in ${dir}`, {
      exitCode: EXIT.usage,
      hint: 'name a .dat file, or record one with memprof run',
    });
  }
  return newest;
}
