import type { RunSummary } from '../analysis/summary.js';

/**
 * Why a run has no total, in the words every verb uses: nothing at all was read (a command that ended before
 * its first reading), or processes were read but never the main one, whose MEM lines the total is built on.
 */
export function noTotalReason(run: RunSummary): string {
  return run.processes.length === 0 && run.vanished === 0
    ? 'no sample: the recording ended before its first reading'
    : 'no MEM line: the main process was never read';
}
