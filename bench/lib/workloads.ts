/** A shell that starts `n - 1` idle children and waits: an idle tree of n processes. */
export function idleTree(n: number, seconds: number): string[] {
  return ['sh', '-c', `i=1; while [ $i -lt ${n} ]; do sleep ${seconds} & i=$((i+1)); done; wait`];
}
