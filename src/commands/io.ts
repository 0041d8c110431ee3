import type { MprofChildren } from '../analysis/mem-scope.js';
import { summarizeFile, type RunSummary } from '../analysis/summary.js';
import { fileInput, type PlotInput } from '../analysis/plot-passes.js';
import type { ReadWarning } from '../format/read-warnings.js';
import { readWarningText } from '../report/read-warnings.js';
import * as stdio from '../stdio.js';

/** Where a command writes: the process's streams, or a test's buffers. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: Io = {
  out: (text) => {
    stdio.stdout.write(text);
  },
  err: (text) => {
    stdio.stderr.write(text);
  },
};

/**
 * Print what the reader tolerated in a recording (malformed lines, a truncated last line, several runs in
 * one file) once each, naming the file: every run of a file carries the file's warnings.
 */
export function printWarnings(io: Io, file: string, warnings: Iterable<ReadWarning>): void {
  for (const w of new Set([...warnings].map(readWarningText))) io.err(`memprof: warning: ${file}: ${w}\n`);
}

/**
 * The summaries of a recording's runs, read in one streaming pass (`-`: standard input), with its warnings
 * printed once each: what `peak`, `check` and `diff` read.
 */
export function summarizeReporting(file: string, io: Io, children: MprofChildren = 'auto'): RunSummary[] {
  const runs = summarizeFile(file, children);
  const headed = runs.find((r) => r.memScope.basis === 'header');
  reportReading(io, runs[0]?.file ?? file, runs, headed ? headed.memScope.childrenIncluded : null, children);
  return runs;
}

/** A recording's first pass for a chart (see fileInput), with its warnings printed as summarizeReporting does. */
export function scanReporting(file: string, io: Io, children: MprofChildren, name = file): PlotInput {
  const input = fileInput(file, children, name);
  const summaries = input.runs.map((r) => r.summary);
  const headed = summaries.find((r) => r.memScope.basis === 'header');
  reportReading(io, name, summaries, headed ? headed.memScope.childrenIncluded : null, children);
  return input;
}

/** `memIsTree`: what a memprof header says MEM holds (null for an mprof file, which has no header). */
function reportReading(
  io: Io,
  file: string,
  runs: Array<{ warnings: ReadWarning[] }>,
  memIsTree: boolean | null,
  children: MprofChildren,
): void {
  printWarnings(
    io,
    file,
    runs.flatMap((r) => r.warnings),
  );
  if (children === 'auto' || memIsTree === null) return;
  const holds = memIsTree ? 'the whole tree' : 'the main process alone';
  io.err(
    `memprof: warning: ${file}: --mprof-children ${children} ignored: this memprof recording's header says ` +
      `its MEM holds ${holds}\n`,
  );
}
