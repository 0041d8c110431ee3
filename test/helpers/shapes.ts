import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { peakVerb, runVerb, type VerbResult } from './in-process.js';
import { PYTHON } from './accuracy.js';
import { readOneRun } from './dat.js';
import { FIXTURES, memprof, tempDir, type CliResult } from './memprof.js';
import type { Metric, Recording } from '../../src/format/types.js';

// The shapes corpus (test/fixtures/shapes/): one tree that holds the shapes real programs have, each
// holder reporting its own smaps_rollup readings. See test/fixtures/shapes/root.cjs for the tree.

export const SHAPES = join(FIXTURES, 'shapes');
/** The holders of the tree root.cjs starts, by name: each phase waits for all of them. */
export const HOLDERS = [
  'root',
  'worker-titled',
  'worker',
  'launcher',
  'native',
  'shimmed-python',
  'daemon',
  'detached',
];
/** Holders that leave the command's session: their parent exits and they are re-parented. */
export const ESCAPED = ['daemon', 'detached'];
const PYENV_SHIM = '/root/.pyenv/shims/python3';

export type Readings = Record<Metric, number>;

/** A `report` line: what one holder read in its own smaps_rollup, in bytes. */
export interface HolderReport {
  phase: 'report';
  name: string;
  pid: number;
  ppid: number;
  argv: string[];
  allocBytes: number;
  /** Read right after every holder had allocated. */
  together: Readings;
  /** The least and most it read from then on (PSS moves as processes that share pages come and go): the
   *  lows are what the holders held all at once. */
  low: Readings;
  high: Readings;
}

interface ShapesLine {
  phase: string;
  name: string;
  pid: number;
}

/** One process of `memprof peak --json`. */
export interface PeakProcess {
  pid: number | null;
  ppid: number | null;
  command: string | null;
  peakBytes: number;
}

export interface PeakDoc {
  metric: Metric;
  peakTotalBytes: number | null;
  processes: PeakProcess[];
}

export interface ShapesRun {
  metric: Metric;
  result: CliResult;
  /** Every pid a holder reported in any phase, to check at the end that none is left behind. */
  pids: number[];
  reports: HolderReport[];
  recording: Recording | null;
  peak: PeakDoc | null;
  peakResult: VerbResult | null;
}

function readLines(file: string): ShapesLine[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as ShapesLine);
}

/** `memprof run -M -C --metric <metric> -T 20ms` of the corpus, started through its node shim; then `peak --json`. */
export async function runShapes(metric: Metric): Promise<ShapesRun> {
  const dir = tempDir('memprof-shapes-');
  const out = join(dir, 'out.dat');
  const report = join(dir, 'report.jsonl');
  const env = {
    SHAPES_REPORT: report,
    SHAPES_RECORDING: out,
    SHAPES_EXPECTED: String(HOLDERS.length),
    SHAPES_NODE: process.execPath,
    SHAPES_PYTHON: PYTHON ?? 'python3',
    SHAPES_SHIMMED_PYTHON: existsSync(PYENV_SHIM) ? PYENV_SHIM : join(SHAPES, 'shim', 'python3'),
  };
  const result = await memprof(
    [
      'run',
      '-M',
      '-C',
      '--metric',
      metric,
      '-T',
      '20ms',
      '-o',
      out,
      '--',
      join(SHAPES, 'shim', 'node'),
      join(SHAPES, 'root.cjs'),
    ],
    { cwd: dir, env, timeoutMs: 30_000 },
  );
  const lines = readLines(report);
  const recording = existsSync(out) ? readOneRun(out) : null;
  const peakResult = recording ? await runVerb(peakVerb([out], { json: true }), { cwd: dir }) : null;
  return {
    metric,
    result,
    recording,
    peakResult,
    pids: [...new Set(lines.map((l) => l.pid))],
    reports: lines.filter((l): l is HolderReport => l.phase === 'report'),
    peak: peakResult?.code === 0 ? (JSON.parse(peakResult.stdout) as PeakDoc) : null,
  };
}
