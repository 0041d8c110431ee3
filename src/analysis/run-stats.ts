import type { HeapFact, SampleStore } from '../format/run-builder.js';
import type { FuncBracket, Marker, PaceChange, PeriodChange, ProcessMeta, Reading } from '../format/types.js';
import { GoneTimes } from './gone-times.js';
import { NodeHeaps } from './node-heaps.js';
import { emptyFigures, PhaseTally, type PhaseFigures } from './phases.js';
import { TickTotals } from './tick-totals.js';

/** What a summary keeps of one process: what its lines say, and running figures of its samples. */
export interface ProcessStats extends ProcessMeta {
  /** Whether this is the run's main process (its `PROC` line came first): its samples are not a descendant's. */
  isRoot: boolean;
  samples: number;
  /** The largest sample and when it was first taken; -Infinity before the first sample. */
  peakBytes: number;
  peakTime: number;
  firstTime: number;
  lastTime: number;
  /**
   * The earliest and latest sample times, folded into firstSeen and lastSeen once the process ended or the
   * run did: a field that may hold null boxes every number stored in it, too costly once a sample.
   */
  sampledFrom: number;
  sampledTo: number;
  /** When it stopped counting towards the upper bound (see goneTime); Infinity while it may still run. */
  until: number;
  /** The tick of its latest reading that counts for a tick's total, and that reading. */
  readTick: number;
  readBytes: number;
  /** What it held at the tick of each reading's total peak (see TickTotals), and that tick. */
  atPeakBytes: [number, number];
  atPeakTick: [number, number];
}

/**
 * Folds a run's samples into what its summary needs as they come, in memory that grows with the number of
 * processes and not with the file: per process its figures (ProcessStats), per tick the running totals
 * (TickTotals). The run's other facts (command, header, processes) are the RunBuilder's.
 */
export class RunStats implements SampleStore<ProcessStats> {
  readonly totals = new TickTotals();
  readonly gone = new GoneTimes();
  /** The `PACE` lines: a handful per file (the pace changes when a read's cost crosses a power of two). */
  readonly paces: PaceChange[] = [];
  /** The `PERIOD` lines: as few (the period changes in powers of two as the tree grows and shrinks). */
  readonly periods: PeriodChange[] = [];
  /** The run's first time: its first MEM, any process's first sample, any FUNC's start (Infinity: none). */
  earliest = Infinity;
  /** The latest end of a FUNC bracket (-Infinity: none); the run lasts at least until then. */
  latestFuncEnd = -Infinity;
  /** Node processes' heaps (HEAP lines), by process key. */
  readonly heaps = new NodeHeaps();
  /** Peaks phase by phase, once a MARK line came. */
  readonly phases = new PhaseTally();

  private readonly processes: ProcessStats[] = [];

  newProcess(meta: ProcessMeta): ProcessStats {
    // Every field from the start and none by spreading `meta`, so that all processes share one fast shape:
    // built by a spread and then grown, an object keeps slow properties, and the hot path slows threefold.
    const p: ProcessStats = {
      key: meta.key,
      pid: meta.pid,
      ppid: meta.ppid,
      command: meta.command,
      startTime: meta.startTime,
      firstSeen: meta.firstSeen,
      lastSeen: meta.lastSeen,
      exited: meta.exited,
      goneAt: meta.goneAt ?? null,
      hwmBytes: meta.hwmBytes,
      unread: meta.unread,
      isRoot: false,
      samples: 0,
      peakBytes: -Infinity,
      peakTime: NaN,
      firstTime: NaN,
      lastTime: NaN,
      sampledFrom: Infinity,
      sampledTo: -Infinity,
      until: Infinity,
      readTick: -1,
      readBytes: 0,
      atPeakBytes: [0, 0],
      atPeakTick: [-1, -1],
    };
    this.processes.push(p);
    return p;
  }

  hasSamples(p: ProcessStats): boolean {
    return p.samples > 0;
  }

  mem(r: Reading): void {
    const time = r.time;
    if (this.totals.ticks === 0 && time < this.earliest) this.earliest = time;
    this.totals.mem(r.bytes, time);
    this.gone.mem(time);
  }

  sample(p: ProcessStats, r: Reading): void {
    const { bytes, time } = r;
    if (p.samples++ === 0) {
      p.firstTime = time;
      if (time < this.earliest) this.earliest = time;
    }
    p.lastTime = time;
    if (time < p.sampledFrom) p.sampledFrom = time;
    if (time > p.sampledTo) p.sampledTo = time;
    if (bytes > p.peakBytes) {
      p.peakBytes = bytes;
      p.peakTime = time;
    }
    if (!p.isRoot) {
      this.totals.sample(p, r);
      if (this.phases.active) this.phases.sample(p.key, time, bytes);
    }
  }

  heap(p: ProcessStats, fact: HeapFact): void {
    this.heaps.add(p.key, fact);
  }

  mark(m: Marker): void {
    if (!this.phases.active) {
      this.phases.start(this.figuresSoFar());
      this.totals.onTick = (time, totals, own) => this.phases.tick(time, totals, own);
    }
    this.phases.mark(m);
  }

  /** The peaks of everything read so far: phase 0's, when the first mark comes. */
  private figuresSoFar(): PhaseFigures {
    const figures = emptyFigures();
    for (const r of [0, 1] as const) {
      Object.assign(figures.totals[r], { bytes: this.totals.peaks[r].bytes, time: this.totals.peaks[r].time });
      const root = this.totals.roots[r].peak;
      Object.assign(figures.roots[r], { bytes: root.bytes, time: root.time });
    }
    for (const p of this.processes) {
      if (!p.isRoot && p.samples > 0) figures.processes.set(p.key, { bytes: p.peakBytes, time: p.peakTime });
    }
    return figures;
  }

  rooted(p: ProcessStats): void {
    p.isRoot = true;
  }

  ended(p: ProcessStats): void {
    settle(p);
    this.gone.ended(p);
  }

  func(f: FuncBracket): void {
    if (f.start < this.earliest) this.earliest = f.start;
    if (f.end > this.latestFuncEnd) this.latestFuncEnd = f.end;
  }

  pace(p: PaceChange): void {
    this.paces.push(p);
  }

  period(p: PeriodChange): void {
    this.periods.push(p);
  }

  /** Once every sample is in: the last tick's total counts too. */
  finish(): void {
    this.totals.finish();
    for (const p of this.processes) settle(p);
  }
}

/** firstSeen and lastSeen with the process's sample times in. */
function settle(p: ProcessStats): void {
  if (p.samples === 0) return;
  if (p.firstSeen === null || p.sampledFrom < p.firstSeen) p.firstSeen = p.sampledFrom;
  if (p.lastSeen === null || p.sampledTo > p.lastSeen) p.lastSeen = p.sampledTo;
}
