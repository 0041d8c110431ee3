import type { SampleRow } from '../../analysis/export-pass.js';
import type { ScannedRun } from '../../analysis/plot-passes.js';
import type { FuncBracket } from '../../format/types.js';

/** The text a run's second pass gives, piece by piece as its lines are read (see SampleEvents). */
export interface RunRows {
  /** Before the run's first line. */
  start(): string;
  sample(row: SampleRow): string;
  tick(time: number, totalBytes: number, rootBytes: number): string;
  func(f: FuncBracket): string;
  /** Once the run's last line is in. */
  finish(): string;
}

/**
 * One export format: text before the runs, each run's rows as its samples are read again (null: the format
 * needs only the first pass), and text after them. No IO: the verb writes what each piece returns.
 */
export interface Exporter {
  begin(runs: ScannedRun[]): string;
  rows(run: ScannedRun, index: number): RunRows | null;
  end(runs: ScannedRun[]): string;
}

/** Seconds rounded to 0.1 ms, the resolution of a recording's times. */
export const tenthMs = (seconds: number): number => Math.round(seconds * 1e4) / 1e4;
