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
