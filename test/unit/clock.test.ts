import { test } from 'node:test';
import assert from 'node:assert/strict';
import { epochMs, monotonicMs } from '../../src/clock.js';

test('epochMs is the wall clock, to within the millisecond Date.now() counts in', () => {
  for (let i = 0; i < 50; i++) {
    const before = Date.now();
    const now = epochMs();
    const after = Date.now();
    assert.ok(now >= before - 1 && now <= after + 1, `${now - before} ms from Date.now()`);
  }
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
