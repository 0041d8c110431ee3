import type { SampleRow } from '../../analysis/export-pass.js';
import type { Exporter, RunRows } from './exporter.js';

export const CSV_COLUMNS = ['run', 'time', 'seconds', 'pid', 'ppid', 'command', 'metric', 'scope', 'bytes'];

/** RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const orEmpty = (n: number | null): string => (n === null ? '' : String(n));

/** One row: the line's epoch time as the file has it (4 decimals), seconds from the run's start, bytes. */
export function csvRow(run: number, row: SampleRow): string {
  const fields = [
    String(run),
    row.time.toFixed(4),
    row.seconds.toFixed(4),
    orEmpty(row.pid),
    orEmpty(row.ppid),
    csvField(row.command ?? ''),
    row.metric,
    row.scope,
    String(row.bytes),
  ];
  return `${fields.join(',')}\n`;
}

/** Every MEM and CHLD line of every run as one CSV row, after a header. */
export const csvExporter: Exporter = {
  begin: () => `${CSV_COLUMNS.join(',')}\n`,
  rows: (run): RunRows => ({
    start: () => '',
    sample: (row) => csvRow(run.summary.run, row),
    tick: () => '',
    func: () => '',
    finish: () => '',
  }),
  end: () => '',
};
