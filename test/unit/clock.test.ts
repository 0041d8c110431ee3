import { test } from 'node:test';
import assert from 'node:assert/strict';
import { epochMs, measureEpochBase, monotonicMs } from '../../src/clock.js';

test('epochMs is the wall clock, to within the millisecond Date.now() counts in', () => {
  for (let i = 0; i < 50; i++) {
    const before = Date.now();
    const now = epochMs();
    const after = Date.now();
    assert.ok(now >= before - 1 && now <= after + 1, `${now - before} ms from Date.now()`);
  }
});

test('the epoch base is measured where no preemption fell between the two clocks', () => {
  // A thread preempted for 10 ms between two of its clock reads, in the first two tries: reads 0-2 are the
  // first try's (monotonic, wall, monotonic), 3-5 the second's, and the wall read of each comes 10 ms late.
  // Each read takes a microsecond; the wall clock is the epoch at 1e12 ms plus the time.
  const preemptedAt = new Set([1, 4]);
  let t = 0;
  let reads = 0;
  const read = () => {
    t += 0.001;
    if (preemptedAt.has(reads++)) t += 10;
    return t;
  };
  const wall = () => Math.floor(1e12 + read());
  const base = measureEpochBase(read, wall);
  assert.ok(Math.abs(base - 1e12) <= 1, `${base - 1e12} ms off`);
});

test('monotonicMs never steps back and resolves well under a millisecond', () => {
  let last = monotonicMs();
  let smallest = Infinity;
  for (let i = 0; i < 10_000; i++) {
    const now = monotonicMs();
    assert.ok(now >= last, `${last - now} ms back`);
    if (now > last) smallest = Math.min(smallest, now - last);
    last = now;
  }
  assert.ok(smallest < 0.1, `the smallest step seen is ${smallest} ms`);
});
