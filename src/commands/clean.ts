import { EXIT } from '../errors.js';
import { processIo, type Io } from './io.js';
import { listEntries } from './list.js';
import { removeFiles } from './rm.js';

export interface CleanOptions {
  dryRun: boolean;
  dir?: string;
  io?: Io;
}

/** `memprof clean`: remove every recording `memprof list` shows, leaving alone files that only look like one. */
export function cleanCommand(options: CleanOptions): number {
  const io = options.io ?? processIo;
  const entries = listEntries(options.dir);
  for (const e of entries.filter((x) => !x.isRecording)) {
    io.err(`memprof: leaving ${e.file}: not a recording (${e.reason})\n`);
  }
  const files = entries.filter((e) => e.isRecording).map((e) => e.file);
  if (files.length === 0) io.err(`memprof: no recordings to remove in ${options.dir ?? 'this directory'}\n`);
  removeFiles(files, options.dryRun, io);
  return EXIT.ok;
}
