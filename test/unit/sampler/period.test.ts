import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AdaptivePeriod, PERIOD_BUDGET, periodFactor } from '../../../src/sampler/period.js';
import { periodBudgetFrom } from '../../../src/sampler/select.js';

test('periodFactor: the least power of two that brings a tick under the budget, at once', () => {
  // 25% of a core at 10 ms is 2.5 ms a tick: 20 ms brings it to 12.5%, under 15%.
  assert.equal(periodFactor(0.25, 1, 0.15), 2);
  // 50% is 5 ms a tick: 40 ms is the first power of two under 15% (12.5%).
  assert.equal(periodFactor(0.5, 1, 0.15), 4);
  // At the budget exactly, the period stays.
  assert.equal(periodFactor(0.15, 1, 0.15), 1);
  // Measured at 20 ms: 20% there is 4 ms a tick, which needs 40 ms.
  assert.equal(periodFactor(0.2, 2, 0.15), 4);
});

test('periodFactor comes back only once the shorter period would cost at most three quarters of the budget', () => {
  // At 40 ms, 7% of a core is 2.8 ms a tick: 20 ms would cost 14%, over three quarters of 15%: it stays.
  assert.equal(periodFactor(0.07, 4, 0.15), 4);
  // 3% at 40 ms is 1.2 ms a tick: 20 ms costs 6%, 10 ms 12%: only 20 ms is within 11.25%.
  assert.equal(periodFactor(0.03, 4, 0.15), 2);
  // The tree is gone: 0.5% at 40 ms, back to the requested period in one step.
  assert.equal(periodFactor(0.005, 4, 0.15), 1);
  // Never shorter than requested, and a reading that is no share changes nothing.
  assert.equal(periodFactor(0, 1, 0.15), 1);
  assert.equal(periodFactor(Number.NaN, 2, 0.15), 2);
  assert.equal(periodFactor(-1, 2, 0.15), 2);
});

/** A period whose clock says each tick cost `costMs(k)` of CPU, and a function that runs tick k after k - 1. */
function periodOn(
  costMs: (k: number) => number,
  requestedMs = 10,
): { period: AdaptivePeriod; tick: () => number | null } {
  let now = 0;
  let cpu = 0;
  let k = 0;
  const period = new AdaptivePeriod(requestedMs, () => cpu);
  const tick = (): number | null => {
    cpu += costMs(k++);
    const changed = period.observe(now);
    now += period.ms;
    return changed;
  };
  return { period, tick };
}

test('AdaptivePeriod: the first window is not judged, the next lengthens the period, a smaller tree brings it back', () => {
  // 2.5 ms a tick (25% of a core at 10 ms) for 200 ticks, then 0.2 ms: the tree shrank.
  const { period, tick } = periodOn((k) => (k < 200 ? 2.5 : 0.2));
  const changes: Array<[number, number]> = [];
  for (let k = 0; k < 400; k++) {
    const changed = tick();
    if (changed !== null) changes.push([k, changed]);
  }
  // Windows of 50 ticks (0.5 s): the first (warm-up) ends at tick 50, the next at 100 finds 25% and goes to
  // 20 ms (12.5%). Windows of 25 ticks then, at 12.5% each, in the band where 20 ms stays; the one ending at
  // tick 225 finds 1% (2% at 10 ms, well within the budget): back to 10 ms.
  assert.deepEqual(changes, [
    [100, 20],
    [225, 10],
  ]);
  assert.equal(period.ms, 10);
});

test('AdaptivePeriod: a window needs four ticks as well as half a second', () => {
  const { tick } = periodOn(() => 300, 400);
  const changes: number[] = [];
  for (let k = 0; k < 12; k++) if (tick() !== null) changes.push(k);
  // Ticks of 400 ms costing 300: the warm-up window closes at tick 4, the first judged one at tick 8.
  assert.deepEqual(changes, [8]);
});

test('AdaptivePeriod without a clock keeps the requested period; its state carries the factor', () => {
  const fixed = new AdaptivePeriod(10, null);
  for (let now = 0; now < 5000; now += 10) assert.equal(fixed.observe(now), null);
  assert.equal(fixed.ms, 10);
  const moved = new AdaptivePeriod(10, () => 0, structuredClone({ factor: 4 }));
  assert.equal(moved.ms, 40);
  assert.deepEqual(moved.state, { factor: 4 });
});

test('MEMPROF_PERIOD_BUDGET sets the budget for a test; anything else is the default', () => {
  assert.equal(periodBudgetFrom({ MEMPROF_PERIOD_BUDGET: '0.01' }), 0.01);
  for (const text of [undefined, '', '0', '-1', '2', 'x']) {
    assert.equal(periodBudgetFrom({ MEMPROF_PERIOD_BUDGET: text }), PERIOD_BUDGET, String(text));
  }
});
