import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileInput, plotRuns } from '../../../src/analysis/plot-passes.js';
import type { ProcessSummary } from '../../../src/analysis/summary.js';
import { parentIndices, timelineData } from '../../../src/report/timeline-data.js';
import { tempDir } from '../../helpers/memprof.js';
import { writeDat } from '../../helpers/recordings.js';

const proc = (pid: number | null, ppid: number | null, startSeconds: number, isRoot = false): ProcessSummary => ({
  key: String(pid),
  pid,
  ppid,
  command: null,
  isRoot,
  peakBytes: 1,
  peakAtSeconds: startSeconds,
  startSeconds,
  endSeconds: startSeconds + 1,
  exited: true,
  stillRunning: null,
  hwmBytes: null,
  atTotalPeakBytes: null,
});

test("a process's parent is its ppid's process that started last before it; unknown parents hang under main", () => {
  const processes = [
    proc(100, 1, 0, true),
    proc(7, 100, 1),
    proc(8, 7, 2), // the first 7's child
    proc(7, 100, 5), // pid 7 reused
    proc(9, 7, 6), // the second 7's child
    proc(10, 4242, 3), // its parent was never read
    proc(11, 12, 4), // two started together, each the other's ppid: the first in the list is the parent
    proc(12, 11, 4),
  ];
  assert.deepEqual(parentIndices(processes), [-1, 0, 1, 0, 3, 0, 0, 6]);
});

test('the page data: one entry per measured process, its parent, figures, curve and whether alive at the peak', () => {
  const dat = writeDat(tempDir(), 'run.dat', {
    command: 'make',
    rootMib: [10, 10, 10, 10],
    children: [
      { pid: 2001, ppid: 1000, command: '/usr/bin/cc1 a.c', mib: [null, 40, 80, null], hwmMib: 81 },
      { pid: 2002, ppid: 2001, command: 'as a.s', mib: [null, null, null, 5] },
    ],
  });
  const options = { top: 10, window: null, prefixRun: false, processCurves: true };
  const runs = plotRuns([fileInput(dat, 'auto')], options, () => ({ span: { start: 0, end: 0.4 }, buckets: 380 }));
  const data = timelineData(runs);
  assert.deepEqual(data.pid, [1000, 2001, 2002]);
  assert.deepEqual(data.parent, [-1, 0, 1]);
  assert.deepEqual(data.program, ['make', 'cc1', 'as']);
  assert.deepEqual(
    data.peak,
    [10, 80, 5].map((m) => m * 1024 * 1024),
  );
  assert.deepEqual(data.text.peak, ['10 MiB', '80 MiB', '5.0 MiB']);
  assert.deepEqual(data.text.hwm, ['', '81 MiB', '']);
  // The total's peak is tick 2 (10 + 80 MiB): make and cc1 were read then, as was not.
  assert.deepEqual(data.atPeak, [1, 1, 0]);
  assert.deepEqual(data.runs, [{ run: 1, peakAt: 0.2 }]);
  assert.deepEqual(data.curve[1], [0.1, 40, 0.2, 80]);
  assert.deepEqual([data.start[2], data.end[2]], [0.3, 0.3]);
  assert.equal(data.heap, false);
});
