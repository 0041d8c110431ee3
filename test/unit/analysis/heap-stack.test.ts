import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HeapStack } from '../../../src/analysis/heap-stack.js';
import { MiB } from '../../../src/units.js';

const heap = (thread: number, used: number, external: number, time: number) => ({
  type: 'HEAP' as const,
  pid: 7,
  thread,
  heapUsed: used * MiB,
  heapTotal: 2 * used * MiB,
  external: external * MiB,
  arrayBuffers: 0,
  time,
});

test("the heap view's bands add up to the RSS of each bucket, a worker's heap counting until its end", () => {
  // Four buckets of 1 s over [0, 4).
  const stack = new HeapStack('7', { start: 0, end: 4 }, 4);
  stack.heap(0.1, heap(0, 10, 5, 0.1));
  stack.sample(0.5, 40 * MiB);
  stack.heap(1.2, heap(1, 20, 1, 1.2)); // a worker: the process's heap is the sum
  stack.sample(1.5, 60 * MiB);
  stack.heap(2.5, { type: 'HEAPEND', pid: 7, thread: 1, time: 2.5 });
  stack.sample(2.7, 25 * MiB);
  stack.sample(3.5, 12 * MiB); // less RSS than heap and external: the bands are cut to it
  const view = stack.finish(7, 'node x');
  assert.deepEqual(
    view.points.map((p) => [p.t, p.heapUsed / MiB, p.external / MiB, p.rest / MiB]),
    [
      [0.5, 10, 5, 25],
      [1.5, 30, 6, 24],
      [2.5, 10, 5, 10],
      [3.5, 10, 2, 0],
    ],
  );
});
