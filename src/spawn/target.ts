import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants as fsConstants, existsSync, readFileSync, statSync } from 'node:fs';
import { constants } from 'node:os';
import { extname, join } from 'node:path';
import { EXIT, MemprofError } from '../errors.js';
import { PYTHON } from './python.js';

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
export function startTarget(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  atSpawn?: (pid: number) => void,
  held?: HeldStart,
): Promise<Target> {
  if (held) return startHeld(argv, env, held, atSpawn);
  const [file, ...args] = argv;
  return new Promise((resolve, reject) => {
    const child = spawn(file!, args, { stdio: 'inherit', detached: true, env });
    const exited = new Promise<TargetExit>((done) => child.once('exit', (code, signal) => done({ code, signal })));
    child.once('error', (error) => reject(startError(file!, error)));
    // First: a command that lasts a millisecond can be read only now.
    child.once('spawn', () => atSpawn?.(child.pid!));
    child.once('spawn', () =>
      resolve({
        pid: child.pid!,
        exited,
        signalGroup: (s) => signalGroup(child, s),
        groupAlive: () => signalGroup(child, 0),
      }),
    );
  });
}

/**
 * What is done to a command's process before it runs the command: it is started as a shim that waits on a
 * pipe, `before` is called with its pid (to move it into a cgroup), and then it execs the command. A
 * sentence from `before` means it could not be done: `abort` says whether the command must not run then.
 */
export interface HeldStart {
  before(pid: number): Promise<string | null>;
  abort(reason: string): MemprofError | null;
}

/** Waits for a line on fd 3, closes it, and execs its arguments: the command, in the place it was put. */
const SHIM = 'read -r _ <&3; exec 3<&-; exec "$@"';

async function startHeld(
  argv: string[],
  env: NodeJS.ProcessEnv,
  held: HeldStart,
  atSpawn?: (pid: number) => void,
): Promise<Target> {
  const [file] = argv;
  // The shell would report a missing command in its own words: find it first, as exec would.
  const problem = executableProblem(file!, env.PATH ?? '');
  if (problem !== null) throw startError(file!, Object.assign(new Error(problem), { code: problem }));
  const child = spawn('/bin/sh', ['-c', SHIM, 'memprof', ...argv], {
    stdio: ['inherit', 'inherit', 'inherit', 'pipe'],
    detached: true,
    env,
  });
  const exited = new Promise<TargetExit>((done) => child.once('exit', (code, signal) => done({ code, signal })));
  await new Promise<void>((resolve, reject) => {
    child.once('error', (error) => reject(startError('/bin/sh', error)));
    child.once('spawn', resolve);
  });
  const gate = child.stdio[3] as NodeJS.WritableStream;
  gate.on('error', () => undefined); // the shim may be gone already (killed): exited says so
  const failed = await held.before(child.pid!);
  const abort = failed === null ? null : held.abort(failed);
  if (abort !== null) {
    signalGroup(child, 'SIGKILL');
    await exited;
    throw abort;
  }
  gate.end('\n');
  // Read once the shim has become the command: a command that lasts milliseconds can be read only now.
  if (await execed(child.pid!, exited)) atSpawn?.(child.pid!);
  return {
    pid: child.pid!,
    exited,
    signalGroup: (s) => signalGroup(child, s),
    groupAlive: () => signalGroup(child, 0),
  };
}

/**
 * Resolves once the shim has exec'd the command (its command line is no longer the shim's), true, or is
 * gone, false: the first reading is then the command's. Exec takes a few milliseconds; a second at most is
 * waited for.
 */
async function execed(pid: number, exited: Promise<TargetExit>): Promise<boolean> {
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  for (let waited = 0; waited < 1000 && !gone; waited++) {
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'latin1');
    } catch {
      return false;
    }
    if (!cmdline.includes(SHIM)) return true;
    await new Promise((r) => setTimeout(r, 1));
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

export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The shell's convention: the exit code, or 128 + N for a process killed by signal N. */
export function exitStatus(exit: TargetExit): number {
  if (exit.code !== null) return exit.code;
  const number = exit.signal ? constants.signals[exit.signal] : undefined;
  return number === undefined ? EXIT.failure : 128 + number;
}
