import asciichart from 'asciichart';
import type { PlotLine, PlotRun } from '../analysis/plot-data.js';

import { formatBytes, formatSeconds, MiB } from '../units.js';
import { asciiMarks, markRows, paintMarks } from './ascii-marks.js';

export interface AsciiOptions {
  title: string;
  subtitle: string[];
  yTitle: string;
  x: [number, number];
  /** Terminal columns and chart rows. */
  columns: number;
  rows: number;
  colour: boolean;
}

const COLOURS = [
  asciichart.blue,
  asciichart.red,
  asciichart.green,
  asciichart.yellow,
  asciichart.magenta,
  asciichart.cyan,
  asciichart.lightblue,
  asciichart.lightred,
  asciichart.lightgreen,
  asciichart.lightyellow,
  asciichart.lightmagenta,
  asciichart.lightcyan,
];
/** Without colour, each curve but the total (drawn as a line) is drawn with a marker of its own. */
export const MARKERS = ['*', '+', 'o', 'x', '#', '@', '%', '&', '=', '~', '^', '$', '?', 'v'];
const OTHERS_MARKER = ':';
const LABEL_WIDTH = 9;
const format = (v: number): string => v.toFixed(1).padStart(LABEL_WIDTH);

/**
 * One value per chart column: the highest sample in the column (so peaks survive), held across columns
 * with no sample until the next reading (as a step), and undefined before the process started, after it
 * ended, and across a gap in its readings (see PlotLine.breaks).
 */
export function columnValues(line: PlotLine, x: [number, number], points: number): Array<number | undefined> {
  const out = new Array<number | undefined>(points).fill(undefined);
  const held = new Array<boolean>(points).fill(false);
  const step = (x[1] - x[0]) / Math.max(points - 1, 1);
  const { t, v } = line.series;
  const breaks = new Set(line.breaks);
  let previous: number | null = null;
  for (let i = 0; i < t.length; i++) {
    const p = Math.round((t[i]! - x[0]) / step);
    if (p >= 0 && p < points) out[p] = Math.max(out[p] ?? -Infinity, v[i]! / MiB);
    if (previous !== null && !breaks.has(i)) {
      for (let c = Math.max(previous + 1, 0); c < Math.min(p, points); c++) held[c] = true;
    }
    previous = p;
  }
  for (let p = 1; p < points; p++) if (held[p]) out[p] ??= out[p - 1];
  return out;
}

/** How many chart columns a terminal of `columns` characters holds beside the axis labels. */
export function asciiPoints(columns: number): number {
  return Math.max(10, columns - LABEL_WIDTH - 2);
}

/** The stretches [first, last] of consecutive defined columns. */
function definedRuns(values: Array<number | undefined>): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (let p = 0; p < values.length; p++) {
    if (values[p] === undefined) continue;
    if (runs.length > 0 && runs.at(-1)![1] === p - 1) runs.at(-1)![1] = p;
    else runs.push([p, p]);
  }
  return runs;
}

/**
 * asciichart cannot leave gaps: each line is drawn alone on the shared scale and only its stretches are
 * copied over.
 */
function drawLine(
  grid: string[][],
  values: Array<number | undefined>,
  cfg: { max: number; height: number },
  colour: string | undefined,
): void {
  const runs = definedRuns(values);
  if (runs.length === 0) return;
  // A column outside every stretch holds the value before it (or the first), so no vertical stroke is drawn into it.
  let fill = values[runs[0]![0]]!;
  const padded = values.map((y) => (fill = y ?? fill));
  const rows = asciichart.plot(padded, { min: 0, max: cfg.max, height: cfg.height, offset: 2, format }).split('\n');
  const paint = (r: number, col: number, ch: string) => {
    if (grid[r] && col < grid[r]!.length) grid[r]![col] = colour ? colour + ch + asciichart.reset : ch;
  };
  for (const [first, last] of runs) {
    if (first === last) {
      paint(rows.length - 1 - Math.round((padded[first]! * cfg.height) / cfg.max), first, '•');
      continue;
    }
    rows.forEach((text, r) => {
      for (let col = first; col < last; col++) {
        const ch = text[LABEL_WIDTH + 1 + col];
        if (ch !== undefined && ch !== ' ') paint(r, col, ch);
      }
    });
  }
}

/** A curve's values as markers, one in each column that has one, on the rows drawLine would use. */
function drawMarkers(
  grid: string[][],
  values: Array<number | undefined>,
  cfg: { max: number; height: number },
  marker: string,
): void {
  values.forEach((v, col) => {
    if (v === undefined) return;
    const row = cfg.height - Math.round((v * cfg.height) / cfg.max);
    if (grid[row] && col < grid[row]!.length) grid[row]![col] = marker;
  });
}

/**
 * A grouped run's layers as the terminal draws them: each on the layers before it (their running sum), so
 * the last one reaches the total, as the stacked areas of the SVG do.
 */
function stackedForDrawing(run: PlotRun): PlotLine[] {
  if (!run.groupedBy) return run.lines;
  let base: number[] | null = null;
  return run.lines.map((line) => {
    const below: number[] = base ?? new Array<number>(line.series.v.length).fill(0);
    const v = line.series.v.map((x, k) => x + below[k]!);
    base = v;
    return { ...line, series: { t: line.series.t, v } };
  });
}

function colourOf(line: PlotLine, index: number, colour: boolean): string | undefined {
  if (!colour) return undefined;
  if (line.kind === 'total') return '\x1b[1m';
  if (line.kind === 'others') return asciichart.darkgray;
  return COLOURS[index % COLOURS.length];
}

function markerOf(line: PlotLine, index: number): string {
  return line.kind === 'others' ? OTHERS_MARKER : MARKERS[index % MARKERS.length]!;
}

/** The run's peak under the chart, with its upper bound when the peak is the total's; none without a peak. */
function peakSentence(run: PlotRun, numbered: boolean): string[] {
  const line = run.peakLine;
  if (!line?.peak) return [];
  const which = numbered ? `${run.run}: ` : '';
  const upper = line === run.total ? run.upperBoundBytes : null;
  const bound = upper !== null ? `, at most ${formatBytes(upper)} by kernel high-water marks` : '';
  return [`${which}peak ${formatBytes(line.peak.bytes)} at ${formatSeconds(line.peak.time)} (${line.id})${bound}`];
}

/** A terminal chart: the per-process lines, the total drawn last (on top), then the legend. */
export function renderAscii(runs: PlotRun[], options: AsciiOptions): string {
  const points = asciiPoints(options.columns);
  const lines = [...runs.flatMap((r) => r.lines), ...runs.flatMap((r) => (r.total ? [r.total] : []))];
  const drawnLines = [...runs.flatMap(stackedForDrawing), ...runs.flatMap((r) => (r.total ? [r.total] : []))];
  const max = Math.max(1e-6, ...lines.map((l) => (l.peak?.bytes ?? 0) / MiB));
  const cfg = { max, height: options.rows };
  const axis = asciichart
    .plot(new Array<number>(points).fill(0), { min: 0, max, height: cfg.height, offset: 2, format })
    .split('\n');
  const grid = axis.map(() => new Array<string>(points - 1).fill(' '));
  let processIndex = 0;
  const legend: string[] = [];
  lines.forEach((line, n) => {
    const index = line.kind === 'process' || line.kind === 'group' ? processIndex++ : 0;
    const colour = colourOf(line, index, options.colour);
    const values = columnValues(drawnLines[n]!, options.x, points);
    const marker = options.colour || line.kind === 'total' ? null : markerOf(line, index);
    if (marker === null) drawLine(grid, values, cfg, colour);
    else drawMarkers(grid, values, cfg, marker);
    const mark = colour ? `${colour}──${asciichart.reset}` : marker === null ? '──' : ` ${marker}`;
    const hwm = line.hwmBytes !== null ? ` · HWM ${formatBytes(line.hwmBytes)}` : '';
    const peak = line.peak ? ` · peak ${formatBytes(line.peak.bytes)} at ${formatSeconds(line.peak.time)}` : '';
    legend.push(`  ${mark} ${line.id}${peak}${hwm}`);
  });
  const marks = asciiMarks(runs, options.x, points);
  paintMarks(grid, marks);
  const body = axis.map((text, r) => text.slice(0, LABEL_WIDTH + 1) + grid[r]!.join(''));
  const span = `${formatSeconds(options.x[0])}`.padEnd(points - 8) + formatSeconds(options.x[1]).padStart(8);
  return [
    options.title,
    ...options.subtitle,
    `${options.yTitle}`,
    ...body,
    `${' '.repeat(LABEL_WIDTH + 1)}${span}`,
    `${' '.repeat(LABEL_WIDTH + 1)}time since start`,
    ...markRows(marks, LABEL_WIDTH + 1, points),
    ...runs.flatMap((r) => peakSentence(r, runs.length > 1)),
    ...legend,
    '',
  ].join('\n');
}
