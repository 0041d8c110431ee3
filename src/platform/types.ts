import type { Metric } from '../format/types.js';
import type { CgroupTick } from './cgroup/probe.js';
import type { CgroupPlace } from './cgroup/types.js';

/** What a source knows of a process when it first sees it. (pid, startTime) is its identity. */
export interface ProcessIdentity {
  pid: number;
  ppid: number;
  /** Epoch seconds the process started (from the kernel), or the first-seen time if unknown. */
  startTime: number;
  command: string;
}

/** One memory reading of one process, only ever for a process that could be read. */
export interface Reading {
  pid: number;
  bytes: number;
  /** `bytes` as the .dat file writes it, and the bytes it was formatted from: kept by the recorder. */
  mibText?: string;
  mibTextOf?: number;
}

/** What one tick of a source found. */
export interface TickResult {
  /** Processes seen for the first time this tick (before their readings). */
  appeared: ProcessIdentity[];
  /** Command lines that changed since the process was first seen (it called exec). */
  renamed: Array<{ pid: number; command: string }>;
  /** Readings of every live tracked process, the root first when it could be read. */
  readings: Reading[];
  /** Processes that could not be read any more (exited, zombie): no reading, an EXIT line. */
  vanished: number[];
  /** Kernel RSS high-water marks (VmHWM) read this tick, when the source has them. */
  highWater: Reading[];
  /** Processes whose PSS/USS could not be read from this tick on (`reason`: an errno code): read as RSS. */
  unreadable: Array<{ pid: number; reason: string }>;
  /** Set when the source changed how often it reads the metric (seconds between reads); else null. */
  paceSeconds: number | null;
  /** What the run's own cgroup said this tick; absent without one. */
  cgroup?: CgroupTick;
}

export interface SourceOptions {
  rootPid: number;
  /** The root's command line as memprof started it (its /proc entry may still show memprof's own). */
  rootCommand: string;
  /**
   * The session whose members are adopted as the tree's (orphans re-parented to init): the root's own,
   * when it leads one (a command memprof started); null when it does not (an attached process).
   */
  sessionId: number | null;
  /**
   * `MEMPROF_RUN=<id>`, the mark memprof put in the command's environment: a process carrying it belongs to
   * the tree even after it left the session (setsid, a double-forked daemon). null when memprof did not
   * start the command (attach). Read from /proc/PID/environ, so only the procfs source follows it.
   */
  runMark: string | null;
  /** Follow descendants (-M or -C); otherwise only the root is read. */
  followTree: boolean;
  metric: Metric;
  /** The cgroup memprof started the command in: its members are the tree's, and its figures are read. */
  cgroup?: CgroupPlace | null;
}

/** A way to discover and read the target's processes: procfs on Linux, ps elsewhere. */
export interface ProcessSource {
  readonly name: 'procfs' | 'ps';
  /** What the tick found; valid until the next call (a source may reuse it). */
  tick(): TickResult | Promise<TickResult>;
  /** Tracked descendants (not the root) that are alive now, checked without recording: for the end of a run. */
  survivors(): number[] | Promise<number[]>;
  /** Make the next tick look for new members everywhere it can (the last tick, when the command ended). */
  sweepNext(): void;
  /** Ticks come every `seconds` from now on (the sampler lengthened the period for a large tree). */
  periodChanged?(seconds: number): void;
  close(): void;
}
