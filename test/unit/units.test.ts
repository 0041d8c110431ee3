import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  formatBytes,
  formatMprofMiB,
  formatPercentChange,
  formatPeriod,
  formatRate,
  formatSeconds,
  MiB,
  plural,
  runOf,
} from '../../src/units.js';

// The one module that turns numbers into words: every reporter prints through it, so one figure reads the
// same in run, peak, plot, check and diff.

test('formatBytes: B, KiB, MiB with one decimal under 10, whole MiB, then GiB with two decimals', () => {
  const cases: Array<[number, string]> = [
    [512, '512 B'],
    [16 * 1024, '16 KiB'],
    [1.74 * MiB, '1.7 MiB'],
    [9.96 * MiB, '10.0 MiB'],
    [10 * MiB, '10 MiB'],
    [1430.984 * MiB, '1.40 GiB'],
    [-200 * MiB, '-200 MiB'],
  ];
  for (const [bytes, text] of cases) assert.equal(formatBytes(bytes), text, String(bytes));
});

test('formatSeconds: 0 s, three decimals under 0.1 s, two under 10 s, one above', () => {
  const cases: Array<[number, string]> = [
    [0, '0 s'],
    [0.012, '0.012 s'],
    [0.5, '0.50 s'],
    [9.994, '9.99 s'],
    [61.25, '61.3 s'],
  ];
  for (const [seconds, text] of cases) assert.equal(formatSeconds(seconds), text, String(seconds));
  assert.equal(formatPeriod(0.01), '10 ms');
  assert.equal(formatPeriod(2), '2.00 s');
});

test("percentages, rates, mprof's MiB, plurals and which run of a file", () => {
  assert.equal(formatPercentChange(12.345), '+12.3%');
  assert.equal(formatPercentChange(-3), '-3.0%');
  assert.equal(formatPercentChange(Infinity), '+inf%');
  assert.equal(formatRate(1.5 * MiB), '+1.5 MiB/s');
  assert.equal(formatRate(-512 * 1024), '-512 KiB/s');
  assert.equal(formatMprofMiB(1430.984 * MiB), '1430.984 MiB');
  assert.equal(plural(1, 'process', 'processes'), '1 process');
  assert.equal(plural(3, 'process', 'processes'), '3 processes');
  assert.equal(runOf(2, 3), 'run 2/3');
  assert.equal(runOf(1, 1), '');
});

test("formatMprofMiB prints as mprof's Python does, ties to the even digit included", (t) => {
  // Multiples of 1/16 MiB: every odd sixteenth is an exact tie at the third decimal (0.0625, 0.1875, ...).
  const bytes = Array.from({ length: 400 }, (_, i) => i * 65536 + (i % 5 === 0 ? 1 : 0) + (i > 300 ? 2 ** 31 : 0));
  const python = spawnSync(
    'python3',
    ['-c', 'import sys\nfor b in sys.argv[1:]: print("%.3f MiB" % (int(b) / 1048576))', ...bytes.map(String)],
    {
      encoding: 'utf8',
    },
  );
  if (python.status !== 0) return t.skip('needs python3');
  assert.deepEqual(bytes.map(formatMprofMiB), python.stdout.trim().split('\n'));
});
