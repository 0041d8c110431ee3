import type { FuncBracket, Recording, Series } from '../../src/format/types.js';
import { processCurves, totalCoversTree, totalSeries, type Curve } from '../../src/analysis/curves.js';
import { memScopeOf } from '../../src/analysis/mem-scope.js';
import { foldSmallest, sumPerTick } from '../../src/analysis/fold.js';
import { peakOf } from '../../src/analysis/peaks.js';
import { commandLabels } from '../../src/analysis/command-labels.js';
import { naturalCompare } from '../../src/analysis/plot-labels.js';
import { cadenceOf, type ReadingCadence } from '../../src/analysis/pace.js';
import { gapBreaks } from '../../src/analysis/reading-gaps.js';
import { trendSums } from '../../src/analysis/line-reducer.js';
import type { LineKind, PlotDataOptions, PlotLine, PlotRun, TimeWindow } from '../../src/analysis/plot-data.js';
import { ownSizesOf } from './reference-summary.js';
import { summarizeRun } from '../../src/analysis/summary.js';

// How `plot` built its lines before it streamed: from the decoded recording's whole series, every point kept
// (processCurves, foldSmallest, sumPerTick, gapBreaks). Kept as the truth the streamed lines are tested
// against. Duration, the peak bracket and the slow pace are the run summary's: one definition for every verb.

/** Shift a series to seconds from `t0` and keep the samples inside the window. */
function relativeSeries(series: Series, t0: number, window: TimeWindow | null): Series {
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
    trend: trendSums(series),
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
export function referencePlotRun(rec: Recording, run: number, options: PlotDataOptions, runs = 1): PlotRun {
  const t0 = rec.startTime;
  const prefix = options.prefixRun ? `${run}: ` : '';
  const memScope = memScopeOf(rec, options.mprofChildren);
  const included = memScope.childrenIncluded;
  const metric = rec.header?.metric ?? 'rss';
  const style: LineStyle = { cadence: cadenceOf(rec, t0), stepped: metric !== 'rss' };
  const ownSizes = ownSizesOf(rec, included);
  const inWindow = processCurves(rec, included)
    .filter((c) => ownSizes || !c.isRoot)
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
  const summary = summarizeRun(rec, run, runs, options.mprofChildren);
  return {
    run,
    file: rec.file,
    command: rec.command,
    metric,
    memScope,
    lines,
    total: usableTotal,
    peakLine: usableTotal ?? lines.find((l) => l.kind === 'process') ?? null,
    upperBoundBytes: usableTotal ? boundOver(summary.peakTotalUpperBoundBytes, usableTotal) : null,
    funcs: relativeFuncs(rec.funcs, t0, options.window),
    processCount: inWindow.length,
    folded: folded.length,
    duration: summary.durationSeconds,
    pace: summary.pace,
    summary,
    period: summary.period,
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
