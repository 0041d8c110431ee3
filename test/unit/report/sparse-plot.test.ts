import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeDat } from '../../../src/format/decode.js';
import { buildPlotRun, type PlotRun } from '../../../src/analysis/plot-data.js';
import { summarizeRun } from '../../../src/analysis/summary.js';
import { buildChartData, PROCESS_COLOURS } from '../../../src/report/chart-data.js';
import { buildChartSpec } from '../../../src/report/chart-spec.js';
import { columnValues, renderAscii } from '../../../src/report/ascii.js';
import { peakText } from '../../../src/report/peak-text.js';
import { peakJson } from '../../../src/report/json.js';
import { plotCommand } from '../../../src/commands/plot.js';
import { fakeDat, PACED_READINGS, pacedDat, poolRun, writeDat } from '../../helpers/recordings.js';
import { tempDir } from '../../helpers/memprof.js';
import { dotsOf, linePaths } from './svg-helpers.js';

const SENTENCE =
  'PSS was read every 0.64 s at the slowest, for 4.85 s (less often than every 10 ms tick for 5.01 s ' +
  'of the 5.10 s run): reading smaps_rollup costs more than the CPU budget allows; ' +
  'RSS high-water marks are still read every tick';
const plotOptions = { top: 10, window: null, prefixRun: false };
const chartOptions = { buckets: 380, window: null, slope: false, functions: false };
const specOptions = {
  title: 't',
  subtitle: [],
  yTitle: 'PSS (MiB)',
  legendTitle: 'l',
  width: 760,
  height: 380,
  interactive: false,
};
const paced = (): PlotRun => buildPlotRun(decodeDat(pacedDat(), 'p.dat')[0]!, 1, plotOptions);

test('peak says the slow pace in one line, and --json has it as numbers', () => {
  const run = summarizeRun(decodeDat(pacedDat(), 'p.dat')[0]!);
  assert.ok(peakText(run).split('\n').includes(`  ${SENTENCE}`), peakText(run));
  const json = JSON.parse(peakJson(run)) as { pace: Record<string, number> };
  assert.deepEqual(json.pace, {
    periodSeconds: 0.01,
    slowestSeconds: 0.64,
    slowestForSeconds: 4.85,
    slowForSeconds: 5.01,
  });
  const every = summarizeRun(decodeDat(fakeDat({ command: 'x', rootMib: [1, 2], metric: 'pss' }))[0]!);
  assert.doesNotMatch(peakText(every), /was read every/);
  assert.equal((JSON.parse(peakJson(every)) as { pace: unknown }).pace, null);
});

/** The points of line `i` grouped by stretch, as times rounded to the hundredth. */
function stretchesOf(points: Array<{ i: number; t: number; s: number }>, i: number): number[][] {
  const by = new Map<number, number[]>();
  for (const p of points) if (p.i === i) by.set(p.s, [...(by.get(p.s) ?? []), Math.round(p.t * 100) / 100]);
  return [...by.values()];
}

test('chart data: paced lines are steps, cut into stretches at their gaps, sparse and lone readings get dots', () => {
  const data = buildChartData([paced()], chartOptions);
  assert.deepEqual(
    data.meta.map((m) => [m.id, m.interpolate]),
    [
      ['1000 python hold.py', 'step-after'],
      ['1001 python child.py', 'step-after'],
      ['total', 'step-after'],
    ],
  );
  const root = stretchesOf(data.points, 0);
  assert.equal(root.length, 2);
  assert.equal(root[0]!.at(-1), 2.17);
  assert.deepEqual(root[1], [5]);
  // The lone reading is marked, for the line layers to leave out: it is only a dot (the total's too).
  const [loneTime, loneMib] = PACED_READINGS.at(-1)!;
  assert.deepEqual(
    data.points.filter((p) => p.a === 1).map((p) => [data.meta[p.i]!.id, p.t, p.y]),
    [
      ['1000 python hold.py', loneTime, loneMib],
      ['total', loneTime, loneMib],
    ],
  );
  const child = stretchesOf(data.points, 1);
  assert.deepEqual(
    child.map((s) => [s[0], s.at(-1)]),
    [
      [0, 0.02],
      [0.08, 2.17],
    ],
    'nothing from 0.02 s to 0.08 s',
  );
  const total = stretchesOf(data.points, 2);
  assert.deepEqual(
    total.map((s) => [s[0], s.at(-1)]),
    [
      [0, 2.17],
      [5, 5],
    ],
  );
  const rootDots = data.dots
    .filter((d) => d.colour === PROCESS_COLOURS[0])
    .map((d) => [Math.round(d.t * 100) / 100, d.y]);
  // Readings at least 3 buckets (0.04 s here) from both neighbours: from 0.17 s on (0.08 s and 0.64 s
  // paces), not those every tick before; 2.17 s is followed by the gap, and 5 s is alone after it.
  assert.deepEqual(rootDots, [
    [0.17, 40],
    [0.25, 80],
    [0.89, 300],
    [1.53, 310],
    [2.17, 305],
    [5, 120],
  ]);
});

test('chart spec: every paced line layer steps, keeps each stretch its own path and leaves lone readings to the dots; RSS lines stay straight', () => {
  type Layer = {
    mark?: { type: string; interpolate?: string };
    encoding?: { detail?: { field: string } };
    transform?: Array<{ filter?: unknown }>;
  };
  const lineMarks = (run: PlotRun): Layer[] => {
    const spec = buildChartSpec(buildChartData([run], chartOptions), specOptions) as { layer: Layer[] };
    return spec.layer.filter((l) => l.mark?.type === 'line');
  };
  const pss = lineMarks(paced());
  assert.ok(pss.length > 0);
  for (const l of pss) {
    assert.equal(l.mark!.interpolate, 'step-after');
    assert.equal(l.encoding!.detail!.field, 's');
    assert.ok(
      l.transform!.some((x) => x.filter === 'datum.a !== 1'),
      JSON.stringify(l.transform),
    );
  }
  const rssRun = buildPlotRun(decodeDat(fakeDat(poolRun()))[0]!, 1, plotOptions);
  assert.deepEqual(
    lineMarks(rssRun).map((l) => l.mark!.interpolate),
    ['linear', 'linear'],
  );
  assert.equal(buildChartData([rssRun], chartOptions).dots.length, 0, 'readings every tick get no dots');
});

test('the SVG draws the main process as one step path and its lone reading as a dot, none across the gap', async () => {
  const dir = tempDir('memprof-sparse-');
  const dat = writeDat(dir, 'p.dat', pacedDat());
  const output = join(dir, 'p.svg');
  let err = '';
  const code = await plotCommand({
    files: [dat],
    output,
    title: null,
    window: null,
    slope: false,
    ascii: false,
    top: 10,
    functions: false,
    flame: false,
    terminal: { columns: 100, rows: 16, colour: false },
    io: {
      out: () => undefined,
      err: (t) => {
        err += t;
      },
    },
  });
  assert.equal(code, 0);
  assert.ok(err.split('\n').includes(`memprof: ${SENTENCE}`), err);
  const svg = readFileSync(output, 'utf8');
  const root = linePaths(svg).filter((p) => p.stroke === PROCESS_COLOURS[0]);
  assert.equal(root.length, 1, 'the reading at 5 s, alone after the gap, is no path');
  const pathEnd = Math.max(...root[0]!.points.map(([x]) => x));
  const loneX = Math.max(...dotsOf(svg, PROCESS_COLOURS[0]!).map(([x]) => x));
  // x = 0 is the run's start: the path ends at the last reading before the gap, the dot is the lone one after it.
  const [beforeGap, lone] = [PACED_READINGS.at(-2)![0], PACED_READINGS.at(-1)![0]];
  assert.ok(loneX > pathEnd, `the dot (${loneX}) lies after the path's end (${pathEnd})`);
  assert.ok(Math.abs(pathEnd / loneX - beforeGap / lone) < 1e-3, `${pathEnd} / ${loneX}`);
  // A step path moves along one axis at a time.
  const points = root[0]!.points;
  for (let k = 1; k < points.length; k++) {
    const [dx, dy] = [points[k]![0] - points[k - 1]![0], points[k]![1] - points[k - 1]![1]];
    assert.ok(Math.abs(dx) < 1e-6 || Math.abs(dy) < 1e-6, `diagonal segment at ${k}: ${dx}, ${dy}`);
  }
  assert.match(svg, /PSS read only every 0\.64 s at the slowest \(the period is 10 ms/);
});

test('the terminal chart leaves a gap blank and marks a lone reading', () => {
  const run = paced();
  const x: [number, number] = [0, 5.1];
  const step = 5.1 / 99;
  const root = columnValues(run.lines[0]!, x, 100);
  const last = Math.round(2.17 / step);
  const lone = Math.round(5 / step);
  assert.equal(root[last], 305);
  for (let p = last + 1; p < lone; p++) assert.equal(root[p], undefined, `column ${p}`);
  assert.equal(root[lone], 120);
  // Held as a step between readings of one stretch: 0.89 s (300 MiB) until 1.53 s.
  assert.equal(root[Math.round(1.2 / step)], 300);
  const chart = renderAscii([run], {
    title: 't',
    subtitle: [],
    yTitle: 'PSS',
    x,
    columns: 111,
    rows: 10,
    colour: false,
  });
  const rows = chart.split('\n').filter((l) => /[┤┼]/.test(l));
  assert.ok(
    rows.some((r) => r[9 + 1 + lone] === '•'),
    'the lone reading is a dot',
  );
});
