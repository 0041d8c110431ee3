import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateBudgets, hasBudget, percentChange, type BudgetOptions } from '../../../src/analysis/budget.js';
import { summarizeRuns, type RunSummary } from '../../../src/analysis/summary.js';
import { decodeDat } from '../../../src/format/decode.js';
import { checkSentence, noteSentence } from '../../../src/report/verdict.js';
import { MiB } from '../../../src/units.js';
import { fakeDat, poolRun, type FakeRun } from '../../helpers/recordings.js';

const runsOf = (run: FakeRun, file = 'x.dat'): RunSummary[] => summarizeRuns(decodeDat(fakeDat(run), file));
const none: BudgetOptions = { maxPeakBytes: null, maxProcessPeakBytes: null, maxIncreasePercent: null };

test('max-peak: over fails with the excess, under passes', () => {
  const runs = runsOf(poolRun());
  const over = evaluateBudgets(runs, { ...none, maxPeakBytes: 400 * MiB });
  assert.equal(over.passed, false);
  const c = over.checks[0]!;
  assert.equal(c.kind, 'max-peak');
  assert.equal(c.kind === 'max-peak' && c.actualBytes - c.limitBytes, 60 * MiB);
  assert.equal(
    evaluateBudgets(runs, { ...none, maxPeakBytes: 460 * MiB }).passed,
    true,
    'equal to the budget is within it',
  );
});

test('max-process-peak names every process over, the largest first', () => {
  const verdict = evaluateBudgets(runsOf(poolRun()), { ...none, maxProcessPeakBytes: 100 * MiB });
  const c = verdict.checks[0]!;
  assert.ok(c.kind === 'max-process-peak');
  assert.deepEqual(
    c.over.map((p) => p.pid),
    [1002, 1001],
  );
  assert.equal(c.worst?.pid, 1002);
  assert.equal(verdict.passed, false);
  assert.equal(evaluateBudgets(runsOf(poolRun()), { ...none, maxProcessPeakBytes: 300 * MiB }).passed, true);
});

test('a spike only the kernel high-water mark saw is a note, not a failure', () => {
  const verdict = evaluateBudgets(runsOf(poolRun()), { ...none, maxProcessPeakBytes: 305 * MiB });
  assert.equal(verdict.passed, true);
  assert.match(verdict.notes.map(noteSentence).join('\n'), /pid 1002's kernel RSS high-water mark \(310 MiB\)/);
});

test('max-increase against a baseline', () => {
  const base = runsOf(poolRun(), 'base.dat');
  const grown = runsOf(poolRun({ rootMib: [10, 20, 30, 86, 30, 20] })); // 460 -> 506 MiB: +10%
  const at = (limit: number): boolean => evaluateBudgets(grown, { ...none, maxIncreasePercent: limit }, base).passed;
  assert.equal(at(9.9), false);
  assert.equal(at(10), true);
  const c = evaluateBudgets(grown, { ...none, maxIncreasePercent: 5 }, base).checks[0]!;
  assert.ok(c.kind === 'max-increase');
  assert.ok(Math.abs(c.increasePercent - 10) < 1e-9);
  assert.equal(c.baseline.file, 'base.dat');
});

test('notes say when the total covers the main process only and when metrics differ', () => {
  const rootOnly = runsOf({ command: 'x', rootMib: [5, 6] });
  const pss = runsOf({ command: 'x', rootMib: [5, 6], metric: 'pss' });
  const v = evaluateBudgets(rootOnly, { ...none, maxIncreasePercent: 50 }, pss);
  assert.match(v.notes.map(noteSentence).join('\n'), /main process only/);
  assert.match(v.notes.map(noteSentence).join('\n'), /PSS and this run RSS/);
});

test('every run of a multi-run file is checked', () => {
  const runs = summarizeRuns(
    decodeDat(fakeDat({ command: 'a', rootMib: [1] }) + fakeDat({ command: 'b', rootMib: [9] })),
  );
  assert.equal(runs.length, 2);
  const v = evaluateBudgets(runs, { ...none, maxPeakBytes: 5 * MiB });
  assert.deepEqual(
    v.checks.map((c) => c.passed),
    [true, false],
  );
});

test('a run without a total is not judged, and says so: no exception, no exit code from the analysis', () => {
  const noMem = summarizeRuns(decodeDat('CMDLINE x\nCHLD 5 1.0 10.0\n', 'quick.dat'));
  const peak = evaluateBudgets(noMem, { ...none, maxPeakBytes: MiB });
  assert.deepEqual(
    peak.checks.map((c) => [c.kind, c.passed]),
    [['unjudged', true]],
  );
  assert.equal(
    checkSentence(peak.checks[0]!),
    '--max-peak 1.0 MiB not judged: quick.dat has no total (no MEM line: the main process was never read)',
  );
  const base = runsOf(poolRun(), 'base.dat');
  const increase = evaluateBudgets(noMem, { ...none, maxIncreasePercent: 1 }, base);
  assert.deepEqual(
    increase.checks.map((c) => [c.kind, c.passed]),
    [['unjudged', true]],
  );
  assert.equal(evaluateBudgets(noMem, { ...none, maxIncreasePercent: 1 }, null).checks.length, 0);
});

test('a run with no sample at all is not judged on any budget, in the words run and check both print', () => {
  const header = 'MEMPROF 1 metric=rss interval=0.01 mem=root per_process=1 source=procfs exits=final\n';
  const closed = summarizeRuns(decodeDat(`${header}CMDLINE true\nDONE 100.5 0\n`, 'quick.dat'));
  const budget = { maxPeakBytes: MiB, maxProcessPeakBytes: 2 * MiB, maxIncreasePercent: 5 };
  const v = evaluateBudgets(closed, budget, runsOf(poolRun(), 'base.dat'));
  assert.equal(v.passed, true);
  const why = 'quick.dat has no total (no sample: the recording ended before its first reading)';
  assert.deepEqual(v.checks.map(checkSentence), [
    `--max-peak 1.0 MiB not judged: ${why}`,
    '--max-process-peak 2.0 MiB not judged: quick.dat has no process peak ' +
      '(no sample: the recording ended before its first reading)',
    `--max-increase 5% not judged: ${why}`,
  ]);
  // The baseline without a total: the check names the baseline.
  const other = evaluateBudgets(runsOf(poolRun()), { ...none, maxIncreasePercent: 5 }, closed);
  assert.deepEqual(other.checks.map(checkSentence), [`--max-increase 5% not judged: ${why}`]);
});

test('percentChange and hasBudget', () => {
  assert.equal(percentChange(100, 110), 10);
  assert.equal(percentChange(0, 0), 0);
  assert.equal(percentChange(0, 1), Infinity);
  assert.equal(hasBudget(none), false);
  assert.equal(hasBudget({ ...none, maxProcessPeakBytes: 1 }), true);
});

test('a run with no sample but a cgroup of its own is judged on the kernel peak, and says why', () => {
  const header = 'MEMPROF 1 metric=rss interval=0.01 mem=root per_process=1 source=procfs exits=final\n';
  const [closed] = summarizeRuns(decodeDat(`${header}CMDLINE true\nDONE 100.5 0\n`, 'quick.dat'));
  const kernel = {
    version: 1 as const,
    path: '/memprof-1',
    peakBytes: 3 * MiB,
    usagePeakBytes: null,
    split: null,
    splitAtSeconds: null,
    oomKills: 0,
    oomKilled: [],
  };
  const run = { ...closed!, kernel };
  const over = evaluateBudgets([run], { ...none, maxPeakBytes: 2 * MiB });
  assert.equal(over.passed, false);
  assert.match(
    checkSentence(over.checks[0]!),
    /^over budget: kernel peak 3\.0 MiB \(kernel peak of the tree's cgroup, page cache included; no sample was taken/,
  );
  assert.equal(evaluateBudgets([run], { ...none, maxPeakBytes: 4 * MiB }).passed, true);
  // With a sampled total, the sampled figure is judged as asked.
  const sampled = evaluateBudgets(runsOf(poolRun()), { ...none, maxPeakBytes: 4 * MiB });
  assert.deepEqual(
    sampled.checks.map((c) => c.kind === 'max-peak' && c.figure),
    ['sampled'],
  );
});
