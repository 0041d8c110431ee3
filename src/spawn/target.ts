import { spawn, type ChildProcess } from 'node:child_process';
import { statSync } from 'node:fs';
import { constants } from 'node:os';
import { extname } from 'node:path';
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
): Promise<Target> {
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
