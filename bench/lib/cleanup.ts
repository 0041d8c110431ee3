import { spawn, type ChildProcess } from 'node:child_process';

// Every process a benchmark starts runs in its own process group and is registered here, so a failure,
// Ctrl-C or a thrown error still ends the whole group (profiler, its target and the target's children).

const groups = new Set<number>();

/** Start `argv` as the leader of a new process group; stdout ignored unless `pipeOut`. */
export function startGroup(argv: string[], cwd: string, pipeOut = false): ChildProcess {
  const child = spawn(argv[0]!, argv.slice(1), {
    cwd,
    detached: true,
    stdio: ['ignore', pipeOut ? 'pipe' : 'ignore', 'pipe'],
  });
  if (child.pid !== undefined) {
    const pid = child.pid;
    groups.add(pid);
    child.once('exit', () => setTimeout(() => groups.delete(pid), 2000)); // the group may outlive its leader
  }
  child.stderr?.resume();
  return child;
}

/** SIGKILL a group started by `startGroup`; no error if it is already gone. */
export function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  signalGroup(child.pid, 'SIGKILL');
  groups.delete(child.pid);
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    /* gone */
  }
}

/** Resolves when the child prints `ready` (bystanders print it once all are started). */
export function ready(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) resolve();
    });
    child.once('exit', () => reject(new Error('process ended before it was ready')));
  });
}

function killAll(): void {
  for (const pgid of groups) signalGroup(pgid, 'SIGKILL');
  groups.clear();
}

process.once('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(130);
  });
}
