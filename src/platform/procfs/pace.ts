export interface PaceState {
  every: number;
  next: number;
}

/**
 * Paces an expensive memory read (smaps_rollup for PSS/USS, whose cost grows with the process's mappings)
 * so it costs at most `budget` of one core: after a round that took `ms`, the next waits
 * `every` ticks, a power of two, so the file says how often the metric was read with few `PACE` lines.
 * Discovery and VmHWM stay on every tick.
 */
export class Pace {
  every = 1;
  private next = 0;

  constructor(
    readonly intervalMs: number,
    private readonly budget = 0.2,
    state?: PaceState,
  ) {
    if (state) ({ every: this.every, next: this.next } = state);
  }

  get state(): PaceState {
    return { every: this.every, next: this.next };
  }

  due(tick: number): boolean {
    return tick >= this.next;
  }

  /** Record a round read at `tick` that took `ms`; returns true when `every` changed. */
  done(tick: number, ms: number): boolean {
    const need = 2 ** Math.max(0, Math.ceil(Math.log2(ms / (this.budget * this.intervalMs))));
    // Slow down at once; speed up only when a quarter of the wait would do, so noise does not flip it.
    const every = need > this.every || need * 4 <= this.every ? need : this.every;
    const changed = every !== this.every;
    this.every = every;
    this.next = tick + every;
    return changed;
  }
}
