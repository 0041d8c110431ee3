import type { SampleStore } from '../format/run-builder.js';
import type { FuncBracket, PaceChange, PeriodChange, ProcessMeta, Reading } from '../format/types.js';
import { TickFrame } from './tick-frame.js';

/** A process as the live view keeps it: its latest reading and its peak so far. */
export interface LiveProcess extends ProcessMeta {
  isRoot: boolean;
  currentBytes: number | null;
  peakBytes: number;
  alive: boolean;
}

/** A tick's total: when, and how much. */
export interface TotalPoint {
  t: number;
  bytes: number;
}

/** How long the live view keeps the total's history. */
export const HISTORY_SECONDS = 300;

/**
 * What the live view shows, folded from the recording's lines as they are written: the total at each tick
 * over the last HISTORY_SECONDS, its peak so far, and each process's latest reading, peak and high-water
 * mark. `memIsTree`: MEM holds the whole tree (-C), so the total is MEM and the main process's own is MEM
 * minus its descendants; `rootOwnKnown` false: the descendants have no lines (-C without -M), so MEM minus
 * nothing is the tree, not the main process, which then has no reading.
 */
export class LiveStore extends TickFrame implements SampleStore<LiveProcess> {
  readonly history: TotalPoint[] = [];
  peak: TotalPoint | null = null;
  firstTime: number | null = null;
  readonly processes: LiveProcess[] = [];
  private root: LiveProcess | null = null;

  constructor(
    private readonly memIsTree: boolean,
    private readonly rootOwnKnown: boolean,
  ) {
    super();
  }

  newProcess(meta: ProcessMeta): LiveProcess {
    const p: LiveProcess = { ...meta, isRoot: false, currentBytes: null, peakBytes: 0, alive: true };
    this.processes.push(p);
    return p;
  }

  hasSamples(p: LiveProcess): boolean {
    return p.currentBytes !== null;
  }

  rooted(p: LiveProcess): void {
    p.isRoot = true;
    this.root = p;
  }

  mem(r: Reading): void {
    this.openTick(r.bytes, r.time);
    this.firstTime ??= r.time;
  }

  sample(p: LiveProcess, r: Reading): void {
    if (p.isRoot) return;
    this.childSum += r.bytes;
    p.currentBytes = r.bytes;
    if (r.bytes > p.peakBytes) p.peakBytes = r.bytes;
  }

  ended(p: LiveProcess): void {
    p.alive = false;
  }

  func(_f: FuncBracket): void {}

  pace(_p: PaceChange): void {}

  period(_p: PeriodChange): void {}

  /** The lines read so far end a tick (the recorder writes a tick whole): it counts at once. */
  flush(): void {
    this.endTick();
  }

  /** The processes alive now, largest first. */
  top(): LiveProcess[] {
    return this.processes
      .filter((p) => p.alive && p.currentBytes !== null)
      .sort((a, b) => b.currentBytes! - a.currentBytes! || a.pid - b.pid);
  }

  protected tickClosed(): void {
    const total = this.memIsTree ? this.memBytes : this.memBytes + this.childSum;
    const root = this.root;
    if (root && this.rootOwnKnown) {
      root.currentBytes = this.memIsTree ? Math.max(0, this.memBytes - this.childSum) : this.memBytes;
      if (root.currentBytes > root.peakBytes) root.peakBytes = root.currentBytes;
    }
    const point = { t: this.memTime, bytes: total };
    this.history.push(point);
    if (this.peak === null || total > this.peak.bytes) this.peak = point;
    let old = 0;
    while (old < this.history.length && this.history[old]!.t < this.memTime - HISTORY_SECONDS) old++;
    // Dropped in batches: one element at a time would move the whole array on every tick.
    if (old > 256) this.history.splice(0, old);
  }
}
