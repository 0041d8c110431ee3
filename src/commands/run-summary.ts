import type { RunSummary } from '../analysis/summary.js';
import { boundShort } from '../report/bracket.js';
import { kernelPeakShort, oomSentence } from '../report/kernel-text.js';
import { noTotalReason } from '../report/no-total.js';
import { paceSentence } from '../report/pace-text.js';
import { runNodeLines } from '../report/node-text.js';
import { periodSentence } from '../report/period-text.js';
import { holderPhrase } from '../report/verdict.js';
import { formatBytes, formatSeconds } from '../units.js';

export interface SummaryInput {
  /** The run as its file reads back: the figures `peak` prints for the same file. */
  run: RunSummary;
  file: string;
  /** Sampling stopped early (a write failed): the figures cover only what was recorded. */
  incomplete?: boolean;
}

/**
 * What `run` prints at the end, from the recording's own summary, so that it says what `peak` says of the
 * file: one line with the peak, when, of how long a run, and which process held most then; one more when
 * ticks came less often than asked (a large tree), and one when PSS or USS was read less often than every
 * tick, since the figures are then sparser than asked.
 */
export function formatSummary(input: SummaryInput): string {
  const lines = [
    periodSentence(input.run.period),
    paceSentence(input.run.pace, input.run.metric),
    oomSentence(input.run.kernel),
  ];
  return (
    peakLine(input) +
    lines.map((line) => (line === null ? '' : `memprof: ${line}\n`)).join('') +
    runNodeLines(input.run)
  );
}

function peakLine({ run, file, incomplete }: SummaryInput): string {
  const scope =
    (run.coversTree ? '' : ' (main process only: add -M or -C for the whole tree)') +
    (incomplete ? ' (incomplete recording)' : '');
  const kernel = kernelPeakShort(run.kernel);
  const exact = kernel === null ? '' : `; ${kernel}`;
  if (run.peakTotalBytes === null) return `memprof: no total (${noTotalReason(run)})${exact}${scope} -> ${file}\n`;
  const at = run.peakTotalAtSeconds === null ? '' : ` at ${formatSeconds(run.peakTotalAtSeconds)}`;
  const bound = boundShort(run.peakTotalUpperBoundBytes, run.metric);
  const bracket = bound ? ` (${bound})` : '';
  // Naming the only process measured would repeat the peak.
  const held = run.processes.length > 1 ? holderPhrase(run) : null;
  const holder = held === null ? '' : `; ${held}`;
  return (
    `memprof: peak ${run.metric.toUpperCase()} ${formatBytes(run.peakTotalBytes)}${at} of a ` +
    `${formatSeconds(run.durationSeconds)} run${bracket}${exact}${holder}${scope} -> ${file}\n`
  );
}
