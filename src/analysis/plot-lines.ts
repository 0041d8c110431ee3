import type { HeapFact, SampleStore } from '../format/run-builder.js';
import type { HeapStack } from './heap-stack.js';
import type { FuncBracket, PaceChange, PeriodChange, ProcessMeta, Reading } from '../format/types.js';
import { UNREAD_BYTES } from './curves.js';
import type { LineSink } from './line-reducer.js';
import type { CoarseCurve, ProcessCurves } from './process-curves.js';
import { ROOT_CURVE } from './plot-plan.js';
import { TickFrame } from './tick-frame.js';
import { insideWindow, type TimeWindow, windowedFunc } from './time-window.js';

/** What becomes of one curve's points: a line of its own, a share of "others", or nothing (not drawn). */
export type CurveRole = LineSink | 'folded' | null;

/** A process as the chart's second pass sees it: its metadata and where its samples go. */
export interface PlotProcess extends ProcessMeta {
  role: CurveRole;
  isRoot: boolean;
  sampled: boolean;
  /** Where its samples go besides its role (the HTML report's curve of every process); null: nowhere. */
  curve: CoarseCurve | null;
}

/** Where every curve of a run goes, decided from the first pass; times are shifted by `t0` and windowed. */
export interface LineRouting {
  t0: number;
  window: TimeWindow | null;
  /** Whether MEM holds the whole tree (then the main process's own curve is MEM minus the descendants). */
  childrenIncluded: boolean;
  /** The role of a descendant's curve, by its key, and of the main process's own curve. */
  roleOf(key: string): CurveRole;
  rootRole: CurveRole;
  total: LineSink | null;
  /** Where the sum of the folded curves goes, tick by tick (null: nothing is folded). */
  others: LineSink | null;
  /** `plot --heap`: the process whose RSS is split into its heap's bands. */
  heapStack?: HeapStack | null;
  /** Every process's coarse curve, the main process's own as ROOT_CURVE (the HTML report); null: none. */
  curves?: ProcessCurves | null;
}

/**
 * A run's chart lines from its samples as the file is read, in memory that does not grow with the file: the
 * drawn curves' points go to their sinks, and each tick, as TickTotals defines it (a MEM line and the samples
 * after it; samples before the first MEM belong to the first tick), gives the main process's own point, the
 * total and the folded curves' sum. The sum is drawn from the first tick a folded curve was read to the last,
 * 0 in between where none was (see sumPerTick): the ticks after the last one read are held back until known.
 */
export class PlotLinesStore extends TickFrame implements SampleStore<PlotProcess> {
  readonly funcs: FuncBracket[] = [];
  private othersSum = 0;
  private othersRead = false;
  private othersStarted = false;
  private readonly heldZeros: number[] = [];
  private rootKey: string | null = null;
  private readonly rootCurve: CoarseCurve | null;

  constructor(private readonly routing: LineRouting) {
    super();
    this.rootCurve = routing.curves?.open(ROOT_CURVE) ?? null;
  }

  newProcess(meta: ProcessMeta): PlotProcess {
    // Every field from the start, none by spreading (see RunStats.newProcess): the hot path reads `role`.
    return {
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
      role: this.routing.roleOf(meta.key),
      isRoot: false,
      sampled: false,
      curve: this.routing.curves?.open(meta.key) ?? null,
    };
  }

  hasSamples(p: PlotProcess): boolean {
    return p.sampled;
  }

  mem(r: Reading): void {
    this.openTick(r.bytes, r.time);
  }

  sample(p: PlotProcess, r: Reading): void {
    p.sampled = true;
    if (p.isRoot) return;
    const stack = this.routing.heapStack;
    if (stack && p.key === stack.key) stack.sample(r.time - this.routing.t0, r.bytes);
    if (p.curve !== null) this.routing.curves!.add(p.curve, r.time, r.bytes);
    this.childSum += r.bytes;
    const role = p.role;
    if (role === null) return;
    if (role === 'folded') {
      this.othersSum += r.bytes;
      this.othersRead = true;
    } else this.point(role, r.time, r.bytes);
  }

  ended(): void {}

  heap(p: PlotProcess, fact: HeapFact): void {
    const stack = this.routing.heapStack;
    if (stack && p.key === stack.key) stack.heap(fact.time - this.routing.t0, fact);
  }

  rooted(p: PlotProcess): void {
    p.isRoot = true;
    p.role = null;
    p.curve = null;
    this.rootKey = p.key;
  }

  func(f: FuncBracket): void {
    const inside = windowedFunc(f, this.routing.t0, this.routing.window);
    if (inside) this.funcs.push(inside);
  }

  pace(_p: PaceChange): void {}

  period(_p: PeriodChange): void {}

  finish(): void {
    this.endTick();
  }

  /** A point at epoch time `time`, given to the sink if it falls inside the window. */
  private point(sink: LineSink, time: number, bytes: number): void {
    const t = time - this.routing.t0;
    if (!insideWindow(t, this.routing.window)) return;
    sink.push(t, bytes);
  }

  protected tickClosed(): void {
    const { childrenIncluded, rootRole, total, others } = this.routing;
    const mem = this.memBytes;
    const time = this.memTime;
    if (total) this.point(total, time, childrenIncluded ? mem : mem + this.childSum);
    const own = childrenIncluded ? mem - this.childSum : mem;
    const stack = this.routing.heapStack;
    if (stack && stack.key === this.rootKey) stack.sample(time - this.routing.t0, own);
    const ownRead = !childrenIncluded || own >= UNREAD_BYTES;
    if (this.rootCurve !== null && ownRead) this.routing.curves!.add(this.rootCurve, time, own);
    if (rootRole !== null && ownRead) {
      if (rootRole === 'folded') {
        this.othersSum += own;
        this.othersRead = true;
      } else this.point(rootRole, time, own);
    }
    if (others) this.othersPoint(others, time);
    this.othersSum = 0;
    this.othersRead = false;
  }

  private othersPoint(others: LineSink, time: number): void {
    if (!this.othersRead) {
      if (this.othersStarted) this.heldZeros.push(time);
      return;
    }
    for (const zero of this.heldZeros) this.point(others, zero, 0);
    this.heldZeros.length = 0;
    this.othersStarted = true;
    this.point(others, time, this.othersSum);
  }
}
