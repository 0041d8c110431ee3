import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DatWriter } from '../../../src/format/writer.js';
import { tickResult } from '../../../src/platform/tick-result.js';
import type { ProcessSource, TickResult } from '../../../src/platform/types.js';
import { AdaptivePeriod } from '../../../src/sampler/period.js';
import { Recorder } from '../../../src/sampler/recorder.js';
import { tickFunction, type PeriodNote } from '../../../src/sampler/session.js';
import { MiB } from '../../../src/units.js';

/** A tree of `n` processes that is read in full on every tick. */
function treeSource(n: number, changed: number[]): ProcessSource {
  let first = true;
  return {
    name: 'procfs',
    tick(): TickResult {
      const appeared = first
        ? Array.from({ length: n }, (_, i) => ({ pid: i + 1, ppid: 0, startTime: 0, command: 'x' }))
        : [];
      first = false;
      return tickResult({ appeared, readings: Array.from({ length: n }, (_, i) => ({ pid: i + 1, bytes: MiB })) });
    },
    survivors: () => [],
    sweepNext: () => {},
    periodChanged: (seconds) => changed.push(seconds),
    close: () => {},
  };
}

test('a tick that lengthens the period writes its PERIOD line in the same write as its samples, and says so', () => {
  const writes: string[] = [];
  const recorder = new Recorder((text) => writes.push(text), {
    rootPid: 1,
    memScope: 'tree',
    perProcess: true,
    followTree: true,
  });
  // A clock that says the sampler used half of a core all along, however fast the ticks below come.
  const t0 = performance.now();
  const period = new AdaptivePeriod(10, () => (performance.now() - t0) / 2);
  const changed: number[] = [];
  const notes: PeriodNote[] = [];
  const session = { source: treeSource(3, changed), recorder, writer: {} as DatWriter, period };
  const tick = tickFunction(
    session,
    (error) => assert.fail(String(error)),
    (note) => notes.push(note),
  );
  // Ticks a few milliseconds apart, as a ticker spaces them (blocked, not spinning: the CPU clock above is
  // the test's own): the period is judged on windows of half a second, the first not at all.
  const pause = new Int32Array(new SharedArrayBuffer(4));
  while (notes.length === 0 && performance.now() - t0 < 10_000) {
    void tick();
    Atomics.wait(pause, 0, 0, 2);
  }
  assert.equal(notes.length, 1, 'the period changed once');
  const note = notes[0]!;
  // 50% at 10 ms is 5 ms a tick: 40 ms brings it to 12.5%, under 15%.
  assert.deepEqual(note, { seconds: 0.04, requestedSeconds: 0.01, processes: 3, budget: 0.15 });
  assert.deepEqual(changed, [0.04]);
  assert.equal(period.ms, 40);
  const last = writes.at(-1)!.split('\n');
  assert.match(last[0]!, /^PERIOD 0\.0400 \d+\.\d{4}$/);
  assert.equal(last[0]!.split(' ')[2], last[1]!.split(' ')[2], 'PERIOD has the time of the MEM line after it');
  assert.match(last[1]!, /^MEM 3\.0+ /);
  assert.equal(last.filter((l) => l.startsWith('CHLD ')).length, 2, 'and every process of the tick');
  assert.equal(writes.filter((w) => w.includes('PERIOD')).length, 1);
});
