import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { plotCommand, type PlotOptions } from '../../../src/commands/plot.js';
import { readRecordings } from '../../../src/format/reader.js';
import { processCurves, totalSeries } from '../../../src/analysis/curves.js';
import { peakOf } from '../../../src/analysis/peaks.js';
import { formatBytes, formatSeconds } from '../../../src/units.js';
import { syntheticRecording, syntheticProcesses } from '../../../bench/plot-recording.js';
import { MPROF_FIXTURES } from '../../helpers/memprof.js';
import { tempDir } from '../../helpers/memprof.js';
import { linePaths, parseXml, textsOfRole } from './svg-helpers.js';

const dir = tempDir('memprof-svg-');
const dat = join(dir, 'twenty.dat');
writeFileSync(dat, syntheticRecording({ processes: 20, lines: 30_000, seed: 11 }));

async function plot(
  files: string[],
  extra: Partial<PlotOptions> = {},
): Promise<{ svg: string; out: string; err: string }> {
  const output = join(dir, `out-${Math.random().toString(36).slice(2)}.svg`);
  let out = '';
  let err = '';
  const code = await plotCommand({
    files,
    output,
    title: null,
    window: null,
    slope: false,
    ascii: false,
    top: 10,
    functions: true,
    flame: false,
    terminal: { columns: 100, rows: 16, colour: false },
    io: {
      out: (t) => {
        out += t;
      },
      err: (t) => {
        err += t;
      },
    },
    ...extra,
  });
  assert.equal(code, 0);
  return { svg: readFileSync(output, 'utf8'), out, err };
}

/** The default chart of twenty.dat, drawn once for the tests that look at it (vega takes half a second a chart). */
let twenty: Promise<{ svg: string; out: string; err: string }> | null = null;
const plotTwenty = (): Promise<{ svg: string; out: string; err: string }> => {
  twenty ??= plot([dat]);
  return twenty;
};

/** twenty.dat decoded whole, once, for the tests that check the chart against it. */
let twentyRecording: ReturnType<typeof readRecordings>[number] | null = null;
const recordingTwenty = (): NonNullable<typeof twentyRecording> => {
  twentyRecording ??= readRecordings(dat)[0]!;
  return twentyRecording;
};

test('the SVG is well-formed XML with one path per process drawn, one for "others" and one for the total', async () => {
  const { svg, err } = await plotTwenty();
  assert.equal(parseXml(svg).root, 'svg');
  const paths = linePaths(svg);
  assert.equal(paths.length, 10 + 1 + 1);
  assert.equal(paths.filter((p) => p.width === 2.8).length, 1, 'one emphasised total');
  assert.ok(svg.length < 1_000_000);
  assert.match(err, /20 processes, 10 drawn, 10 folded into "others"/);
});

const LEGEND_TITLE =
  'the legend names the pids and commands of the 10 biggest processes, "others" with its count, and the total';

test(LEGEND_TITLE, async () => {
  const { svg } = await plotTwenty();
  const labels = textsOfRole(svg, 'legend-label');
  const rec = recordingTwenty();
  const commands = new Map(syntheticProcesses({ processes: 20, lines: 30_000 }, 2).map((p) => [p.pid, p.command]));
  const biggest = processCurves(rec)
    .sort((a, b) => peakOf(b.series)!.bytes - peakOf(a.series)!.bytes)
    .slice(0, 10);
  for (const c of biggest) {
    const words = commands
      .get(c.pid!)!
      .split(' ')
      .slice(0, 4)
      .map((w) => w.replace(/^.*\//, ''))
      .join(' ');
    assert.ok(
      labels.some((l) => l.startsWith(`${c.pid} ${words}`)),
      `no legend entry for ${c.pid} ${words} in ${labels.join(' | ')}`,
    );
    assert.ok(
      labels.some((l) => l.startsWith(`${c.pid} `) && l.includes(formatBytes(peakOf(c.series)!.bytes))),
      'own peak in the legend',
    );
  }
  assert.ok(labels.some((l) => l.startsWith('others (10 processes)')));
  assert.ok(labels.some((l) => l.startsWith('total')));
  assert.equal(labels.length, 12);
});

test('the annotated peak is the peak of the total computed from the file, drawn on top of the total line', async () => {
  const { svg } = await plotTwenty();
  const rec = recordingTwenty();
  const peak = peakOf(totalSeries(rec))!;
  const text = svg.match(/>(peak [^<]*)</)?.[1];
  assert.equal(text, `peak ${formatBytes(peak.bytes)} at ${formatSeconds(peak.time - rec.startTime)}`);
  const marker = /aria-roledescription="point" transform="translate\(([\d.]+),([\d.]+)\)"/.exec(svg)!;
  const total = linePaths(svg).find((p) => p.width === 2.8)!;
  const top = Math.min(...total.points.map(([, y]) => y));
  assert.ok(
    Math.abs(top - Number(marker[2])) < 0.01,
    `total line top ${top} vs marker ${marker[2]}: the reduction lost the peak`,
  );
  assert.ok(total.points.some(([x, y]) => Math.abs(x - Number(marker[1])) < 0.01 && Math.abs(y - top) < 0.01));
});

test('--slope adds a dashed trend with its slope; several files overlay, prefixed by run', async () => {
  // Small files: the trend and the overlay are the point, not twenty processes (each chart is rendered by vega).
  const five = join(dir, 'five.dat');
  writeFileSync(five, syntheticRecording({ processes: 5, lines: 5_000, seed: 2 }));
  const { svg } = await plot([five], { slope: true });
  assert.ok(textsOfRole(svg, 'legend-label').some((l) => /^total trend [+−][\d.]+ MiB\/s$/.test(l)));
  assert.equal(linePaths(svg).length, 5 + 1 + 1);
  const three = join(dir, 'three.dat');
  writeFileSync(three, syntheticRecording({ processes: 3, lines: 2_000, seed: 5 }));
  const overlay = await plot([five, three]);
  const labels = textsOfRole(overlay.svg, 'legend-label');
  assert.ok(labels.some((l) => l.startsWith('1: total')) && labels.some((l) => l.startsWith('2: total')));
  assert.equal(labels.filter((l) => l.startsWith('1: ')).length, 5 + 1);
  assert.equal(labels.filter((l) => l.startsWith('2: ')).length, 3 + 1);
  assert.equal((overlay.svg.match(/aria-roledescription="point"/g) ?? []).length, 2, 'both peaks marked');
});

const FLAME_TITLE =
  '--flame (mprof): each @profile call a block over its run time, one colour per function, a row per nesting level';

test(FLAME_TITLE, async () => {
  const file = join(MPROF_FIXTURES, 'func_ts_T0.1.dat');
  const blocksOf = (svg: string) =>
    [...svg.matchAll(/aria-label="start: ([\d.]+); y0: ([\d.]+); end: ([\d.]+); y1: ([\d.]+); colour: (#\w+)"/g)].map(
      (m) => ({ start: Number(m[1]), y0: Number(m[2]), end: Number(m[3]), y1: Number(m[4]), colour: m[5]! }),
    );
  const { svg } = await plot([file], { flame: true });
  const blocks = blocksOf(svg);
  const funcs = readRecordings(file)[0]!.funcs;
  assert.equal(blocks.length, funcs.length);
  const outer = blocks.filter((b) => b.y0 === 0);
  const inner = blocks.filter((b) => b.y0 > 0);
  assert.equal(outer.length, 1, 'the outer call on the axis');
  assert.equal(inner.length, 2, 'the two inner calls on the row above');
  assert.ok(
    inner.every((b) => b.y0 === outer[0]!.y1 && b.colour === inner[0]!.colour && b.colour !== outer[0]!.colour),
  );
  assert.ok(outer[0]!.end - outer[0]!.start > 1.7, 'the outer call spans its whole run time');
  assert.match(svg, /__main__\.outer 1\.72 s/);
  assert.deepEqual(blocksOf((await plot([file])).svg), [], 'brackets, not blocks, without --flame');
});
