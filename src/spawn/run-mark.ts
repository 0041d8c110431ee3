import { randomBytes } from 'node:crypto';

/** The environment variable that marks every process of a run, so one that leaves the session is still found. */
export const RUN_MARK_VARIABLE = 'MEMPROF_RUN';

/** A run's mark: unique on the machine (memprof's pid and a random part), and the environ entry it makes. */
export function runMark(): { value: string; entry: string } {
  const value = `${process.pid}.${randomBytes(4).toString('hex')}`;
  return { value, entry: `${RUN_MARK_VARIABLE}=${value}` };
}
