import { readdirSync } from 'node:fs';
import { baseName } from '../command-line.js';
import { closeProc, openProc, preadText, readCmdline, readProcText } from '../sampler/procfs/files.js';
import { metricFile } from '../sampler/procfs/memory.js';
import { isRunningState, parseStat } from '../sampler/procfs/parse.js';
import type { Metric } from '../format/types.js';
import { psColumn } from '../sampler/ps-columns.js';
import type { ProcessEntry } from './match.js';

// What `attach` needs of the platform: the running processes, one process, and when it is gone.

const POLL_MS = 100;
/** With ps: one `ps` a second (every 10th poll) for the state, since signal 0 still finds a zombie. */
const STATE_EVERY = 10;

/** A process to attach to: its command line and, when it leads a session, that session. */
export interface AttachTarget {
  pid: number;
  command: string;
  sessionId: number | null;
}

/** Every process with a command line (kernel threads and zombies have none). */
export async function listProcesses(kind: 'procfs' | 'ps'): Promise<ProcessEntry[]> {
  if (kind === 'ps') return listWithPs();
  const out: ProcessEntry[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = parseStat(readProcText(`/proc/${name}/stat`) ?? '');
    const command = readCmdline(Number(name));
    if (stat && command && isRunningState(stat.state)) out.push({ pid: Number(name), name: stat.comm, command });
  }
  return out;
}

async function listWithPs(): Promise<ProcessEntry[]> {
  const [names, commands, states] = await Promise.all([psColumn('comm='), psColumn('args='), psColumn('stat=')]);
  return [...commands]
    .filter(([pid]) => isRunningState(states.get(pid)?.[0] ?? 'R'))
    .map(([pid, command]) => ({ pid, command, name: baseName(names.get(pid) ?? '') }));
}

/** The live process `pid`, or null when there is none (or it is a zombie). */
export async function describeProcess(pid: number, kind: 'procfs' | 'ps'): Promise<AttachTarget | null> {
  if (kind === 'ps') {
    const [command, alive] = await Promise.all([psColumn('args=', [pid]).then((c) => c.get(pid)), psAlive(pid)]);
    return command === undefined || !alive ? null : { pid, command, sessionId: null };
  }
  const stat = parseStat(readProcText(`/proc/${pid}/stat`) ?? '');
  if (!stat || !isRunningState(stat.state)) return null;
  const command = readCmdline(pid) || `[${stat.comm}]`;
  return { pid, command, sessionId: stat.session === pid ? pid : null };
}

/**
 * Whether memprof may read `metric` of `pid`: PSS and USS come from smaps_rollup, which only the
 * process's own user (or root) can read, where RSS is readable by all.
 */
export function metricReadable(pid: number, metric: Metric, kind: 'procfs' | 'ps'): boolean {
  const file = kind === 'procfs' ? metricFile(pid, metric) : null;
  if (file === null) return true;
  const fd = openProc(file);
  closeProc(fd);
  return fd >= 0;
}

/**
 * Resolves once `pid` is gone or a zombie. memprof is not its parent, so it cannot wait for it: procfs polls
 * a kept-open stat file (which fails once the process is gone, even if the pid is reused); ps polls signal 0,
 * and asks ps for the state once a second.
 */
export function watchExit(pid: number, kind: 'procfs' | 'ps'): { gone: Promise<void>; cancel: () => void } {
  const fd = kind === 'procfs' ? openProc(`/proc/${pid}/stat`) : -1;
  let polls = 0;
  const alive = async (): Promise<boolean> => {
    if (kind === 'procfs') return statAlive(fd);
    return signalAlive(pid) && (++polls % STATE_EVERY !== 0 || (await psAlive(pid)));
  };
  let timer: NodeJS.Timeout | undefined;
  let cancelled = false;
  const gone = new Promise<void>((resolve) => {
    const check = async (): Promise<void> => {
      const live = await alive();
      if (cancelled) return;
      if (live) timer = setTimeout(() => void check(), POLL_MS);
      else resolve();
    };
    void check();
  });
  return {
    gone,
    cancel: () => {
      cancelled = true;
      clearTimeout(timer);
      closeProc(fd);
    },
  };
}

function statAlive(fd: number): boolean {
  return isRunningState(parseStat(preadText(fd) ?? '')?.state);
}

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
