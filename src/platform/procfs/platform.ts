import { readdirSync } from 'node:fs';
import type { Metric } from '../../format/types.js';
import type { AttachTarget, Platform, ProcessEntry } from '../platform.js';
import type { SourceOptions } from '../types.js';
import { pollUntilGone } from '../watch-exit.js';
import { closeProc, openProc, preadText, readCmdline, readProcText } from './files.js';
import { metricFile, readMemoryOnce } from './memory.js';
import { isRunningState } from '../process-state.js';
import { parseStat } from './parse.js';
import { procfsCadence, ProcfsSource } from './source.js';

/** Linux: every answer read from /proc. */
export const procfsPlatform: Platform = {
  kind: 'procfs',
  // Kept-open /proc reads are cheap enough for 10 ms (docs/benchmarks.md).
  defaultInterval: 0.01,
  threadable: true,
  metricUnsupported: () => null,
  createSource: async (options: SourceOptions, intervalSeconds: number) =>
    new ProcfsSource(options, procfsCadence(intervalSeconds), intervalSeconds),
  readMemoryOnce,
  listProcesses: async () => {
    const out: ProcessEntry[] = [];
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      const stat = parseStat(readProcText(`/proc/${name}/stat`) ?? '');
      const command = readCmdline(Number(name));
      if (stat && command && isRunningState(stat.state)) out.push({ pid: Number(name), name: stat.comm, command });
    }
    return out;
  },
  describeProcess: async (pid: number): Promise<AttachTarget | null> => {
    const stat = parseStat(readProcText(`/proc/${pid}/stat`) ?? '');
    if (!stat || !isRunningState(stat.state)) return null;
    const command = readCmdline(pid) || `[${stat.comm}]`;
    return { pid, command, sessionId: stat.session === pid ? pid : null };
  },
  // PSS and USS come from smaps_rollup, which only the process's own user (or root) can read.
  metricReadable: (pid: number, metric: Metric) => {
    const file = metricFile(pid, metric);
    if (file === null) return true;
    const fd = openProc(file);
    closeProc(fd);
    return fd >= 0;
  },
  openRunCgroup: async () => (await import('../cgroup/acquire.js')).openRunCgroup(),
  // A kept-open stat file fails once the process is gone, even if its pid is reused.
  watchExit: (pid: number) => {
    const fd = openProc(`/proc/${pid}/stat`);
    return pollUntilGone(
      () => isRunningState(parseStat(preadText(fd) ?? '')?.state),
      () => closeProc(fd),
    );
  },
};
