import type { Metric, Recording } from '../format/types.js';
import { processCurves, totalCoversTree, totalSeries, type Curve } from './curves.js';
import { memScopeOf, type MemScope, type MprofChildren } from './mem-scope.js';
import { slowPaceOf, type SlowPace } from './pace.js';
import { peakOf } from './peaks.js';
import { hwmUpperBound } from './upper-bound.js';

/** One measured process of a run, times in seconds from the run's start. */
export interface ProcessSummary {
  key: string;
  /** null for the main process of an mprof file, whose pid mprof does not record. */
  pid: number | null;
  ppid: number | null;
  command: string | null;
  isRoot: boolean;
  peakBytes: number;
  peakAtSeconds: number;
  startSeconds: number;
  endSeconds: number;
  exited: boolean;
  /** Still running when the recording ended; null when the file cannot tell (see Header.finalExits). */
  stillRunning: boolean | null;
  /** The kernel's RSS high-water mark (VmHWM), when recorded: it also catches spikes between samples. */
  hwmBytes: number | null;
  /** What the process held at the tick of the run's total peak; null when it was not sampled then. */
  atTotalPeakBytes: number | null;
}

/** What `peak`, `check` and `diff` need to know about one run. */
export interface RunSummary {
  file: string | null;
  /** 1-based position of the run in its file, and how many runs the file holds (mprof can write several). */
  run: number;
  runs: number;
  command: string | null;
  metric: Metric;
  /** Epoch seconds of the run's first sample. */
  startTime: number;
  durationSeconds: number;
  /** null only when the run has no `MEM` sample at all. */
  peakTotalBytes: number | null;
  peakTotalAtSeconds: number | null;
  /**
   * The total's peak bracket, upper end: the largest sum of kernel RSS high-water marks of processes
   * alive at the same time (they need not peak together). null without HWM lines (mprof, ps source).
   */
  peakTotalUpperBoundBytes: number | null;
  /** Whether the total covers every process, or the main process alone (a run without -M or -C). */
  coversTree: boolean;
  /** Whether `MEM` was taken as including the children, and how that was known (header, option, inferred). */
  memScope: MemScope;
  /**
   * The exit code memprof recorded in its `DONE` line; null for mprof files, an unfinished run, or an
   * attached process.
   */
  exitCode: number | null;
  /** Measured processes, main process first, then in order of appearance. */
  processes: ProcessSummary[];
  /** Processes only ever sampled at 0 bytes: gone (or a zombie) before they could be read. mprof writes such lines. */
  vanished: number;
  /** The process that held the most at the moment of the total peak. */
  holder: ProcessSummary | null;
  /** PSS/USS read less often than every tick (the file's `PACE` lines); null when read every tick. */
  pace: SlowPace | null;
  warnings: string[];
}

export const METRIC_LABEL: Record<Metric, string> = { rss: 'RSS', pss: 'PSS', uss: 'USS' };

/** Summaries of every run of one file; `children` says how to read an mprof file's MEM. */
export function summarizeRuns(recs: Recording[], children: MprofChildren = 'auto'): RunSummary[] {
  return recs.map((rec, i) => summarizeRun(rec, i + 1, recs.length, children));
}

export function summarizeRun(rec: Recording, run = 1, runs = 1, children: MprofChildren = 'auto'): RunSummary {
  const t0 = runStart(rec);
  const memScope = memScopeOf(rec, children);
  const total = peakOf(totalSeries(rec, memScope.childrenIncluded));
  const exitsKnown = rec.header?.finalExits === true && rec.done !== null;
  const all = processCurves(rec, memScope.childrenIncluded).map((c) =>
    summarizeCurve(c, t0, total?.index ?? null, exitsKnown),
  );
  const processes = all.filter((p) => p.peakBytes > 0);
  return {
    file: rec.file,
    run,
    runs,
    command: rec.command,
    metric: rec.header?.metric ?? 'rss',
    startTime: t0,
    durationSeconds: Math.max(0, runEnd(rec) - t0),
    peakTotalBytes: total?.bytes ?? null,
    peakTotalAtSeconds: total ? total.time - t0 : null,
    peakTotalUpperBoundBytes: upperBound(rec, total?.bytes ?? null),
    coversTree: totalCoversTree(rec, memScope.childrenIncluded),
    memScope,
    exitCode: rec.done?.exitCode ?? null,
    processes,
    vanished: all.length - processes.length,
    holder: holderAtPeak(processes),
    pace: slowPaceOf(rec, t0, runEnd(rec)),
    warnings: [...rec.warnings],
  };
}

/** Never below the sampled peak: a PSS sample or a late reading can exceed an HWM read earlier. */
function upperBound(rec: Recording, sampled: number | null): number | null {
  const bound = hwmUpperBound(rec);
  return bound === null ? null : Math.max(bound, sampled ?? 0);
}

function runStart(rec: Recording): number {
  if (Number.isFinite(rec.startTime)) return rec.startTime;
  let start = Infinity;
  for (const p of rec.processes) if (p.firstSeen !== null && p.firstSeen < start) start = p.firstSeen;
  return Number.isFinite(start) ? start : 0;
}

function runEnd(rec: Recording): number {
  let end = rec.mem.t.at(-1) ?? -Infinity;
  if (rec.done) end = Math.max(end, rec.done.time);
  for (const p of rec.processes) if (p.lastSeen !== null) end = Math.max(end, p.lastSeen);
  return Number.isFinite(end) ? end : runStart(rec);
}

function summarizeCurve(c: Curve, t0: number, peakTick: number | null, exitsKnown: boolean): ProcessSummary {
  const peak = peakOf(c.series);
  return {
    key: c.key,
    pid: c.pid,
    ppid: c.ppid,
    command: c.command,
    isRoot: c.isRoot,
    peakBytes: peak?.bytes ?? 0,
    peakAtSeconds: (peak?.time ?? c.firstSeen) - t0,
    startSeconds: c.firstSeen - t0,
    endSeconds: c.lastSeen - t0,
    exited: c.exited,
    hwmBytes: c.hwmBytes,
    stillRunning: exitsKnown ? !c.exited : null,
    atTotalPeakBytes: peakTick === null ? null : valueAtTick(c, peakTick),
  };
}

/** The curve's sample taken in MEM tick `tick`, or null when it was not sampled then. */
function valueAtTick(c: Curve, tick: number): number | null {
  const i = c.tickOf.indexOf(tick);
  return i < 0 ? null : (c.series.v[i] ?? null);
}

function holderAtPeak(processes: ProcessSummary[]): ProcessSummary | null {
  let best: ProcessSummary | null = null;
  for (const p of processes) {
    if (p.atTotalPeakBytes !== null && (best === null || p.atTotalPeakBytes > best.atTotalPeakBytes!)) best = p;
  }
  return best;
}
