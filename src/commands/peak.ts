import type { MprofChildren } from '../analysis/mem-scope.js';
import { EXIT } from '../errors.js';
import { peakJson } from '../report/json.js';
import { peakText } from '../report/peak-text.js';
import { processIo, summarizeReporting, type Io } from './io.js';
import { resolveRecordingArgs } from './resolve-files.js';

export interface PeakOptions {
  /** Paths or `list` indexes; none means the newest recording in `dir`. */
  files: string[];
  json: boolean;
  /** How to read an mprof file's MEM (--mprof-children). */
  mprofChildren?: MprofChildren;
  dir?: string;
  io?: Io;
}

/** `memprof peak`: each run's peak total, then each process's peak, as text or one JSON document per run. */
export function peakCommand(options: PeakOptions): number {
  const io = options.io ?? processIo;
  const files = resolveRecordingArgs(options.files, { dir: options.dir, whenNone: 'newest' });
  if (options.files.length === 0) io.err(`memprof: using the newest recording, ${files[0]}\n`);
  const children = options.mprofChildren ?? 'auto';
  for (const file of files) {
    const runs = summarizeReporting(file, io, children);
    for (const run of runs) io.out(options.json ? peakJson(run) : peakText(run));
  }
  return EXIT.ok;
}
