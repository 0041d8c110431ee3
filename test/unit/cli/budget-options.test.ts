import { test } from 'node:test';
import assert from 'node:assert/strict';
import { budgetOptionsFrom, percent } from '../../../src/cli/budget-options.js';
import { MemprofError } from '../../../src/errors.js';
import { MiB } from '../../../src/units.js';

const usage = (e: unknown): boolean => e instanceof MemprofError && e.exitCode === 2;

test('sizes: MiB/M are 2^20, MB is 10^6, plain numbers are bytes', () => {
  const o = budgetOptionsFrom({ maxPeak: '1.5GiB', maxProcessPeak: '512MB' });
  assert.equal(o.maxPeakBytes, 1.5 * 1024 * MiB);
  assert.equal(o.maxProcessPeakBytes, 512e6);
  assert.equal(budgetOptionsFrom({ maxPeak: '1.5G' }).maxPeakBytes, 1.5 * 1024 * MiB);
  assert.equal(budgetOptionsFrom({ maxPeak: '512MiB' }).maxPeakBytes, 512 * MiB);
  assert.equal(budgetOptionsFrom({ maxPeak: '1048576' }).maxPeakBytes, MiB);
  assert.deepEqual(budgetOptionsFrom({}), {
    maxPeakBytes: null,
    maxProcessPeakBytes: null,
    maxIncreasePercent: null,
    baselineFile: null,
    summaryFile: null,
    peakFigure: 'sampled',
  });
});

test('a negative, zero, or unknown size is a usage error', () => {
  for (const bad of ['-5MiB', '0', '12XB', 'lots', '']) {
    assert.throws(() => budgetOptionsFrom({ maxPeak: bad }), usage, bad);
  }
});

test('--max-increase takes a percentage and goes with --baseline', () => {
  assert.equal(percent('10%'), 10);
  assert.equal(percent('2.5'), 2.5);
  assert.throws(() => percent('-3%'), usage);
  assert.throws(() => percent('ten'), usage);
  assert.equal(budgetOptionsFrom({ baseline: 'b.dat', maxIncrease: '10%' }).maxIncreasePercent, 10);
  assert.throws(() => budgetOptionsFrom({ baseline: 'b.dat' }), usage);
  assert.throws(() => budgetOptionsFrom({ maxIncrease: '10%' }), usage);
});
