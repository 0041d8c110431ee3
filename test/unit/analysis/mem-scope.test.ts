import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inferChildrenIncluded, memScopeOf } from '../../../src/analysis/mem-scope.js';
import { summarizeRun } from '../../../src/analysis/summary.js';
import { decodeDat } from '../../../src/format/decode.js';
import { readRecordings } from '../../../src/format/reader.js';
import { MiB } from '../../../src/units.js';
import { MPROF_FIXTURES } from '../../helpers/memprof.js';
import { fakeDat, poolRun } from '../../helpers/recordings.js';

/** mprof's own peak of each -M -C fixture, as `python3-mprof peak <file>` (mprof 0.61) prints it, in MiB. */
const MPROF_PEAK_MIB: Record<string, number> = {
  'stressng_vm_MC_T0.1.dat': 324.605,
  'pool_grow_MC_T0.1.dat': 1245.578,
  'pool_grow_MC_pss_T0.1.dat': 1215.562,
  'late_burst_MC_T0.1.dat': 1236.523,
  'big_parent_MC_T0.1.dat': 486.945,
  'pool_MC_T0.1.dat': 2926.922,
};
const SEPARATE = [
  'stressng_vm_M_T0.1.dat',
  'pool_grow_M_T0.1.dat',
  'late_burst_M_T0.1.dat',
  'big_parent_M_T0.1.dat',
  'pool_M_T0.1.dat',
  'churn_M_T0.01.dat',
  'grandchild_M.dat',
];
const TOLERANCE_MIB = 0.1;

const runOf = (name: string, children: 'auto' | 'included' | 'separate' = 'auto') =>
  summarizeRun(readRecordings(join(MPROF_FIXTURES, name))[0]!, 1, 1, children);

/** MEM and the sum of the CHLD lines after it, per tick, read straight from the file's text (MiB). */
function ticks(name: string): Array<{ mem: number; children: number }> {
  const out: Array<{ mem: number; children: number }> = [];
  for (const line of readFileSync(join(MPROF_FIXTURES, name), 'utf8').split('\n')) {
    const f = line.split(' ');
    if (f[0] === 'MEM') out.push({ mem: Number(f[1]), children: 0 });
    if (f[0] === 'CHLD' && out.length > 0) out.at(-1)!.children += Number(f[2]);
  }
  return out;
}

const mib = (bytes: number | null): number => (bytes ?? NaN) / MiB;

test("every -M -C fixture: memprof's total peak is mprof's own", () => {
  for (const [name, mprofPeak] of Object.entries(MPROF_PEAK_MIB)) {
    const run = runOf(name);
    assert.deepEqual(run.memScope, { childrenIncluded: true, basis: 'inferred' }, name);
    const peak = mib(run.peakTotalBytes);
    assert.ok(Math.abs(peak - mprofPeak) < TOLERANCE_MIB, `${name}: ${peak} vs mprof's ${mprofPeak}`);
    assert.equal(run.coversTree, true, name);
  }
});

test('the growing -M -C fixtures hold ticks where MEM is below the children, which a per-tick rule misreads', () => {
  const growing = [
    'stressng_vm_MC_T0.1.dat',
    'pool_grow_MC_T0.1.dat',
    'late_burst_MC_T0.1.dat',
    'pool_grow_MC_pss_T0.1.dat',
  ];
  for (const name of growing) {
    const skewed = ticks(name).filter((t) => t.children > 0 && t.mem < t.children * 0.99).length;
    assert.ok(skewed >= 1, `${name}: no skewed tick, so it tests nothing`);
  }
});

test('every -M fixture stays MEM plus its CHLD lines, tick by tick', () => {
  for (const name of SEPARATE) {
    const run = runOf(name);
    const sum = Math.max(...ticks(name).map((t) => t.mem + t.children));
    assert.deepEqual(run.memScope, { childrenIncluded: false, basis: 'inferred' }, name);
    assert.ok(Math.abs(mib(run.peakTotalBytes) - sum) < 0.01, `${name}: ${mib(run.peakTotalBytes)} vs ${sum}`);
  }
});

test('under -M a main process larger than its children (MEM above their sum on every tick) is not taken for -C', () => {
  const t = ticks('big_parent_M_T0.1.dat').filter((x) => x.children > 0);
  assert.ok(
    t.every((x) => x.mem >= x.children),
    'the fixture shows what fools a level test',
  );
  // mprof's own peak is MEM alone, 310.316 MiB; the tree held the children's 150 MiB on top of it.
  assert.ok(mib(runOf('big_parent_M_T0.1.dat').peakTotalBytes) > 480);
});

test('-C alone: no CHLD line to judge by, so MEM is the main process unless the user says otherwise', () => {
  const auto = runOf('pool_grow_C_T0.1.dat');
  assert.deepEqual(auto.memScope, { childrenIncluded: false, basis: 'no-child-lines' });
  assert.equal(auto.coversTree, false);
  const included = runOf('pool_grow_C_T0.1.dat', 'included');
  assert.deepEqual(included.memScope, { childrenIncluded: true, basis: 'option' });
  assert.equal(included.coversTree, true);
  // mprof's own peak of this file (python3-mprof peak): 1245.605 MiB, either way.
  for (const run of [auto, included]) assert.ok(Math.abs(mib(run.peakTotalBytes) - 1245.605) < TOLERANCE_MIB);
});

test('--mprof-children overrides the inference both ways', () => {
  const separate = runOf('stressng_vm_MC_T0.1.dat', 'separate');
  assert.deepEqual(separate.memScope, { childrenIncluded: false, basis: 'option' });
  const doubled = Math.max(...ticks('stressng_vm_MC_T0.1.dat').map((t) => t.mem + t.children));
  assert.ok(Math.abs(mib(separate.peakTotalBytes) - doubled) < 0.01);
  const included = runOf('stressng_vm_M_T0.1.dat', 'included');
  // mprof's own peak of the -M file (MEM alone, python3-mprof peak): 9.996 MiB.
  assert.ok(Math.abs(mib(included.peakTotalBytes) - 9.996) < TOLERANCE_MIB);
});

test("a memprof file's header decides, whatever the option says", () => {
  for (const memScope of ['root', 'tree'] as const) {
    const rec = decodeDat(fakeDat(poolRun({ memScope })))[0]!;
    for (const choice of ['included', 'separate'] as const) {
      const run = summarizeRun(rec, 1, 1, choice);
      assert.deepEqual(run.memScope, { childrenIncluded: memScope === 'tree', basis: 'header' });
      assert.equal(run.peakTotalBytes, 460 * MiB, `${memScope} ${choice}`);
    }
  }
  assert.equal(memScopeOf(decodeDat(fakeDat(poolRun()))[0]!, 'included').basis, 'header');
});

test('inference on hand-made ticks: one skewed tick does not decide; a steady child gives no evidence', () => {
  // -C: main process 10, children growing by 100 a tick; one tick read MEM 30 before the children grew.
  const children = [0, 100, 200, 300, 400, 400];
  const withC = children.map((c) => 10 + c);
  withC[3] = 10 + 300 - 30;
  assert.equal(inferChildrenIncluded(withC, children), true);
  // -M: MEM is the main process alone, 500 and flat, above the children's sum on every tick.
  assert.equal(
    inferChildrenIncluded(
      children.map(() => 500),
      children,
    ),
    false,
  );
  // -M with a small main process: MEM below half the children on most ticks.
  assert.equal(
    inferChildrenIncluded(
      children.map(() => 10),
      children,
    ),
    false,
  );
  // A child of the same size on every tick moves nothing: no evidence for -C, so MEM stays the main process.
  assert.equal(inferChildrenIncluded([60, 70, 80], [50, 50, 50]), false);
});
