import type { Metric } from '../format/types.js';
import type { Recorder } from '../sampler/recorder.js';
import { shortCommand } from '../analysis/plot-labels.js';
import { bracketTop } from '../analysis/upper-bound.js';
import { boundShort } from '../report/bracket.js';
import { paceSentence } from '../report/pace-text.js';
import { formatBytes, formatSeconds, plural } from '../units.js';

export interface SummaryInput {
  recorder: Recorder;
  metric: Metric;
  file: string;
  followTree: boolean;
  /** The sampling period: PSS and USS may have been read less often (see Pace). */
  intervalSeconds: number;
  /** Sampling stopped early (a write failed): the figures cover only what was recorded. */
  incomplete?: boolean;
}

/**
 * What `run` prints at the end: one line with the peak, when, and which process held most then; and one
 * more when PSS or USS was read less often than every tick, since the figures are then sparser than asked.
 */
export function formatSummary(input: SummaryInput): string {
  const pace = paceSentence(input.recorder.slowPace(input.intervalSeconds), input.metric);
  return peakLine(input) + (pace === null ? '' : `memprof: ${pace}\n`);
}

function peakLine(input: SummaryInput): string {
  const metric = input.metric.toUpperCase();
  const peak = input.recorder.peak;
  const scope =
    (input.followTree ? '' : ' (main process only: add -M or -C for the whole tree)') +
    (input.incomplete ? ' (incomplete recording)' : '');
  if (peak === null) return `memprof: no sample taken (the command ended before the first reading) -> ${input.file}\n`;
  const top =
    peak.top && input.followTree
      ? ` (pid ${peak.top.pid} ${shortCommand(peak.top.command, 60)}: ${formatBytes(peak.top.bytes)})`
      : '';
  const upper = input.recorder.upperBoundBytes;
  const bound = boundShort(bracketTop(upper, peak.bytes), input.metric);
  const bracket = bound ? ` (${bound})` : '';
  return (
    `memprof: peak ${metric} ${formatBytes(peak.bytes)} at ${formatSeconds(peak.atSeconds)}${bracket}` +
    `${top}${scope} -> ${input.file}\n`
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
