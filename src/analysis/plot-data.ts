import type { FuncBracket, Metric, Recording, Series } from '../format/types.js';
import type { Span } from './reduce-stretches.js';
import { trendOf, trendSums, type TrendSums } from './line-reducer.js';
import type { MemScope, MprofChildren } from './mem-scope.js';
import type { SlowPace } from './pace.js';
import type { RunSummary } from './summary.js';
import type { Peak } from './peaks.js';
import type { GroupBy } from './plot-groups.js';
import type { HeapStackView } from './heap-stack.js';
import { plotRuns, recordingInput } from './plot-passes.js';

/** `group`: a layer of a grouped chart (`--group-by`), stacked so that the layers add up to the total. */
export type LineKind = 'process' | 'others' | 'total' | 'group';

/** One line of the chart, times in seconds from its run's start. */
export interface PlotLine {
  /** Unique within the plot: `pid command` (run-prefixed when several runs are overlaid). */
  id: string;
  kind: LineKind;
  run: number;
  pid: number | null;
  /** The full command line (the id holds the short form). */
  command: string | null;
  /** Its points, reduced to the chart's buckets (StretchReducer; every point, when not reduced). */
  series: Series;
  /** The line's own peak, in the same relative time (the reduction keeps it). */
  peak: Peak | null;
  hwmBytes: number | null;
  /** How many processes the line stands for: 1, or how many were folded into "others". */
  processes: number;
  /** Indices of the samples that follow a gap in the readings (see GAP_FACTOR): the line is not drawn across. */
  breaks: number[];
  /** Drawn as steps: a paced metric (PSS, USS), where a reading holds until the next one is taken. */
  stepped: boolean;
  /** Sums over every point of the line, reduced or not: its least-squares trend (`--slope`). */
  trend: TrendSums;
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
  /** Upper end of the total's peak bracket (the run summary's); null without HWM lines. */
  upperBoundBytes: number | null;
  funcs: FuncBracket[];
  /** Processes with samples in the window, and how many of them went into "others". */
  processCount: number;
  folded: number;
  duration: number;
  /** PSS/USS read less often than every tick (`PACE` lines); null when read every tick. */
  pace: SlowPace | null;
  /** The run's summary, from the same first pass: why it has no total, when it has none. */
  summary: RunSummary;
  /** How its processes were grouped into stacked layers (`lines` of kind `group`), or null. */
  groupedBy?: GroupBy | null;
  /** `plot --heap`: one Node process's RSS split into heap used, external and the rest; else null. */
  heap?: HeapStackView | null;
  /** Ticks came less often than the requested period (`PERIOD` lines); null when they did not. */
  period: SlowPace | null;
  /**
   * Every process's coarse curve (see ProcessCurves), by process key, the main process's own as ROOT_CURVE:
   * asked for by `processCurves`; else null.
   */
  processCurves?: Map<string, Series> | null;
}

import type { TimeWindow } from './time-window.js';

export type { TimeWindow };

export interface PlotDataOptions {
  top: number;
  window: TimeWindow | null;
  /** Prefix ids with the run number: several runs are overlaid. */
  prefixRun: boolean;
  /** How to read an mprof file's MEM; memprof's own files say in their header. Default: auto. */
  mprofChildren?: MprofChildren;
  /**
   * `--group-by`: sum processes by program or command into stacked layers; `auto` does so by program when
   * more processes share a program than `top` can show (one run only). Default: every process its own line.
   */
  groupBy?: GroupBy | 'auto' | null;
  /** `--heap`: the heap view of this pid's process, or of the probed one with the highest peak ('auto'). */
  heap?: number | 'auto' | null;
  /** Also collect every process's coarse curve (the HTML report draws any process on selection). */
  processCurves?: boolean;
}

/** How finely the chart keeps lines, from the runs' durations: buckets over the shared span; null keeps all. */
export type Resolution = (durations: number[]) => { span: Span; buckets: number } | null;

/**
 * One decoded run's lines, as `plot` builds them from a file; every point is kept unless `resolution`
 * reduces them (the chart's buckets).
 */
export function buildPlotRun(
  rec: Recording,
  run: number,
  options: PlotDataOptions,
  resolution: Resolution = () => null,
): PlotRun {
  const [plot] = plotRuns([recordingInput(rec, options.mprofChildren ?? 'auto')], options, resolution, run);
  return plot!;
}

/** Least-squares line through a series: bytes per second and the value at t = 0 (for `--slope`). */
export function linearTrend(series: Series): { slope: number; intercept: number } | null {
  return trendOf(trendSums(series));
}
