import type { SampleStore } from '../format/run-builder.js';
import { type ReadOptions, streamRecording } from '../format/stream.js';
import type { ProcessMeta, Reading, Recording } from '../format/types.js';
import type { Span } from './reduce-stretches.js';
import { HeapStack, type HeapStackView } from './heap-stack.js';
import { LineReducer, WindowPeak, type Reduction } from './line-reducer.js';
import type { MprofChildren } from './mem-scope.js';
import { cadenceFrom, GapMedian, type ReadingCadence } from './pace.js';
import type { LineKind, PlotDataOptions, PlotLine, PlotRun, Resolution, TimeWindow } from './plot-data.js';
import { PlotLinesStore, type CurveRole, type LineRouting } from './plot-lines.js';
import { curveChoices, planLines, ROOT_CURVE, type CurveChoice, type LinePlan } from './plot-plan.js';
import { groupingNeeded, groupsOf, planGroups, type GroupBy, type GroupPlan } from './plot-groups.js';
import { StackReducer, StackStore } from './plot-stack.js';
import { curveBuckets, ProcessCurves } from './process-curves.js';
import { assembleGroups, boundOver, type StackedRun } from './plot-group-run.js';
import { replayInto, replayRecording } from './replay.js';
import { RunStats, type ProcessStats } from './run-stats.js';
import { summaryOf, type RunFacts } from './summarize-run.js';
import type { RunSummary } from './summary.js';

/** The first pass keeps, besides a summary's running figures, the MEM spacing that stands for mprof's period. */
export class PlotScan extends RunStats {
  readonly gaps = new GapMedian();

  /** `ordinal`: the place of its run among every run the file's decoder began, kept or not. */
  constructor(readonly ordinal: number) {
    super();
  }

  override mem(r: Reading): void {
    super.mem(r);
    this.gaps.add(r.time);
  }
}

/** A run after the first pass: its facts, figures and summary (the one definition of duration and peaks). */
export interface ScannedRun {
  facts: RunFacts;
  stats: PlotScan;
  summary: RunSummary;
}

/**
 * Runs that can be read again: `read` hands each run's lines, in file order, to a store from `newStore`,
 * called once for every run the decoder begins (so the n-th call is the run whose PlotScan has ordinal n).
 */
export interface PlotInput {
  runs: ScannedRun[];
  read(newStore: () => SampleStore<ProcessMeta>): void;
}

/** A decoded recording as an input: its first pass done by replaying it, and replayed again for each pass. */
export function recordingInput(rec: Recording, children: MprofChildren): PlotInput {
  const { facts, stats } = replayRecording(rec, new PlotScan(0));
  const summary = summaryOf(facts, stats, { file: rec.file, run: 1, runs: 1, warnings: rec.warnings }, children);
  return { runs: [{ facts, stats, summary }], read: (newStore) => void replayInto(rec, newStore()) };
}

/**
 * A chart's lines for the runs of several inputs, each read once more (twice with a window, whose peaks
 * decide which curves are drawn) after its first pass: memory grows with the processes and the chart's
 * buckets, never with the length of a file. `firstRun` numbers the first run (1 unless told).
 */
export function plotRuns(
  inputs: PlotInput[],
  options: PlotDataOptions,
  resolution: Resolution,
  firstRun = 1,
): PlotRun[] {
  const scanned = inputs.flatMap((input) => input.runs);
  const window = options.window;
  const ranks = window ? rankPass(inputs, window) : null;
  const prefix = (i: number): string => (options.prefixRun ? `${firstRun + i}: ` : '');
  const plans = scanned.map((s, i): RunPlan => {
    const choices = curveChoices(s.facts, s.stats, reading(s), ranks?.[i] ?? null, s.summary.ownSizes);
    // Without each process's own size there is nothing to stack: the chart is the total alone.
    const grouping = s.summary.ownSizes ? groupingOf(options, choices, scanned.length) : null;
    if (grouping === null) return { lines: planLines(choices, options.top, prefix(i)) };
    const { by, groups } = grouping;
    return { grouped: planGroups(choices, by, options.top, prefix(i), groups ?? groupsOf(choices, by)), by };
  });
  const geometry = resolution(scanned.map((s) => s.summary.durationSeconds));
  const heapKeys = scanned.map((s) => heapTarget(s.summary, options.heap ?? null));
  const curves = scanned.map((s) => (options.processCurves ? processCurves(s, geometry, window) : null));
  const drawn = drawPass(inputs, plans, window, geometry, { heapKeys, curves });
  return scanned.map((s, i) => {
    const plan = plans[i]!;
    const place = { run: firstRun + i, prefix: prefix(i) };
    const run =
      'lines' in plan
        ? assemble(s, plan.lines, drawn[i] as DrawnRun, place)
        : assembleGroups(s, plan, drawn[i] as StackedRun, place);
    const collected = curves[i];
    return collected ? { ...run, processCurves: collected.finish() } : run;
  });
}

/** Where the drawing pass keeps every process's coarse curve (`processCurves`), over the chart's span. */
function processCurves(s: ScannedRun, geometry: ReturnType<Resolution>, window: TimeWindow | null): ProcessCurves {
  const span = geometry?.span ?? { start: 0, end: Math.max(s.summary.durationSeconds, 1e-3) };
  return new ProcessCurves(span, curveBuckets(s.summary.processes.length), s.summary.startTime, window);
}

/** A run's plan: each process a line of its own, or processes summed into stacked groups. */
type RunPlan = { lines: LinePlan } | { grouped: GroupPlan; by: GroupBy };

/**
 * Whether (and how) a run's curves are grouped: as asked, or by program when `auto` finds it needed (with
 * the groups it found, so that they are not made twice).
 */
function groupingOf(
  options: PlotDataOptions,
  choices: CurveChoice[],
  runs: number,
): { by: GroupBy; groups: Map<string, CurveChoice[]> | null } | null {
  const asked = options.groupBy ?? null;
  if (asked !== 'auto') return asked === null ? null : { by: asked, groups: null };
  // The heap view splits one process's own line: the chart keeps a line per process.
  if (options.heap || runs !== 1) return null;
  const groups = groupsOf(choices, 'program');
  return groupingNeeded(choices, options.top, groups) ? { by: 'program', groups } : null;
}

const reading = (s: ScannedRun): 0 | 1 => (s.summary.memScope.childrenIncluded ? 1 : 0);

function cadenceOf(s: ScannedRun): ReadingCadence {
  const header = s.facts.header?.intervalSeconds ?? 0;
  return cadenceFrom(header, () => s.stats.gaps.median(), s.stats, s.summary.startTime);
}

/** One more pass over every input, each kept run's lines going to the store `storeOf` makes for it. */
function passOver(inputs: PlotInput[], storeOf: (s: ScannedRun, i: number) => PassStore): void {
  let first = 0;
  for (const input of inputs) {
    const byOrdinal = new Map(input.runs.map((s, k) => [s.stats.ordinal, { s, i: first + k }]));
    const stores: PassStore[] = [];
    let ordinal = 0;
    input.read(() => {
      const run = byOrdinal.get(ordinal++);
      // A run the first pass did not keep holds no sample: its lines go nowhere.
      const store = run ? storeOf(run.s, run.i) : new PlotLinesStore(nowhere);
      stores.push(store);
      return store as SampleStore<ProcessMeta>;
    });
    for (const store of stores) store.finish();
    first += input.runs.length;
  }
}

/** A second pass's store: the lines of a run, or its stacked groups. */
type PassStore = (PlotLinesStore | StackStore) & { finish(): void };

const nowhere: LineRouting = {
  t0: 0,
  window: null,
  childrenIncluded: false,
  roleOf: () => null,
  rootRole: null,
  total: null,
  others: null,
};

/** Each curve's peak inside the window, by key (the main process's own curve as ROOT_CURVE). */
function rankPass(inputs: PlotInput[], window: TimeWindow): Array<Map<string, WindowPeak>> {
  const ranks: Array<Map<string, WindowPeak>> = [];
  passOver(inputs, (s, i) => {
    const peaks = new Map<string, WindowPeak>();
    ranks[i] = peaks;
    const peakOf = (key: string): WindowPeak => {
      const peak = new WindowPeak();
      peaks.set(key, peak);
      return peak;
    };
    return new PlotLinesStore({
      t0: s.summary.startTime,
      window,
      childrenIncluded: s.summary.memScope.childrenIncluded,
      roleOf: peakOf,
      rootRole: peakOf(ROOT_CURVE),
      total: null,
      others: null,
    });
  });
  return ranks;
}

/** What the drawing pass gives of one run. */
interface DrawnRun {
  store: PlotLinesStore;
  lines: Map<string, LineReducer>;
  others: LineReducer | null;
  total: LineReducer | null;
  heapStack: HeapStack | null;
}

/**
 * `plot --heap`: the probed process whose RSS the heap view splits, by pid, or by default the one with the
 * highest RSS peak; null when the run has none (or not that pid).
 */
function heapTarget(summary: RunSummary, heap: number | 'auto' | null): string | null {
  const probed = summary.node?.processes ?? [];
  if (heap === null || probed.length === 0) return null;
  if (heap !== 'auto') return probed.find((p) => p.pid === heap)?.key ?? null;
  let best = probed[0]!;
  for (const p of probed) if ((p.peakBytes ?? 0) > (best.peakBytes ?? 0)) best = p;
  return best.key;
}

/** Per run, what the drawing pass also collects: the process split by --heap, every process's curve. */
interface PassExtras {
  heapKeys: Array<string | null>;
  curves: Array<ProcessCurves | null>;
}

function drawPass(
  inputs: PlotInput[],
  plans: RunPlan[],
  window: TimeWindow | null,
  geometry: { span: Span; buckets: number } | null,
  extras: PassExtras,
): Array<DrawnRun | StackedRun> {
  const drawn: Array<DrawnRun | StackedRun> = [];
  passOver(inputs, (s, i) => {
    const reduction: Reduction = {
      span: geometry?.span ?? { start: 0, end: 1 },
      buckets: geometry?.buckets ?? Infinity,
      cadence: cadenceOf(s),
    };
    const plan = plans[i]!;
    if ('grouped' in plan) {
      const reducer = new StackReducer(reduction.span, reduction.buckets);
      const store = stackStore(s, plan.grouped, window, reducer, extras.curves[i] ?? null);
      drawn[i] = { store, reducer };
      return store;
    }
    const lines = new Map(plan.lines.shown.map((c) => [c.key, new LineReducer(reduction)]));
    const folded = new Set(plan.lines.folded.map((c) => c.key));
    const roleOf = (key: string): CurveRole => lines.get(key) ?? (folded.has(key) ? 'folded' : null);
    const others = folded.size > 0 ? new LineReducer(reduction) : null;
    const total = s.summary.coversTree ? new LineReducer(reduction) : null;
    const heapKey = extras.heapKeys[i] ?? null;
    const buckets = Number.isFinite(reduction.buckets) ? reduction.buckets : 380;
    const heapStack = heapKey === null ? null : new HeapStack(heapKey, reduction.span, buckets);
    const store = new PlotLinesStore({
      t0: s.summary.startTime,
      window,
      childrenIncluded: s.summary.memScope.childrenIncluded,
      roleOf,
      rootRole: roleOf(ROOT_CURVE),
      total,
      others,
      heapStack,
      curves: extras.curves[i] ?? null,
    });
    drawn[i] = { store, lines, others, total, heapStack };
    return store;
  });
  return drawn;
}

/** Layer 0 the main process, then each group, then "others": every descendant drawn goes to one of them. */
function stackStore(
  s: ScannedRun,
  plan: GroupPlan,
  window: TimeWindow | null,
  reducer: StackReducer,
  curves: ProcessCurves | null,
): StackStore {
  const layerOf = new Map<string, number>();
  plan.groups.forEach((g, i) => {
    for (const m of g.members) layerOf.set(m.key, 1 + i);
  });
  for (const g of plan.folded) for (const m of g.members) layerOf.set(m.key, 1 + plan.groups.length);
  const routing = {
    t0: s.summary.startTime,
    window,
    childrenIncluded: s.summary.memScope.childrenIncluded,
    layers: 1 + plan.groups.length + (plan.folded.length > 0 ? 1 : 0),
    layerOf: (key: string) => layerOf.get(key) ?? null,
    curves,
  };
  return new StackStore(routing, reducer);
}

function assemble(s: ScannedRun, plan: LinePlan, drawn: DrawnRun, place: { run: number; prefix: string }): PlotRun {
  const { summary, facts } = s;
  const { run, prefix } = place;
  const stepped = summary.metric !== 'rss';
  const lineOf = (reducer: LineReducer, kind: LineKind, extra: Partial<PlotLine> & { id: string }): PlotLine => {
    const r = reducer.finish();
    return {
      kind,
      run,
      pid: null,
      command: null,
      series: r.series,
      peak: r.peak ? { ...r.peak, index: r.series.t.indexOf(r.peak.time) } : null,
      hwmBytes: null,
      processes: 1,
      breaks: r.breaks,
      stepped,
      trend: r.trend,
      ...extra,
    };
  };
  const lines = plan.shown.map((c) =>
    lineOf(drawn.lines.get(c.key)!, 'process', { id: c.id, pid: c.pid, command: c.command, hwmBytes: c.hwmBytes }),
  );
  if (drawn.others) {
    const id = `${prefix}others (${plan.folded.length} processes)`;
    lines.push(lineOf(drawn.others, 'others', { id, processes: plan.folded.length }));
  }
  const total = drawn.total
    ? lineOf(drawn.total, 'total', { id: `${prefix}total`, command: facts.command, processes: plan.curves })
    : null;
  const usableTotal = total && total.series.t.length > 0 ? total : null;
  return {
    run,
    file: summary.file,
    command: facts.command,
    metric: summary.metric,
    memScope: summary.memScope,
    lines,
    total: usableTotal,
    peakLine: usableTotal ?? lines.find((l) => l.kind === 'process') ?? null,
    upperBoundBytes: usableTotal ? boundOver(summary.peakTotalUpperBoundBytes, usableTotal) : null,
    funcs: drawn.store.funcs,
    processCount: plan.curves,
    folded: plan.folded.length,
    duration: summary.durationSeconds,
    pace: summary.pace,
    summary,
    ...(drawn.heapStack ? { heap: heapView(drawn.heapStack, summary) } : {}),
    period: summary.period,
  };
}

function heapView(stack: HeapStack, summary: RunSummary): HeapStackView {
  const p = summary.node?.processes.find((h) => h.key === stack.key);
  return stack.finish(p?.pid ?? null, p?.command ?? null);
}

/**
 * A recording file as an input, its first pass done: read once now and again for each later pass (so not
 * standard input, which the caller first copies to a file; `name` is how reports name it). Warnings are the
 * first pass's.
 */
export function fileInput(file: string, children: MprofChildren, name = file, read: ReadOptions = {}): PlotInput {
  let ordinal = 0;
  const first = streamRecording<ProcessStats, PlotScan>(file, () => new PlotScan(ordinal++), read);
  const { runs, warnings } = first;
  const scanned = runs.map((run, i): ScannedRun => {
    run.store.finish();
    const summary = summaryOf(run, run.store, { file: name, run: i + 1, runs: runs.length, warnings }, children);
    return { facts: run, stats: run.store, summary };
  });
  return { runs: scanned, read: (newStore) => void streamRecording(file, newStore, { ...read, limit: first.bytes }) };
}
