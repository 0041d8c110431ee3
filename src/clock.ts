// memprof's clocks, from the process's uptime: a monotonic clock with sub-microsecond resolution that is the
// same in every thread. Not `performance`: its first use loads nine of Node's modules, a cost every short
// `memprof run` would pay.

/** Milliseconds on a monotonic clock, for durations: the same clock in every thread of the process. */
export const monotonicMs = (): number => process.uptime() * 1000;

/**
 * Date.now() less the monotonic clock, read between two monotonic reads: a thread preempted between its two
 * clocks would set every timestamp of the run back by the preemption, so the tightest of a few tries wins.
 * Date.now() counts whole milliseconds, so the base may be up to 1 ms early: the same error for every
 * timestamp, and one base for all threads (adoptEpochBase), so that time never steps back between them.
 */
export function measureEpochBase(monotonic = monotonicMs, wall = Date.now): number {
  let base = 0;
  let spread = Infinity;
  for (let i = 0; i < 5 && spread > 0.05; i++) {
    const before = monotonic();
    const now = wall();
    const after = monotonic();
    if (after - before < spread) [spread, base] = [after - before, now - before];
  }
  return base;
}

let epochBaseMs = measureEpochBase();

/** Milliseconds since the epoch, monotonic: the timestamps of a recording and the schedule of its ticks. */
export const epochMs = (): number => epochBaseMs + monotonicMs();

/** The base epochMs counts from, for another thread of this process to adopt. */
export const epochBase = (): number => epochBaseMs;

/** Count from another thread's base, so both threads give the same time at the same moment. */
export function adoptEpochBase(baseMs: number): void {
  epochBaseMs = baseMs;
}
