import { openProc, preadField } from './files.js';

/** The calling thread's schedstat fd, opened once per thread: /proc/thread-self names the thread that opens it. */
let schedstat: number | undefined;

/**
 * CPU milliseconds the calling thread has used: the first field of /proc/thread-self/schedstat (ns on a CPU),
 * one pread; where that file is missing, the whole process's user and system time. The thread's own, not
 * the process's: while the main thread samples, the sampling thread starting beside it (its own isolate,
 * its code compiled) is not what a tick costs.
 */
export function threadCpuMs(): number {
  schedstat ??= openProc('/proc/thread-self/schedstat');
  const ns = schedstat < 0 ? NaN : preadField(schedstat, 0);
  if (Number.isFinite(ns)) return ns / 1e6;
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}
