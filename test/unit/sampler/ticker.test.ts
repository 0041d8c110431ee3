import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { epochMs, nextSlot, Ticker } from '../../../src/sampler/ticker.js';

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

test('haltAfterTick: the ticker stops right after its next tick and says which slot comes next', async () => {
  const ticks: number[] = [];
  const ticker = new Ticker(
    () => 40,
    () => {
      ticks.push(epochMs());
    },
  );
  ticker.start(); // slot 0 ticks at once
  await sleep(5);
  const position = await ticker.haltAfterTick(); // resolves right after slot 1's tick, about 40 ms in
  assert.equal(ticks.length, 2);
  assert.equal(position.slot, 2);
  // Counted from the halting tick, not from when this test got the CPU back: the next slot is still ahead,
  // and, unless the machine fired that tick 20 ms late, most of an interval is left for whoever goes on.
  const left = position.startMs + position.slot * 40 - ticks[1]!;
  const late = ticks[1]! - (position.startMs + 40);
  assert.ok(left > 0, `slot 2 was already due ${(-left).toFixed(1)} ms before the halt`);
  assert.ok(
    late >= 20 || left > 20,
    `${left.toFixed(1)} ms left before slot 2: most of an interval for whoever goes on`,
  );
  await sleep(100);
  assert.equal(ticks.length, 2, 'no tick after the halt');
});

test('haltAfterTick never resolves for a ticker stopped before its next tick', async () => {
  const ticker = new Ticker(
    () => 30,
    () => {},
  );
  ticker.start();
  const halted = ticker.haltAfterTick().then(() => 'halted');
  await ticker.stop();
  assert.equal(await Promise.race([halted, sleep(80).then(() => 'still waiting')]), 'still waiting');
});
