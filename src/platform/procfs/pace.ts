export interface PaceState {
  every: number;
  next: number;
  intervalMs: number;
}

/**
 * Paces an expensive memory read (smaps_rollup for PSS/USS, whose cost grows with the process's mappings)
 * so it costs at most `budget` of one core: after a round that took `ms`, the next waits
 * `every` ticks, a power of two, so the file says how often the metric was read with few `PACE` lines.
 * Discovery and VmHWM stay on every tick. `intervalMs` is the period in force (it lengthens for a large tree).
 */
export class Pace {
  every = 1;
  private next = 0;

  constructor(
    public intervalMs: number,
    private readonly budget = 0.2,
    state?: PaceState,
  ) {
    if (state) ({ every: this.every, next: this.next, intervalMs: this.intervalMs } = state);
  }

  get state(): PaceState {
    return { every: this.every, next: this.next, intervalMs: this.intervalMs };
  }

  /** Seconds between two reads at the pace in force. */
  get seconds(): number {
    return (this.every * this.intervalMs) / 1000;
  }

  due(tick: number): boolean {
    return tick >= this.next;
  }

  /** Record a round read at `tick` that took `ms`; returns true when `every` changed. */
  done(tick: number, ms: number): boolean {
    const need = 2 ** Math.max(0, Math.ceil(Math.log2(ms / (this.budget * this.intervalMs))));
    // Slow down at once, but at most 4x a round: one read made slow by a preemption (a loaded machine) must
    // not stop the reads for seconds, and a cost that stays high gets there in a few rounds. Speed up only
    // when a quarter of the wait would do, so noise does not flip it.
    let every = this.every;
    if (need > every) every = Math.min(need, every * 4);
    else if (need * 4 <= every) every = need;
    const changed = every !== this.every;
    this.every = every;
    this.next = tick + every;
    return changed;
  }
}
