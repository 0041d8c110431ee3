import type { Recording, Series } from '../format/types.js';
import type { Curve } from './curves.js';
import { peakOf } from './peaks.js';

/** The processes to draw one by one, and the rest, which are summed into one "others" line. */
export interface Folding<C extends Curve> {
  shown: C[];
  folded: C[];
}

/**
 * Keep the `top` processes with the highest peak; fold the rest. Folding a single process would only
 * rename it, so when just one would be left over it is shown too.
 */
export function foldSmallest<C extends Curve>(curves: C[], top: number): Folding<C> {
  if (curves.length <= top + 1) return { shown: curves.slice(), folded: [] };
  const peak = (c: C) => peakOf(c.series)?.bytes ?? 0;
  const ranked = curves.map((c, i) => ({ c, i, p: peak(c) })).sort((a, b) => b.p - a.p || a.i - b.i);
  const keep = new Set(ranked.slice(0, top).map((r) => r.c));
  return { shown: curves.filter((c) => keep.has(c)), folded: curves.filter((c) => !keep.has(c)) };
}

/**
 * The sum of the folded processes at each sampling tick, from the first tick any of them was seen to
 * the last. Summing by tick (not by timestamp) adds up samples taken in the same pass even when mprof
 * stamped them a few milliseconds apart. Between two folded processes the sum is truly zero and drawn so.
 */
export function sumPerTick(rec: Recording, curves: Curve[]): Series {
  const ticks = rec.mem.t.length;
  const sum = new Float64Array(ticks);
  const seen = new Uint8Array(ticks);
  for (const curve of curves) {
    curve.series.v.forEach((v, i) => {
      const tick = curve.tickOf[i];
      if (tick === undefined || tick >= ticks) return;
      sum[tick] = sum[tick]! + v;
      seen[tick] = 1;
    });
  }
  const first = seen.indexOf(1);
  const last = seen.lastIndexOf(1);
  const out: Series = { t: [], v: [] };
  for (let k = first; first >= 0 && k <= last; k++) {
    out.t.push(rec.mem.t[k]!);
    out.v.push(sum[k]!);
  }
  return out;
}
