import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupingNeeded, planGroups, programOf } from '../../../src/analysis/plot-groups.js';
import type { CurveChoice } from '../../../src/analysis/plot-plan.js';
import { StackReducer } from '../../../src/analysis/plot-stack.js';
import { plotRuns, recordingInput } from '../../../src/analysis/plot-passes.js';
import { decodeDat } from '../../../src/format/decode.js';
import { fakeDat, poolRun } from '../../helpers/recordings.js';

test('programOf: the executable, an interpreter with its script, module or inline flag', () => {
  assert.equal(programOf('/usr/lib/gcc/x86_64-linux-gnu/12/cc1 -quiet -o a.s a.c'), 'cc1');
  assert.equal(programOf('node worker.js 3'), 'node worker.js');
  assert.equal(programOf('/usr/bin/node --max-old-space-size=4096 dist/worker.js'), 'node worker.js');
  assert.equal(programOf('/usr/bin/python3 -m pytest -x'), 'python3 -m pytest');
  assert.equal(programOf(`node -e 'setTimeout(() => {}, 9)'`), 'node -e');
  assert.equal(programOf('bash /root/.pyenv/libexec/pyenv exec python3'), 'bash pyenv');
  assert.equal(programOf(null), null);
});

const curve = (key: string, command: string | null, peakBytes: number, isRoot = false): CurveChoice => ({
  key,
  name: key,
  pid: Number(key),
  command,
  isRoot,
  hwmBytes: null,
  peakBytes,
  id: key,
});

test('grouping is needed when more processes share a program than --top shows; groups past --top fold', () => {
  const root = curve('1', 'make -j8', 5, true);
  const cc1 = Array.from({ length: 11 }, (_, i) => curve(String(10 + i), `cc1 f${i}.c`, 30));
  const ld = curve('40', 'ld -o lua', 80);
  assert.equal(groupingNeeded([root, ...cc1, ld], 10), true);
  assert.equal(groupingNeeded([root, ...cc1.slice(0, 10), ld], 10), false);
  const plan = planGroups([root, ...cc1, ld], 'program', 10, '');
  assert.equal(plan.root, root);
  assert.deepEqual(
    plan.groups.map((g) => [g.id, g.members.length, g.rankBytes]),
    [
      ['cc1 (11 processes)', 11, 330],
      ['ld (1 process)', 1, 80],
    ],
  );
  const small = Array.from({ length: 4 }, (_, i) => curve(String(50 + i), `tool${i}`, i + 1));
  const folded = planGroups([root, ld, ...cc1, ...small], 'program', 3, '');
  assert.deepEqual(
    folded.groups.map((g) => g.id),
    ['ld (1 process)', 'cc1 (11 processes)', 'tool3 (1 process)'],
  );
  assert.deepEqual(
    folded.folded.map((g) => g.id),
    ['tool0 (1 process)', 'tool1 (1 process)', 'tool2 (1 process)'],
  );
});

test('the stack reducer keeps the same ticks for every layer: their sum is the total, its peak kept', () => {
  const reducer = new StackReducer({ start: 0, end: 100 }, 7);
  const totals: Array<[number, number]> = [];
  let seed = 7;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  for (let t = 0; t < 100; t += 0.25) {
    const layers = Float64Array.from([1 + next() * 5, next() * 40, next() < 0.3 ? 0 : next() * 90]);
    totals.push([t, layers[0]! + layers[1]! + layers[2]!]);
    reducer.push(t, layers);
  }
  const stack = reducer.finish(3);
  assert.ok(stack.t.length <= 2 * 7 + 2, `${stack.t.length} ticks kept`);
  assert.deepEqual(
    [...stack.t].sort((a, b) => a - b),
    stack.t,
  );
  const byTime = new Map(totals);
  stack.t.forEach((t, k) => {
    const sum = stack.layers[0]![k]! + stack.layers[1]![k]! + stack.layers[2]![k]!;
    assert.ok(Math.abs(sum - byTime.get(t)!) < 1e-9);
  });
  const peak = totals.reduce((a, b) => (b[1] > a[1] ? b : a));
  assert.ok(stack.t.includes(peak[0]), 'the peak tick is kept');
  assert.equal(stack.t[0], 0);
  assert.equal(stack.t.at(-1), 99.75);
});

test('--group-by on overlaid runs stacks each run on its own: its groups named by run, summing to its total', () => {
  const small = poolRun();
  const big = poolRun({
    rootMib: [5, 5, 5, 5, 5, 5],
    children: small.children!.map((c) => ({ ...c, mib: c.mib.map((m) => m && m * 2) })),
  });
  const inputs = [small, big].map((run, i) => recordingInput(decodeDat(fakeDat(run), `r${i}.dat`)[0]!, 'auto'));
  const runs = plotRuns(inputs, { top: 10, window: null, prefixRun: true, groupBy: 'program' }, () => null);
  assert.equal(runs.length, 2);
  runs.forEach((run, r) => {
    const groups = run.lines.filter((l) => l.kind === 'group');
    assert.ok(groups.length >= 2, `run ${r + 1}: ${groups.map((g) => g.id).join(', ')}`);
    assert.ok(
      groups.every((g) => g.id.startsWith(`${r + 1}: `)),
      groups.map((g) => g.id).join(', '),
    );
    // The layers add up to the run's own total at every kept tick.
    const total = run.total!;
    total.series.t.forEach((t, k) => {
      const sum = groups.reduce((s, g) => s + (g.series.v[g.series.t.indexOf(t)] ?? 0), 0);
      assert.ok(Math.abs(sum - total.series.v[k]!) < 1, `run ${r + 1} at ${t}: ${sum} against ${total.series.v[k]}`);
    });
  });
  // The second run's workers held twice the first's: the stacks are not one another's.
  const workers = runs.map((run) => Math.max(...run.lines.find((l) => l.id.includes('worker'))!.series.v));
  assert.equal(workers[1], 2 * workers[0]!);
});
