import { diffRuns, runToCompare } from '../analysis/diff.js';
import type { MprofChildren } from '../analysis/mem-scope.js';
import type { RunSummary } from '../analysis/summary.js';
import { EXIT } from '../errors.js';
import { diffText } from '../report/diff-text.js';
import { processIo, summarizeReporting, type Io } from './io.js';
import { resolveRecordingArg } from './resolve-files.js';

export interface DiffOptions {
  /** Paths or `memprof list` indexes. */
  a: string;
  b: string;
  /** How to read an mprof file's MEM (--mprof-children). */
  mprofChildren?: MprofChildren;
  dir?: string;
  io?: Io;
}

function loadRun(arg: string, options: DiffOptions, io: Io): RunSummary {
  const file = resolveRecordingArg(arg, options.dir);
  const children = options.mprofChildren ?? 'auto';
  const run = runToCompare(summarizeReporting(file, io, children));
  if (run.runs > 1)
    io.err(`memprof: note: ${file}: comparing run ${run.run} of ${run.runs}, the one with the highest peak\n`);
  return run;
}

/** `memprof diff a b`: peak total and per-command peaks of two recordings side by side. */
export function diffCommand(options: DiffOptions): number {
  const io = options.io ?? processIo;
  const a = loadRun(options.a, options, io);
  const b = loadRun(options.b, options, io);
  io.out(diffText(diffRuns(a, b)));
  return EXIT.ok;
}
