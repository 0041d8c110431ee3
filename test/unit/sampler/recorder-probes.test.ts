import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Recorder } from '../../../src/sampler/recorder.js';
import { tickResult } from '../../../src/platform/tick-result.js';
import type { ProbeMessage } from '../../../src/probe/wire.js';
import { MiB } from '../../../src/units.js';

const heap = (pid: number, timeMs: number): ProbeMessage => ({
  kind: 'heap',
  pid,
  thread: 0,
  timeMs,
  heapUsed: MiB,
  heapTotal: 2 * MiB,
  external: 0,
  arrayBuffers: 0,
});

function recorder(followTree: boolean): { lines: () => string[]; recorder: Recorder } {
  let text = '';
  const r = new Recorder(
    (t) => {
      text += t;
    },
    { rootPid: 1, memScope: 'root', perProcess: followTree, followTree },
  );
  return { lines: () => text.trimEnd().split('\n'), recorder: r };
}

test("a tick's probe lines come after its PROC lines and before its samples and EXIT lines", () => {
  const { lines, recorder: r } = recorder(true);
  r.record(
    10,
    tickResult({ appeared: [{ pid: 1, ppid: 0, startTime: 9, command: 'root' }], readings: [{ pid: 1, bytes: MiB }] }),
  );
  const mark: ProbeMessage = { kind: 'mark', pid: 99, timeMs: 10_500, label: 'phase' };
  r.record(
    11,
    tickResult({
      appeared: [{ pid: 2, ppid: 1, startTime: 10.5, command: 'node kid' }],
      readings: [{ pid: 1, bytes: MiB }],
      vanished: [2],
    }),
    undefined,
    // pid 3 is not known (yet): its heap is not written; a mark is, from any process.
    [heap(2, 10_900), heap(3, 10_950), mark],
  );
  assert.deepEqual(
    lines()
      .slice(2)
      .map((l) => l.split(' ', 2).join(' ')),
    ['PROC 2', 'HEAP 2', 'MARK 99', 'MEM 1.000000', 'EXIT 2'],
  );
  assert.equal(lines()[3], 'HEAP 2 0 1.000000 2.000000 0.000000 0.000000 10.9000');
  assert.equal(lines()[4], 'MARK 99 10.5000 "phase"');
});

test('without -M or -C only the main process has its heap written; messages outside a tick go out as they are', () => {
  const { lines, recorder: r } = recorder(false);
  r.record(10, tickResult({ readings: [{ pid: 1, bytes: MiB }] }), 'root');
  r.recordProbes([heap(1, 10_100), heap(2, 10_100), { kind: 'end', pid: 1, thread: 4, timeMs: 10_200 }]);
  r.recordProbes([]);
  assert.deepEqual(lines().slice(1), ['HEAP 1 0 1.000000 2.000000 0.000000 0.000000 10.1000', 'HEAPEND 1 4 10.2000']);
});
