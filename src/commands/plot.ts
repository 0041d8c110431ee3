import { formatBytes, formatSeconds, plural } from '../units.js';
import { readFileSync } from 'node:fs';
import type * as Module from 'node:module';
import { builtin } from '../builtin.js';
import { dirname, join } from 'node:path';
import { EXIT, fsReason, MemprofError, usageError } from '../errors.js';
import { replaceFile } from './output-file.js';
import type { MprofChildren } from '../analysis/mem-scope.js';
import type { PlotRun, Resolution, TimeWindow } from '../analysis/plot-data.js';
import { plotRuns } from '../analysis/plot-passes.js';
import type { GroupBy } from '../analysis/plot-groups.js';
import { spoolStdin, STDIN, STDIN_NAME } from '../format/stream.js';

import { buildChartData, xDomain, xRange } from '../report/chart-data.js';
import { buildChartSpec } from '../report/chart-spec.js';
import { chartLayout, MAX_PLOT_WIDTH } from '../report/chart-layout.js';
import { chartTitles, type ChartTitles } from '../report/chart-titles.js';
import { asciiPoints, renderAscii } from '../report/ascii.js';
import { memScopeNotes, ownSizesNote } from '../report/mem-scope-note.js';
import { paceSentence } from '../report/pace-text.js';
import { periodSentence } from '../report/period-text.js';
import { defaultOutput, outputFormat, type OutputFormat } from './plot-files.js';
import { resolveRecordingArgs } from './resolve-files.js';
import { processIo, scanReporting, type Io } from './io.js';

export interface PlotOptions {
  /** Recordings or `memprof list` numbers; empty: the newest here. */
  files: string[];
  /** .svg, .html or .txt; null: `<recording>.svg` next to it, or the terminal with `ascii`. */
  output: string | null;
  title: string | null;
  window: TimeWindow | null;
  slope: boolean;
  ascii: boolean;
  top: number;
  /** `--group-by` (see PlotDataOptions.groupBy); default none. */
  groupBy?: GroupBy | 'auto' | null;
  /** Draw mprof's FUNC brackets. */
  functions: boolean;
  /** Draw them as mprof's --flame blocks instead. */
  flame: boolean;
  /** How to read an mprof file's MEM (--mprof-children). */
  mprofChildren?: MprofChildren;
  /** `--heap [pid]`: a Node process's RSS split into heap used, external and the rest ('auto': the largest). */
  heap?: number | 'auto' | null;
  /** Terminal size and colour for the ASCII chart. */
  terminal: { columns: number; rows: number; colour: boolean };
  io?: Io;
}

/**
 * Min/max buckets over the x range: ~2 px each at the widest plot area (see chartLayout), so paths stay near
 * the pixel width; the same whatever width the legend leaves, so lines are reduced once, while read.
 */
const BUCKETS = MAX_PLOT_WIDTH / 2;

export async function plotCommand(options: PlotOptions): Promise<number> {
  const files = resolveRecordingArgs(options.files, { whenNone: 'newest' });
  const format: OutputFormat = options.output ? outputFormat(options.output) : options.ascii ? 'ascii' : 'svg';
  if (files.includes(STDIN) && options.output === null && format !== 'ascii') {
    throw usageError('standard input has no name to put a chart beside', 'give -o FILE.svg (or .html), or --ascii');
  }
  // A chart reads each file more than once; standard input is copied to a private file first.
  const spooled = files.includes(STDIN) ? spoolStdin() : null;
  try {
    const read = files.map((f) => (f === STDIN ? spooled!.file : f));
    return await plotFiles(files, read, format, options);
  } finally {
    spooled?.remove();
  }
}

async function plotFiles(files: string[], read: string[], format: OutputFormat, options: PlotOptions): Promise<number> {
  const io = options.io ?? processIo;
  const mprofChildren = options.mprofChildren ?? 'auto';
  const inputs = read.map((file, i) => scanReporting(file, io, mprofChildren, files[i] === STDIN ? STDIN_NAME : file));
  const overlaid = inputs.reduce((n, input) => n + input.runs.length, 0) > 1;
  const groupBy = options.groupBy ?? null;
  const plotOptions = {
    top: options.top,
    window: options.window,
    prefixRun: overlaid,
    mprofChildren,
    groupBy,
    heap: options.heap,
    processCurves: format === 'html',
  };
  const runs = plotRuns(inputs, plotOptions, resolutionFor(format, options));
  if (runs.every((r) => r.lines.length === 0 && r.total === null)) {
    throw usageError(`nothing to plot in ${files.join(', ')}${options.window ? ' inside the window' : ''}`);
  }
  const titles = chartTitles(runs, options.title);
  if (format === 'ascii') {
    io.err(unseenInAscii(options));
    const colour = options.output === null && options.terminal.colour;
    const text = renderAscii(runs, { ...titles, x: xDomain(runs, options.window), ...options.terminal, colour });
    if (options.output === null) io.out(text);
    else writeOutput(options.output, text);
    return EXIT.ok;
  }
  const output = options.output ?? defaultOutput(files);
  writeOutput(output, await renderChart(runs, titles, format, options));
  io.out(`${output}\n`);
  io.err(summary(runs) + heapNote(runs, options));
  return EXIT.ok;
}

/**
 * How finely lines are kept while the file is read: the SVG's buckets over its x range, or one bucket per
 * terminal column (centred on it, as columnValues places samples), so the chart drawn is the same as from
 * every sample.
 */
function resolutionFor(format: OutputFormat, options: PlotOptions): Resolution {
  return (durations) => {
    const [start, end] = xRange(durations, options.window);
    if (format !== 'ascii') return { span: { start, end }, buckets: BUCKETS };
    const points = asciiPoints(options.terminal.columns);
    const step = (end - start) / Math.max(points - 1, 1);
    return { span: { start: start - step / 2, end: end + step / 2 }, buckets: points };
  };
}

/** --slope and --flame draw in SVG and HTML only: said, rather than ignored, for the terminal chart. */
function unseenInAscii(options: PlotOptions): string {
  const flags = [
    options.slope ? '--slope' : null,
    options.flame ? '--flame' : null,
    options.heap ? '--heap' : null,
  ].filter((f) => f !== null);
  if (flags.length === 0) return '';
  return `memprof: note: ${flags.join(' and ')} draw in SVG and HTML only, not in the terminal chart\n`;
}

async function renderChart(
  runs: PlotRun[],
  titles: ChartTitles,
  format: 'svg' | 'html',
  options: PlotOptions,
): Promise<string> {
  const data = buildChartData(runs, {
    buckets: BUCKETS,
    window: options.window,
    slope: options.slope,
    functions: options.functions,
  });
  const layout = chartLayout(data, titles.legendTitle);
  const spec = buildChartSpec(data, {
    ...titles,
    width: layout.width,
    height: layout.height,
    interactive: format === 'html',
    flame: options.flame,
    legend: { columns: layout.columns, labelLimit: layout.labelLimit },
  });
  // vega is loaded here and only here: `memprof run` never pays for it.
  const { renderSvg, compileToVega } = await import('../report/svg.js');
  if (format === 'svg') return renderSvg(spec);
  const { renderHtml } = await import('../report/html.js');
  const { timelineData } = await import('../report/timeline-data.js');
  const vegaSpec = await compileToVega(spec);
  const timeline = timelineData(runs);
  const points = data.points.length;
  const besidePlot = besidePlotOf(layout.legendWidth, titles.subtitle.length);
  return renderHtml({ title: titles.title, vegaSpec, vegaRuntime: vegaRuntime(), timeline, points, besidePlot });
}

/**
 * The chart's size beside its plot area, a little over: the legend and the y axis beside it, the title,
 * subtitle lines and x axis above and below, and the padding around.
 */
function besidePlotOf(legendWidth: number, subtitleLines: number): { width: number; height: number } {
  return { width: legendWidth + 110, height: 110 + 16 * subtitleLines };
}

/** vega's standalone browser build, inlined into the HTML page so it opens offline. */
function vegaRuntime(): string {
  // vega's exports map hides build/; its schema sits in the same folder and is exported.
  const schema = builtin<typeof Module>('node:module')
    .createRequire(import.meta.url)
    .resolve('vega/vega-schema.json');
  return readFileSync(join(dirname(schema), 'vega.min.js'), 'utf8');
}

/** `--heap` with no probed process to show (or not the pid asked for): said, not drawn. */
function heapNote(runs: PlotRun[], options: PlotOptions): string {
  if (!options.heap || runs.some((r) => r.heap)) return '';
  if (runs.some((r) => r.groupedBy)) return 'memprof: note: --heap draws on a line per process, not with --group-by\n';
  const which = options.heap === 'auto' ? 'no Node process was probed' : `pid ${options.heap} was not probed`;
  return `memprof: note: --heap: ${which} in this recording, so there is no heap view\n`;
}

function writeOutput(file: string, content: string): void {
  try {
    replaceFile(file, content);
  } catch (error) {
    throw new MemprofError(`cannot write ${file}: ${fsReason(error, true)}`, { exitCode: EXIT.usage });
  }
}

/**
 * One line per run on stderr: what was drawn, what was folded, the peak, and when PSS/USS was read
 * sparsely; then how an mprof file's MEM was read.
 */
function summary(runs: PlotRun[]): string {
  return (
    runs
      .map((r) => {
        const peak = r.peakLine?.peak;
        const folded = r.folded > 0 ? `, ${r.folded} folded into "others"` : '';
        const at = peak ? `; peak ${formatBytes(peak.bytes)} at ${formatSeconds(peak.time)}` : '';
        const which = runs.length > 1 ? `run ${r.run}: ` : '';
        const pace = paceSentence(r.pace, r.metric);
        const period = periodSentence(r.period);
        const drawn = r.lines.filter((l) => l.kind === 'process').length;
        const processes = plural(r.processCount, 'process', 'processes');
        const series = r.lines.filter((l) => l.kind === 'group').length;
        const shown = r.groupedBy
          ? `summed by ${r.groupedBy} into ${plural(series, 'series', 'series')}, stacked`
          : `${drawn} drawn`;
        const drew = ownSizesNote(r.summary) ?? `${processes}, ${shown}${folded}`;
        return (
          `memprof: ${which}${drew}${at}\n` +
          (period === null ? '' : `memprof: ${which}${period}\n`) +
          (pace === null ? '' : `memprof: ${which}${pace}\n`)
        );
      })
      .join('') +
    memScopeNotes(runs)
      .map((n) => `memprof: note: ${n}\n`)
      .join('')
  );
}
