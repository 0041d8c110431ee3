import { commandLabels } from './command-labels.js';
import type { WindowPeak } from './line-reducer.js';
import { naturalCompare } from './plot-labels.js';
import type { RunStats } from './run-stats.js';
import type { RunFacts } from './summarize-run.js';
import type { MemReading } from './tick-totals.js';

/** One process's curve as the chart chooses among them: who it is, and its peak (inside the window, if any). */
export interface CurveChoice {
  /** The process's key, by which its samples are routed; `ROOT_CURVE` for the main process's own curve. */
  key: string;
  /** The process's key as files name it ('main' for an mprof file's main process). */
  name: string;
  pid: number | null;
  command: string | null;
  isRoot: boolean;
  hwmBytes: number | null;
  peakBytes: number;
  /** The legend's id: `pid label` (the key when the pid was reused), unique within the run. */
  id: string;
}

/** The main process's own curve is routed by this name: its process's key may be unknown (mprof files). */
export const ROOT_CURVE = '\0root';

/** Legend width of a command's label, in characters. */
const LABEL_WIDTH = 44;

/** What the chart draws of a run: the curves drawn one by one, in legend order, and how many were folded. */
export interface LinePlan {
  shown: CurveChoice[];
  folded: CurveChoice[];
  /** Curves with a point inside the window (all with a point, without one). */
  curves: number;
}

/**
 * The run's curves that have a point, main process first, then in order of first appearance, each with its
 * peak: from the first pass's figures, or from `ranks` (peaks inside the window, by key) when given. Each id
 * is its key until planLines names it. The main process has none where its own size is not known (`ownSizes`
 * false: see ownSizesKnown).
 */
export function curveChoices(
  facts: RunFacts,
  stats: RunStats,
  reading: MemReading,
  ranks: Map<string, WindowPeak> | null,
  ownSizes: boolean,
): CurveChoice[] {
  const out: CurveChoice[] = [];
  const root = facts.processes.find((p) => p.key === facts.rootKey) ?? null;
  const rootCurve = stats.totals.roots[reading];
  const rootPeak = ranks ? ranks.get(ROOT_CURVE) : { points: rootCurve.points, bytes: rootCurve.peak.bytes };
  if (ownSizes && rootPeak && rootPeak.points > 0) {
    out.push({
      key: ROOT_CURVE,
      name: root?.key ?? 'main',
      pid: root?.pid ?? null,
      command: root?.command ?? facts.command,
      isRoot: true,
      hwmBytes: root?.hwmBytes ?? null,
      peakBytes: rootPeak.bytes,
      id: ROOT_CURVE,
    });
  }
  for (const p of facts.processes) {
    if (p.key === facts.rootKey || p.samples === 0) continue;
    const peak = ranks ? ranks.get(p.key) : { points: p.samples, bytes: p.peakBytes };
    if (!peak || peak.points === 0) continue;
    out.push({
      key: p.key,
      name: p.key,
      pid: p.pid,
      command: p.command,
      isRoot: false,
      hwmBytes: p.hwmBytes,
      peakBytes: peak.bytes,
      id: p.key,
    });
  }
  return out;
}

/**
 * Keep the `top` curves with the highest peak and fold the rest into "others" (folding a single curve would
 * only rename it, so then it is shown too); label them told apart from one another, and order the shown ones:
 * the main process first, then by id in natural order. `prefix` starts every id (the run, when overlaid).
 */
export function planLines(curves: CurveChoice[], top: number, prefix: string): LinePlan {
  const labels = commandLabels(
    curves.map((c) => c.command),
    LABEL_WIDTH,
  );
  // Named in place, not copied: a run may have 100,000 curves.
  const all = curves;
  for (let i = 0; i < all.length; i++) all[i]!.id = idOf(all[i]!, labels[i]!);
  let shown = all;
  let folded: CurveChoice[] = [];
  if (all.length > top + 1) {
    const ranked = all.map((c, i) => ({ c, i })).sort((a, b) => b.c.peakBytes - a.c.peakBytes || a.i - b.i);
    const keep = new Set(ranked.slice(0, top).map((r) => r.c));
    shown = all.filter((c) => keep.has(c));
    folded = all.filter((c) => !keep.has(c));
  }
  shown.sort((a, b) => Number(b.isRoot) - Number(a.isRoot) || naturalCompare(a.id, b.id));
  const seen = new Set<string>();
  for (const c of shown) {
    c.id = prefix + c.id;
    // A reused pid running the same command gets its key appended.
    if (seen.has(c.id)) c.id = `${c.id} (${c.name})`;
    seen.add(c.id);
  }
  return { shown, folded, curves: all.length };
}

function idOf(c: CurveChoice, label: string): string {
  const who = c.name.includes('#') ? c.name : c.pid === null ? 'main' : String(c.pid);
  return `${who} ${label}`;
}
