import type { Reading } from '../format/types.js';
import { UNREAD_BYTES } from './curves.js';
import { MemScopeEvidence } from './mem-scope.js';
import { TickFrame } from './tick-frame.js';

/**
 * The two ways to read a run's MEM, kept side by side because for an mprof file which one holds is only
 * inferred at the end: 0, MEM is the main process alone and the total adds the descendants' CHLD lines;
 * 1, MEM already holds the whole tree (-C) and the main process's own size is MEM minus the descendants.
 */
export type MemReading = 0 | 1;

/** The largest value of a series, when it was first reached and at which tick; bytes is -Infinity until then. */
export interface RunningPeak {
  bytes: number;
  time: number;
  tick: number;
}

/** The main process's own curve under one reading: peak, first and last point, value at the total's peak. */
export interface RootCurveStats {
  peak: RunningPeak;
  points: number;
  firstTime: number;
  lastTime: number;
  atTotalPeakBytes: number | null;
}

/** A descendant as the totals see it (see ProcessStats). */
export interface TickReader {
  readTick: number;
  readBytes: number;
  atPeakBytes: [number, number];
  atPeakTick: [number, number];
}

const newPeak = (): RunningPeak => ({ bytes: -Infinity, time: NaN, tick: -1 });
const newRoot = (): RootCurveStats => ({
  peak: newPeak(),
  points: 0,
  firstTime: NaN,
  lastTime: NaN,
  atTotalPeakBytes: null,
});

/**
 * The run's total tick by tick, in memory that grows with the processes read in one tick: each MEM line
 * opens a tick, and the descendants' samples that follow it (or come before the first) belong to it. When a
 * tick closes, its total is compared with the peak so far; at a new peak, each process's reading of that
 * tick is copied to it, so who held what at the peak is known without keeping any series.
 */
export class TickTotals extends TickFrame {
  readonly evidence = new MemScopeEvidence();
  readonly peaks: [RunningPeak, RunningPeak] = [newPeak(), newPeak()];
  readonly roots: [RootCurveStats, RootCurveStats] = [newRoot(), newRoot()];
  /** Told each closed tick's totals and the main process's own size under both readings (per-phase peaks). */
  onTick: ((time: number, totals: [number, number], own: [number | null, number | null]) => void) | null = null;
  /** The processes read in the open tick: the first `readerCount` entries (kept, not emptied: no reallocation). */
  private readonly readers: TickReader[] = [];
  private readerCount = 0;

  /** The last MEM line's time; -Infinity before the first. */
  get lastMemTime(): number {
    return this.memTime;
  }

  mem(bytes: number, time: number): void {
    this.openTick(bytes, time);
  }

  /** A descendant's sample (the main process's own CHLD lines are not part of the tree's total). */
  sample(p: TickReader, r: Reading): void {
    const bytes = r.bytes;
    this.childSum += bytes;
    const tick = Math.max(0, this.ticks - 1);
    if (p.readTick === tick) return; // a second sample in one tick: the first is the tick's reading
    p.readTick = tick;
    p.readBytes = bytes;
    this.readers[this.readerCount++] = p;
  }

  finish(): void {
    this.endTick();
  }

  protected tickClosed(): void {
    const mem = this.memBytes;
    const sum = this.childSum;
    const time = this.memTime;
    this.evidence.tick(mem, sum);
    this.point(0, mem, time, mem + sum);
    const own = mem - sum;
    this.point(1, own >= UNREAD_BYTES ? own : null, time, mem);
    this.onTick?.(time, [mem + sum, mem], [mem, own >= UNREAD_BYTES ? own : null]);
    this.readerCount = 0;
  }

  /**
   * One tick under one reading: the main process's own size (null when it was not read then: under a
   * page is what is left when it was gone) and the total.
   */
  private point(reading: MemReading, own: number | null, time: number, total: number): void {
    const root = this.roots[reading];
    if (own !== null) {
      if (root.points++ === 0) root.firstTime = time;
      root.lastTime = time;
      if (own > root.peak.bytes) Object.assign(root.peak, { bytes: own, time, tick: this.ticks - 1 });
    }
    const peak = this.peaks[reading];
    if (!(total > peak.bytes)) return;
    Object.assign(peak, { bytes: total, time, tick: this.ticks - 1 });
    root.atTotalPeakBytes = own;
    for (let k = 0; k < this.readerCount; k++) {
      const p = this.readers[k]!;
      p.atPeakBytes[reading] = p.readBytes;
      p.atPeakTick[reading] = peak.tick;
    }
  }
}
