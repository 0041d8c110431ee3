import type { ReadWarning } from '../format/read-warnings.js';
import { type ReadOptions, STDIN, STDIN_NAME, streamRecording } from '../format/stream.js';
import type { Metric, Recording } from '../format/types.js';
import type { KernelFigures } from './kernel-figures.js';
import type { MemScope, MprofChildren } from './mem-scope.js';
import type { SlowPace } from './pace.js';
import { replayRecording } from './replay.js';
import { RunStats, type ProcessStats } from './run-stats.js';
import { summaryOf } from './summarize-run.js';

/** One measured process of a run, times in seconds from the run's start. */
export interface ProcessSummary {
  key: string;
  /** null for the main process of an mprof file, whose pid mprof does not record. */
  pid: number | null;
  ppid: number | null;
  command: string | null;
  isRoot: boolean;
  peakBytes: number;
  peakAtSeconds: number;
  startSeconds: number;
  endSeconds: number;
  exited: boolean;
  /** Still running when the recording ended; null when the file cannot tell (see Header.finalExits). */
  stillRunning: boolean | null;
  /** The kernel's RSS high-water mark (VmHWM), when recorded: it also catches spikes between samples. */
  hwmBytes: number | null;
  /** What the process held at the tick of the run's total peak; null when it was not sampled then. */
  atTotalPeakBytes: number | null;
}

/**
 * A process of a run that records no process's own size (-C without -M), known by what the kernel keeps of
 * it: its RSS high-water mark (VmHWM), the largest it ever was, each process at a time of its own.
 */
export interface HwmOnlyRow {
  key: string;
  pid: number;
  ppid: number | null;
  command: string | null;
  isRoot: boolean;
  /** When it was first and last seen, from the run's start; null when the file does not say. */
  startSeconds: number | null;
  endSeconds: number | null;
  /** Still running when the recording ended; null when the file cannot tell (see Header.finalExits). */
  stillRunning: boolean | null;
  hwmBytes: number;
}

/** One Node process's heap as its probe reported it (the sum over its isolates), beside its RSS peak. */
export interface HeapRow {
  key: string;
  pid: number;
  command: string | null;
  /** The process's peak of the file's metric (RSS unless said); null when it has no sample of it. */
  peakBytes: number | null;
  heapUsedBytes: number;
  heapUsedAtSeconds: number;
  heapTotalBytes: number;
  externalBytes: number;
  arrayBuffersBytes: number;
  /** Isolates that reported: 1 for the main thread, plus one per worker thread. */
  threads: number;
  /** V8's heap limit of the main thread, the most malloced memory and the most detached contexts seen. */
  heapLimitBytes: number | null;
  mallocedBytes: number | null;
  detachedContexts: number | null;
}

/** Which Node processes of the run were probed (see docs/format.md, "Node processes"). */
export interface NodeSummary {
  probed: number;
  /** Processes that run `node` and sent no heap: they cleared NODE_OPTIONS, or started before the probe could. */
  notProbed: Array<{ pid: number | null; command: string | null }>;
  processes: HeapRow[];
}

/** A MARK line, seconds from the run's start. */
export interface MarkSummary {
  label: string;
  atSeconds: number;
  pid: number;
}

/** The peaks of one phase: phase 0 runs up to the first mark (label null), phase k from mark k to the next. */
export interface PhaseSummary {
  label: string | null;
  startSeconds: number;
  endSeconds: number;
  peakTotalBytes: number | null;
  peakTotalAtSeconds: number | null;
  /** Each process's peak in the phase (the main process's own curve first), largest first. */
  processes: Array<{
    key: string;
    pid: number | null;
    command: string | null;
    peakBytes: number;
    peakAtSeconds: number;
  }>;
}

/** What `peak`, `check` and `diff` need to know about one run. */
export interface RunSummary {
  file: string | null;
  /** 1-based position of the run in its file, and how many runs the file holds (mprof can write several). */
  run: number;
  runs: number;
  command: string | null;
  metric: Metric;
  /** Epoch seconds of the run's first sample. */
  startTime: number;
  durationSeconds: number;
  /** null only when the run has no `MEM` sample at all. */
  peakTotalBytes: number | null;
  peakTotalAtSeconds: number | null;
  /**
   * The total's peak bracket, upper end: the largest sum of kernel RSS high-water marks of processes
   * alive at the same time (they need not peak together). null without HWM lines (mprof, ps source).
   */
  peakTotalUpperBoundBytes: number | null;
  /** Whether the total covers every process, or the main process alone (a run without -M or -C). */
  coversTree: boolean;
  /** Whether `MEM` was taken as including the children, and how that was known (header, option, inferred). */
  memScope: MemScope;
  /**
   * Whether each process's own size is known: false when MEM holds the tree and the file records no
   * descendant's own (memprof -C without -M), so only the tree's total is, and no process is named as holding it.
   */
  ownSizes: boolean;
  /**
   * The exit code memprof recorded in its `DONE` line; null for mprof files, an unfinished run, or an
   * attached process.
   */
  exitCode: number | null;
  /** Measured processes, main process first, then in order of appearance. */
  processes: ProcessSummary[];
  /** Processes only ever sampled at 0 bytes: gone (or a zombie) before they could be read. mprof writes such lines. */
  vanished: number;
  /** Where `ownSizes` is false, each process with a kernel high-water mark, the largest first; else empty. */
  hwmOnly: HwmOnlyRow[];
  /** The process that held the most at the moment of the total peak. */
  holder: ProcessSummary | null;
  /** PSS/USS read less often than every tick (the file's `PACE` lines); null when read every tick. */
  pace: SlowPace | null;
  /** The kernel's figures of the run's own cgroup (see docs/format.md, `CGROUP`); null without one. */
  kernel: KernelFigures | null;
  /** Ticks came less often than the requested period (`PERIOD` lines, a large tree); null when they did not. */
  period: SlowPace | null;
  /** What the reader tolerated in the file (see ReadWarning). */
  warnings: ReadWarning[];
  /** Node processes' heaps; null when the run probed none and its header does not say it probed. */
  node: NodeSummary | null;
  marks: MarkSummary[];
  /** Empty without marks. */
  phases: PhaseSummary[];
}

/** Summaries of every run of one decoded file; `children` says how to read an mprof file's MEM. */
export function summarizeRuns(recs: Recording[], children: MprofChildren = 'auto'): RunSummary[] {
  return recs.map((rec, i) => summarizeRun(rec, i + 1, recs.length, children));
}

/** One decoded run's summary, by the same definitions as a streamed file's (see summarizeFile). */
export function summarizeRun(rec: Recording, run = 1, runs = 1, children: MprofChildren = 'auto'): RunSummary {
  const { facts, stats } = replayRecording(rec, new RunStats());
  return summaryOf(facts, stats, { file: rec.file, run, runs, warnings: rec.warnings }, children);
}

/**
 * The summaries of every run of a recording, read in one pass through the file (`-`: standard input) in
 * memory that grows with the number of processes, not with the file. `read` is for tests.
 */
export function summarizeFile(file: string, children: MprofChildren = 'auto', read: ReadOptions = {}): RunSummary[] {
  const { runs, warnings } = streamRecording<ProcessStats, RunStats>(file, () => new RunStats(), read);
  const name = file === STDIN ? STDIN_NAME : file;
  return runs.map((run, i) => {
    run.store.finish();
    return summaryOf(run, run.store, { file: name, run: i + 1, runs: runs.length, warnings }, children);
  });
}
