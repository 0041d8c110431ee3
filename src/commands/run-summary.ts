import type { RunSummary } from '../analysis/summary.js';
import type { Metric } from '../format/types.js';
import type { Recorder } from '../sampler/recorder.js';
import { shortCommand } from '../analysis/plot-labels.js';
import { boundShort } from '../report/bracket.js';
import { kernelPeakShort, oomSentence } from '../report/kernel-text.js';
import { noTotalReason } from '../report/no-total.js';
import { paceSentence } from '../report/pace-text.js';
import { runNodeLines } from '../report/node-text.js';
import { periodSentence } from '../report/period-text.js';
import { holderPhrase } from '../report/verdict.js';
import { formatBytes, formatSeconds, plural } from '../units.js';

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

/**
 * Processes whose PSS/USS could not be read (another user's after a setuid exec): they are counted by
 * their RSS, an upper bound, so the total never loses them; the user must know which and why.
 */
export function formatUnread(recorder: Recorder, metric: Metric): string {
  if (recorder.unread.size === 0) return '';
  const entries = [...recorder.unread.entries()];
  const named = nameSome(entries, ([pid, u]) => `pid ${pid} ${shortCommand(u.command, 60)} (${u.reason})`);
  const count = plural(entries.length, 'process', 'processes');
  return `memprof: ${metric.toUpperCase()} could not be read for ${count}, counted by RSS instead: ${named}\n`;
}

/** How many processes a line names; the rest are counted. */
const NAMED = 3;

/** The first few items described, the rest counted: `pid 1 a, pid 2 b, pid 3 c and 4 more`. */
function nameSome<T>(items: T[], describe: (item: T) => string): string {
  const more = items.length > NAMED ? ` and ${items.length - NAMED} more` : '';
  return items.slice(0, NAMED).map(describe).join(', ') + more;
}

/**
 * Descendants still running when the command exited: the recording ends with the command (as mprof's),
 * so what they hold from then on is not in it, and the user should know which ones they are.
 */
export function formatSurvivors(pids: number[], recorder: Recorder): string {
  const named = nameSome(pids, (pid) => `pid ${pid} ${shortCommand(recorder.commandOf(pid), 60)}`);
  const count = `${plural(pids.length, 'descendant', 'descendants')} ${pids.length === 1 ? 'was' : 'were'}`;
  return `memprof: ${count} still running when the command exited and not recorded after it: ${named}\n`;
}
