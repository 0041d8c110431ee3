import { trendOf } from '../analysis/line-reducer.js';
import type { LineKind, PlotLine, PlotRun, TimeWindow } from '../analysis/plot-data.js';
import type { Series } from '../format/types.js';
import { truncate } from '../analysis/plot-labels.js';
import { reduceStretches, type Span } from '../analysis/reduce-stretches.js';
import { formatBytes, formatRate, formatSeconds, MiB } from '../units.js';

/** Tableau 20 without its greys (others is grey, the total near-black), the strong half first. */
export const PROCESS_COLOURS = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#a0cbe8',
  '#ffbe7d',
  '#8cd17d',
  '#f1ce63',
  '#86bcb6',
  '#ff9d9a',
  '#d4a6c8',
  '#d7b5a6',
  '#499894',
  '#d37295',
  '#b6992d',
];
const KIND_COLOURS: Record<string, string> = { total: '#1b1b1b', others: '#9a9a9a', trend: '#5a5a5a' };
const RUN_DASHES: number[][] = [[], [8, 4], [2, 3], [12, 3, 2, 3]];

type Kind = LineKind | 'trend';

/** What a legend entry and a tooltip say about one line. */
export interface LineMeta {
  i: number;
  legend: string;
  id: string;
  kind: Kind;
  run: number;
  /** '' for the total and "others", which are no single process. */
  pid: number | '';
  /** For "others" and the total: how many processes they add up. */
  members: string;
  command: string;
  peak: string;
  hwm: string;
  dash: string;
  /** vega-lite's interpolation: steps for a paced metric (a reading holds until the next), else straight. */
  interpolate: 'linear' | 'step-after';
  /** A layer of a grouped chart: drawn as an area on the layers before it, so the top is the total. */
  stacked: boolean;
}

/** Everything the chart draws, reduced and in the axis units (MiB, seconds). */
export interface ChartData {
  /**
   * `s` numbers the stretch of readings a point belongs to: a line is never drawn from one stretch to the
   * next. `a` is 1 on a reading alone in its stretch, which the line layers leave out (it is a dot). A
   * stacked layer's points also have `b`, the top of the layers below (its area spans b to y), and `o`, the
   * layer's own value.
   */
  points: Array<{ i: number; t: number; y: number; s: number; a?: 1; b?: number; o?: number }>;
  /** Readings drawn as dots: alone in their stretch, or on a stepped line far enough from its neighbours to be seen. */
  dots: Array<{ t: number; y: number; colour: string }>;
  meta: LineMeta[];
  /** The annotated peaks; with several runs only the highest carries its text (the legend has the rest). */
  peaks: Array<{ t: number; y: number; text: string; align: 'left' | 'right' }>;
  /** First and last sample of each process line: where the process was first and last seen. */
  ends: Array<{ t: number; y: number; colour: string }>;
  /** mprof FUNC brackets (@profile): when a function ran, at which nesting level. */
  /** mprof's FUNC brackets: `label` is the name with the call's duration. */
  funcs: Array<{ name: string; label: string; start: number; end: number; level: number }>;
  /** `--heap`: a Node process's RSS as stacked bands (MiB), `order` 0 at the bottom; `title` names the process. */
  heap: { title: string; bands: Array<{ t: number; band: string; order: number; y: number }> } | null;
  /** Phase markers (MARK lines) inside the x range: a rule at `t` with its label; `row` staggers the labels. */
  marks: Array<{ t: number; label: string; row: number; when: string }>;
  x: [number, number];
  yMax: number;
  colours: { domain: string[]; range: string[] };
  dashes: { domain: string[]; range: number[][] };
}

const mib = (bytes: number): number => Math.round((bytes / MiB) * 1e6) / 1e6;

/** `pid command · peak · HWM`: the legend's title names the columns. */
function legendText(line: PlotLine): string {
  const peak = line.peak ? ` · ${formatBytes(line.peak.bytes)}` : '';
  const hwm = line.hwmBytes !== null ? ` · HWM ${formatBytes(line.hwmBytes)}` : '';
  return truncate(line.id, 52) + peak + hwm;
}

function dashKey(kind: Kind, run: number, overlay: boolean): string {
  return overlay ? `run ${run}${kind === 'trend' ? ' trend' : ''}` : kind;
}

/** The x range: the window when given, else 0 to the longest run. */
export function xDomain(runs: PlotRun[], window: TimeWindow | null): [number, number] {
  return xRange(
    runs.map((r) => r.duration),
    window,
  );
}

/** xDomain from the runs' durations alone: known after a first pass, before any line is built. */
export function xRange(durations: number[], window: TimeWindow | null): [number, number] {
  const longest = durations.reduce((a, b) => Math.max(a, b), 0);
  const start = window?.start ?? 0;
  const end = window && Number.isFinite(window.end) ? window.end : longest;
  return [start, Math.max(end, start + 1e-3)];
}

interface DrawnLine {
  line: PlotLine;
  kind: Kind;
  stacked?: boolean;
}

/** Lines in drawing order (processes, others, then each total on top), with their legend metadata. */
function allLines(runs: PlotRun[], slope: boolean): DrawnLine[] {
  const out: DrawnLine[] = [];
  for (const run of runs) {
    const grouped = (run.groupedBy ?? null) !== null;
    for (const line of run.lines) out.push({ line, kind: line.kind, stacked: grouped && line.kind !== 'total' });
  }
  for (const run of runs) if (run.total) out.push({ line: run.total, kind: 'total' });
  if (slope) for (const run of runs) out.push(...trendLine(run));
  return out;
}

/** `--slope`: the least-squares line through the total (or the main process), from its first to last sample. */
function trendLine(run: PlotRun): DrawnLine[] {
  const base = run.peakLine;
  const fit = base ? trendOf(base.trend) : null;
  if (!base || !fit) return [];
  const t = [base.series.t[0]!, base.series.t.at(-1)!];
  const v = t.map((x) => fit.intercept + fit.slope * x);
  const id = `${base.id} trend ${formatRate(fit.slope)}`;
  const trend: PlotLine = { ...base, id, series: { t, v }, peak: null, hwmBytes: null, breaks: [], stepped: false };
  return [{ line: trend, kind: 'trend' }];
}

/** Reduce every line to about `buckets` min/max pairs over the shared x range and collect what the spec needs. */
export function buildChartData(
  runs: PlotRun[],
  options: { buckets: number; window: TimeWindow | null; slope: boolean; functions: boolean },
): ChartData {
  const overlay = runs.length > 1;
  const x = xDomain(runs, options.window);
  const span: Span = { start: x[0], end: x[1] };
  const lines = allLines(runs, options.slope);
  const meta: LineMeta[] = lines.map(({ line, kind, stacked }, i) => ({
    i,
    legend: kind === 'trend' ? line.id : legendText(line),
    id: line.id,
    kind,
    run: line.run,
    pid: line.pid ?? '',
    members: kind === 'process' || kind === 'trend' ? '' : `${line.processes} processes`,
    command: line.command ?? '',
    peak: line.peak ? `${formatBytes(line.peak.bytes)} at ${formatSeconds(line.peak.time)}` : '',
    hwm: line.hwmBytes !== null ? formatBytes(line.hwmBytes) : '',
    dash: dashKey(kind, line.run, overlay),
    interpolate: line.stepped ? 'step-after' : 'linear',
    stacked: stacked === true,
  }));
  const top = Math.max(0, ...lines.map(({ line }) => line.peak?.bytes ?? 0));
  const dashDomain = [...new Set(meta.map((m) => m.dash))];
  const colours = meta.map((m) => colourOf(m, meta));
  const { points, dots } = linePoints(lines, colours, options.buckets, span);
  return {
    points,
    dots,
    meta,
    peaks: peakMarks(runs, x),
    x,
    yMax: Math.max(mib(top) * 1.12, 1),
    ends: lines.flatMap(({ line, kind }, i) => (kind === 'process' ? endsOf(line, colours[i]!) : [])),
    funcs: options.functions
      ? runs
          .flatMap((r) => r.funcs)
          .map((f) => ({
            name: f.name,
            label: `${f.name} ${formatSeconds(f.end - f.start)}`,
            start: f.start,
            end: f.end,
            level: f.level ?? 0,
          }))
      : [],
    colours: { domain: meta.map((m) => m.legend), range: colours },
    dashes: { domain: dashDomain, range: dashDomain.map((d) => dashOf(d)) },
    marks: chartMarks(runs, x),
    heap: heapBands(runs),
  };
}

/** The heap view's bands, bottom to top, as they are named in its legend. */
export const HEAP_BANDS = ['heap used', 'external (Buffers)', 'rest of RSS'] as const;

/** The first run's heap view (`plot --heap`) as bands to stack, or null. */
function heapBands(runs: PlotRun[]): ChartData['heap'] {
  const view = runs.find((r) => r.heap)?.heap;
  if (!view) return null;
  const bands = view.points.flatMap((p) =>
    [p.heapUsed, p.external, p.rest].map((bytes, order) => ({
      t: p.t,
      band: HEAP_BANDS[order]!,
      order,
      y: mib(bytes),
    })),
  );
  const label = truncate(`${view.pid ?? ''} ${view.command ?? ''}`.trim(), 52);
  return { title: `heap view: ${label}`, bands };
}

/** Every run's markers inside the x range, run-prefixed when several runs are overlaid. */
export function chartMarks(runs: PlotRun[], x: [number, number]): ChartData['marks'] {
  const marks = runs.flatMap((r) =>
    r.summary.marks.map((m) => ({ t: m.atSeconds, label: runs.length > 1 ? `${r.run}: ${m.label}` : m.label })),
  );
  return marks
    .filter((m) => m.t >= x[0] && m.t <= x[1])
    .sort((a, b) => a.t - b.t)
    .map((m, k) => ({ ...m, row: k % 3, when: formatSeconds(m.t) }));
}

/** Readings on a stepped line this many buckets (about 2 px each) from both neighbours get a dot of their own. */
const DOT_BUCKETS = 3;

/** Each line's stretches reduced together (sharing bucket edges), with the dots its sparse readings get. */
function linePoints(
  lines: DrawnLine[],
  colours: string[],
  buckets: number,
  span: Span,
): Pick<ChartData, 'points' | 'dots'> {
  const drawn: Pick<ChartData, 'points' | 'dots'> = { points: [], dots: [] };
  const apart = (DOT_BUCKETS * (span.end - span.start)) / Math.max(buckets, 1);
  const bases = new Map<number, number[]>();
  let s = 0;
  lines.forEach(({ line, stacked }, i) => {
    if (stacked) {
      drawn.points.push(...stackedPoints(line, i, s++, bases));
      return;
    }
    const { series, breaks } = reduceStretches(line.series, line.breaks, buckets, span);
    let from = 0;
    for (const to of [...breaks, series.t.length]) {
      if (to === from) continue;
      stretchPoints(drawn, series, [from, to], {
        i,
        s: s++,
        colour: colours[i]!,
        dotApart: line.stepped ? apart : null,
      });
      from = to;
    }
  });
  return drawn;
}

/**
 * The points of one stretch, series[from, to), of line `i`. A lone reading draws no line: it is marked `a`,
 * left out of the line layers, and drawn as a dot, as is a stepped line's reading `dotApart` from both neighbours.
 */
function stretchPoints(
  drawn: Pick<ChartData, 'points' | 'dots'>,
  { t, v }: Series,
  [from, to]: [number, number],
  line: { i: number; s: number; colour: string; dotApart: number | null },
): void {
  const alone = to - from === 1;
  const { dotApart } = line;
  for (let k = from; k < to; k++) {
    const point = { t: t[k]!, y: mib(v[k]!) };
    drawn.points.push(alone ? { i: line.i, ...point, s: line.s, a: 1 } : { i: line.i, ...point, s: line.s });
    const before = k > from ? t[k - 1]! : -Infinity;
    const after = k + 1 < to ? t[k + 1]! : Infinity;
    const farFromBoth = dotApart !== null && t[k]! - before >= dotApart && after - t[k]! >= dotApart;
    if (alone || farFromBoth) drawn.dots.push({ ...point, colour: line.colour });
  }
}

/**
 * A stacked layer's points as they are (the stack was reduced as a whole, each layer at the same ticks), each
 * on the layers of its run drawn before it: `bases` holds each run's running top, tick by tick.
 */
function stackedPoints(line: PlotLine, i: number, s: number, bases: Map<number, number[]>): ChartData['points'] {
  const { t, v } = line.series;
  const base = bases.get(line.run) ?? new Array<number>(t.length).fill(0);
  bases.set(line.run, base);
  return t.map((time, k) => {
    const b = base[k]!;
    base[k] = b + v[k]!;
    return { i, t: time, y: mib(base[k]!), s, b: mib(b), o: mib(v[k]!) };
  });
}

function endsOf(line: PlotLine, colour: string): ChartData['ends'] {
  const { t, v } = line.series;
  if (t.length === 0) return [];
  const first = { t: t[0]!, y: mib(v[0]!), colour };
  return t.length === 1 ? [first] : [first, { t: t.at(-1)!, y: mib(v.at(-1)!), colour }];
}

function colourOf(m: LineMeta, meta: LineMeta[]): string {
  const fixed = KIND_COLOURS[m.kind];
  if (fixed) return fixed;
  const n = meta.filter((o) => (o.kind === 'process' || o.kind === 'group') && o.i < m.i).length;
  return PROCESS_COLOURS[n % PROCESS_COLOURS.length]!;
}

function dashOf(key: string): number[] {
  if (key === 'trend' || key.endsWith(' trend')) return [6, 4];
  const run = /^run (\d+)$/.exec(key);
  return run ? RUN_DASHES[(Number(run[1]) - 1) % RUN_DASHES.length]! : [];
}

/** Each run's peak marked; the text on the highest only, as several labels at one spot would be unreadable. */
function peakMarks(runs: PlotRun[], x: [number, number]): ChartData['peaks'] {
  const marked = runs.filter((r) => r.peakLine?.peak);
  const highest = Math.max(...marked.map((r) => r.peakLine!.peak!.bytes));
  let labelled = false;
  return marked.map((run) => {
    const peak = run.peakLine!.peak!;
    const label = !labelled && peak.bytes === highest;
    labelled ||= label;
    const text = label
      ? `${runs.length > 1 ? `${run.run}: ` : ''}peak ${formatBytes(peak.bytes)} at ${formatSeconds(peak.time)}`
      : '';
    const right = peak.time > x[0] + (x[1] - x[0]) * 0.6;
    return { t: peak.time, y: mib(peak.bytes), text, align: right ? 'right' : 'left' };
  });
}
