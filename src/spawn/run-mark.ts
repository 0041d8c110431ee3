/** The environment variable that marks every process of a run, so one that leaves the session is still found. */
export const RUN_MARK_VARIABLE = 'MEMPROF_RUN';

/**
 * A run's mark: unique on the machine (memprof's pid and a random part), and the environ entry it makes.
 * Math.random, not node:crypto: the mark needs no secrecy, and loading crypto is a good part of a short run.
 */
export function runMark(): { value: string; entry: string } {
  const random = Math.floor(Math.random() * 2 ** 32)
    .toString(16)
    .padStart(8, '0');
  const value = `${process.pid}.${random}`;
  return { value, entry: `${RUN_MARK_VARIABLE}=${value}` };
}
