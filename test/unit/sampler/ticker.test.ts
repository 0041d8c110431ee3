import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { epochMs } from '../../../src/clock.js';
import { nextSlot, Ticker, withPeriod } from '../../../src/sampler/ticker.js';

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
  // Slots far apart next to a loaded machine's delays: a tick or this test a few tens of ms late change nothing.
  const INTERVAL = 200;
  const ticks: number[] = [];
  const ticker = new Ticker(
    () => INTERVAL,
    () => {
      ticks.push(epochMs());
    },
  );
  ticker.start(); // slot 0 ticks at once
  await sleep(5);
  const before = ticks.length; // 1, unless this test got the CPU back only after slot 1's tick
  const position = await ticker.haltAfterTick(); // resolves right after the next tick, slot 1's
  assert.equal(ticks.length, before + 1);
  assert.equal(position.slot, before + 1);
  // Counted from the halting tick, not from when this test got the CPU back: the next slot is still ahead,
  // and, unless the machine fired that tick half an interval late, most of an interval is left for whoever
  // goes on.
  const halting = ticks[before]!;
  const left = position.startMs + position.slot * INTERVAL - halting;
  const late = halting - (position.startMs + before * INTERVAL);
  assert.ok(left > 0, `slot ${position.slot} was already due ${(-left).toFixed(1)} ms before the halt`);
  assert.ok(
    late >= INTERVAL / 2 || left > INTERVAL / 2,
    `${left.toFixed(1)} ms left before slot ${position.slot}: most of an interval for whoever goes on`,
  );
  await sleep(INTERVAL + 60);
  assert.equal(ticks.length, before + 1, 'no tick after the halt');
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

test('withPeriod: after a change, slots count on from the tick just made, at the new period', () => {
  const position = { startMs: 1000, slot: 7, intervalMs: 10 };
  assert.equal(withPeriod(position, 10), position, 'the same period: the same schedule');
  const longer = withPeriod(position, 20);
  assert.deepEqual(longer, { startMs: 1070, slot: 0, intervalMs: 20 });
  // The tick of slot 7 ran at 1072: the next is due at 1090, a new period after slot 7's time.
  assert.deepEqual(nextSlot(longer.slot, 1072, longer.startMs, longer.intervalMs), {
    slot: 1,
    delayMs: 18,
    skipped: 0,
  });
});

test('a ticker asks the period after each tick: a longer one spaces the ticks that follow', async () => {
  const times: number[] = [];
  let period = 5;
  const ticker = new Ticker(
    () => period,
    () => {
      times.push(epochMs());
      if (times.length === 2) period = 60;
    },
  );
  ticker.start();
  await sleep(150);
  await ticker.stop();
  // Two ticks at 5 ms, then one every 60 ms: at most four in 150 ms however late timers fire (a loaded
  // machine only makes fewer), where a 5 ms period would have made about thirty.
  assert.ok(times.length >= 2 && times.length <= 4, `${times.length} ticks`);
});
