import type { SampleStore } from '../format/run-builder.js';
import type { FuncBracket, PaceChange, PeriodChange, ProcessMeta, Reading, Series } from '../format/types.js';
import type { Span } from './reduce-stretches.js';
import type { CoarseCurve, ProcessCurves } from './process-curves.js';
import { ROOT_CURVE } from './plot-plan.js';
import { TickFrame } from './tick-frame.js';
import { insideWindow, type TimeWindow, windowedFunc } from './time-window.js';

/** The layers of a stacked chart, tick by tick: every layer's value at the same times. */
export interface StackedSeries {
  t: number[];
  /** One array per layer, aligned with `t`. */
  layers: number[][];
}

interface KeptTick {
  t: number;
  total: number;
  values: Float64Array;
}

/**
 * A stacked chart's ticks reduced as they come, in memory bounded by the bucket count: in each bucket the
 * tick of the lowest and of the highest total (in time order), plus the first and the last tick. Every layer
 * keeps the same ticks, so the stack's top is the total at each of them and the total's peak is kept.
 */
export class StackReducer {
  /** Per bucket, the kept tick of the lowest and of the highest total. */
  private readonly lows: Array<KeptTick | undefined>;
  private readonly highs: Array<KeptTick | undefined>;
  private first: KeptTick | null = null;
  /** The latest tick, kept in place (a copy is made only of ticks that are kept): most ticks are not. */
  private lastT = NaN;
  private lastTotal = 0;
  private lastValues: Float64Array | null = null;
  /** The latest tick's own object when it was kept, so that it is not kept twice. */
  private lastKept: KeptTick | null = null;
  private readonly all: KeptTick[] = [];

  constructor(
    private readonly span: Span,
    private readonly buckets: number,
  ) {
    const n = Number.isFinite(buckets) ? buckets : 0;
    this.lows = new Array<KeptTick | undefined>(n).fill(undefined);
    this.highs = new Array<KeptTick | undefined>(n).fill(undefined);
  }

  push(t: number, values: Float64Array): void {
    let total = 0;
    for (let i = 0; i < values.length; i++) total += values[i]!;
    if (!Number.isFinite(this.buckets)) {
      const tick = { t, total, values: Float64Array.from(values) };
      this.first ??= tick;
      this.all.push(tick);
      return;
    }
    const width = this.span.end - this.span.start;
    const raw = width > 0 ? Math.floor(((t - this.span.start) / width) * this.buckets) : 0;
    const bucket = Math.min(Math.max(raw, 0), this.buckets - 1);
    const low = this.lows[bucket];
    const high = this.highs[bucket];
    const isLow = low === undefined || total < low.total;
    const isHigh = high === undefined || total > high.total;
    this.lastT = t;
    this.lastTotal = total;
    if (this.lastValues === null || this.lastValues.length !== values.length)
      this.lastValues = new Float64Array(values.length);
    this.lastValues.set(values);
    this.lastKept = null;
    if (!isLow && !isHigh && this.first !== null) return;
    const tick = { t, total, values: Float64Array.from(values) };
    this.lastKept = tick;
    this.first ??= tick;
    if (isLow) this.lows[bucket] = tick;
    if (isHigh) this.highs[bucket] = tick;
  }

  finish(layers: number): StackedSeries {
    const kept = Number.isFinite(this.buckets) ? this.keptTicks() : this.all;
    return {
      t: kept.map((k) => k.t),
      layers: Array.from({ length: layers }, (_, i) => kept.map((k) => k.values[i]!)),
    };
  }

  private keptTicks(): KeptTick[] {
    const ticks = new Set<KeptTick>();
    if (this.first) ticks.add(this.first);
    for (const k of this.lows) if (k) ticks.add(k);
    for (const k of this.highs) if (k) ticks.add(k);
    if (this.lastKept) ticks.add(this.lastKept);
    else if (this.lastValues !== null) ticks.add({ t: this.lastT, total: this.lastTotal, values: this.lastValues });
    // Stable: ticks of one time keep the order they came in.
    return [...ticks].sort((a, b) => a.t - b.t);
  }
}

/** Where a grouped chart's samples go: the layer of each descendant by its key (layer 0 is the main process). */
export interface StackRouting {
  t0: number;
  window: TimeWindow | null;
  /** Whether MEM holds the whole tree (then the main process's own value is MEM minus the descendants). */
  childrenIncluded: boolean;
  layers: number;
  /** A descendant's layer; null for one that is not drawn (no point inside the window). */
  layerOf(key: string): number | null;
  /** Every process's coarse curve, the main process's own as ROOT_CURVE (the HTML report); null: none. */
  curves?: ProcessCurves | null;
}

interface StackProcess extends ProcessMeta {
  layer: number | null;
  isRoot: boolean;
  sampled: boolean;
  curve: CoarseCurve | null;
}

/**
 * A grouped chart's layers from the samples as the file is read: each tick (a MEM line and the samples after
 * it, as TickTotals defines it) adds every descendant's sample to its layer's sum, and the main process's own
 * memory is layer 0, so the layers add up to the tick's total.
 */
export class StackStore extends TickFrame implements SampleStore<StackProcess> {
  readonly funcs: FuncBracket[] = [];
  private readonly sums: Float64Array;
  private readonly rootCurve: CoarseCurve | null;

  constructor(
    private readonly routing: StackRouting,
    private readonly reducer: StackReducer,
  ) {
    super();
    this.sums = new Float64Array(routing.layers);
    this.rootCurve = routing.curves?.open(ROOT_CURVE) ?? null;
  }

  newProcess(meta: ProcessMeta): StackProcess {
    // Every field from the start, none by spreading (see RunStats.newProcess): a spread per process is slow.
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
      layer: this.routing.layerOf(meta.key),
      isRoot: false,
      sampled: false,
      curve: this.routing.curves?.open(meta.key) ?? null,
    };
  }

  hasSamples(p: StackProcess): boolean {
    return p.sampled;
  }

  rooted(p: StackProcess): void {
    p.isRoot = true;
    p.layer = null;
    p.curve = null;
  }

  mem(r: Reading): void {
    this.openTick(r.bytes, r.time);
  }

  sample(p: StackProcess, r: Reading): void {
    p.sampled = true;
    if (p.isRoot) return;
    this.childSum += r.bytes;
    if (p.layer !== null) this.sums[p.layer]! += r.bytes;
    if (p.curve !== null) this.routing.curves!.add(p.curve, r.time, r.bytes);
  }

  ended(): void {}

  func(f: FuncBracket): void {
    const inside = windowedFunc(f, this.routing.t0, this.routing.window);
    if (inside) this.funcs.push(inside);
  }

  pace(_p: PaceChange): void {}

  period(_p: PeriodChange): void {}

  finish(): void {
    this.endTick();
  }

  protected tickClosed(): void {
    const { childrenIncluded, t0, window } = this.routing;
    const t = this.memTime - t0;
    // Under -C the main process's own size is MEM minus the descendants; the skew of one tick may make it
    // a little negative, and a layer below zero would lift every layer above it.
    this.sums[0] = childrenIncluded ? Math.max(0, this.memBytes - this.childSum) : this.memBytes;
    if (this.rootCurve !== null) this.routing.curves!.add(this.rootCurve, this.memTime, this.sums[0]);
    if (insideWindow(t, window)) this.reducer.push(t, this.sums);
    this.sums.fill(0);
  }
}

/** One layer's series out of a stack, for a chart line. */
export function layerSeries(stack: StackedSeries, layer: number): Series {
  return { t: stack.t, v: stack.layers[layer]! };
}
