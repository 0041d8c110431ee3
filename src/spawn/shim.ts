// The shell a held command starts as: it does what must be done in the command's own process before the
// command runs (join a cgroup, make the run's FIFO), then execs the command, which comes in the environment
// (MEMPROF_ARGC, MEMPROF_ARG_<i>, removed on the way): arguments to systemd-run would have their
// `$VARIABLES` expanded by newer ones.

/** Puts the command's words back as "$@", from the environment, and execs them. */
const EXEC_COMMAND =
  'while [ "$MEMPROF_ARGC" -gt 0 ]; do ' +
  'MEMPROF_ARGC=$((MEMPROF_ARGC - 1)); eval "set -- \\"\\$MEMPROF_ARG_$MEMPROF_ARGC\\" \\"\\$@\\""; ' +
  'unset "MEMPROF_ARG_$MEMPROF_ARGC"; done; unset MEMPROF_ARGC; exec "$@"';

/**
 * Held by memprof: makes the FIFO at $MEMPROF_SHIM_FIFO if set and says so on fd 3 (a socket: both ways),
 * waits for a line on fd 3 while memprof moves it, and execs the command.
 */
export const GATED_SHIM =
  '[ -z "$MEMPROF_SHIM_FIFO" ] || { mkfifo -m 600 "$MEMPROF_SHIM_FIFO" 2>/dev/null && echo made || echo failed; } >&3; ' +
  `unset MEMPROF_SHIM_FIFO; read -r _ <&3; exec 3<&-; ${EXEC_COMMAND}`;

/**
 * Joins a cgroup by writing 0 (itself) to $MEMPROF_SHIM_JOIN (its `tasks` or cgroup.procs), then makes the FIFO
 * (if asked) and execs the command: no word from memprof, so no round trip and no socket to it. When the kernel
 * refuses, it leaves the file $MEMPROF_SHIM_UNJOINED and exits, the FIFO not made and the command never run.
 */
export const JOINING_SHIM =
  '{ echo 0 >"$MEMPROF_SHIM_JOIN"; } 2>/dev/null || { : >"$MEMPROF_SHIM_UNJOINED"; exit 125; }; ' +
  '[ -z "$MEMPROF_SHIM_FIFO" ] || mkfifo -m 600 "$MEMPROF_SHIM_FIFO" 2>/dev/null; ' +
  `unset MEMPROF_SHIM_FIFO MEMPROF_SHIM_JOIN MEMPROF_SHIM_UNJOINED; ${EXEC_COMMAND}`;

/**
 * Started through a program: its stderr goes to a pipe on fd 4 until the shim takes the real one back from
 * fd 5. The real one is the shim's fd 2 at the start, which libuv makes blocking again in the child: memprof's
 * own use of it made it non-blocking, and the command, sharing it, would see its large writes fail (EAGAIN).
 */
const THROUGH = 'exec 5>&2 2>&4 4>&-; exec "$@"';
export const THROUGH_SHIM_ARGV = ['/bin/sh', '-c', `exec 2>&5 5>&-; ${GATED_SHIM}`, 'memprof'];

/** The gated shim's command line, started through `through` when it is not empty. */
export function gatedShimArgv(through: string[]): string[] {
  if (through.length === 0) return ['/bin/sh', '-c', GATED_SHIM, 'memprof'];
  return ['/bin/sh', '-c', THROUGH, 'memprof', ...through, ...THROUGH_SHIM_ARGV];
}

export const JOINING_SHIM_ARGV = ['/bin/sh', '-c', JOINING_SHIM, 'memprof'];

/** Whether a command line is still a shim's: the command has not been exec'd yet. */
export function isShimCommandLine(cmdline: string): boolean {
  return cmdline.includes(GATED_SHIM) || cmdline.includes(JOINING_SHIM);
}

/** The shim's environment: the command's words, and what the shim is to do (values left undefined are unset). */
export function shimEnv(argv: string[], env: NodeJS.ProcessEnv, extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const words = Object.fromEntries(argv.map((word, i) => [`MEMPROF_ARG_${i}`, word]));
  return { ...env, ...words, MEMPROF_ARGC: String(argv.length), ...extra };
}
