import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileInput, plotRuns } from '../../../src/analysis/plot-passes.js';
import { ROOT_CURVE } from '../../../src/analysis/plot-plan.js';
import { curveBuckets, ProcessCurves } from '../../../src/analysis/process-curves.js';
import { MiB } from '../../../src/units.js';
import { tempDir } from '../../helpers/memprof.js';
import { type FakeRun, writeDat } from '../../helpers/recordings.js';

test('a coarse curve keeps, in each bucket a process was sampled in, its largest sample and when', () => {
  const curves = new ProcessCurves({ start: 0, end: 10 }, 5, 100, null);
  const c = curves.open('7');
  for (const [time, bytes] of [
    [100.5, 3],
    [101, 7],
    [101.9, 5],
    [103, 2],
    [109.5, 4],
  ] as const)
    curves.add(c, time, bytes);
  curves.open('never sampled');
  const out = curves.finish();
  assert.deepEqual([...out.keys()], ['7']);
  assert.deepEqual(out.get('7'), { t: [1, 3, 9.5], v: [7, 2, 4] });
  const windowed = new ProcessCurves({ start: 2, end: 4 }, 2, 100, { start: 2, end: 4 });
  const w = windowed.open('7');
  for (const time of [101, 102.5, 103.5, 105]) windowed.add(w, time, time);
  assert.deepEqual(windowed.finish().get('7'), { t: [2.5, 3.5], v: [102.5, 103.5] });
});

test('the bucket count shrinks with the processes so the curves stay within their budget', () => {
  assert.equal(curveBuckets(5), 190);
  assert.equal(curveBuckets(5000), 60);
  assert.equal(curveBuckets(1_000_000), 8);
});

const dir = tempDir();
const RUN: FakeRun = {
  command: 'make -j2',
  rootMib: [10, 11, 12, 13, 14, 15, 16, 17],
  memScope: 'tree',
  children: [
    { pid: 2001, ppid: 1000, command: 'cc1 a.c', mib: [null, 40, 80, 120, null, null, null, null] },
    { pid: 2002, ppid: 1000, command: 'cc1 b.c', mib: [null, null, 30, 60, 90, 60, null, null] },
    { pid: 2003, ppid: 2002, command: 'as b.s', mib: [null, null, null, null, null, 5, 6, null] },
  ],
};

for (const groupBy of [null, 'program'] as const) {
  test(`the drawing pass gives every process its curve (${groupBy ?? 'a line each'}), the main one its own`, () => {
    const dat = writeDat(dir, `curves-${groupBy}.dat`, RUN);
    const options = { top: 1, window: null, prefixRun: false, groupBy, processCurves: true };
    const [run] = plotRuns([fileInput(dat, 'auto')], options, () => ({ span: { start: 0, end: 0.8 }, buckets: 380 }));
    const curves = run!.processCurves!;
    assert.deepEqual([...curves.keys()].sort(), [ROOT_CURVE, '2001', '2002', '2003'].sort());
    for (const child of RUN.children!) {
      const ticks = child.mib.flatMap((m, i) => (m === null ? [] : [i]));
      const curve = curves.get(String(child.pid))!;
      assert.deepEqual(
        curve.v.map((v) => v / MiB),
        ticks.map((i) => child.mib[i]),
      );
      curve.t.forEach((t, k) => {
        assert.ok(Math.abs(t - ticks[k]! * 0.1) < 1e-5, `${child.pid} at ${t}`);
      });
    }
    // MEM holds the tree (-C): the main process's own curve is MEM minus its descendants.
    const own = curves.get(ROOT_CURVE)!.v.map((v) => Math.round((v / MiB) * 1000) / 1000);
    assert.deepEqual(own, RUN.rootMib);
  });
}
