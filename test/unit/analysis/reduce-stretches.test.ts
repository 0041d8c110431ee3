import { test } from 'node:test';
import assert from 'node:assert/strict';
import { downsampleMinMax } from '../../../src/analysis/downsample.js';
import { LineReducer, type ReducedLine, type Reduction } from '../../../src/analysis/line-reducer.js';
import { gapBreaks } from '../../../src/analysis/reading-gaps.js';
import { reduceStretches } from '../../../src/analysis/reduce-stretches.js';
import type { Series } from '../../../src/format/types.js';
import { random } from '../../../bench/plot-recording.js';

// A process read only every few ticks breaks into many short stretches: the reduction must keep a few points
// a bucket for it, as for a dense line, and still never join two readings across a gap.

const PERIOD = 0.01;
const cadence = { periodSeconds: PERIOD, paces: [], periods: [] };
const BUCKETS = 380;

/** A process's readings over `ticks` ticks, each `gap(rnd)` ticks after the one before, its MiB a random walk. */
function readings(ticks: number, gap: (rnd: () => number) => number, seed: number): Series {
  const rnd = random(seed);
  const series: Series = { t: [], v: [] };
  let mib = 100;
  for (let k = 0; k < ticks; k += gap(rnd)) {
    mib = Math.max(1, mib + (rnd() - 0.5) * 4);
    series.t.push(k * PERIOD);
    series.v.push(Math.round(mib * 1e6));
  }
  return series;
}

/** The series streamed through the plots' reducer, by default over [0, its last reading]. */
function streamed(series: Series, buckets = BUCKETS, reduction: Partial<Reduction> = {}): ReducedLine {
  const span = { start: 0, end: series.t.at(-1)! };
  const reducer = new LineReducer({ span, buckets, cadence, ...reduction });
  for (let i = 0; i < series.t.length; i++) reducer.push(series.t[i]!, series.v[i]!);
  return reducer.finish();
}

/**
 * Every kept point is a reading of the input, in order, and two kept points are joined exactly when no gap of
 * the input lies between them: a line never crosses a gap, and no stretch is cut where the input has none.
 */
function assertReadingsInTheirStretches(input: Series, inputBreaks: number[], line: ReducedLine): void {
  const index = new Map(input.t.map((t, i) => [t, i]));
  const from = line.series.t.map((t, k) => {
    const i = index.get(t);
    assert.ok(i !== undefined && input.v[i] === line.series.v[k], `kept point ${k} (${t} s) is a reading`);
    return i;
  });
  const stretchOf = (i: number): number => inputBreaks.filter((b) => b <= i).length;
  const breaks = new Set(line.breaks);
  for (let k = 1; k < from.length; k++) {
    assert.ok(from[k]! > from[k - 1]!, `point ${k} in time order`);
    assert.equal(breaks.has(k), stretchOf(from[k]!) !== stretchOf(from[k - 1]!), `points ${k - 1} and ${k}`);
  }
}

const everyFewTicks = (rnd: () => number): number => 2 + Math.floor(rnd() * 4);

test('a process read every 2 to 5 ticks keeps a few points a bucket, its peak, its ends, and no line across a gap', () => {
  const input = readings(60_000, everyFewTicks, 3);
  const inputBreaks = gapBreaks(input, cadence);
  // Reads 5 ticks apart are gaps (more than GAP_FACTOR periods): about one in four.
  assert.ok(inputBreaks.length > input.t.length / 6, `${inputBreaks.length} gaps in ${input.t.length} readings`);
  const line = streamed(input);
  const kept = line.series;
  assert.ok(kept.t.length <= 6 * BUCKETS, `${kept.t.length} points kept of ${input.t.length}, over ${BUCKETS} buckets`);
  assert.ok(line.breaks.length + 1 <= 4 * BUCKETS, `${line.breaks.length + 1} stretches`);
  assert.equal(Math.max(...kept.v), Math.max(...input.v));
  assert.equal(Math.min(...kept.v), Math.min(...input.v));
  assert.deepEqual([kept.t[0], kept.t.at(-1)], [input.t[0], input.t.at(-1)]);
  assertReadingsInTheirStretches(input, inputBreaks, line);
});

test('a process whose reads fail in runs keeps a few points a bucket, each stretch within one of the readings', () => {
  // Read every tick but for runs of 6 to 9 failed reads, one tick in fifty starting one.
  const input = readings(60_000, (rnd) => (rnd() < 0.02 ? 6 + Math.floor(rnd() * 4) : 1), 5);
  const inputBreaks = gapBreaks(input, cadence);
  assert.ok(inputBreaks.length > 2 * BUCKETS, `${inputBreaks.length} gaps`);
  const line = streamed(input);
  assert.ok(line.series.t.length <= 8 * BUCKETS, `${line.series.t.length} points kept of ${input.t.length}`);
  assert.equal(Math.max(...line.series.v), Math.max(...input.v));
  assertReadingsInTheirStretches(input, inputBreaks, line);
});

/**
 * The reduction's contract for one stretch: whole up to 2 * buckets + 2 points, else its first and last point
 * and each bucket's first lowest and first highest.
 */
function minMaxReference(series: Series, buckets: number, end: number): Series {
  const n = series.t.length;
  if (n <= 2 * buckets + 2) return series;
  const keep = new Set([0, n - 1]);
  const byBucket = new Map<number, number[]>();
  series.t.forEach((t, i) => {
    const b = Math.min(buckets - 1, Math.floor((t / end) * buckets));
    byBucket.set(b, [...(byBucket.get(b) ?? []), i]);
  });
  for (const indices of byBucket.values()) {
    const values = indices.map((i) => series.v[i]!);
    keep.add(indices[values.indexOf(Math.min(...values))]!).add(indices[values.indexOf(Math.max(...values))]!);
  }
  const kept = [...keep].sort((x, y) => x - y);
  return { t: kept.map((i) => series.t[i]!), v: kept.map((i) => series.v[i]!) };
}

test('a line read every tick keeps what reducing it as one stretch keeps', () => {
  for (const [ticks, seed] of [
    [20_000, 1],
    [700, 2],
    [3_000, 4],
  ] as const) {
    const input = readings(ticks, () => 1, seed);
    const line = streamed(input);
    assert.deepEqual(line.breaks, []);
    const end = input.t.at(-1)!;
    assert.deepEqual(line.series, minMaxReference(input, BUCKETS, end), `${ticks} ticks`);
    assert.deepEqual(line.series, downsampleMinMax(input, BUCKETS, { start: 0, end }), `${ticks} ticks`);
  }
});

/** The input's points at these indices, with a break wherever two of them lie in different stretches. */
function picked(input: Series, inputBreaks: number[], indices: number[]): { series: Series; breaks: number[] } {
  const stretchOf = (i: number): number => inputBreaks.filter((b) => b <= i).length;
  return {
    series: { t: indices.map((i) => input.t[i]!), v: indices.map((i) => input.v[i]!) },
    breaks: indices.flatMap((i, k) => (k > 0 && stretchOf(i) !== stretchOf(indices[k - 1]!) ? [k] : [])),
  };
}

test('in a bucket that stretches share, each keeps its lowest and highest reading and its ends there', () => {
  // Four buckets of 1 s; 0.1 s a period, so readings more than 0.4 s apart are not joined.
  const slow = { periodSeconds: 0.1, paces: [], periods: [] };
  const readingsAt: Array<[number, number]> = [
    [0.2, 50],
    [0.9, 52],
    [1.0, 51],
    [1.02, 60],
    [1.04, 55],
    [1.06, 70],
    [1.08, 65],
    [1.6, 10],
    [1.62, 14],
    [1.64, 8],
    [1.66, 11],
    [1.68, 12],
    [2.9, 40],
    [3.1, 41],
    [3.4, 45],
  ];
  const input: Series = { t: readingsAt.map(([t]) => t), v: readingsAt.map(([, v]) => v) };
  const inputBreaks = gapBreaks(input, slow);
  assert.deepEqual(inputBreaks, [1, 7, 12], '0.2 s alone, 0.9-1.08 s, 1.6-1.68 s, 2.9-3.4 s');
  const line = streamed(input, 4, { span: { start: 0, end: 4 }, cadence: slow });
  // Bucket 1 (1-2 s): the second stretch's end keeps its lowest (2), highest (5) and last (6) reading; the third
  // stretch, wholly inside, its first (7), highest (8), lowest (9) and last (11). Buckets 2 and 3 had no gap.
  assert.deepEqual(
    { series: line.series, breaks: line.breaks },
    picked(input, inputBreaks, [0, 1, 2, 5, 6, 7, 8, 9, 11, 12, 13, 14]),
  );
});

test('many lone readings inside one bucket are reduced together to its lowest and highest, each alone', () => {
  const input: Series = { t: [0.5], v: [60e6] };
  const rnd = random(9);
  // Every 45 ms at a 10 ms period: each reading follows a gap, all 20 inside bucket 1 (1-2 s).
  for (let k = 0; k < 20; k++) {
    input.t.push(1 + k * 0.045);
    input.v.push(Math.round(rnd() * 100e6));
  }
  input.t.push(3.5);
  input.v.push(60e6);
  const line = streamed(input, 4, { span: { start: 0, end: 4 } });
  const inBucket = input.v.slice(1, -1);
  const lo = 1 + inBucket.indexOf(Math.min(...inBucket));
  const hi = 1 + inBucket.indexOf(Math.max(...inBucket));
  const inputBreaks = gapBreaks(input, cadence);
  assert.equal(inputBreaks.length, input.t.length - 1, 'every reading alone');
  const expected = [0, Math.min(lo, hi), Math.max(lo, hi), input.t.length - 1];
  assert.deepEqual({ series: line.series, breaks: line.breaks }, picked(input, inputBreaks, expected));
});

test('the whole series reduced at once equals the streamed line, and reducing it again changes nothing', () => {
  for (const [gap, seed] of [
    [everyFewTicks, 7],
    [(rnd: () => number) => (rnd() < 0.1 ? 5 + Math.floor(rnd() * 40) : 1), 8],
  ] as const) {
    const input = readings(20_000, gap, seed);
    const span = { start: 0, end: input.t.at(-1)! };
    for (const buckets of [1, 7, BUCKETS]) {
      const line = streamed(input, buckets);
      const whole = reduceStretches(input, gapBreaks(input, cadence), buckets, span);
      assert.deepEqual(whole, { series: line.series, breaks: line.breaks }, `${buckets} buckets`);
      assert.deepEqual(reduceStretches(whole.series, whole.breaks, buckets, span), whole, `again, ${buckets} buckets`);
    }
  }
});
