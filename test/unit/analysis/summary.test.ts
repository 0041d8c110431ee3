import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { summarizeRun, summarizeRuns } from '../../../src/analysis/summary.js';
import { decodeDat } from '../../../src/format/decode.js';
import { readRecordings } from '../../../src/format/reader.js';
import { MiB } from '../../../src/units.js';
import { peakDocument } from '../../../src/report/json.js';
import { peakText } from '../../../src/report/peak-text.js';
import { markdownSummary } from '../../../src/report/markdown.js';
import { MPROF_FIXTURES } from '../../helpers/memprof.js';
import { fakeDat, poolRun } from '../../helpers/recordings.js';

const near = (actual: number | null, expected: number, what: string): void =>
  assert.ok(actual !== null && Math.abs(actual - expected) < 1e-6, `${what}: ${actual} != ${expected}`);

test('peak total, when, and who held the most at that moment', () => {
  const [run] = summarizeRuns(decodeDat(fakeDat(poolRun()), 'pool.dat'));
  assert.equal(run!.peakTotalBytes, 460 * MiB);
  near(run!.peakTotalAtSeconds, 0.3, 'peak time');
  near(run!.durationSeconds, 0.6, 'duration');
  assert.equal(run!.holder?.pid, 1002);
  assert.equal(run!.holder?.atTotalPeakBytes, 300 * MiB);
  assert.equal(run!.coversTree, true);
  assert.equal(run!.metric, 'rss');
  assert.equal(run!.exitCode, 0);
});

test('one entry per process: pid, ppid, command, peak, when it started and ended', () => {
  const [run] = summarizeRuns(decodeDat(fakeDat(poolRun())));
  assert.deepEqual(
    run!.processes.map((p) => [p.pid, p.ppid, p.command, p.peakBytes / MiB, p.isRoot]),
    [
      [1000, 1, 'node pool.js', 40, true],
      [1001, 1000, 'node worker.js a', 120, false],
      [1002, 1000, 'node worker.js b', 300, false],
    ],
  );
  const b = run!.processes[2]!;
  near(b.startSeconds, 0.1, 'start');
  near(b.endSeconds, 0.4, 'end');
  near(b.peakAtSeconds, 0.3, 'peak at');
  assert.equal(b.hwmBytes, 310 * MiB);
  assert.equal(b.exited, true);
});

test('with -C the main process is still listed: MEM minus its descendants', () => {
  const [run] = summarizeRuns(decodeDat(fakeDat(poolRun({ memScope: 'tree' }))));
  assert.equal(run!.peakTotalBytes, 460 * MiB);
  const root = run!.processes[0]!;
  assert.equal(root.isRoot, true);
  assert.equal(root.peakBytes, 40 * MiB);
});

test('with -C but not -M no process is listed: MEM is the whole tree, not the main process, and no holder is named', () => {
  const [run] = summarizeRuns(decodeDat(fakeDat(poolRun({ memScope: 'tree', perProcess: false }))));
  assert.equal(run!.peakTotalBytes, 460 * MiB);
  assert.equal(run!.ownSizes, false);
  assert.deepEqual(run!.processes, []);
  assert.equal(run!.holder, null);
  const text = peakText(run!);
  assert.match(text, /note: each process's own size was not recorded \(-C without -M\): the tree's total only/);
  assert.doesNotMatch(text, /460 MiB\s+\d/, 'no row holds the total');
  assert.equal(peakDocument(run!).ownSizesKnown, false);
});

test('with -C but not -M each process is listed by its kernel high-water mark, the largest first, in every report', () => {
  const children = poolRun().children!.map((c) => (c.pid === 1001 ? { ...c, hwmMib: 125 } : c));
  const [run] = summarizeRuns(decodeDat(fakeDat(poolRun({ memScope: 'tree', perProcess: false, children }))));
  const round = (s: number | null) => (s === null ? null : Math.round(s * 1000) / 1000);
  assert.deepEqual(
    run!.hwmOnly.map((p) => [p.pid, p.hwmBytes / MiB, round(p.startSeconds), round(p.endSeconds), p.isRoot]),
    [
      [1002, 310, 0.1, 0.4, false],
      [1001, 125, 0.1, 0.4, false],
    ],
  );
  assert.match(
    peakText(run!),
    /kernel high-water mark \(its largest RSS, each at a time of its own: they do not add up to the total\):\n +pid +ppid +kernel HWM +start +end +command\n +1002 +1000 +310 MiB +0\.10* s +0\.40* s +node worker\.js b\n +1001 /,
  );
  const doc = peakDocument(run!).hwmOnlyProcesses as Array<{ pid: number; hwmBytes: number }>;
  assert.deepEqual(
    doc.map((p) => [p.pid, p.hwmBytes / MiB]),
    [
      [1002, 310],
      [1001, 125],
    ],
  );
  assert.match(
    markdownSummary([run!], null),
    /\| pid \| command \| kernel HWM \|\n\|---:\|---\|---:\|\n\| 1002 \| `node worker\.js b` \| 310 MiB \|/,
  );
  // Where each process's own size is known, its table is the one: no second list.
  const [perProcess] = summarizeRuns(decodeDat(fakeDat(poolRun({ memScope: 'tree', children }))));
  assert.deepEqual(perProcess!.hwmOnly, []);
  assert.deepEqual(peakDocument(perProcess!).hwmOnlyProcesses, []);
});

test('with -C but not -M and no descendant, MEM is the main process: it is listed', () => {
  const [run] = summarizeRuns(decodeDat(fakeDat({ command: 'x', rootMib: [1, 5, 2], memScope: 'tree' })));
  assert.equal(run!.ownSizes, true);
  assert.equal(run!.processes[0]?.isRoot, true);
  assert.equal(run!.processes[0]?.peakBytes, 5 * MiB);
  assert.equal(run!.holder?.isRoot, true);
});

test('an mprof file without CHLD lines read as -C: its MEM names no process; read as the main process, it does', () => {
  const file = join(MPROF_FIXTURES, 'pool_grow_C_T0.1.dat');
  const [included] = summarizeRuns(readRecordings(file), 'included');
  assert.equal(included!.ownSizes, false);
  assert.deepEqual(included!.processes, []);
  const [alone] = summarizeRuns(readRecordings(file));
  assert.equal(alone!.ownSizes, true);
  assert.equal(alone!.processes[0]?.peakBytes, alone!.peakTotalBytes);
});

test("mprof's -MC file: the main process's own memory plus the children make the total", () => {
  const [run] = summarizeRuns(readRecordings(join(MPROF_FIXTURES, 'pool_MC_T0.1.dat')));
  const root = run!.processes.find((p) => p.isRoot)!;
  assert.equal(root.pid, null);
  const atPeak = run!.processes.reduce((sum, p) => sum + (p.atTotalPeakBytes ?? 0), 0);
  assert.ok(Math.abs(atPeak - run!.peakTotalBytes!) < MiB, `${atPeak} vs ${run!.peakTotalBytes}`);
});

test("mprof's bogus `CHLD pid 0.000000` lines are counted as vanished, not listed", () => {
  const [run] = summarizeRuns(readRecordings(join(MPROF_FIXTURES, 'churn_M_T0.01.dat')));
  assert.ok(run!.vanished > 0);
  assert.ok(run!.processes.every((p) => p.peakBytes > 0));
  assert.ok(!run!.processes.some((p) => p.pid === 0));
});

test('a run without -M or -C says its total is the main process only; metric comes from the header', () => {
  const run = summarizeRun(decodeDat(fakeDat({ command: 'x', rootMib: [1, 2], metric: 'pss' }))[0]!);
  assert.equal(run.coversTree, false);
  assert.equal(run.metric, 'pss');
  assert.equal(run.processes.length, 1);
});

test('each run of a multi-run file is summarized on its own', () => {
  const runs = summarizeRuns(readRecordings(join(MPROF_FIXTURES, 'concurrent_runs_one_file.dat')));
  assert.equal(runs.length, 6);
  assert.deepEqual(
    runs.map((r) => r.run),
    [1, 2, 3, 4, 5, 6],
  );
  assert.ok(runs.every((r) => r.runs === 6 && r.peakTotalBytes! > MiB));
});

test('a run with no MEM sample has no total peak, and does not throw', () => {
  const run = summarizeRun(decodeDat('CMDLINE x\nCHLD 5 1.0 10.0\nCHLD 5 2.0 11.0\n')[0]!);
  assert.equal(run.peakTotalBytes, null);
  assert.equal(run.processes[0]?.peakBytes, 2 * MiB);
});
