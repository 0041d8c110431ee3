import { summarizeRuns } from '../analysis/summary.js';
import { EXIT } from '../errors.js';
import { peakJson } from '../report/json.js';
import { peakText } from '../report/peak-text.js';
import { processIo, readRecordingsReporting, type Io } from './io.js';
import { resolveRecordingArgs } from './resolve-files.js';

export interface PeakOptions {
  /** Paths or `list` indexes; none means the newest recording in `dir`. */
  files: string[];
  json: boolean;
  dir?: string;
  io?: Io;
}

/** `memprof peak`: each run's peak total, then each process's peak, as text or one JSON document per run. */
export function peakCommand(options: PeakOptions): number {
  const io = options.io ?? processIo;
  const files = resolveRecordingArgs(options.files, { dir: options.dir, whenNone: 'newest' });
  if (options.files.length === 0) io.err(`memprof: using the newest recording, ${files[0]}\n`);
  for (const file of files) {
    for (const run of summarizeRuns(readRecordingsReporting(file, io))) io.out(options.json ? peakJson(run) : peakText(run));
  }
  return EXIT.ok;
}
