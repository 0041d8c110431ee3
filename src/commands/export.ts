import { basename, dirname, extname, join } from 'node:path';
import { exportPass } from '../analysis/export-pass.js';
import type { MprofChildren } from '../analysis/mem-scope.js';
import type { PlotInput } from '../analysis/plot-passes.js';
import { EXIT, fsReason, MemprofError, usageError } from '../errors.js';
import { spoolStdin, STDIN, STDIN_NAME } from '../format/stream.js';
import { benchmarkExporter } from '../report/export/benchmark.js';
import { csvExporter } from '../report/export/csv.js';
import type { Exporter } from '../report/export/exporter.js';
import { openMetricsExporter } from '../report/export/openmetrics.js';
import { perfettoExporter } from '../report/export/perfetto.js';
import { runJsonExporter } from '../report/export/run-json.js';
import { processIo, scanReporting, type Io } from './io.js';
import { openReplacement } from './output-file.js';
import { resolveRecordingArgs } from './resolve-files.js';

export const EXPORT_FORMATS = ['csv', 'json', 'perfetto', 'openmetrics', 'benchmark'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** What a default output name ends with, beside the recording. */
export const EXPORT_SUFFIX: Record<ExportFormat, string> = {
  csv: '.csv',
  json: '.json',
  perfetto: '.trace.json',
  openmetrics: '.prom',
  benchmark: '.benchmark.json',
};

/** Standard output as an output name. */
export const TO_STDOUT = '-';

export function exportFormat(text: string): ExportFormat {
  const format = EXPORT_FORMATS.find((f) => f === text.trim().toLowerCase());
  if (format === undefined)
    throw usageError(`unknown export format '${text}'`, `use one of ${EXPORT_FORMATS.join(', ')}`);
  return format;
}

export interface ExportOptions {
  /** A path, a `memprof list` index or `-`; null: the newest recording here. */
  file: string | null;
  format: ExportFormat;
  /** A file, `-` for standard output; null: `<recording><suffix>` beside it (standard output for `-`). */
  output: string | null;
  /** The benchmark entries' name (default: the command line). */
  name?: string | null;
  mprofChildren?: MprofChildren;
  dir?: string;
  io?: Io;
}

/** `memprof export`: a recording in a format other tools read, streamed to a file or standard output. */
export function exportCommand(options: ExportOptions): number {
  const io = options.io ?? processIo;
  const [file] = resolveRecordingArgs(options.file === null ? [] : [options.file], {
    dir: options.dir,
    whenNone: 'newest',
  });
  if (options.file === null) io.err(`memprof: using the newest recording, ${file}\n`);
  const output = options.output ?? (file === STDIN ? TO_STDOUT : beside(file!, options.format));
  const spooled = file === STDIN ? spoolStdin() : null;
  try {
    const name = file === STDIN ? STDIN_NAME : file!;
    exportRecording(spooled?.file ?? file!, name, { ...options, output }, io);
  } finally {
    spooled?.remove();
  }
  if (output !== TO_STDOUT) io.out(`${output}\n`);
  return EXIT.ok;
}

/** The default output: the recording's name, its `.dat` replaced by the format's suffix. */
export function beside(file: string, format: ExportFormat): string {
  return join(dirname(file), basename(file, extname(file)) + EXPORT_SUFFIX[format]);
}

function exporterFor(format: ExportFormat, name: string, label: string | null): Exporter {
  switch (format) {
    case 'csv':
      return csvExporter;
    case 'json':
      return runJsonExporter;
    case 'perfetto':
      return perfettoExporter(name);
    case 'openmetrics':
      return openMetricsExporter();
    case 'benchmark':
      return benchmarkExporter(label);
  }
}

/**
 * Export the recording `file` (named `name` in messages) to `options.output`: a first pass for the summary,
 * a second that hands each sample to the format as it is read, every piece written as it comes.
 */
export function exportRecording(
  file: string,
  name: string,
  options: { format: ExportFormat; output: string; name?: string | null; mprofChildren?: MprofChildren },
  io: Io,
): void {
  const input = scanReporting(file, io, options.mprofChildren ?? 'auto', name);
  const exporter = exporterFor(options.format, name, options.name ?? null);
  if (options.output === TO_STDOUT) {
    const out = gathered((text) => io.out(text));
    writeExport(input, exporter, out.write);
    out.flush();
    return;
  }
  const target = openOutput(options.output);
  try {
    writeExport(input, exporter, target.write);
    target.commit();
  } catch (error) {
    target.discard();
    if (error instanceof MemprofError) throw error;
    throw new MemprofError(`cannot write ${options.output}: ${fsReason(error, true)}`, { cause: error });
  }
}

/**
 * The exporter's pieces in order: one more pass per run that has rows (mprof can write two runs into one
 * file, their lines interleaved, and each run's rows must come together).
 */
function writeExport(input: PlotInput, exporter: Exporter, write: (text: string) => void): void {
  write(exporter.begin(input.runs));
  input.runs.forEach((run, i) => {
    const rows = exporter.rows(run, i);
    if (rows === null) return;
    write(rows.start());
    exportPass(input, (_run, j) =>
      j !== i
        ? null
        : {
            sample: (row) => write(rows.sample(row)),
            tick: (time, total, root) => write(rows.tick(time, total, root)),
            func: (f) => write(rows.func(f)),
          },
    );
    write(rows.finish());
  });
  write(exporter.end(input.runs));
}

function openOutput(path: string): ReturnType<typeof openReplacement> {
  try {
    return openReplacement(path);
  } catch (error) {
    throw new MemprofError(`cannot write ${path}: ${fsReason(error, true)}`, { exitCode: EXIT.usage });
  }
}

/** Pieces handed on in larger ones: standard output gets a write per 64 KiB, not per sample. */
function gathered(out: (text: string) => void): { write: (text: string) => void; flush: () => void } {
  let pending = '';
  return {
    write: (text) => {
      pending += text;
      if (pending.length >= 64 * 1024) {
        out(pending);
        pending = '';
      }
    },
    flush: () => {
      if (pending !== '') out(pending);
      pending = '';
    },
  };
}
