/**
 * The share of one core the sampler may use: a tree so large that ticking at the requested period would cost
 * more than this lengthens the period instead (reading a few hundred statm files every 10 ms is itself
 * 10-20% of a core), so profiling never takes the CPU from the job it measures.
 */
export const PERIOD_BUDGET = 0.15;

/** The sampler's CPU is judged over windows of at least this long and this many ticks. */
const WINDOW_MS = 500;
const WINDOW_TICKS = 4;

/** CPU milliseconds the calling thread has used so far (see platform/procfs/thread-cpu.ts). */
export type CpuClock = () => number;

/** What the period keeps between ticks, as plain data, so the sampling thread can go on from it. */
export interface PeriodState {
  factor: number;
}

/**
 * The period's factor over the requested one (a power of two) after a window in which the sampler used
 * `share` of a core ticking at `factor` times the requested period. Longer at once when a tick costs more
 * than the budget; shorter only when the shorter period would cost at most three quarters of it, so a tree
 * whose cost sits near a step does not flip between two periods.
 */
export function periodFactor(share: number, factor: number, budget = PERIOD_BUDGET): number {
  if (!Number.isFinite(share) || share < 0) return factor;
  const perTick = share * factor; // a tick's CPU, in requested periods
  const need = (limit: number): number => 2 ** Math.max(0, Math.ceil(Math.log2(perTick / limit)));
  const longer = need(budget);
  if (longer > factor) return longer;
  const shorter = need(budget * 0.75);
  return Math.min(shorter, factor);
}

/**
 * The sampling period, lengthened in powers of two of the requested one while the tree is too large to read
 * within the CPU budget, and brought back as it shrinks. Without a clock (a source whose cost is not memprof's
 * own, or `--fixed-interval`) it stays the requested period. The first window after a start (or a move to the
 * sampling thread) is not judged: it holds the code's compilation and the first reads of every process.
 */
export class AdaptivePeriod {
  factor: number;
  private windowStart = NaN;
  private windowCpu = 0;
  private ticks = 0;
  private warm = false;

  constructor(
    readonly requestedMs: number,
    private readonly clock: CpuClock | null,
    state?: PeriodState,
    readonly budget = PERIOD_BUDGET,
  ) {
    this.factor = state?.factor ?? 1;
  }

  get state(): PeriodState {
    return { factor: this.factor };
  }

  /** The period in force, in ms. */
  get ms(): number {
    return this.requestedMs * this.factor;
  }

  /** After a tick, at `nowMs` (epoch ms): the new period in ms when it changed, else null. */
  observe(nowMs: number): number | null {
    if (this.clock === null) return null;
    if (Number.isNaN(this.windowStart)) {
      this.openWindow(nowMs);
      return null;
    }
    const elapsed = nowMs - this.windowStart;
    if (++this.ticks < WINDOW_TICKS || elapsed < WINDOW_MS) return null;
    const share = (this.clock() - this.windowCpu) / elapsed;
    this.openWindow(nowMs);
    if (!this.warm) {
      this.warm = true;
      return null;
    }
    const factor = periodFactor(share, this.factor, this.budget);
    if (factor === this.factor) return null;
    this.factor = factor;
    return this.ms;
  }

  private openWindow(nowMs: number): void {
    this.windowStart = nowMs;
    this.windowCpu = this.clock!();
    this.ticks = 0;
  }
}
