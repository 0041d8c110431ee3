import type { FuncBracket, Metric, Recording, Series } from '../format/types.js';
import { processCurves, totalCoversTree, totalSeries, type Curve } from './curves.js';
import { memScopeOf, type MemScope, type MprofChildren } from './mem-scope.js';
import { hwmUpperBound } from './upper-bound.js';
import { foldSmallest, sumPerTick } from './fold.js';
import { peakOf, type Peak } from './peaks.js';
import { commandLabels } from './command-labels.js';
import { naturalCompare } from './plot-labels.js';
import { cadenceOf, slowPaceOf, type ReadingCadence, type SlowPace } from './pace.js';
import { gapBreaks } from './reading-gaps.js';

export type LineKind = 'process' | 'others' | 'total';

/** One line of the chart, times in seconds from its run's start. */
export interface PlotLine {
  /** Unique within the plot: `pid command` (run-prefixed when several runs are overlaid). */
  id: string;
  kind: LineKind;
  run: number;
  pid: number | null;
  /** The full command line (the id holds the short form). */
  command: string | null;
  series: Series;
  /** The line's own peak, in the same relative time. */
  peak: Peak | null;
  hwmBytes: number | null;
  /** How many processes the line stands for: 1, or how many were folded into "others". */
  processes: number;
  /** Indices of the samples that follow a gap in the readings (see GAP_FACTOR): the line is not drawn across. */
  breaks: number[];
  /** Drawn as steps: a paced metric (PSS, USS), where a reading holds until the next one is taken. */
  stepped: boolean;
}

/** What one run contributes to the chart. */
export interface PlotRun {
  /** 1-based position among the overlaid runs. */
  run: number;
  file: string | null;
  command: string | null;
  metric: Metric;
  /** Whether `MEM` was taken as including the children, and how that was known. */
  memScope: MemScope;
  /** Main process first, then by pid in natural order, then "others". */
  lines: PlotLine[];
  /** The whole tree; null when the file holds only the main process (mprof run without -M or -C). */
  total: PlotLine | null;
  /** The line whose peak is annotated: the total, else the main process. */
  peakLine: PlotLine | null;
  /**
   * Upper end of the total's peak bracket (kernel high-water marks of processes alive together); null
   * without HWM lines.
   */
  upperBoundBytes: number | null;
  funcs: FuncBracket[];
  /** Processes with samples in the window, and how many of them went into "others". */
  processCount: number;
  folded: number;
  duration: number;
  /** PSS/USS read less often than every tick (`PACE` lines); null when read every tick. */
  pace: SlowPace | null;
}

/** Seconds from the start; `end` may be Infinity. */
export interface TimeWindow {
  start: number;
  end: number;
}

export interface PlotDataOptions {
  top: number;
  window: TimeWindow | null;
  /** Prefix ids with the run number: several runs are overlaid. */
  prefixRun: boolean;
  /** How to read an mprof file's MEM; memprof's own files say in their header. Default: auto. */
  mprofChildren?: MprofChildren;
}

/** Shift a series to seconds from `t0` and keep the samples inside the window. */
export function relativeSeries(series: Series, t0: number, window: TimeWindow | null): Series {
  const out: Series = { t: [], v: [] };
  for (let i = 0; i < series.t.length; i++) {
    const t = series.t[i]! - t0;
    if (window && (t < window.start || t > window.end)) continue;
    out.t.push(t);
    out.v.push(series.v[i]!);
  }
  return out;
}

/** Legend width of a command's label, in characters. */
const LABEL_WIDTH = 44;

function idOf(curve: Curve, label: string): string {
  const who = curve.key.includes('#') ? curve.key : curve.pid === null ? 'main' : String(curve.pid);
  return `${who} ${label}`;
}

/** How a run's lines are drawn: where their readings break, and whether as steps. */
interface LineStyle {
  cadence: ReadingCadence;
  stepped: boolean;
}

function line(
  style: LineStyle,
  kind: LineKind,
  id: string,
  run: number,
  series: Series,
  extra: Partial<PlotLine> = {},
): PlotLine {
  return {
    id,
    kind,
    run,
    pid: null,
    command: null,
    series,
    peak: peakOf(series),
    hwmBytes: null,
    processes: 1,
    breaks: gapBreaks(series, style.cadence),
    stepped: style.stepped,
    ...extra,
  };
}

/** Make ids unique within the run: a reused pid running the same command gets its key appended. */
function uniqueIds(lines: PlotLine[], keys: string[]): void {
  const seen = new Set<string>();
  lines.forEach((l, i) => {
    if (seen.has(l.id)) l.id = `${l.id} (${keys[i]})`;
    seen.add(l.id);
  });
}

/** Build one run's lines: per-process curves (top N by peak, the rest folded), "others", the total. */
export function buildPlotRun(rec: Recording, run: number, options: PlotDataOptions): PlotRun {
  const t0 = rec.startTime;
  const prefix = options.prefixRun ? `${run}: ` : '';
  const memScope = memScopeOf(rec, options.mprofChildren);
  const included = memScope.childrenIncluded;
  const metric = rec.header?.metric ?? 'rss';
  const style: LineStyle = { cadence: cadenceOf(rec, t0), stepped: metric !== 'rss' };
  const inWindow = processCurves(rec, included)
    .map((c) => ({ ...c, series: relativeSeries(c.series, t0, options.window), raw: c }))
    .filter((c) => c.series.t.length > 0);
  const labels = commandLabels(
    inWindow.map((c) => c.command),
    LABEL_WIDTH,
  );
  const ids = new Map(inWindow.map((c, i) => [c, idOf(c, labels[i]!)]));
  const { shown, folded } = foldSmallest(inWindow, options.top);
  const ordered = shown
    .slice()
    .sort((a, b) => Number(b.isRoot) - Number(a.isRoot) || naturalCompare(ids.get(a)!, ids.get(b)!));
  const lines = ordered.map((c) =>
    line(style, 'process', prefix + ids.get(c)!, run, c.series, {
      pid: c.pid,
      command: c.command,
      hwmBytes: c.hwmBytes,
    }),
  );
  uniqueIds(
    lines,
    ordered.map((c) => c.key),
  );
  if (folded.length > 0) {
    const others = relativeSeries(
      sumPerTick(
        rec,
        folded.map((c) => c.raw),
      ),
      t0,
      options.window,
    );
    const id = `${prefix}others (${folded.length} processes)`;
    lines.push(line(style, 'others', id, run, others, { processes: folded.length }));
  }
  const total = totalCoversTree(rec, included)
    ? line(style, 'total', `${prefix}total`, run, relativeSeries(totalSeries(rec, included), t0, options.window), {
        command: rec.command,
        processes: inWindow.length,
      })
    : null;
  const usableTotal = total && total.series.t.length > 0 ? total : null;
  return {
    run,
    file: rec.file,
    command: rec.command,
    metric,
    memScope,
    lines,
    total: usableTotal,
    peakLine: usableTotal ?? lines.find((l) => l.kind === 'process') ?? null,
    upperBoundBytes: usableTotal ? boundOver(hwmUpperBound(rec), usableTotal) : null,
    funcs: relativeFuncs(rec.funcs, t0, options.window),
    processCount: inWindow.length,
    folded: folded.length,
    duration: durationOf(rec, t0),
    pace: slowPaceOf(rec, t0, t0 + durationOf(rec, t0)),
  };
}

/** The bound, never below the drawn total's sampled peak. */
function boundOver(bound: number | null, total: PlotLine): number | null {
  return bound === null ? null : Math.max(bound, total.peak?.bytes ?? 0);
}

function relativeFuncs(funcs: FuncBracket[], t0: number, window: TimeWindow | null): FuncBracket[] {
  return funcs
    .map((f) => ({ ...f, start: f.start - t0, end: f.end - t0 }))
    .filter((f) => !window || (f.end >= window.start && f.start <= window.end));
}

function durationOf(rec: Recording, t0: number): number {
  const ends = [
    rec.mem.t.at(-1),
    rec.done?.time,
    ...rec.processes.map((p) => p.samples.t.at(-1)),
    ...rec.funcs.map((f) => f.end),
  ];
  // A loop, not Math.max(...ends): a recording may hold more processes than the engine takes arguments.
  return ends.reduce<number>((longest, t) => (t === undefined ? longest : Math.max(longest, t - t0)), 0);
}

/** Least-squares line through a series: bytes per second and the value at t = 0 (for `--slope`). */
export function linearTrend(series: Series): { slope: number; intercept: number } | null {
  const n = series.t.length;
  if (n < 2) return null;
  let st = 0,
    sv = 0,
    stt = 0,
    stv = 0;
  for (let i = 0; i < n; i++) {
    const t = series.t[i]!,
      v = series.v[i]!;
    st += t;
    sv += v;
    stt += t * t;
    stv += t * v;
  }
  const denominator = n * stt - st * st;
  if (denominator === 0) return null;
  const slope = (n * stv - st * sv) / denominator;
  return { slope, intercept: (sv - slope * st) / n };
}
