import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatWriter } from '../../../src/format/writer.js';
import { ProcfsSource } from '../../../src/platform/procfs/source.js';
import { Recorder, type RecorderOptions } from '../../../src/sampler/recorder.js';
import { tickResult } from '../../../src/platform/tick-result.js';
import type { TickResult } from '../../../src/platform/types.js';
import { MiB } from '../../../src/units.js';
import { tempDir } from '../../helpers/memprof.js';

// Sampling moves to a worker thread part way through a run: the state each piece hands over is copied
// (structuredClone is what postMessage does), and the copy must go on exactly as the original would have.

const tick = tickResult;

const TICKS: Array<[number, TickResult]> = [
  [
    10,
    tick({
      appeared: [{ pid: 1, ppid: 0, startTime: 9, command: 'root' }],
      readings: [{ pid: 1, bytes: 10 * MiB }],
      highWater: [{ pid: 1, bytes: 11 * MiB }],
    }),
  ],
  [
    11,
    tick({
      appeared: [{ pid: 2, ppid: 1, startTime: 10.5, command: 'kid' }],
      readings: [
        { pid: 1, bytes: 10 * MiB },
        { pid: 2, bytes: 30 * MiB },
      ],
      highWater: [{ pid: 2, bytes: 35 * MiB }],
    }),
  ],
  [
    12,
    tick({
      appeared: [{ pid: 3, ppid: 1, startTime: 11.5, command: 'kid2' }],
      readings: [
        { pid: 1, bytes: 12 * MiB },
        { pid: 3, bytes: 5 * MiB },
      ],
      vanished: [2],
    }),
  ],
  [
    13,
    tick({
      readings: [
        { pid: 1, bytes: 9 * MiB },
        { pid: 3, bytes: 50 * MiB },
      ],
      highWater: [{ pid: 3, bytes: 52 * MiB }],
    }),
  ],
  [14, tick({ readings: [{ pid: 1, bytes: 9 * MiB }], vanished: [3] })],
];
const OPTIONS: RecorderOptions = { rootPid: 1, memScope: 'tree', perProcess: true, followTree: true };

test('a recorder carried on from a copy of its state writes and sums up as one that never moved', () => {
  let whole = '';
  const unmoved = new Recorder((t) => {
    whole += t;
  }, OPTIONS);
  for (const [time, t] of TICKS) unmoved.record(time, t);
  unmoved.finish(15, 0);
  for (let cut = 1; cut < TICKS.length; cut++) {
    let text = '';
    const before = new Recorder((t) => {
      text += t;
    }, OPTIONS);
    for (const [time, t] of TICKS.slice(0, cut)) before.record(time, t);
    const after = new Recorder(
      (t) => {
        text += t;
      },
      OPTIONS,
      structuredClone(before.state),
    );
    for (const [time, t] of TICKS.slice(cut)) after.record(time, t);
    after.finish(15, 0);
    assert.equal(text, whole, `moved after tick ${cut}`);
    assert.deepEqual(after.peak, unmoved.peak);
    assert.equal(after.upperBoundBytes, unmoved.upperBoundBytes);
  }
  // Not a trivial bound: the root (sampled 12 over its mark of 11), and kid and kid2, found at the tick
  // kid was found gone.
  assert.equal(unmoved.upperBoundBytes, (12 + 35 + 52) * MiB);
});

test('a writer adopted from its state goes on at the end of the same file', () => {
  const path = join(tempDir(), 'w.dat');
  const first = DatWriter.create(path);
  first.write('MEM 1.000000 10.0000\n');
  const second = DatWriter.adopt(structuredClone(first.state));
  second.write('MEM 2.000000 11.0000\n');
  second.close();
  assert.equal(readFileSync(path, 'utf8'), 'MEM 1.000000 10.0000\nMEM 2.000000 11.0000\n');
  assert.deepEqual(second.state, { path, fd: null, size: 42 });
});

test('a procfs source carried on from a copy of its state keeps its processes, fds and schedule', () => {
  const plan = [
    {
      rootPid: process.pid,
      rootCommand: 'test',
      sessionId: null,
      runMark: null,
      followTree: true,
      metric: 'rss' as const,
    },
    { sweepEvery: 10, statusEvery: 100 },
    0.01,
  ] as const;
  const source = new ProcfsSource(...plan);
  const first = source.tick();
  assert.deepEqual(
    first.appeared.map((p) => p.pid),
    [process.pid],
  );
  assert.equal(first.readings[0]?.pid, process.pid);
  const moved = new ProcfsSource(...plan, structuredClone(source.state));
  const next = moved.tick();
  assert.deepEqual(next.appeared, [], 'no process is announced twice');
  assert.equal(next.readings.length, 1);
  assert.ok(next.readings[0]!.bytes > 10 * MiB, `${next.readings[0]!.bytes} bytes`);
  assert.equal(moved.state.ticks, 2);
  moved.close();
});
