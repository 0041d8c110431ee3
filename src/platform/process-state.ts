/**
 * Whether a process state letter (procfs's stat and status, ps's `stat`) is a running process: not Z
 * (exited, unreaped) nor X (dead).
 */
export function isRunningState(state: string | undefined): boolean {
  return state !== undefined && state !== 'Z' && state !== 'X';
}
