/**
 * What a tick of a recording is, for every reader that takes ticks as the lines come: a MEM line opens one,
 * the samples after it belong to it (those before the first MEM line belong to the first tick), and the
 * next MEM line or the end closes it. A subclass adds the descendants' samples to `childSum` and is told in
 * `tickClosed` once a tick's lines are all in; fields, not a frame object, so the hot path reads its own.
 */
export abstract class TickFrame {
  /** MEM lines so far. */
  ticks = 0;
  /** The open tick's MEM reading; its time is -Infinity before the first. */
  protected memBytes = 0;
  protected memTime = -Infinity;
  /** The descendants' samples of the open tick, summed (emptied as it closes). */
  protected childSum = 0;
  private open = false;

  /** A MEM line: the open tick closes, and this one opens. */
  protected openTick(bytes: number, time: number): void {
    if (this.open) this.closeTick();
    this.open = true;
    this.ticks++;
    this.memBytes = bytes;
    this.memTime = time;
  }

  /** Close the open tick, if any: every line is in, or (a live view) the lines so far end a tick. */
  protected endTick(): void {
    if (this.open) this.closeTick();
    this.open = false;
  }

  /** The open tick's lines are all in: `memBytes`, `memTime` and `childSum` are its own. */
  protected abstract tickClosed(): void;

  private closeTick(): void {
    this.tickClosed();
    this.childSum = 0;
  }
}
