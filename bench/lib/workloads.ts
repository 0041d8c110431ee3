import { resolve } from 'node:path';
import { ROOT } from './contenders.js';

/** A shell that starts `n - 1` idle children and waits: an idle tree of n processes. */
export function idleTree(n: number, seconds: number): string[] {
  return ['sh', '-c', `i=1; while [ $i -lt ${n} ]; do sleep ${seconds} & i=$((i+1)); done; wait`];
}

/** The idle tree of the CPU targets: a parent and 4 children. */
export const SMALL_TREE = 5;
/** The large tree of the scaling target. */
export const LARGE_TREE = 100;

/**
 * Bystanders: n unrelated idle processes outside the profiled tree, so the machine has many processes
 * that a profiler should not look at. Start with `startGroup` and end with `killGroup`.
 */
export function bystanders(n: number, seconds: number): string[] {
  return ['sh', '-c', `i=0; while [ $i -lt ${n} ]; do sleep ${seconds} & i=$((i+1)); done; echo ready; wait`];
}

/**
 * Churn: `workers` loops that each start a short-lived `sleep 0.02` after another, about 40 process
 * starts and exits a second per worker, until `seconds` have passed.
 */
export function churn(workers: number, seconds: number): string[] {
  const loop = `end=$(( $(date +%s) + ${Math.ceil(seconds)} )); while [ $(date +%s) -lt $end ]; do sleep 0.02; done`;
  return ['sh', '-c', `i=0; while [ $i -lt ${workers} ]; do (${loop}) & i=$((i+1)); done; wait`];
}

/**
 * A Node worker pool, as a test runner's: examples/worker-pool.js forks `workers` children, each touching
 * `mib` MiB for `ms` ms, and the parent holds 32 MiB. Node processes carry memprof's heap probe, so the run's
 * channel is busy: the shape an idle tree does not show.
 */
export function nodePool(workers: number, mib: number, ms: number): string[] {
  return [process.execPath, resolve(ROOT, 'examples', 'worker-pool.js'), String(workers), String(mib), String(ms)];
}
