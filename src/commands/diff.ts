import { diffRuns, runToCompare } from '../analysis/diff.js';
import { summarizeRuns, type RunSummary } from '../analysis/summary.js';
import { EXIT } from '../errors.js';
import { diffText } from '../report/diff-text.js';
import { processIo, readRecordingsReporting, type Io } from './io.js';
import { resolveRecordingArg } from './resolve-files.js';

export interface DiffOptions {
  /** Paths or `memprof list` indexes. */
  a: string;
  b: string;
  dir?: string;
  io?: Io;
}

function loadRun(arg: string, dir: string | undefined, io: Io): RunSummary {
  const file = resolveRecordingArg(arg, dir);
  const run = runToCompare(summarizeRuns(readRecordingsReporting(file, io)));
  if (run.runs > 1) io.err(`memprof: note: ${file}: comparing run ${run.run} of ${run.runs}, the one with the highest peak\n`);
  return run;
}

/** `memprof diff a b`: peak total and per-command peaks of two recordings side by side. */
export function diffCommand(options: DiffOptions): number {
  const io = options.io ?? processIo;
  const a = loadRun(options.a, options.dir, io);
  const b = loadRun(options.b, options.dir, io);
  io.out(diffText(diffRuns(a, b)));
  return EXIT.ok;
}
