import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants as fsConstants, existsSync, lstatSync, readFileSync, rmSync, statSync } from 'node:fs';
import { constants } from 'node:os';
import { extname, join } from 'node:path';
import { EXIT, MemprofError } from '../errors.js';
import { PYTHON } from './python.js';
import { gatedShimArgv, isShimCommandLine, JOINING_SHIM_ARGV, shimEnv, THROUGH_SHIM_ARGV } from './shim.js';
import * as stdio from '../stdio.js';

export interface TargetExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The command being profiled, in a process group (and session) of its own, led by `pid`. */
export interface Target {
  pid: number;
  exited: Promise<TargetExit>;
  /** Send a signal to the target's whole process group; false when nothing was left to signal. */
  signalGroup(signal: NodeJS.Signals): boolean;
  /** Whether any process is left in the target's process group. */
  groupAlive(): boolean;
}

/**
 * Start the command with inherited stdio in a new session, so that its process group can be signalled as
 * one and orphans can be recognised by session id. Resolves once exec succeeded (libuv reports exec
 * failures before 'spawn'), so the pid already runs the target's own program; `atSpawn` is called then.
 */
export async function startTarget(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  atSpawn?: (pid: number) => void,
  held?: HeldStart,
): Promise<Target> {
  if (held) return startHeld(argv, env, held, atSpawn);
  const [file, ...args] = argv;
  const child = spawn(file!, args, { stdio: 'inherit', detached: true, env });
  const { exited } = await running(child, file!);
  // First: a command that lasts a millisecond can be read only now.
  atSpawn?.(child.pid!);
  return targetOf(child, exited);
}

/**
 * Resolves once `child` runs its program (libuv reports a failed exec before 'spawn', rejected here as a
 * MemprofError), with the promise of its end.
 */
async function running(child: ChildProcess, program: string): Promise<{ exited: Promise<TargetExit> }> {
  const exited = new Promise<TargetExit>((done) => child.once('exit', (code, signal) => done({ code, signal })));
  await new Promise<void>((resolve, reject) => {
    child.once('error', (error) => reject(startError(program, error)));
    child.once('spawn', resolve);
  });
  return { exited };
}

function targetOf(child: ChildProcess, exited: Promise<TargetExit>): Target {
  return {
    pid: child.pid!,
    exited,
    signalGroup: (s) => signalGroup(child, s),
    groupAlive: () => signalGroup(child, 0),
  };
}

/**
 * What is done to a command's process before it runs the command: it is started as a shim (shim.ts) that
 * joins a cgroup itself (`joinFile`), or else waits on a pipe (through `through`, a program that execs its
 * arguments in the same process: systemd-run) while `before` is called with its pid (to move it into a
 * cgroup, or find the one it was put in); then it execs the command. A sentence from `before`, or a `through`
 * that ended before the shim ran, means it could not be done: `abort` says whether the command must not run
 * then (else it runs all the same).
 */
export interface HeldStart {
  through: string[];
  /**
   * A file the shim joins a cgroup by (memprof's leaf: RunCgroup's joinFile): memprof need not hold it.
   * Where the kernel refuses, the command is started as memprof holds it, so that `before` says why.
   */
  joinFile: string | null;
  before(pid: number): Promise<string | null>;
  /** The shim joined `joinFile` itself. */
  joinedItself(): void;
  abort(reason: string): MemprofError | null;
  /** A FIFO for the shim to make before the command runs (a fork of the shell, where memprof's own would be Node's). */
  fifo?: ShimFifo;
}

export interface ShimFifo {
  path: string;
  /** Called once: whether the shim made it (false: it could not, or never ran). */
  made(ok: boolean): void;
}

/** The gated shim's word on the FIFO: the first line on fd 3, or none when it closes first. */
function hearFifo(gate: NodeJS.ReadableStream, fifo: ShimFifo): void {
  let text = '';
  let heard = false;
  const hear = (ok: boolean): void => {
    if (heard) return;
    heard = true;
    fifo.made(ok);
  };
  gate.on('data', (chunk: Buffer) => {
    text += chunk.toString('latin1');
    if (text.includes('\n')) hear(text.startsWith('made\n'));
  });
  gate.once('close', () => hear(false));
}

async function startHeld(
  argv: string[],
  env: NodeJS.ProcessEnv,
  held: HeldStart,
  atSpawn?: (pid: number) => void,
): Promise<Target> {
  const [file] = argv;
  // The shell would report a missing command in its own words: find it first, as exec would.
  const problem = executableProblem(file!, env.PATH ?? '');
  if (problem !== null) {
    held.fifo?.made(false);
    throw startError(file!, Object.assign(new Error(problem), { code: problem }));
  }
  // The shim's word that the kernel refused it goes beside the FIFO, in the run's private directory.
  if (held.joinFile !== null && held.through.length === 0 && held.fifo) {
    const started = await startJoining(argv, env, held, held.joinFile, held.fifo, atSpawn);
    if (started !== null) return started;
  }
  return startGated(argv, env, held, atSpawn);
}

/**
 * Start the shim that joins the cgroup itself; null when the kernel refused it, which then ended before
 * it made the FIFO or ran the command.
 */
async function startJoining(
  argv: string[],
  env: NodeJS.ProcessEnv,
  held: HeldStart,
  joinFile: string,
  fifo: ShimFifo,
  atSpawn?: (pid: number) => void,
): Promise<Target | null> {
  const unjoined = `${fifo.path}.unjoined`;
  const [program, ...args] = JOINING_SHIM_ARGV;
  const child = spawn(program!, args, {
    stdio: 'inherit',
    detached: true,
    env: shimEnv(argv, env, {
      MEMPROF_SHIM_FIFO: fifo.path,
      MEMPROF_SHIM_JOIN: joinFile,
      MEMPROF_SHIM_UNJOINED: unjoined,
    }),
  });
  const { exited } = await running(child, program!);
  // The kernel's move may wait long on its cgroup lock: no limit on the wait for the shim to get past it.
  const ran = await execed(child.pid!, exited, Infinity);
  // Not `!ran` as well: a shim that ended at once may be read as a zombie, whose command line is empty.
  if (existsSync(unjoined)) {
    await exited;
    rmSync(unjoined, { force: true });
    return null;
  }
  held.joinedItself();
  fifo.made(isFifo(fifo.path));
  // Read once the shim has become the command: a command that lasts milliseconds can be read only now.
  if (ran) atSpawn?.(child.pid!);
  return targetOf(child, exited);
}

/** Start the shim that waits for memprof's word on fd 3 while `before` runs. */
async function startGated(
  argv: string[],
  env: NodeJS.ProcessEnv,
  held: HeldStart,
  atSpawn?: (pid: number) => void,
): Promise<Target> {
  const through = held.through.length > 0;
  const [program, ...args] = gatedShimArgv(held.through);
  const child = spawn(program!, args, {
    stdio: ['inherit', 'inherit', 'inherit', 'pipe', ...(through ? (['pipe'] as const) : [])],
    detached: true,
    env: shimEnv(argv, env, { MEMPROF_SHIM_FIFO: held.fifo?.path }),
  });
  const gate = child.stdio[3] as NodeJS.ReadWriteStream | null; // null when the spawn itself failed
  gate?.on('error', () => undefined); // the shim may be gone already (killed): exited says so
  if (held.fifo) {
    if (gate) hearFifo(gate, held.fifo);
    else held.fifo.made(false);
  }
  const { exited } = await running(child, program!);
  const said = through ? await untilShim(child) : { running: true, text: '' };
  if (said.running && said.text !== '') stdio.stderr.write(said.text);
  const failed = said.running
    ? await held.before(child.pid!)
    : throughFailed(held.through[0]!, said.text, await exited);
  const abort = failed === null ? null : held.abort(failed);
  if (abort !== null) {
    signalGroup(child, 'SIGKILL');
    await exited;
    throw abort;
  }
  // The command never ran: it starts as it would have without a cgroup.
  if (!said.running) return startTarget(argv, env, atSpawn);
  gate?.end('\n');
  // Read once the shim has become the command: a command that lasts milliseconds can be read only now.
  if (await execed(child.pid!, exited)) atSpawn?.(child.pid!);
  return targetOf(child, exited);
}

/**
 * What was written to the stderr pipe (fd 4) until it closed, and whether the shim runs then: it closes it
 * when it takes its stderr back, and the program it was started through when it ends before.
 */
async function untilShim(child: ChildProcess): Promise<{ running: boolean; text: string }> {
  let text = '';
  const pipe = child.stdio[4] as NodeJS.ReadableStream;
  pipe.setEncoding('utf8');
  pipe.on('data', (chunk: string) => (text += chunk));
  await new Promise((resolve) => pipe.once('close', resolve));
  let cmdline = '';
  try {
    cmdline = readFileSync(`/proc/${child.pid}/cmdline`, 'latin1');
  } catch {
    // gone
  }
  return { running: cmdline.startsWith(`${THROUGH_SHIM_ARGV.join('\0')}\0`), text };
}

/** Why the program the shim was to be started through ended before it: its last words, or its status. */
function throughFailed(program: string, text: string, exit: TargetExit): string {
  const last = text.trim().split('\n').pop();
  return last ? `${program}: ${last}` : `${program} ended (status ${exitStatus(exit)}) before the command ran`;
}

/**
 * Resolves once the shim has exec'd the command (its command line is no longer the shim's), true, or is
 * gone, false: the first reading is then the command's. Exec takes a few milliseconds once the shim is told
 * to; `limitMs` at most is waited for, polled every millisecond for the first second, then less often.
 */
async function execed(pid: number, exited: Promise<TargetExit>, limitMs = 1000): Promise<boolean> {
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  for (let waited = 0; waited < limitMs && !gone; ) {
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'latin1');
    } catch {
      return false;
    }
    if (!isShimCommandLine(cmdline)) return true;
    const pause = waited < 1000 ? 1 : 20;
    await new Promise((r) => setTimeout(r, pause));
    waited += pause;
  }
  return false;
}

/** Why exec would fail to run `file` (ENOENT, EACCES), searching PATH as execvp does; null when it would run. */
export function executableProblem(file: string, path: string): 'ENOENT' | 'EACCES' | null {
  const candidates = file.includes('/') ? [file] : path.split(':').map((dir) => join(dir || '.', file));
  let found: 'EACCES' | null = null;
  for (const candidate of candidates) {
    if (!isFile(candidate)) continue;
    try {
      accessSync(candidate, fsConstants.X_OK);
      return null;
    } catch {
      found = 'EACCES';
    }
  }
  if (found === null && file.includes('/') && existsSync(file)) return 'EACCES'; // a directory
  return found ?? 'ENOENT';
}

/** Signal 0 only asks whether the group still has a member. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-child.pid!, signal);
    return true;
  } catch {
    return false;
  }
}

function startError(file: string, error: NodeJS.ErrnoException): MemprofError {
  if (error.code === 'ENOENT') {
    const hint =
      isFile(file) && !file.includes('/')
        ? scriptHint(file, 'a file here, not a command on your PATH')
        : 'check the name and your PATH';
    return new MemprofError(`command not found: ${file}`, { exitCode: EXIT.notFound, hint });
  }
  if (error.code === 'EACCES') {
    const hint = isFile(file) ? scriptHint(file, 'not executable') : undefined;
    return new MemprofError(`permission denied: ${file}`, { exitCode: 126, hint });
  }
  return new MemprofError(`cannot start ${file}: ${error.message}`, { exitCode: 126 });
}

/**
 * Interpreters by file extension, for the hint to a script given as if it were a command (a .py one only
 * gets it with --nopython).
 */
const INTERPRETERS: Record<string, string> = {
  '.js': 'node',
  '.mjs': 'node',
  '.cjs': 'node',
  '.py': PYTHON,
  '.sh': 'sh',
  '.rb': 'ruby',
  '.pl': 'perl',
};

function scriptHint(file: string, why: string): string {
  const interpreter = INTERPRETERS[extname(file)];
  const path = file.includes('/') ? file : `./${file}`;
  return interpreter
    ? `${file} is ${why}: run it with its interpreter, memprof run ${interpreter} ${path}`
    : `${file} is ${why}`;
}

function isFifo(path: string): boolean {
  try {
    return lstatSync(path).isFIFO();
  } catch {
    return false;
  }
}

export function isFile(path: string): boolean {
  try {
    // No exception for a missing file: a PATH search meets one in most of its directories.
    return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false; // ENOTDIR, EACCES
  }
}

/** The shell's convention: the exit code, or 128 + N for a process killed by signal N. */
export function exitStatus(exit: TargetExit): number {
  if (exit.code !== null) return exit.code;
  const number = exit.signal ? constants.signals[exit.signal] : undefined;
  return number === undefined ? EXIT.failure : 128 + number;
}
