// memprof's clocks, from the process's uptime: a monotonic clock with sub-microsecond resolution that is the
// same in every thread. Not `performance`: its first use loads nine of Node's modules, a cost every short
// `memprof run` would pay.

/** Milliseconds on a monotonic clock, for durations: the same clock in every thread of the process. */
export const monotonicMs = (): number => process.uptime() * 1000;

// Date.now() counts whole milliseconds, so the base may be up to 1 ms early: the same error for every
// timestamp, and one base for all threads (adoptEpochBase), so that time never steps back between them.
let epochBaseMs = Date.now() - monotonicMs();

/** Milliseconds since the epoch, monotonic: the timestamps of a recording and the schedule of its ticks. */
export const epochMs = (): number => epochBaseMs + monotonicMs();

/** The base epochMs counts from, for another thread of this process to adopt. */
export const epochBase = (): number => epochBaseMs;

/** Count from another thread's base, so both threads give the same time at the same moment. */
export function adoptEpochBase(baseMs: number): void {
  epochBaseMs = baseMs;
}
