import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hwmUpperBound, maxConcurrentSum, type Lifetime } from '../../../src/analysis/upper-bound.js';
import { StreamingBound } from '../../../src/analysis/streaming-bound.js';
import { decodeDat } from '../../../src/format/decode.js';
import {
  encodeChld,
  encodeCmdline,
  encodeExit,
  encodeHeader,
  encodeHwm,
  encodeMem,
  encodeProc,
} from '../../../src/format/encode.js';
import { Pace } from '../../../src/platform/procfs/pace.js';
import { MiB } from '../../../src/units.js';

test('maxConcurrentSum adds only lifetimes that overlap; touching ends overlap', () => {
  assert.equal(maxConcurrentSum([]), 0);
  assert.equal(
    maxConcurrentSum([
      { from: 0, to: 1, bytes: 5 },
      { from: 2, to: 3, bytes: 7 },
    ]),
    7,
  );
  assert.equal(
    maxConcurrentSum([
      { from: 0, to: 2, bytes: 5 },
      { from: 2, to: 3, bytes: 7 },
    ]),
    12,
  );
  assert.equal(
    maxConcurrentSum([
      { from: 0, to: Infinity, bytes: 1 },
      { from: 1, to: 2, bytes: 2 },
      { from: 3, to: 4, bytes: 3 },
    ]),
    4,
  );
});

const header = encodeHeader({
  version: 1,
  metric: 'rss',
  intervalSeconds: 0.01,
  memScope: 'root',
  perProcess: true,
  source: 'procfs',
});

test('hwmUpperBound: sequential children are not summed; a spike between samples raises the bound', () => {
  const text =
    header +
    encodeCmdline('parent') +
    encodeProc(1, 0, 0, 10, 'parent') +
    encodeMem(10 * MiB, 10) +
    encodeHwm(1, 10 * MiB, 10) +
    encodeProc(2, 1, 10, 10.01, 'a') +
    encodeMem(10 * MiB, 10.01) +
    encodeChld(2, 4 * MiB, 10.01) +
    encodeHwm(2, 30 * MiB, 10.01) +
    encodeMem(10 * MiB, 10.02) +
    encodeExit(2, 10.01, 10.02) +
    encodeProc(3, 1, 10.02, 10.03, 'b') +
    encodeMem(10 * MiB, 10.03) +
    encodeChld(3, 6 * MiB, 10.03) +
    encodeHwm(3, 6 * MiB, 10.03);
  const [rec] = decodeDat(text);
  assert.equal(rec!.processes.find((p) => p.pid === 2)!.goneAt, 10.02);
  assert.equal(hwmUpperBound(rec!), 40 * MiB); // parent 10 + a 30; b (6) came after a was gone
});

test('hwmUpperBound is null without high-water marks (mprof files, the ps source)', () => {
  const [rec] = decodeDat(`CMDLINE x\nMEM 1.0 10.0\nCHLD 5 2.0 10.0\n`);
  assert.equal(hwmUpperBound(rec!), null);
});

test('Pace keeps an expensive read within its budget, in powers of two, and does not flip on noise', () => {
  const pace = new Pace(10, 0.2); // 2 ms a tick allowed
  assert.equal(pace.due(0), true);
  assert.equal(pace.done(0, 1), false);
  assert.equal(pace.every, 1);
  assert.equal(pace.done(1, 7), true); // 7 ms: every 4 ticks
  assert.equal(pace.every, 4);
  assert.equal(pace.due(3), false);
  assert.equal(pace.due(5), true);
  assert.equal(pace.done(5, 3), false); // would need 2: not yet a quarter, stays 4
  assert.equal(pace.done(9, 0.5), true);
  assert.equal(pace.every, 1);
});

test('Pace slows at most 4x a round: one read slowed by a preemption does not stop the reads for seconds', () => {
  const pace = new Pace(10, 0.2);
  assert.equal(pace.done(0, 300), true); // 300 ms would be every 256 ticks
  assert.equal(pace.every, 4);
  assert.equal(pace.done(4, 1), true); // the cost was not the read's: back to every tick
  assert.equal(pace.every, 1);
  // A cost that stays at 300 ms gets its pace in four rounds.
  const paces = [0, 1, 2, 3].map(() => {
    pace.done(0, 300);
    return pace.every;
  });
  assert.deepEqual(paces, [4, 16, 64, 256]);
});

test('StreamingBound equals the batch bound on random lives, with high-water marks rising while alive', () => {
  let seed = 11;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  let maxCandidates = 0;
  for (let trial = 0; trial < 300; trial++) {
    const stream = new StreamingBound();
    const all = new Map<number, Lifetime>();
    const live = new Set<number>();
    let pid = 0;
    for (let time = 0; time < 80; time++) {
      for (let n = Math.floor(random() * 3); n > 0; n--) {
        // starts come first within a tick, as in the recorder
        all.set(++pid, { from: time, to: Infinity, bytes: 0 });
        live.add(pid);
        stream.start(pid, time);
      }
      for (const p of live) {
        const bytes = all.get(p)!.bytes + (random() < 0.3 ? Math.floor(random() * 50) : 0);
        all.get(p)!.bytes = bytes;
        stream.raise(p, bytes);
      }
      for (const p of [...live]) {
        if (p !== 1 && random() < 0.25) {
          // pid 1 lives throughout, like the main process
          all.get(p)!.to = time;
          live.delete(p);
          stream.end(p);
        }
      }
      maxCandidates = Math.max(maxCandidates, (stream as unknown as { candidates: unknown[] }).candidates.length);
    }
    assert.equal(stream.bytes, maxConcurrentSum([...all.values()]), `trial ${trial}`);
  }
  assert.ok(maxCandidates < 40, `state stays small: at most ${maxCandidates} candidates for up to ~120 processes`);
});
