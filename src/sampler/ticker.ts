/** Where the next tick goes: slot numbers count from the start, so the period does not drift. */
export interface NextSlot {
  slot: number;
  delayMs: number;
  /** Slots given up because the previous tick ran past them. */
  skipped: number;
}

/**
 * The slot after `slot`, given the time now. Slot k is due at start + k * interval. A tick that ran late
 * by more than a whole interval skips the slots already past rather than firing a burst to catch up.
 */
export function nextSlot(slot: number, nowMs: number, startMs: number, intervalMs: number): NextSlot {
  let next = slot + 1;
  const lastDue = Math.floor((nowMs - startMs) / intervalMs);
  const skipped = Math.max(0, lastDue - next);
  next += skipped;
  return { slot: next, delayMs: Math.max(0, startMs + next * intervalMs - nowMs), skipped };
}

/** Calls `onTick` at start + k * interval; an async tick delays the next one instead of overlapping it. */
export class Ticker {
  private slot = 0;
  private startMs = 0;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly intervalMs: number, private readonly onTick: () => void | Promise<void>) {}

  start(): void {
    this.startMs = performance.now();
    this.fire();
  }

  /** Stop ticking; resolves once a tick in progress has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private readonly fire = (): void => {
    if (this.stopped) return;
    const result = this.onTick();
    if (result instanceof Promise) {
      this.running = result.finally(() => { this.running = null; this.schedule(); });
    } else {
      this.schedule();
    }
  };

  private schedule(): void {
    if (this.stopped) return;
    const next = nextSlot(this.slot, performance.now(), this.startMs, this.intervalMs);
    this.slot = next.slot;
    this.timer = setTimeout(this.fire, next.delayMs);
  }
}
