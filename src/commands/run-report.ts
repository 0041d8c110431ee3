import type { RunSummary } from '../analysis/summary.js';
import { EXIT, MemprofError } from '../errors.js';
import { processIo, summarizeReporting } from './io.js';
import { reportVerdictOn } from './verdict.js';
import type { VerdictRequest } from './verdict-due.js';
import * as stdio from '../stdio.js';

// What `run` and `attach` report once their file is closed. The file is read back as `peak` and `check`
// read it, so the summary line and the verdict are the figures and the words those verbs give for it.

/**
 * The recording's runs, read back once for its summary line and its verdict (record.ts reads it only when
 * readBackDue says so), with what the reader tolerated in it said as every verb says it; null when the file
 * cannot be read back (said as a warning: the command's exit status must still pass through).
 */
export function readBack(file: string): RunSummary[] | null {
  try {
    return summarizeReporting(file, processIo);
  } catch (error) {
    if (!(error instanceof MemprofError)) throw error;
    stdio.stderr.write(
      `memprof: warning: no summary and no verdict: the recording cannot be read back: ${error.message}\n`,
    );
    return null;
  }
}

/**
 * Budgets: exit 3 when one is exceeded and the command itself succeeded; the command's failure wins. A run
 * without a figure gets the budget's own unjudged check, as `check` gives it on the same file.
 */
export function judge(runs: RunSummary[] | null, budget: VerdictRequest, code: number): number {
  if (runs === null) return code;
  const verdict = reportVerdictOn(runs, budget, { commandExitCode: code });
  return code !== EXIT.ok ? code : (verdict ?? code);
}
