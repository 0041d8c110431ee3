import type { Metric } from '../format/types.js';
import type { Recorder } from '../sampler/recorder.js';
import { shortCommand } from '../analysis/plot-labels.js';
import { plural } from '../units.js';

// What a run says on stderr about processes it could not fully follow: apart from the summary line
// (run-summary.ts), which needs the file read back and so the reporters.

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
