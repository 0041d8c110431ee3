import { epochMs } from '../clock.js';

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

/**
 * Where a ticker is in its schedule: its start (epoch ms, the same in every thread), the next slot due, and
 * the period the slots are counted in.
 */
export interface TickerPosition {
  startMs: number;
  slot: number;
  intervalMs: number;
}

/**
 * The schedule once the period is `intervalMs`, after the tick of `position.slot`: slots count on from
 * that tick's slot at the new period, so the next one is due a new period after it. Unchanged if the same.
 */
export function withPeriod(position: TickerPosition, intervalMs: number): TickerPosition {
  if (intervalMs === position.intervalMs) return position;
  return { startMs: position.startMs + position.slot * position.intervalMs, slot: 0, intervalMs };
}

/**
 * Calls `onTick` at start + k * interval; an async tick delays the next one instead of overlapping it. The
 * period is asked after each tick: when it changed, the slots count on from that tick's at the new period.
 */
export class Ticker {
  private position: TickerPosition = { startMs: 0, slot: 0, intervalMs: 0 };
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private haltWaiter: ((position: TickerPosition) => void) | null = null;

  constructor(
    private readonly period: () => number,
    private readonly onTick: () => void | Promise<void>,
  ) {}

  /** Tick now, then on every slot. */
  start(): void {
    this.position = { startMs: epochMs(), slot: 0, intervalMs: this.period() };
    this.fire();
  }

  /** Stop ticking; resolves once a tick in progress has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /**
   * Stop right after the next tick and say where the schedule is, for another thread to go on: it then has
   * most of an interval before the next slot is due. Never resolves if the ticker is stopped first.
   */
  haltAfterTick(): Promise<TickerPosition> {
    return new Promise((resolve) => {
      this.haltWaiter = resolve;
    });
  }

  private readonly fire = (): void => {
    if (this.stopped) return;
    const result = this.onTick();
    if (result instanceof Promise) {
      this.running = result.finally(() => {
        this.running = null;
        this.schedule();
      });
    } else {
      this.schedule();
    }
  };

  private schedule(): void {
    if (this.stopped) return;
    const position = withPeriod(this.position, this.period());
    const next = nextSlot(position.slot, epochMs(), position.startMs, position.intervalMs);
    position.slot = next.slot;
    this.position = position;
    if (this.haltWaiter) {
      this.stopped = true;
      this.haltWaiter({ ...position });
      return;
    }
    this.timer = setTimeout(this.fire, next.delayMs);
  }
}
