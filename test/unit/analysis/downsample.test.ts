import { test } from 'node:test';
import assert from 'node:assert/strict';
import { downsampleMinMax } from '../../../src/analysis/downsample.js';
import type { Series } from '../../../src/format/types.js';
import { random } from '../../../bench/plot-recording.js';

/** A random series: uneven steps (some repeated timestamps), a random walk with rare spikes and dips. */
function randomSeries(rnd: () => number, n: number): Series {
  const s: Series = { t: [], v: [] };
  let t = rnd() * 100;
  let v = rnd() * 1e9;
  for (let i = 0; i < n; i++) {
    t += rnd() < 0.05 ? 0 : rnd() * rnd() * 0.5;
    v = Math.max(0, v + (rnd() - 0.5) * 1e7);
    const spike = rnd();
    s.t.push(t);
    s.v.push(Math.round(spike < 0.002 ? v * 4 : spike > 0.998 ? v / 4 : v));
  }
  return s;
}

const max = (v: number[]) => v.reduce((a, b) => Math.max(a, b), -Infinity);
const min = (v: number[]) => v.reduce((a, b) => Math.min(a, b), Infinity);

test('property: the reduction keeps every series maximum and minimum exactly, and only real samples in order', () => {
  const rnd = random(42);
  // Every branch of downsampleMinMax is taken by the 50th round: 100 keep a margin.
  for (let round = 0; round < 100; round++) {
    const series = randomSeries(rnd, Math.floor(rnd() * 6000));
    const buckets = 1 + Math.floor(rnd() * 400);
    // Half the time the buckets span a wider range than the series, as when several lines share an axis.
    const span =
      rnd() < 0.5 && series.t.length > 0
        ? { start: series.t[0]! - rnd() * 50, end: series.t.at(-1)! + rnd() * 50 }
        : undefined;
    const out = downsampleMinMax(series, buckets, span);
    const what = `round ${round}: n=${series.t.length} buckets=${buckets}`;
    assert.equal(max(out.v), max(series.v), what);
    assert.equal(min(out.v), min(series.v), what);
    assert.ok(out.t.length <= Math.max(series.t.length, 2 * buckets + 2), what);
    assert.equal(out.t[0], series.t[0], what);
    assert.equal(out.t.at(-1), series.t.at(-1), what);
    // Each kept sample is an input sample, and they come in the input's order.
    let j = 0;
    for (let k = 0; k < out.t.length; k++) {
      while (j < series.t.length && (series.t[j] !== out.t[k] || series.v[j] !== out.v[k])) j++;
      assert.ok(j < series.t.length, `${what}: sample ${k} is not an input sample in order`);
      j++;
    }
  }
});

test('property: every bucket keeps its own highest sample (local peaks survive, not only the global one)', () => {
  const rnd = random(7);
  for (let round = 0; round < 50; round++) {
    const series = randomSeries(rnd, 2000 + Math.floor(rnd() * 3000));
    const buckets = 50 + Math.floor(rnd() * 200);
    const out = downsampleMinMax(series, buckets);
    const start = series.t[0]!;
    const width = series.t.at(-1)! - start;
    const bucketOf = (t: number) => Math.min(buckets - 1, Math.floor(((t - start) / width) * buckets));
    const highest = new Map<number, number>();
    series.t.forEach((t, i) => {
      highest.set(bucketOf(t), Math.max(highest.get(bucketOf(t)) ?? -Infinity, series.v[i]!));
    });
    const kept = new Map<number, number>();
    out.t.forEach((t, i) => {
      kept.set(bucketOf(t), Math.max(kept.get(bucketOf(t)) ?? -Infinity, out.v[i]!));
    });
    assert.deepEqual(kept, highest, `round ${round}`);
  }
});

test('a short series comes back unchanged, and as a copy', () => {
  const series = { t: [0, 1, 2], v: [5, 9, 1] };
  const out = downsampleMinMax(series, 10);
  assert.deepEqual(out, series);
  assert.notEqual(out.t, series.t);
  assert.deepEqual(downsampleMinMax({ t: [], v: [] }, 10), { t: [], v: [] });
});

test('a million samples reduce to about two per bucket', () => {
  const n = 1_000_000;
  const series: Series = { t: new Array<number>(n), v: new Array<number>(n) };
  for (let i = 0; i < n; i++) {
    series.t[i] = i * 0.01;
    series.v[i] = Math.sin(i / 1000) * 1e6 + (i === 777_777 ? 1e9 : 0);
  }
  const out = downsampleMinMax(series, 380);
  assert.ok(out.t.length <= 2 * 380 + 2, String(out.t.length));
  assert.equal(max(out.v), max(series.v));
  assert.ok(out.t.includes(777_777 * 0.01));
});
