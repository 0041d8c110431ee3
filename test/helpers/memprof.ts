import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (tests run from dist/test/...). */
export const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
export const BIN = join(ROOT, 'bin', 'memprof.js');
export const FIXTURES = join(ROOT, 'test', 'fixtures');
/** Recordings written by the real mprof (see test/fixtures/mprof/README.md). */
export const MPROF_FIXTURES = join(FIXTURES, 'mprof');
/** The real mprof's module (Debian's python3-memory-profiler; .ci/run installs it), to read memprof's files with. */
export const MPROF_MODULE = '/usr/lib/python3/dist-packages/mprof.py';

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** Called once the memprof process is started, e.g. to send it a signal. */
  onStart?: (pid: number) => void;
  /** Called once memprof exits, before its output closes (which waits for any process that inherited it). */
  onExit?: () => void;
  /** Run memprof at a real-time priority where it may (see REALTIME): the machine's load cannot delay its ticks. */
  realtime?: boolean;
}

/**
 * chrt, when it can give a process a real-time priority here (root, or CAP_SYS_NICE), else null. A test of
 * how promptly memprof samples runs memprof at SCHED_FIFO and the command it profiles at the normal policy
 * (atNormalPriority): memprof then gets the CPU at each tick however loaded the machine is, and the command
 * shares the machine as any program does; one such memprof runs at a time (inRealtimeTurn). Without chrt
 * those tests run at the normal priority.
 */
export const REALTIME: string | null = (() => {
  const chrt = ['/usr/bin/chrt', '/bin/chrt'].find((p) => existsSync(p));
  return chrt && spawnSync(chrt, ['-f', '1', 'true']).status === 0 ? chrt : null;
})();

/** Held by the test process whose real-time memprof is running (its pid inside), in every worktree's tests. */
const REALTIME_TURN = join(tmpdir(), 'memprof-test-realtime.lock');

/**
 * Run `fn` while no other real-time memprof runs: two of them would delay each other's ticks, as the load
 * of the machine cannot. A turn whose holder has died is taken over.
 */
export async function inRealtimeTurn<T>(fn: () => Promise<T>): Promise<T> {
  if (!REALTIME) return fn();
  for (;;) {
    try {
      mkdirSync(REALTIME_TURN);
      writeFileSync(join(REALTIME_TURN, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (turnHolderDied()) rmSync(REALTIME_TURN, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 20));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(REALTIME_TURN, { recursive: true, force: true });
  }
}

function turnHolderDied(): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(join(REALTIME_TURN, 'pid'), 'utf8'));
  } catch {
    return false; // just taken, its pid not yet written
  }
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}

/** `argv` run at a real-time priority when this process may give one (see REALTIME), else as it is. */
export function atRealtimePriority(argv: string[]): string[] {
  return REALTIME ? [REALTIME, '-f', '1', ...argv] : argv;
}

/** A command run at the normal scheduling policy, for a memprof started with `realtime`. */
export function atNormalPriority(command: string[]): string[] {
  return REALTIME ? [REALTIME, '-o', '0', ...command] : command;
}

/** Run the built `memprof` binary and collect its output; kills it after `timeoutMs` (default 60 s). */
export function memprof(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return options.realtime ? inRealtimeTurn(() => spawnMemprof(args, options)) : spawnMemprof(args, options);
}

function spawnMemprof(args: string[], options: CliOptions): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const plain = [process.execPath, BIN, ...args];
    const argv = options.realtime ? atRealtimePriority(plain) : plain;
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('spawn', () => options.onStart?.(child.pid!));
    child.on('exit', () => options.onExit?.());
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr });
    });
  });
}

/**
 * This environment with V8's coverage off (`npm run coverage` turns it on): a memprof under a file-size limit
 * or on a full disk cannot write its coverage either, and would say so on the stderr the test reads. Empty,
 * not left out: node puts a missing NODE_V8_COVERAGE back into the environment of what it spawns.
 */
export function envWithoutCoverage(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, NODE_V8_COVERAGE: '', ...extra };
}

/** A fresh temporary directory for one test. */
export function tempDir(prefix = 'memprof-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * What another process wrote to `path`, trimmed; undefined until the file has some: a shell's `>` and
 * writeFileSync create the file before they write to it.
 */
export function writtenText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Poll until `check` returns a value (not undefined/false), or fail after `timeoutMs`. */
export async function waitFor<T>(
  check: () => T | undefined | false,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = check();
      if (value !== undefined && value !== false) return value;
    } catch {
      /* not ready yet */
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Whether a process exists (signal 0) and, on Linux, is not a zombie waiting for a parent or init to reap it. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  const stat = readProcStat(pid);
  if (stat === null) return !existsSync('/proc/self'); // gone meanwhile, or no /proc to ask
  return !/^\d+ \(.*\) Z /s.test(stat);
}

function readProcStat(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
}

const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p));
const NOBODY = ['--reuid=65534', '--regid=65534', '--clear-groups'];

/** Why memprof cannot be run as another user here (nobody), for a test's `skip`; false when it can. */
export function cannotRunAsNobody(): string | false {
  if (process.getuid?.() !== 0 || SETPRIV === undefined)
    return 'needs root and setpriv, to run memprof as another user';
  // A clone inside a folder only its owner may enter (mktemp -d) cannot be run by nobody at all.
  const readable = spawnSync(SETPRIV, [
    ...NOBODY,
    process.execPath,
    '-e',
    `require('fs').accessSync(${JSON.stringify(BIN)})`,
  ]);
  return readable.status === 0 ? false : `nobody cannot read ${BIN} (a folder above it is private)`;
}

/** Run the built memprof as nobody (see cannotRunAsNobody), synchronously. */
export function memprofAsNobody(args: string[], cwd: string) {
  return spawnSync(SETPRIV!, [...NOBODY, process.execPath, BIN, ...args], { encoding: 'utf8', cwd });
}
