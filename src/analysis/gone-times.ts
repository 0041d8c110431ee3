/** A process as GoneTimes sees it (see ProcessStats). */
export interface Ending {
  lastSeen: number | null;
  goneAt?: number | null;
  until: number;
}

/** MEM times kept to look back on: an `EXIT` line comes a tick or two after the process was last seen. */
const RECENT = 256;

/**
 * goneTime (upper-bound.ts) as the lines come: an ended process counts until it was found gone, or in files
 * without that time (none that memprof writes since it records high-water marks) until the first MEM tick
 * after it was last seen, which may come before or after its `EXIT` line. MEM times are taken in order.
 * Only the last RECENT ticks are kept: a process last seen before them is given the oldest kept, a time
 * at least as late as the true one, so the bound can only be looser, never below the truth.
 */
export class GoneTimes {
  private readonly recent = new Float64Array(RECENT);
  private count = 0;
  /** Ended processes whose next MEM tick has not come yet. */
  private readonly waiting: Ending[] = [];

  mem(time: number): void {
    this.recent[this.count++ % RECENT] = time;
    const waiting = this.waiting;
    if (waiting.length === 0) return;
    let kept = 0;
    for (const p of waiting) {
      if (time > p.lastSeen!) p.until = time;
      else waiting[kept++] = p;
    }
    waiting.length = kept;
  }

  ended(p: Ending): void {
    if (p.goneAt !== undefined && p.goneAt !== null) {
      p.until = p.goneAt;
      return;
    }
    const after = this.keptAfter(p.lastSeen!);
    if (after === undefined) this.waiting.push(p);
    else p.until = after;
  }

  /** The first kept MEM time after `time` (kept times are in order, oldest first), by binary search. */
  private keptAfter(time: number): number | undefined {
    const kept = Math.min(this.count, RECENT);
    const oldest = this.count - kept;
    const at = (k: number): number => this.recent[(oldest + k) % RECENT]!;
    let lo = 0;
    let hi = kept;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (at(mid) > time) hi = mid;
      else lo = mid + 1;
    }
    return lo < kept ? at(lo) : undefined;
  }
}
