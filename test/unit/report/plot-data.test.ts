import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { decodeDat } from '../../../src/format/decode.js';
import { readRecordings } from '../../../src/format/reader.js';
import {
  encodeChld,
  encodeCmdline,
  encodeExit,
  encodeHeader,
  encodeMem,
  encodeProc,
} from '../../../src/format/encode.js';
import { processCurves, totalSeries } from '../../../src/analysis/curves.js';
import { peakOf } from '../../../src/analysis/peaks.js';
import { foldSmallest } from '../../../src/analysis/fold.js';
import { buildPlotRun, linearTrend } from '../../../src/analysis/plot-data.js';
import { shortCommand } from '../../../src/analysis/plot-labels.js';
import { MiB } from '../../../src/units.js';
import { syntheticRecording } from '../../../bench/plot-recording.js';
import { MPROF_FIXTURES } from '../../helpers/memprof.js';
import { fakeDat, poolRun } from '../../helpers/recordings.js';
import { summarizeRun } from '../../../src/analysis/summary.js';
import { chartTitles } from '../../../src/report/chart-titles.js';

const options = { top: 10, window: null, prefixRun: false };
let twentyText: string | null = null;
/** A 20-process recording, decoded afresh for each test from a text made once. */
const twenty = () => {
  twentyText ??= syntheticRecording({ processes: 20, lines: 20_000, seed: 3 });
  return decodeDat(twentyText, 'synthetic.dat')[0]!;
};

test('the 10 biggest processes by peak are drawn, the other 10 summed as "others", the total on its own', () => {
  const rec = twenty();
  const run = buildPlotRun(rec, 1, options);
  const peaks = processCurves(rec)
    .map((c) => ({ pid: c.pid, peak: peakOf(c.series)!.bytes }))
    .sort((a, b) => b.peak - a.peak);
  const drawn = run.lines.filter((l) => l.kind === 'process').map((l) => l.pid);
  assert.deepEqual(new Set(drawn), new Set(peaks.slice(0, 10).map((p) => p.pid)));
  const others = run.lines.at(-1)!;
  assert.equal(others.kind, 'others');
  assert.equal(others.processes, 10);
  assert.match(others.id, /others \(10 processes\)/);
  assert.equal(run.folded, 10);
  assert.equal(run.processCount, 20);
  assert.equal(run.total!.peak!.bytes, peakOf(totalSeries(rec))!.bytes);
});

test('"others" is, tick by tick, the sum of the folded processes', () => {
  const rec = twenty();
  const run = buildPlotRun(rec, 1, options);
  const drawn = new Set(run.lines.map((l) => l.pid));
  // The main process's samples are the MEM lines (one per tick); a child's say which tick they follow.
  const folded = processCurves(rec)
    .filter((c) => !drawn.has(c.pid))
    .map((c) => ({
      v: c.series.v,
      tickOf: c.series === rec.mem ? c.series.v.map((_, i) => i) : rec.processes.find((p) => p.key === c.key)!.tickOf,
    }));
  assert.equal(folded.length, 10);
  const others = run.lines.at(-1)!.series;
  for (const k of [0, Math.floor(others.t.length / 3), Math.floor(others.t.length / 2), others.t.length - 1]) {
    const t = others.t[k]! + rec.startTime;
    const tick = rec.mem.t.findIndex((x) => Math.abs(x - t) < 1e-6);
    const expected = folded.reduce(
      (sum, p) => sum + p.v.filter((_, i) => p.tickOf[i] === tick).reduce((a, b) => a + b, 0),
      0,
    );
    assert.equal(others.v[k], expected, `tick ${tick}`);
  }
});

test('lines are the main process first, then pids in natural order, labelled "pid command"', () => {
  const cmd = 'node w.js';
  const text =
    encodeHeader({
      version: 1,
      metric: 'pss',
      intervalSeconds: 0.1,
      memScope: 'root',
      perProcess: true,
      source: 'procfs',
    }) +
    encodeCmdline('node main.js') +
    encodeProc(500, 1, 10, 10, 'node main.js') +
    [100, 9, 10].map((pid) => encodeProc(pid, 500, 10, 10, cmd)).join('') +
    encodeMem(5 * MiB, 10) +
    encodeChld(100, 1 * MiB, 10) +
    encodeChld(9, 2 * MiB, 10) +
    encodeChld(10, 3 * MiB, 10) +
    encodeMem(6 * MiB, 10.1) +
    encodeChld(9, 2 * MiB, 10.1) +
    encodeExit(9, 10.1) +
    encodeProc(9, 500, 10.2, 10.2, cmd) +
    encodeMem(6 * MiB, 10.2) +
    encodeChld(9, 4 * MiB, 10.2);
  const run = buildPlotRun(decodeDat(text)[0]!, 1, options);
  assert.deepEqual(
    run.lines.map((l) => l.id),
    ['500 node main.js', '9 node w.js', '9#2 node w.js', '10 node w.js', '100 node w.js'],
  );
  assert.equal(run.metric, 'pss');
  // A process's line starts and ends where it was seen: no padding to the run's length, no drop to zero.
  const first9 = run.lines[1]!.series;
  assert.deepEqual(
    first9.t.map((t) => Math.round(t * 10) / 10),
    [0, 0.1],
  );
  assert.ok(first9.v.every((v) => v > 0));
});

test('sibling cc1s of a build are labelled by their source files; the line keeps the full command', () => {
  const cc1 = (file: string): string =>
    `/usr/lib/gcc/x86_64-linux-gnu/12/cc1 -quiet -imultiarch x86_64-linux-gnu ` +
    `-D NDEBUG ${file} -quiet -dumpbase ${file} -dumpbase-ext .c -mtune=generic -march=x86-64 -O2 -o /tmp/cc${file}.s`;
  const files = ['a.c', 'b.c', 'c.c'];
  const header = {
    version: 1,
    metric: 'rss',
    intervalSeconds: 0.1,
    memScope: 'root',
    perProcess: true,
    source: 'procfs',
  } as const;
  const text =
    encodeHeader(header) +
    encodeCmdline('make -j3') +
    encodeProc(500, 1, 10, 10, 'make -j3') +
    files.map((f, i) => encodeProc(501 + i, 500, 10, 10, cc1(f))).join('') +
    encodeMem(1 * MiB, 10) +
    files.map((_, i) => encodeChld(501 + i, (i + 1) * MiB, 10)).join('');
  const run = buildPlotRun(decodeDat(text)[0]!, 1, options);
  assert.deepEqual(
    run.lines.map((l) => l.id),
    ['500 make -j3', '501 cc1 … a.c … cca.c.s', '502 cc1 … b.c … ccb.c.s', '503 cc1 … c.c … ccc.c.s'],
  );
  assert.equal(run.lines[2]!.command, cc1('b.c'));
});

test('a single leftover process is drawn rather than folded alone into "others"', () => {
  const rec = twenty();
  const curves = processCurves(rec);
  assert.equal(foldSmallest(curves, 19).folded.length, 0);
  assert.equal(foldSmallest(curves, 18).folded.length, 2);
});

test("a window keeps only its samples, and the peak is the window's", () => {
  const rec = twenty();
  const run = buildPlotRun(rec, 1, { ...options, window: { start: 10, end: 20 } });
  for (const line of [...run.lines, run.total!])
    assert.ok(
      line.series.t.every((t) => t >= 10 && t <= 20),
      line.id,
    );
  const inWindow = totalSeries(rec).v.filter(
    (_, i) => rec.mem.t[i]! - rec.startTime >= 10 && rec.mem.t[i]! - rec.startTime <= 20,
  );
  assert.equal(run.total!.peak!.bytes, Math.max(...inWindow));
});

test('mprof files: no total without -M/-C, FUNC brackets kept, several runs of one file prefixed', () => {
  const [func] = readRecordings(join(MPROF_FIXTURES, 'func_ts_T0.1.dat'));
  const run = buildPlotRun(func!, 1, options);
  assert.equal(run.total, null);
  assert.equal(run.peakLine!.id, 'main python3 func_ts.py');
  assert.equal(run.funcs.length, 3);
  assert.ok(run.funcs.every((f) => f.start >= 0 && f.end > f.start));
  const pool = buildPlotRun(readRecordings(join(MPROF_FIXTURES, 'pool_M_T0.1.dat'))[0]!, 2, {
    ...options,
    prefixRun: true,
  });
  assert.ok(pool.total);
  assert.deepEqual(
    pool.lines.map((l) => l.id),
    ['2: main python3 pool_cow.py', ...[11161, 11162, 11163, 11164].map((p) => `2: ${p} (command not recorded)`)],
  );
});

test('short commands: base names of paths, the arguments kept, long ones cut', () => {
  assert.equal(shortCommand('/usr/bin/python3 ../workloads/pool_cow.py -n 4'), 'python3 pool_cow.py -n 4');
  assert.equal(shortCommand(null), '(command not recorded)');
  assert.equal(shortCommand('x'.repeat(50), 10), `${'x'.repeat(5)}…${'x'.repeat(4)}`);
});

test('linear trend of a straight line is exact', () => {
  const fit = linearTrend({ t: [0, 1, 2, 3], v: [10, 12, 14, 16] })!;
  assert.equal(fit.slope, 2);
  assert.equal(fit.intercept, 10);
  assert.equal(linearTrend({ t: [1], v: [1] }), null);
});

test('-M -C: the main process is drawn as MEM minus its descendants, the figure `peak` gives it', () => {
  const rec = decodeDat(fakeDat(poolRun({ memScope: 'tree' })))[0]!;
  const run = buildPlotRun(rec, 1, options);
  assert.deepEqual(
    run.lines.map((l) => l.id),
    ['1000 node pool.js', '1001 node worker.js a', '1002 node worker.js b'],
  );
  const main = run.lines[0]!;
  assert.deepEqual(
    main.series.v.map((v) => Math.round((v / MiB) * 1e6) / 1e6),
    [10, 20, 30, 40, 30, 20],
  );
  assert.equal(main.peak!.bytes, summarizeRun(rec).processes.find((p) => p.isRoot)!.peakBytes);
  assert.equal(run.total!.peak!.bytes, 460 * MiB);
});

test('-C without -M: only the total is drawn, and the chart says why no process is', () => {
  const rec = decodeDat(fakeDat(poolRun({ memScope: 'tree', perProcess: false })), 'pool.dat')[0]!;
  for (const groupBy of [null, 'program'] as const) {
    const run = buildPlotRun(rec, 1, { ...options, groupBy });
    assert.deepEqual(run.lines, [], `no process line (group-by ${groupBy})`);
    assert.equal(run.total!.peak!.bytes, 460 * MiB);
    const { subtitle } = chartTitles([run], null);
    assert.match(subtitle[0]!, /each process's own size was not recorded \(-C without -M\): the tree's total only/);
  }
});

test('-M -C: a tick where the main process was not read is left out of its line, not drawn as 0', () => {
  // MEM at tick 2 holds only the children: the main process was gone or vanished mid-read.
  const rec = decodeDat(fakeDat(poolRun({ memScope: 'tree', rootMib: [10, 20, 0, 40, 30, 20] })))[0]!;
  const main = buildPlotRun(rec, 1, options).lines[0]!;
  assert.equal(main.pid, 1000);
  assert.deepEqual(
    main.series.t.map((t) => Math.round(t * 10) / 10),
    [0, 0.1, 0.3, 0.4, 0.5],
  );
  assert.ok(main.series.v.every((v) => v >= 10 * MiB - 1));
  const root = summarizeRun(rec).processes.find((p) => p.isRoot)!;
  assert.equal(root.atTotalPeakBytes !== null && Math.round(root.atTotalPeakBytes / MiB), 40);
});
