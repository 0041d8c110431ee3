import type { Metric } from '../format/types.js';
import type { RunCgroup } from './cgroup/acquire.js';
import type { ProcessSource, SourceOptions } from './types.js';

// Everything memprof asks the operating system, behind one interface: procfs on Linux, ps elsewhere.
// The rest of memprof never asks which one it has.

/** A running process, as `attach` looks it up by name. */
export interface ProcessEntry {
  pid: number;
  /** The kernel's process name (comm, at most 15 characters on Linux). */
  name: string;
  command: string;
}

/** A process to attach to: its command line and, when it leads a session, that session. */
export interface AttachTarget {
  pid: number;
  command: string;
  sessionId: number | null;
}

/** Resolves once the process is gone; `cancel` stops watching. */
export interface ExitWatch {
  gone: Promise<void>;
  cancel(): void;
}

export interface Platform {
  readonly kind: 'procfs' | 'ps';
  /** The sampling period when none is asked for, seconds. */
  readonly defaultInterval: number;
  /**
   * Whether a source's state can be carried on by another thread of this process (kept-open /proc fds are
   * the process's): then sampling moves to a thread of its own.
   */
  readonly threadable: boolean;
  /** Why `metric` cannot be read on this platform at all; null when it can. */
  metricUnsupported(metric: Metric): string | null;
  /** A source that reads the tree rooted at `options.rootPid`. */
  createSource(options: SourceOptions, intervalSeconds: number): Promise<ProcessSource>;
  /** One reading of a process's metric now, for the instant a command was started; null when unreadable. */
  readMemoryOnce(pid: number, metric: Metric): number | null;
  /** Every process with a command line (kernel threads and zombies have none). */
  listProcesses(): Promise<ProcessEntry[]>;
  /** The live process `pid`, or null when there is none (or it is a zombie). */
  describeProcess(pid: number): Promise<AttachTarget | null>;
  /** Whether memprof may read `metric` of `pid` (PSS/USS of another user's process may not be). */
  metricReadable(pid: number, metric: Metric): boolean;
  /** Watch a process memprof did not start (and so cannot wait for) until it is gone or a zombie. */
  watchExit(pid: number): ExitWatch;
  /** A cgroup of its own for a command memprof starts, or a sentence saying why there can be none. */
  openRunCgroup(): Promise<RunCgroup | string>;
}
