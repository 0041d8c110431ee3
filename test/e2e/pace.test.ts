import { test } from 'node:test';
import { peakVerb, runVerb } from '../helpers/in-process.js';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, memprof, tempDir } from '../helpers/memprof.js';

// Reading smaps_rollup of a process holding 300 MiB walks every page of it: several ms, more than the 2 ms
// (20% of a 10 ms period) the pacer allows, so PSS is read every few ticks and `run` has to say so.
const ALLOC = join(FIXTURES, 'alloc.js');
const PERIOD = 0.01;

/** The file's lines of one type as number fields, read without memprof's reader. */
function fields(text: string, type: string): number[][] {
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${type} `))
    .map((l) => l.split(' ').slice(1).map(Number));
}

/** Seconds spent at each pace, from its PACE line to the next or to DONE. */
function timeAtPace(paces: number[][], done: number): Map<number, number> {
  const spent = new Map<number, number>();
  paces.forEach(([seconds, time], k) => {
    const until = paces[k + 1]?.[1] ?? done;
    spent.set(seconds!, (spent.get(seconds!) ?? 0) + until - time!);
  });
  return spent;
}

test('run --metric pss -T 10ms on 300 MiB says how slowly PSS was read, as PACE lines and gaps show', async () => {
  const dir = tempDir('memprof-pace-');
  const dat = join(dir, 'pace.dat');
  const r = await memprof(['run', '--metric', 'pss', '-T', '10ms', '-o', dat, 'node', ALLOC, '300', '1500']);
  assert.equal(r.code, 0, r.stderr);
  const said = /^memprof: PSS was read every (\d+\.\d+) s at the slowest, for (\d+\.\d+) s \(.*\): reading smaps/m.exec(
    r.stderr,
  );
  assert.ok(said, `no pace line in: ${r.stderr}`);
  const [slowest, forSeconds] = [Number(said[1]), Number(said[2])];
  assert.ok(slowest > PERIOD * 1.5, `the pace said (${slowest} s) is slower than the period`);

  const text = readFileSync(dat, 'utf8');
  const paces = fields(text, 'PACE');
  const done = fields(text, 'DONE')[0]![0]!;
  const slowestInFile = Math.max(...paces.map(([s]) => s!));
  assert.ok(Math.abs(slowestInFile - slowest) < 0.0005, `said ${slowest} s, the PACE lines say ${slowestInFile} s`);
  const atSlowest = timeAtPace(paces, done).get(slowestInFile)!;
  assert.ok(Math.abs(atSlowest - forSeconds) < 0.01, `said for ${forSeconds} s, the PACE lines give ${atSlowest} s`);

  // The main process's readings (MEM lines). Ticks are due at start + k * period and never fire early (by
  // more than the timer's millisecond); a reading made under a pace of N ticks makes the next one wait at
  // least N ticks. So, counted from the first line (made at or before the start), each reading comes no
  // sooner than the sum of the paces in force since the reading after it. How late a tick fires, which a
  // loaded machine decides, can only make readings later: this holds under any load. The last line is left
  // out: it may be the extra reading made when the command exited.
  const mem = fields(text, 'MEM').map(([, time]) => time!);
  const paceAfter = (t: number): number => paces.filter(([, from]) => from! <= t + 1e-6).at(-1)?.[0] ?? PERIOD;
  // Or with a PERIOD line: a loaded machine can make the ticks cost more CPU than the budget, and a longer
  // period then changes the pace at a tick that reads nothing.
  const periods = fields(text, 'PERIOD').map(([, time]) => time!);
  for (const [seconds, from] of paces) {
    assert.ok(
      [...mem, ...periods].some((t) => Math.abs(t - from!) < 1e-6),
      `the PACE line at ${from} (${seconds} s) comes with a reading or a new period`,
    );
  }
  let due = 0;
  let sparse = 0;
  for (let i = 1; i < mem.length - 1; i++) {
    if (i > 1) due += paceAfter(mem[i - 1]!);
    const since = mem[i]! - mem[0]!;
    assert.ok(
      since >= due - 0.002,
      `reading ${i} came ${since.toFixed(4)} s in, before the paces allow (${due.toFixed(4)} s)`,
    );
    if (paceAfter(mem[i - 1]!) > PERIOD * 1.5) sparse++;
  }
  assert.ok(
    sparse >= 1,
    `the file has readings a slow pace apart: MEM at ${mem.map((t) => (t - mem[0]!).toFixed(3))}, PACE ${JSON.stringify(paces)}`,
  );

  // peak says the same of the file.
  const peak = await runVerb(peakVerb([dat]));
  assert.equal(peak.code, 0, peak.stderr);
  assert.ok(peak.stdout.includes(`PSS was read every ${said[1]} s at the slowest, for ${said[2]} s`), peak.stdout);
});
