import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU seconds of one process alone (all its threads, not its children): the sum of its threads'
 * /proc/PID/task/TID/schedstat run times, exact to the nanosecond, where /proc/PID/stat counts 10 ms
 * ticks (5 ticks in a 10 s window at 0.5%). Falls back to stat's utime + stime without schedstat.
 */
export function cpuSeconds(pid: number): number {
  try {
    let ns = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) ns += threadRunNs(pid, tid);
    return ns / 1e9;
  } catch {
    const text = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  }
}

/** A thread's run time in ns; 0 for a thread that ended between the listing and the read. */
function threadRunNs(pid: number, tid: string): number {
  try {
    return Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'latin1').split(' ')[0]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}

/** Resident set of one process in bytes, from /proc/PID/status. */
export function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
  return m ? Number(m[1]) * 1024 : NaN;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function start(argv: string[], cwd: string): ChildProcess {
  return spawn(argv[0]!, argv.slice(1), { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

export function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((r) => {
    if (child.exitCode !== null || child.signalCode !== null) r(child.exitCode);
    else child.once('exit', (code) => r(code));
  });
}

/**
 * The profiler's own CPU use, in percent of one core, over a steady window: after `warmupMs` (start-up
 * excluded) for `windowMs`. Returns NaN if the profiler ended before the window closed.
 */
export async function steadyCpuPercent(pid: number, warmupMs: number, windowMs: number): Promise<number> {
  return (await cpuPercents(pid, [{ fromMs: warmupMs, ms: windowMs }]))[0]!;
}

/** A span of a run, in ms from its start. */
export interface CpuWindow {
  fromMs: number;
  ms: number;
}

/**
 * Own CPU in percent of one core over each window of one run (they may overlap or leave gaps), reading the
 * process's CPU time at each window's edges; NaN for a window the profiler did not live to close.
 */
export async function cpuPercents(pid: number, windows: CpuWindow[]): Promise<number[]> {
  const edges = [...new Set(windows.flatMap((w) => [w.fromMs, w.fromMs + w.ms]))].sort((a, b) => a - b);
  const started = performance.now();
  const at = new Map<number, number>();
  for (const edge of edges) {
    await sleep(Math.max(0, edge - (performance.now() - started)));
    try {
      at.set(edge, cpuSeconds(pid));
    } catch {
      break; // gone: this window and the later ones stay NaN
    }
  }
  return windows.map((w) => {
    const a = at.get(w.fromMs);
    const b = at.get(w.fromMs + w.ms);
    return a === undefined || b === undefined ? NaN : ((b - a) / (w.ms / 1000)) * 100;
  });
}

export function median(values: number[]): number {
  const s = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

/** Wall time of one command run to completion, in ms; throws if it fails. */
export function wallMs(argv: string[], cwd?: string): number {
  const t0 = performance.now();
  const r = spawnSync(argv[0]!, argv.slice(1), { cwd, stdio: 'ignore' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}`);
  return ms;
}

/** Wall time and CPU time of a command's whole process tree, both in ms. */
export interface TreeTimes {
  wallMs: number;
  /** User + system CPU of the command and every descendant it waited for (getrusage of a reaped child). */
  cpuMs: number;
}

// Node has no wait4: python3 (which the harness needs anyway) starts the command, reaps it with wait4 for its
// rusage to the microsecond (a /proc stat counts 10 ms ticks), and times it; its own start is not counted.
// Its first argument says where the command's stdout and stderr go: /dev/null, or pipes it drains, as a CI
// runner gives them.
const TREE_TIMER = `
import json, os, sys, threading, time
outputs, argv = sys.argv[1], sys.argv[2:]
null = os.open(os.devnull, os.O_RDWR)
ends = [os.pipe() for _ in (1, 2)] if outputs == "pipes" else []
writes = [w for _, w in ends] or [null, null]
actions = [(os.POSIX_SPAWN_DUP2, null, 0), (os.POSIX_SPAWN_DUP2, writes[0], 1), (os.POSIX_SPAWN_DUP2, writes[1], 2)]
def drain(fd):
    while os.read(fd, 65536): pass
t0 = time.perf_counter()
pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=actions)
for _, w in ends: os.close(w)
drains = [threading.Thread(target=drain, args=(r,)) for r, _ in ends]
for t in drains: t.start()
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - t0
for t in drains: t.join()
print(json.dumps({"status": os.waitstatus_to_exitcode(status), "wall": wall, "cpu": usage.ru_utime + usage.ru_stime}))
`;

/** Where a timed command's stdout and stderr go. */
export type Outputs = 'null' | 'pipes';

/** Run a command to completion and time its tree; throws if it fails. */
export function treeTimes(
  argv: string[],
  cwd?: string,
  env: NodeJS.ProcessEnv = process.env,
  outputs: Outputs = 'null',
): TreeTimes {
  const r = spawnSync('python3', ['-c', TREE_TIMER, outputs, ...argv], { cwd, encoding: 'utf8', env });
  if (r.status !== 0) throw new Error(`timing ${argv.join(' ')} failed: ${r.stderr}`);
  const { status, wall, cpu } = JSON.parse(r.stdout) as { status: number; wall: number; cpu: number };
  if (status !== 0) throw new Error(`${argv.join(' ')} exited ${status}`);
  return { wallMs: wall * 1000, cpuMs: cpu * 1000 };
}
