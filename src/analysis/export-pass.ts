import type { SampleStore } from '../format/run-builder.js';
import type { FuncBracket, Metric, PaceChange, PeriodChange, ProcessMeta, Reading } from '../format/types.js';
import type { PlotInput, ScannedRun } from './plot-passes.js';
import { TickFrame } from './tick-frame.js';

/** What a recording's line holds: one process's own memory, or a process and all its descendants (MEM with -C). */
export type SampleScope = 'process' | 'tree';

/** One sample line of a recording (a MEM or a CHLD line) with what is known of its process when it came. */
export interface SampleRow {
  /** Epoch seconds, as in the file. */
  time: number;
  /** Seconds from the run's start (RunSummary.startTime). */
  seconds: number;
  /** null for an mprof file's main process, whose pid mprof does not record. */
  pid: number | null;
  /** The process's key: its pid, or `pid#n` when the pid was reused; 'main' for an mprof file's main process. */
  key: string;
  ppid: number | null;
  command: string | null;
  /** The file's metric, or rss for a sample taken after the metric became unreadable (an UNREAD line). */
  metric: Metric;
  scope: SampleScope;
  isRoot: boolean;
  bytes: number;
}

/** Where an export's second pass hands a run's samples, ticks and FUNC brackets, in file order. */
export interface SampleEvents {
  sample(row: SampleRow): void;
  /**
   * A tick closed: its time, the total (MEM plus the tick's descendants, or MEM when it holds the tree) and
   * the main process's own memory (MEM, or MEM minus the descendants when MEM holds the tree).
   */
  tick(time: number, totalBytes: number, rootBytes: number): void;
  func(f: FuncBracket): void;
}

interface ExportProcess extends ProcessMeta {
  isRoot: boolean;
  sampled: boolean;
}

/**
 * Hands every sample of a run to `events` as its line is read, in memory that does not grow with the file:
 * a CHLD line at once, a MEM line at once and its tick (as TickTotals defines it) when the next MEM comes.
 */
export class ExportStore extends TickFrame implements SampleStore<ExportProcess> {
  private root: ExportProcess | null = null;
  private readonly row: SampleRow;
  /** The main process as the first pass knows it: a reading taken at its start may precede its PROC line. */
  private readonly firstRoot: ExportProcess | null;

  constructor(
    private readonly run: ScannedRun,
    private readonly events: SampleEvents,
  ) {
    super();
    const metric = run.summary.metric;
    const root = run.facts.processes.find((p) => p.key === run.facts.rootKey);
    this.firstRoot = root ? { ...root, isRoot: true, sampled: true } : null;
    this.row = {
      time: 0,
      seconds: 0,
      pid: null,
      key: '',
      ppid: null,
      command: null,
      metric,
      scope: 'process',
      isRoot: false,
      bytes: 0,
    };
  }

  newProcess(meta: ProcessMeta): ExportProcess {
    return { ...meta, isRoot: false, sampled: false };
  }

  hasSamples(p: ExportProcess): boolean {
    return p.sampled;
  }

  rooted(p: ExportProcess): void {
    p.isRoot = true;
    this.root = p;
  }

  mem(r: Reading): void {
    this.openTick(r.bytes, r.time);
    const tree = this.run.summary.memScope.childrenIncluded;
    this.emit(r, this.root ?? this.firstRoot, tree ? 'tree' : 'process', true);
  }

  sample(p: ExportProcess, r: Reading): void {
    p.sampled = true;
    if (p.isRoot) return;
    this.childSum += r.bytes;
    this.emit(r, p, 'process', false);
  }

  ended(): void {}

  func(f: FuncBracket): void {
    this.events.func(f);
  }

  pace(_p: PaceChange): void {}

  period(_p: PeriodChange): void {}

  /** Once every line is in: the last tick closes. */
  finish(): void {
    this.endTick();
  }

  private emit(r: Reading, p: ProcessMeta | null, scope: SampleScope, isRoot: boolean): void {
    const row = this.row;
    row.time = r.time;
    row.seconds = r.time - this.run.summary.startTime;
    row.bytes = r.bytes;
    row.scope = scope;
    row.isRoot = isRoot;
    row.pid = p?.pid ?? null;
    row.key = p?.key ?? 'main';
    row.ppid = p?.ppid ?? null;
    row.command = p?.command ?? (isRoot ? this.run.facts.command : null);
    const unread = p?.unread;
    row.metric = unread && r.time >= unread.since ? 'rss' : this.run.summary.metric;
    this.events.sample(row);
  }

  protected tickClosed(): void {
    const tree = this.run.summary.memScope.childrenIncluded;
    const total = tree ? this.memBytes : this.memBytes + this.childSum;
    this.events.tick(this.memTime, total, tree ? this.memBytes - this.childSum : this.memBytes);
  }
}

/**
 * One more pass over an input whose first pass is done: each kept run's lines go to the events `eventsOf`
 * gives it (null: the run is not read again), runs the first pass did not keep go nowhere.
 */
export function exportPass(input: PlotInput, eventsOf: (run: ScannedRun, index: number) => SampleEvents | null): void {
  const byOrdinal = new Map(input.runs.map((s, i) => [s.stats.ordinal, { s, i }]));
  const stores: ExportStore[] = [];
  let ordinal = 0;
  input.read(() => {
    const kept = byOrdinal.get(ordinal++);
    const events = kept ? eventsOf(kept.s, kept.i) : null;
    const store = new ExportStore(kept?.s ?? input.runs[0]!, events ?? ignored);
    stores.push(store);
    return store as SampleStore<ProcessMeta>;
  });
  for (const store of stores) store.finish();
}

const ignored: SampleEvents = { sample: () => undefined, tick: () => undefined, func: () => undefined };
