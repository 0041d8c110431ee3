import { readRecordings } from '../format/reader.js';
import type { Recording } from '../format/types.js';

/** Where a command writes: the process's streams, or a test's buffers. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: Io = {
  out: (text) => { process.stdout.write(text); },
  err: (text) => { process.stderr.write(text); },
};

/** Print a recording's warnings (a truncated last line, several runs in one file) once each, naming the file. */
export function printWarnings(io: Io, file: string, warnings: Iterable<string>): void {
  for (const w of new Set(warnings)) io.err(`memprof: warning: ${file}: ${w}\n`);
}

/** Read a recording's runs and print its warnings: how every verb that reads recordings does it. */
export function readRecordingsReporting(file: string, io: Io): Recording[] {
  const recs = readRecordings(file);
  printWarnings(io, file, recs.flatMap((r) => r.warnings));
  return recs;
}
