import { baseName } from '../../command-line.js';
import type { Metric } from '../../format/types.js';
import type { Platform, ProcessEntry } from '../platform.js';
import { isRunningState } from '../process-state.js';
import type { SourceOptions } from '../types.js';
import { pollUntilGone } from '../watch-exit.js';
import { psColumn } from './columns.js';
import { PsSource } from './source.js';

/** With ps: one `ps` a second (every 10th poll) for the state, since signal 0 still finds a zombie. */
const STATE_EVERY = 10;

/** Anywhere with ps: pidtree and pidusage for sampling, `ps -o` for everything else. RSS only. */
export const psPlatform: Platform = {
  kind: 'ps',
  // Each tick spawns ps, which cannot keep a 10 ms pace.
  defaultInterval: 0.1,
  threadable: false,
  metricUnsupported: (metric: Metric) =>
    metric === 'rss' ? null : `--metric ${metric} needs Linux /proc; the ps source reads RSS only`,
  createSource: async (options: SourceOptions) => new PsSource(options),
  readMemoryOnce: () => null,
  listProcesses: async (): Promise<ProcessEntry[]> => {
    const [names, commands, states] = await Promise.all([psColumn('comm='), psColumn('args='), psColumn('stat=')]);
    return [...commands]
      .filter(([pid]) => isRunningState(states.get(pid)?.[0] ?? 'R'))
      .map(([pid, command]) => ({ pid, command, name: baseName(names.get(pid) ?? '') }));
  },
  describeProcess: async (pid: number) => {
    const [command, alive] = await Promise.all([psColumn('args=', [pid]).then((c) => c.get(pid)), psAlive(pid)]);
    return command === undefined || !alive ? null : { pid, command, sessionId: null };
  },
  metricReadable: () => true,
  openRunCgroup: async () => 'the ps source reads no cgroup (it needs Linux /proc)',
  watchExit: (pid: number) => {
    let polls = 0;
    return pollUntilGone(async () => signalAlive(pid) && (++polls % STATE_EVERY !== 0 || (await psAlive(pid))));
  },
};

/** Whether ps shows `pid` as live, not a zombie; where ps shows nothing, what signal 0 says. */
async function psAlive(pid: number): Promise<boolean> {
  const state = (await psColumn('stat=', [pid])).get(pid);
  return state === undefined ? signalAlive(pid) : isRunningState(state[0]);
}

function signalAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
