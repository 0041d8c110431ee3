import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { looksLikeNode } from '../../../src/analysis/node-heaps.js';
import { summarizeFile, summarizeRuns } from '../../../src/analysis/summary.js';
import { decodeDat } from '../../../src/format/decode.js';
import {
  encodeChld,
  encodeCmdline,
  encodeExit,
  encodeHeader,
  encodeHeap,
  encodeHeapEnd,
  encodeMark,
  encodeMem,
  encodeProc,
  encodeV8,
} from '../../../src/format/encode.js';
import { hasExtraFields, parseLine } from '../../../src/format/parse-line.js';
import { MiB } from '../../../src/units.js';
import { tempDir } from '../../helpers/memprof.js';

const heap = (used: number, external: number) => ({
  heapUsed: used * MiB,
  heapTotal: used * 2 * MiB,
  external: external * MiB,
  arrayBuffers: external * MiB,
});

/**
 * A run of ticks 0..9 at t = 100 + k: the main process 10 MiB, its child `20 + k` MiB until tick 7; marks at
 * 102.5 ('b') and 105.5 ('c'), each written in the tick after it (as the sampler does). The child is Node,
 * with a worker thread from 103 to 105 whose heap counts with its main thread's until its HEAPEND.
 */
function markedRun(): string {
  let text =
    encodeHeader({
      version: 1,
      metric: 'rss',
      intervalSeconds: 1,
      memScope: 'root',
      perProcess: true,
      source: 'procfs',
      finalExits: true,
      nodeProbe: true,
    }) + encodeCmdline('sh run');
  text += encodeProc(1, 0, 99, 100, 'sh run');
  text += encodeProc(2, 1, 99.5, 100, 'node kid.js');
  text += encodeProc(3, 1, 99.5, 100, 'node quiet.js');
  for (let k = 0; k < 10; k++) {
    const t = 100 + k;
    if (k === 3) text += encodeMark(4, 102.5, 'b');
    if (k === 6) text += encodeMark(4, 105.5, 'c');
    if (k < 8) text += encodeHeap(2, 0, heap(5 + k, 1), t);
    if (k >= 3 && k <= 5) text += encodeHeap(2, 1, heap(3, 8), t + 0.5);
    if (k === 5) text += encodeHeapEnd(2, 1, t + 0.6);
    if (k === 1)
      text += encodeV8(
        2,
        0,
        { physical: 9, limit: 4096 * MiB, malloced: MiB, nativeContexts: 1, detachedContexts: 2 },
        t,
      );
    text += encodeMem(10 * MiB, t);
    if (k < 8) text += encodeChld(2, (20 + k) * MiB, t);
    text += encodeChld(3, 5 * MiB, t);
    if (k === 7) text += encodeExit(2, t, t + 1);
  }
  return text;
}

test('the Node lines read back, and mprof-style readers skip them by their type', () => {
  const line = encodeHeap(2, 1, heap(3, 8), 100.25).trimEnd();
  assert.deepEqual(parseLine(line), {
    type: 'HEAP',
    pid: 2,
    thread: 1,
    heapUsed: 3 * MiB,
    heapTotal: 6 * MiB,
    external: 8 * MiB,
    arrayBuffers: 8 * MiB,
    time: 100.25,
  });
  assert.deepEqual(parseLine(encodeMark(4, 1.5, 'a "b"\nc').trimEnd()), {
    type: 'MARK',
    pid: 4,
    time: 1.5,
    label: 'a "b" c',
  });
  assert.deepEqual(parseLine(encodeHeapEnd(2, 1, 3).trimEnd()), { type: 'HEAPEND', pid: 2, thread: 1, time: 3 });
  assert.equal(hasExtraFields(`${line} 9`), true);
  assert.equal(hasExtraFields(line), false);
  assert.throws(() => parseLine('HEAP 2 1 -3 6 8 8 100'), /negative memory value/);
  assert.throws(() => parseLine('MARK 4 1.5 unquoted'), /invalid quoted label/);
});

test("peak per phase: the total and each process's, cut at the marks' times, the same streamed as decoded", () => {
  const text = markedRun();
  const file = join(tempDir(), 'phases.dat');
  writeFileSync(file, text);
  for (const run of [summarizeFile(file, 'auto', { chunkBytes: 61 })[0]!, summarizeRuns(decodeDat(text))[0]!]) {
    assert.deepEqual(
      run.marks.map((m) => [m.label, m.atSeconds]),
      [
        ['b', 2.5],
        ['c', 5.5],
      ],
    );
    const phases = run.phases.map((p) => ({
      label: p.label,
      span: [p.startSeconds, p.endSeconds],
      total: p.peakTotalBytes! / MiB,
      at: p.peakTotalAtSeconds,
      top: p.processes.map((q) => [q.pid, q.peakBytes / MiB, q.peakAtSeconds]),
    }));
    // Ticks 0-2 before b, 3-5 in b, 6-9 in c; the child's last sample is at tick 7.
    assert.deepEqual(phases, [
      {
        label: null,
        span: [0, 2.5],
        total: 37,
        at: 2,
        top: [
          [2, 22, 2],
          [1, 10, 0],
          [3, 5, 0],
        ],
      },
      {
        label: 'b',
        span: [2.5, 5.5],
        total: 40,
        at: 5,
        top: [
          [2, 25, 5],
          [1, 10, 3],
          [3, 5, 3],
        ],
      },
      {
        label: 'c',
        span: [5.5, 9],
        total: 42,
        at: 7,
        top: [
          [2, 27, 7],
          [1, 10, 6],
          [3, 5, 6],
        ],
      },
    ]);
  }
});

test("a Node process's heap is the sum over its live isolates; Node processes without heap lines were not probed", () => {
  const [run] = summarizeRuns(decodeDat(markedRun()));
  const node = run!.node!;
  assert.equal(node.probed, 1);
  assert.deepEqual(node.notProbed, [{ pid: 3, command: 'node quiet.js' }]);
  const kid = node.processes[0]!;
  // Main thread 5 + k MiB (12 at tick 7, alone); the worker's 3 MiB counts from 103.5 to its end at 105.6, so
  // the sum peaks at tick 5 (10 + 3), as does external (1 + 8).
  assert.deepEqual(
    [kid.heapUsedBytes / MiB, kid.heapUsedAtSeconds, kid.externalBytes / MiB, kid.threads],
    [13, 5, 9, 2],
  );
  assert.equal(kid.peakBytes, 27 * MiB, 'its RSS peak beside its heap');
  assert.deepEqual([kid.heapLimitBytes, kid.mallocedBytes, kid.detachedContexts], [4096 * MiB, MiB, 2]);
});

test('a Node command line is told by its program, whatever its path', () => {
  for (const yes of ['node x.js', '/usr/local/bin/node --inspect x', 'nodejs a', "'/opt/my dir/node' x", 'node20 x']) {
    assert.equal(looksLikeNode(yes), true, yes);
  }
  const memprofCli = ['node /usr/lib/node_modules/memprof/bin/memprof.js mark a', "node '/my dir/memprof' mark b"];
  for (const no of ['nodemon x', 'python3 node', 'sh -c node', '', null, ...memprofCli]) {
    assert.equal(looksLikeNode(no), false, String(no));
  }
});

test('phases of a -C run without -M: each phase has its total and names no process, since MEM is the whole tree', () => {
  let text =
    encodeHeader({
      version: 1,
      metric: 'rss',
      intervalSeconds: 1,
      memScope: 'tree',
      perProcess: false,
      source: 'procfs',
    }) +
    encodeCmdline('sh build.sh') +
    encodeProc(10, 1, 100, 100, 'sh build.sh') +
    encodeProc(11, 10, 100, 100, 'cc1 big.c');
  // The tree (sh and cc1 together): 50 MiB, then 300 MiB after the mark.
  for (let k = 0; k < 4; k++) {
    text += encodeMem((k < 2 ? 50 : 300) * MiB, 100 + k);
    if (k === 2) text += encodeMark(10, 101.5, 'link');
  }
  const [run] = summarizeRuns(decodeDat(text));
  assert.deepEqual(
    run!.phases.map((p) => [p.label, p.peakTotalBytes! / MiB, p.processes.length]),
    [
      [null, 50, 0],
      ['link', 300, 0],
    ],
  );
});
