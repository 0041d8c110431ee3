import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fullCollection, HeapKeeper, oldGenerationBytes } from '../../../src/sampler/heap-keeper.js';

const MiB = 1024 * 1024;

test('collects once the old generation grew past the threshold, looking only every 10 s', () => {
  let old = 10 * MiB;
  const collections: number[] = [];
  const keeper = new HeapKeeper(
    () => {
      collections.push(old);
      old = 10.2 * MiB;
    },
    () => old,
    0,
  );
  old = 12 * MiB;
  assert.equal(keeper.maybeCollect(9_999), false, 'not due yet');
  assert.equal(keeper.maybeCollect(10_000), true);
  assert.deepEqual(collections, [12 * MiB]);
  old = 11 * MiB; // grew 0.8 MiB since the collection left it at 10.2
  assert.equal(keeper.maybeCollect(20_000), false);
  old = 11.3 * MiB;
  assert.equal(keeper.maybeCollect(25_000), false, 'checked at most every 10 s');
  assert.equal(keeper.maybeCollect(30_000), true);
  assert.equal(collections.length, 2);
});

test('a full collection frees old-generation garbage in this thread, and exposes no gc', () => {
  const collect = fullCollection();
  assert.ok(collect, 'this Node allows a full collection');
  let keep: unknown[] = [];
  for (let round = 0; round < 30; round++) keep = Array.from({ length: 20_000 }, (_, i) => ({ i, s: `x${i}` }));
  keep = [];
  const before = oldGenerationBytes();
  collect();
  const after = oldGenerationBytes();
  assert.ok(after < before - 2 * MiB, `old generation ${(before / MiB).toFixed(1)} -> ${(after / MiB).toFixed(1)} MiB`);
  assert.equal(typeof (globalThis as { gc?: unknown }).gc, 'undefined');
  assert.equal(keep.length, 0);
});
