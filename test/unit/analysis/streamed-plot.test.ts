import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MprofChildren } from '../../../src/analysis/mem-scope.js';
import type { PlotDataOptions, PlotRun, Resolution, TimeWindow } from '../../../src/analysis/plot-data.js';
import { fileInput, plotRuns } from '../../../src/analysis/plot-passes.js';
import { decodeDat } from '../../../src/format/decode.js';
import { DatError } from '../../../src/format/errors.js';
import { asciiPoints, columnValues } from '../../../src/report/ascii.js';
import { buildChartData, xDomain, xRange } from '../../../src/report/chart-data.js';
import { pick, prng, seeds } from '../../helpers/fuzz-dat.js';
import { MPROF_FIXTURES, tempDir } from '../../helpers/memprof.js';
import { randomText } from '../../helpers/random-recordings.js';
import { referencePlotRun } from '../../helpers/reference-plot.js';

// `plot` reads a file twice (three times with a window) and keeps each line reduced to the chart's buckets as
// it goes. Its truth is the chart built before from the decoded recording's whole series (reference-plot.ts):
// the same points, dots, peaks, legend and trend, for the SVG and for the terminal chart.

const dir = tempDir();

interface Case {
  top: number;
  window: TimeWindow | null;
  children: MprofChildren;
  buckets: number;
  columns: number;
}

function outcome<T>(read: () => T): T | string {
  try {
    return read();
  } catch (error) {
    if (error instanceof DatError) return 'refused';
    throw error;
  }
}

function reference(text: string, file: string, c: Case): PlotRun[] {
  const recs = decodeDat(text, file);
  const options: PlotDataOptions = {
    top: c.top,
    window: c.window,
    prefixRun: recs.length > 1,
    mprofChildren: c.children,
  };
  return recs.map((rec, i) => referencePlotRun(rec, i + 1, options, recs.length));
}

/** The file's first pass, read once for both charts: plotRuns reads each input again and changes none. */
function streamed(file: string, c: Case, chunkBytes: number): (resolution: Resolution) => PlotRun[] {
  const input = fileInput(file, c.children, file, { chunkBytes });
  const options = { top: c.top, window: c.window, prefixRun: input.runs.length > 1, mprofChildren: c.children };
  return (resolution) => plotRuns([input], options, resolution);
}

const svgResolution =
  (c: Case): Resolution =>
  (durations) => {
    const [start, end] = xRange(durations, c.window);
    return { span: { start, end }, buckets: c.buckets };
  };

const asciiResolution =
  (c: Case): Resolution =>
  (durations) => {
    const [start, end] = xRange(durations, c.window);
    const points = asciiPoints(c.columns);
    const step = (end - start) / Math.max(points - 1, 1);
    return { span: { start: start - step / 2, end: end + step / 2 }, buckets: points };
  };

/** What the chart shows of the runs: its data, and each line's terminal columns. */
function drawn(runs: PlotRun[], c: Case): unknown {
  const chart = buildChartData(runs, { buckets: c.buckets, window: c.window, slope: true, functions: true });
  const x = xDomain(runs, c.window);
  const facts = runs.map((r) => ({ ...r, lines: r.lines.length, total: r.total !== null, peakLine: null }));
  return { chart, facts, x };
}

function columns(runs: PlotRun[], c: Case): unknown {
  const x = xDomain(runs, c.window);
  const lines = runs.flatMap((r) => [...r.lines, ...(r.total ? [r.total] : [])]);
  return lines.map((l) => [l.id, columnValues(l, x, asciiPoints(c.columns))]);
}

function assertSame(text: string, file: string, c: Case, chunkBytes: number, what: string): void {
  writeFileSync(file, text);
  const truth = outcome(() => reference(text, file, c));
  if (typeof truth === 'string') {
    assert.equal(
      outcome(() => streamed(file, c, chunkBytes)(svgResolution(c))),
      'refused',
      what,
    );
    return;
  }
  const chart = streamed(file, c, chunkBytes);
  const svg = chart(svgResolution(c));
  assert.deepEqual(drawn(svg, c), drawn(truth, c), `${what}: chart\n${text.slice(0, 300)}`);
  const ascii = chart(asciiResolution(c));
  assert.deepEqual(columns(ascii, c), columns(truth, c), `${what}: terminal columns\n${text.slice(0, 300)}`);
}

function randomCase(rand: () => number): Case {
  const start = rand() < 0.3 ? rand() * 5 : 0;
  return {
    top: pick(rand, [1, 2, 3, 10]),
    window: rand() < 0.35 ? { start, end: rand() < 0.3 ? Infinity : start + rand() * 10 } : null,
    children: pick(rand, ['auto', 'included', 'separate'] as const),
    buckets: pick(rand, [1, 3, 8, 40, 380]),
    columns: pick(rand, [20, 60, 120]),
  };
}

test('the streamed chart equals the chart of the whole series, for many random recordings', () => {
  const rand = prng(20261201);
  const corpus = seeds();
  let lines = 0;
  for (let n = 0; n < 120; n++) {
    const text = randomText(rand, corpus);
    const c = randomCase(rand);
    const chunkBytes = pick(rand, [7, 333, 4096, 1 << 20]);
    assertSame(text, join(dir, 'random.dat'), c, chunkBytes, `case ${n} ${JSON.stringify(c)}`);
    lines += text.split('\n').length;
  }
  assert.ok(lines > 10_000, `${lines} lines compared`);
});

test('the streamed chart equals the chart of the whole series for every mprof fixture', () => {
  const files = readdirSync(MPROF_FIXTURES).filter((f) => f.endsWith('.dat'));
  assert.ok(files.length >= 16, `${files.length} fixtures`);
  const rand = prng(7);
  for (const name of files) {
    const text = readFileSync(join(MPROF_FIXTURES, name), 'utf8');
    for (const c of [randomCase(rand), randomCase(rand), { ...randomCase(rand), window: null, top: 2 }]) {
      assertSame(text, join(dir, name), c, 97, `${name} ${JSON.stringify(c)}`);
    }
  }
});
