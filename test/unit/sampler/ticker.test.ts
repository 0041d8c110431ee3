import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextSlot } from '../../../src/sampler/ticker.js';

test('slots are counted from the start: a late tick shortens the next wait', () => {
  assert.deepEqual(nextSlot(0, 3, 0, 10), { slot: 1, delayMs: 7, skipped: 0 });
  assert.deepEqual(nextSlot(1, 13.5, 0, 10), { slot: 2, delayMs: 6.5, skipped: 0 });
});

test('a tick that overran several slots skips them instead of bursting', () => {
  assert.deepEqual(nextSlot(2, 57, 0, 10), { slot: 5, delayMs: 0, skipped: 2 });
});

test('whole-millisecond timers cannot add samples: 300 slots in 3 s whatever the jitter', () => {
  let slot = 0;
  let now = 0;
  let ticks = 1;
  while (now < 3000) {
    const next = nextSlot(slot, now, 0, 10);
    slot = next.slot;
    now += Math.ceil(next.delayMs) + (ticks % 3 === 0 ? 1 : 0); // timers round up and fire late
    if (now < 3000) ticks++;
  }
  assert.ok(ticks >= 295 && ticks <= 300, `${ticks} ticks`);
});
