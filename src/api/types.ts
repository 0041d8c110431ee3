// The programmatic API's types: what `import { record, mark } from 'memprof'` takes and gives. Published as
// declarations (dist/types); they depend on nothing else of memprof's.

export interface RecordOptions {
  /** Where to keep the recording; default: a temporary file, removed once it is read. */
  output?: string;
  /** Sampling period in seconds; default 0.01 with Linux /proc, 0.1 with ps. */
  intervalSeconds?: number;
  /** What to measure: rss (default), pss or uss (pss and uss need Linux /proc). */
  metric?: 'rss' | 'pss' | 'uss';
  /** Probe the Node processes of the tree for their heaps (default true). */
  node?: boolean;
  /** End the whole tree after this many seconds (the exit code is then 124). */
  timeoutSeconds?: number;
}

/** A heap as a Node process's probe reported it: peaks of the sum over its threads' isolates, in bytes. */
export interface RecordedHeap {
  heapUsedBytes: number;
  heapUsedAtSeconds: number;
  heapTotalBytes: number;
  /** External memory of the isolates (Buffers and ArrayBuffers included). */
  externalBytes: number;
  arrayBuffersBytes: number;
  /** The main thread, plus one per worker thread that reported. */
  threads: number;
}

/** One process of the tree; times in seconds from the start of the run. */
export interface RecordedProcess {
  pid: number | null;
  ppid: number | null;
  command: string | null;
  isRoot: boolean;
  /** The largest sample of the metric (RSS unless asked otherwise). */
  peakBytes: number;
  peakAtSeconds: number;
  startSeconds: number;
  endSeconds: number;
  /** For a Node process that was probed; else null. */
  heap: RecordedHeap | null;
}

/** A phase marker: `memprof mark` or mark(), at `atSeconds`. */
export interface RecordedMark {
  label: string;
  atSeconds: number;
  pid: number;
}

/** A phase: from a mark to the next (label null: before the first mark). */
export interface RecordedPhase {
  label: string | null;
  startSeconds: number;
  endSeconds: number;
  peakTotalBytes: number | null;
  /** Each process's peak in the phase, largest first. */
  processes: Array<{ pid: number | null; command: string | null; peakBytes: number }>;
}

/** What record() resolves to once the command exited and its recording was read. */
export interface RecordedRun {
  /** The command's exit status (128+N after signal N, 124 after the timeout). */
  exitCode: number;
  /** The recording, when `output` was given; else null (it was removed). */
  file: string | null;
  command: string | null;
  /** When the run started (its first sample), epoch seconds: every other time counts from it. */
  startTime: number;
  durationSeconds: number;
  /** The whole tree's largest sampled total; null when no sample was taken (a command quicker than a tick). */
  peakTotalBytes: number | null;
  peakTotalAtSeconds: number | null;
  processes: RecordedProcess[];
  /** How many Node processes sent their heap, and how many ran Node without being probed. */
  nodeProcesses: { probed: number; notProbed: number };
  marks: RecordedMark[];
  phases: RecordedPhase[];
}
