import type { CgroupFacts } from './cgroup-facts.js';
import type { ReadWarning } from './read-warnings.js';
import type { HeapFact } from './run-builder.js';

/** What the `MEM` line holds: the root process alone, or the root plus all its descendants (`-C`). */
export type MemScope = 'root' | 'tree';

export type Metric = 'rss' | 'pss' | 'uss';

/** How every sentence names a metric. */
export const METRIC_LABEL: Record<Metric, string> = { rss: 'RSS', pss: 'PSS', uss: 'USS' };

/** The `MEMPROF` header line: present in memprof files, absent in mprof's. */
export interface Header {
  version: number;
  metric: Metric;
  intervalSeconds: number;
  memScope: MemScope;
  /** Whether each descendant has its own `CHLD` series (`-M`). */
  perProcess: boolean;
  source: string;
  /**
   * `exits=final`: once the file has its `DONE` line, every process that ended has its `EXIT` line, so a
   * process without one was still running when the recording ended. Older memprof files lack the key.
   */
  finalExits?: boolean;
  /** `node=1`: the run's Node processes were started with memprof's heap probe (`--node`). */
  nodeProbe?: boolean;
}

/** One reading: bytes, and when (epoch seconds). Passed as an object on the hot path: no number is boxed. */
export interface Reading {
  bytes: number;
  time: number;
}

/** A time series: parallel arrays of epoch seconds and bytes. */
export interface Series {
  t: number[];
  v: number[];
}

/** What a run's lines say about one process, apart from its samples. */
export interface ProcessMeta {
  /** Unique within the recording: `pid` or `pid#n` when the pid was reused. */
  key: string;
  pid: number;
  ppid: number | null;
  command: string | null;
  /** Process start time (epoch seconds), when known. */
  startTime: number | null;
  firstSeen: number | null;
  lastSeen: number | null;
  /** Whether the recording saw the process end (an `EXIT` line). */
  exited: boolean;
  /** When the recorder found it gone (second time of `EXIT`); absent in older files and mprof's. */
  goneAt?: number | null;
  /** Kernel high-water mark of RSS (VmHWM) in bytes, when recorded. */
  hwmBytes: number | null;
  /**
   * Why the recording's metric (PSS/USS) could not be read for this process, from `unreadSince` on: its
   * samples from then are RSS (an `UNREAD` line); absent when every sample is the file's metric.
   */
  unread?: { reason: string; since: number };
}

/** One process, identified by (pid, start time) so a reused pid never merges two processes. */
export interface ProcessRecord extends ProcessMeta {
  samples: Series;
  /** Index into `Recording.ticks` of each sample: which `MEM` line it followed. */
  tickOf: number[];
}

/** A `FUNC` bracket from mprof's @profile decorator. */
export interface FuncBracket {
  name: string;
  memStart: number;
  start: number;
  memEnd: number;
  end: number;
  level: number | null;
}

/** A `MARK` line: the run entered the phase `label` at `time` (epoch seconds), marked by process `pid`. */
export interface Marker {
  pid: number;
  time: number;
  label: string;
}

/** A `PACE` line: from `time` (epoch seconds) on, the metric was read about every `seconds`. */
export interface PaceChange {
  seconds: number;
  time: number;
}

/** A `PERIOD` line: from `time` on, ticks came about every `seconds` (lengthened for a large tree). */
export type PeriodChange = PaceChange;

/** One run's data. A file normally holds one; mprof can write several runs into one file. */
export interface Recording {
  file: string | null;
  /** The first timestamp, epoch seconds: t = 0 of the run. */
  startTime: number;
  command: string | null;
  header: Header | null;
  /** The `MEM` series. */
  mem: Series;
  processes: ProcessRecord[];
  funcs: FuncBracket[];
  /** The `PACE` lines in file order: PSS/USS read less often than every tick to keep within a CPU budget. */
  paces: PaceChange[];
  /** The `PERIOD` lines in file order: the period lengthened to keep the sampler within a CPU budget. */
  periods: PeriodChange[];
  /** The `DONE` line: the run closed cleanly. */
  done: { time: number; exitCode: number | null } | null;
  /** Key of the root process (the command memprof started), when the file says. */
  rootKey: string | null;
  /** What the reader tolerated in the file (see ReadWarning): the same for every run of a file. */
  warnings: ReadWarning[];
  /** The run's own cgroup's figures, when memprof started the command in one. */
  cgroup?: CgroupFacts | null;
  /** The `MARK` lines, in file order. */
  marks?: Marker[];
  /** The Node processes' heap lines (`HEAP`, `V8`, `HEAPEND`) in file order, by process key. */
  heaps?: Array<{ key: string; fact: HeapFact }>;
}
